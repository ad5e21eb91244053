"""Markdown text → sanitised HTML: one configured renderer, pure in what it returns."""

from __future__ import annotations

import hashlib
import html as html_text
import re
from collections.abc import Iterable, Mapping
from importlib.metadata import version

import markdown as python_markdown
import nh3

EXTENSIONS = ("sane_lists", "attr_list")
LINK_REL = "noopener noreferrer"

# Raw HTML in Markdown is allowed only as far as it is harmless: nh3 drops scripts, event
# handlers and javascript: URLs, and marks every link rel="noopener noreferrer".
ALLOWED_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"lang", "id", "class", "title"},
}


class MarkdownRenderer:
    """Renders Markdown to HTML that is safe to put on a page as it is.

    Setting up a Markdown parser costs more than most texts take to convert, and the same text
    (a membership's note) appears on many pages: one renderer keeps one parser, reset between
    texts, and remembers what it has rendered. The result depends on the text alone."""

    def __init__(self) -> None:
        self._parser = python_markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
        self._rendered: dict[str, str] = {}
        self._plain: dict[str, str] = {}
        self._unstored: dict[str, str] = {}  # rendered here, not yet in the cache on disk

    def __call__(self, text: str) -> str:
        html = self._rendered.get(text)
        if html is None:
            converted = self._parser.reset().convert(text)
            html = nh3.clean(converted, attributes=ALLOWED_ATTRIBUTES, link_rel=LINK_REL)
            self._rendered[text] = self._unstored[text] = html
        return html

    def remember(self, rendered: Mapping[str, str], *, stored: bool = False) -> None:
        """Take texts rendered elsewhere (by another renderer of the same configuration); with
        `stored`, ones read back from the cache on disk, which need not be stored again."""
        self._rendered.update(rendered)
        if not stored:
            self._unstored.update(rendered)

    def unstored(self) -> dict[bytes, str]:
        """What was rendered since the last call and the cache on disk lacks, by cache key: the
        caller stores it."""
        fresh, self._unstored = self._unstored, {}
        return {cache_key(text): html for text, html in fresh.items()}

    def unrendered(self, texts: Iterable[str]) -> list[str]:
        """The texts, once each, that this renderer has not rendered yet, in their first order."""
        return [text for text in dict.fromkeys(texts) if text not in self._rendered]

    def plain(self, text: str) -> str:
        """The text without its markup, on one line: for a meta description, structured data
        and open data, which all ask for the same texts."""
        found = self._plain.get(text)
        if found is None:
            found = self._plain[text] = text_of_html(self(text))
        return found

    def lead(self, text: str) -> str:
        """The text's prose without its headings, on one line: what a page's meta description
        begins with ("a) Kent ve Kent Yönetimi Örnek uygulamaları…" reads as one garbled line)."""
        return text_of_html(_HEADINGS.sub(" ", self(text)))


def _renderer_key() -> bytes:
    """What a text's HTML depends on besides the text: the libraries' versions and this module's
    settings. A change of any of them makes every cached text a miss."""
    settings = (
        version("markdown"),
        version("nh3"),
        EXTENSIONS,
        sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items()),
        LINK_REL,
    )
    return hashlib.sha256(repr(settings).encode()).digest()


RENDERER_KEY = _renderer_key()


def cache_key(text: str) -> bytes:
    """The key of a text's HTML in the cache on disk: a digest of the text and the renderer."""
    return hashlib.blake2b(RENDERER_KEY + text.encode("utf-8"), digest_size=16).digest()


_HEADINGS = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.DOTALL)


def text_of_html(html: str, *, tags_separate_words: bool = False) -> str:
    """The text of HTML on one line: nh3 takes the markup out, entities are decoded. With
    `tags_separate_words`, every tag counts as a space (for a whole page, whose block elements
    may follow each other with nothing between them)."""
    if tags_separate_words:
        html = html.replace("<", " <")
    return " ".join(html_text.unescape(nh3.clean(html, tags=set())).split())
