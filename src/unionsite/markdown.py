"""Markdown text → sanitised HTML, its headings and what validation looks at (internal links,
run-on lettered items): one configured CommonMark parser, pure in what it returns.

This module imports no other stage: validation, the site and rendering all read a text through
the same parse tree, so that a link the build checks is exactly a link the page shows.
"""

from __future__ import annotations

import hashlib
import html as html_text
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from slugify import slugify

# CommonMark with GitHub-style tables; raw HTML is parsed, then sanitised by nh3 below.
PRESET = "commonmark"
OPTIONS: Mapping[str, Any] = {"html": True, "xhtmlOut": False}
RULES = ("table",)
HEADING_LEVELS = (1, 6)  # every heading gets an id: an editor may link any of them
LINK_REL = "noopener noreferrer"
INTERNAL = "@"  # a destination naming a record or a list, not an address: [x](@page:mbb/key)

# Raw HTML in Markdown is allowed only as far as it is harmless: nh3 drops scripts, event
# handlers and javascript: URLs, and marks every link rel="noopener noreferrer". The markup of
# an image the build made (a <picture> of its sizes and formats) is let through; validation
# refuses images written as raw HTML, so the build made every image a page shows.
ALLOWED_TAGS = {*nh3.ALLOWED_TAGS, "picture", "source"}
ALLOWED_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"lang", "id", "class", "title"},
    "img": {*nh3.ALLOWED_ATTRIBUTES.get("img", ()), "srcset", "sizes", "loading", "decoding"},
    "source": {"type", "srcset", "sizes", "width", "height"},
}
# How wide an image is shown, for the browser to choose among its sizes before the stylesheet
# is read: the page's text column (the body is at most 60rem wide, less 1rem on each side).
IMAGE_SIZES = "(min-width: 60rem) 58rem, calc(100vw - 2rem)"
# A Markdown image whose description is this is decorative, as `alt: ""` says in a field.
DECORATIVE_ALT = '""'
_RAW_IMAGE = re.compile(r"<\s*(img|picture|source|svg|image)\b", re.IGNORECASE)
IMAGE_MARK = "!["  # every Markdown image begins so

HEADING_ID_PREFIX = "section-"  # put before a heading id that would be the layout's
EMPTY_HEADING_ID = "section"  # a heading with no letters or digits to make an id of

Links = tuple[tuple[str, str], ...]  # each internal destination as written → its URL, sorted


@dataclass(frozen=True, slots=True)
class Picture:
    """An image the build made, as a page shows it: its sizes in the modern formats (each a
    media type and its srcset), and in the original's format (`srcset`, with `src` for browsers
    that read no srcset); `width` and `height` of the largest, for the page's layout to keep
    its place before it loads."""

    sources: tuple[tuple[str, str], ...]
    src: str
    srcset: str
    width: int
    height: int
    # The full address of the largest size in the original's format, for a page that shares
    # the image (og:image); '' for a drawing (SVG), which sharing sites do not show.
    shared: str = ""


Images = tuple[tuple[str, Picture], ...]  # each image file as written → what the build made, sorted
Source = tuple[str, Links, Images]  # what a text's HTML is made of: the text, its links' URLs, its images


def picture_html(picture: Picture, alt: str, title: str = "") -> str:
    """The markup of an image, loaded lazily: the page's first image is then loaded at once
    (see `render`). `alt` '' marks it decorative; `title` is what a Markdown image gives as its
    title (`![…](x.jpg "…")`)."""
    attributes = {
        "src": picture.src,
        "srcset": picture.srcset,
        "sizes": IMAGE_SIZES if picture.srcset else "",  # a drawing (SVG) has one size for all
        "width": str(picture.width),
        "height": str(picture.height),
        "alt": alt,
        "title": title,
        "loading": "lazy",
        "decoding": "async",
    }
    img = "<img " + " ".join(
        f'{name}="{html_text.escape(value)}"' for name, value in attributes.items() if value or name == "alt"
    )
    sources = "".join(
        f'<source type="{html_text.escape(media_type)}" srcset="{html_text.escape(srcset)}" '
        f'sizes="{IMAGE_SIZES}">'
        for media_type, srcset in picture.sources
    )
    return f"<picture>{sources}{img}></picture>"


# A lettered item ("b) …") as the text after a line break begins.
_LETTERED = re.compile(r"[a-zçğıöşüA-ZÇĞİÖŞÜ]\)(?=\s|$)")
# Texts that may hold a lettered item after a line break: only those are parsed to look.
_MAY_RUN_ON = re.compile(r"\n[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)*[a-zçğıöşüA-ZÇĞİÖŞÜ]\)")


@dataclass(frozen=True, slots=True)
class HeadingIds:
    """How a heading's id is made: from its text as an address slug is (Turkish letters written
    as ASCII, `Madde 5 – Amaç` → `madde-5-amac`), with `section-` before an id the page layout
    uses itself (`taken`) or one that begins like the ids it makes (`prefixes`: `agreement` for
    agreement-<id>), so that a link to a part of the page never lands on a heading. A number
    the parser appends to make an id unique cannot lead onto one: no layout id ends in one."""

    taken: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def __call__(self, title: str) -> str:
        slug = slugify(title) or EMPTY_HEADING_ID
        if slug in self.taken or any(slug == p or slug.startswith(p + "-") for p in self.prefixes):
            return HEADING_ID_PREFIX + slug
        return slug


class _Parser(MarkdownIt):
    """The site's parser: an internal destination is kept as written (not percent-encoded), so
    that validation names it and rendering finds its URL by the editor's own spelling."""

    def normalizeLink(self, url: str) -> str:
        return url if url.startswith(INTERNAL) else super().normalizeLink(url)


def _make_parser(heading_ids: HeadingIds | None) -> MarkdownIt:
    """The parser of the site's dialect; with `heading_ids`, one that gives headings ids (the
    plugin makes an id unique within a text by appending -1, -2)."""
    parser = _Parser(PRESET, dict(OPTIONS)).enable(list(RULES))
    if heading_ids is not None:
        low, high = HEADING_LEVELS
        anchors_plugin(parser, min_level=low, max_level=high, slug_func=heading_ids)
    return parser


# What validation reads (links, lettered items) does not depend on headings' ids. Configured
# here once and never changed: a parse keeps all its state in its own tokens and env.
_FINDER = _make_parser(None)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a text: for a table of contents that links to it."""

    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A heading with the deeper headings that follow it, for a nested table of contents."""

    heading: Heading
    subsections: tuple[Section, ...] = ()


def outline(headings: Sequence[Heading]) -> tuple[Section, ...]:
    """The headings nested by level: each holds those after it that are deeper, up to the next
    one that is not."""
    sections = []
    start = 0
    while start < len(headings):
        end = start + 1
        while end < len(headings) and headings[end].level > headings[start].level:
            end += 1
        sections.append(Section(headings[start], outline(headings[start + 1 : end])))
        start = end
    return tuple(sections)


@dataclass(frozen=True, slots=True)
class Destination:
    """An internal destination (`@page:mbb/key`) as written, where it is written (0-based line
    and column of the '@' within the text), and whether an image names it."""

    written: str
    line: int
    column: int
    image: bool = False


@dataclass(frozen=True, slots=True)
class RunOn:
    """A lettered item that continues the paragraph before it instead of starting its own."""

    marker: str  # 'b)'
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class ImageFile:
    """An image a text shows (`![description](bina.jpg)`): its file as written, its description
    as written, and where it is (0-based line and column of the file's name)."""

    written: str
    alt: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Findings:
    """What validation checks in a text: its internal destinations, in the order written, its
    lettered items that run on from the line before, its images, and where raw HTML holds an
    image (0-based line and column of its tag)."""

    destinations: tuple[Destination, ...] = ()
    run_on: tuple[RunOn, ...] = ()
    images: tuple[ImageFile, ...] = ()
    raw_images: tuple[tuple[int, int], ...] = ()


class MarkdownRenderer:
    """Renders Markdown to HTML that is safe to put on a page as it is.

    The same text (a membership's note) appears on many pages: the renderer remembers what it
    has rendered. The result depends on the text and on the URLs its internal links lead to."""

    def __init__(self, heading_ids: HeadingIds | None = None) -> None:
        heading_ids = heading_ids or HeadingIds()
        self._parser = _make_parser(heading_ids)
        self.key = _renderer_key(heading_ids)
        self._rendered: dict[Source, str] = {}
        self._unstored: dict[Source, str] = {}  # rendered here, not yet in the cache on disk
        self._plain: dict[str, str] = {}
        self._headings: dict[str, tuple[Heading, ...]] = {}

    def __call__(self, text: str, links: Links = (), images: Images = ()) -> str:
        """The HTML of `text`, each internal link's destination replaced by its URL in `links`,
        each image by what the build made of its file in `images`."""
        source = (text, links, images)
        html = self._rendered.get(source)
        if html is None:
            html = self._rendered[source] = self._unstored[source] = self.render(text, links, images)
        return html

    def render(self, text: str, links: Links = (), images: Images = ()) -> str:
        """The HTML of `text`, made again, not remembered."""
        env: dict[str, Any] = {}
        tokens = self._parser.parse(text, env)
        if links or images:
            urls, pictures = dict(links), dict(images)
            for token in _inline_children(tokens):
                href = token.attrGet("href") if token.type == "link_open" else None
                if isinstance(href, str) and href in urls:
                    token.attrSet("href", urls[href])
                elif token.type == "image":
                    _put_picture(token, pictures)
        html = self._parser.renderer.render(tokens, self._parser.options, env)
        # Without the newline after the last block: the page's own markup follows it as it did.
        cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=LINK_REL)
        return cleaned.rstrip("\n")

    def cache_key(self, text: str, links: Links = (), images: Images = ()) -> bytes:
        """The key of a text's HTML in the cache on disk: a digest of the text, the URLs its links
        lead to (a renamed page must not keep its old address in a cached text), the images
        the build made of its files, and the renderer. The first byte tells the two forms
        apart: no text alone digests like a text with links or images."""
        if links or images:
            source = b"\1" + repr((text, links, images)).encode("utf-8")
        else:
            source = b"\0" + text.encode("utf-8")
        return hashlib.blake2b(self.key + source, digest_size=16).digest()

    def remember(self, rendered: Mapping[Source, str], *, stored: bool = False) -> None:
        """Take texts rendered elsewhere (by another renderer of the same configuration); with
        `stored`, ones read back from the cache on disk, which need not be stored again."""
        self._rendered.update(rendered)
        if not stored:
            self._unstored.update(rendered)

    def unstored(self) -> dict[bytes, str]:
        """What was rendered since the last call and the cache on disk lacks, by cache key: the
        caller stores it."""
        fresh, self._unstored = self._unstored, {}
        return {self.cache_key(*source): html for source, html in fresh.items()}

    def unrendered(self, sources: Iterable[Source]) -> list[Source]:
        """The texts with their links, once each, that this renderer has not rendered yet, in
        their first order."""
        return [source for source in dict.fromkeys(sources) if source not in self._rendered]

    def plain(self, text: str) -> str:
        """The text without its markup, on one line: for a meta description, structured data
        and open data, which all ask for the same texts. Link destinations are not text, so the
        text is rendered without its links' URLs."""
        found = self._plain.get(text)
        if found is None:
            found = self._plain[text] = text_of_html(self(text))
        return found

    def lead(self, text: str) -> str:
        """The text's prose without its headings, on one line: what a page's meta description
        begins with ("a) Kent ve Kent Yönetimi Örnek uygulamaları…" reads as one garbled line)."""
        return text_of_html(_HEADINGS.sub(" ", self(text)))

    def headings(self, text: str) -> tuple[Heading, ...]:
        """The text's headings in order, with the ids its HTML gives them: for a table of
        contents, from the parse tree the HTML is made of."""
        found = self._headings.get(text)
        if found is None:
            tokens = self._parser.parse(text, {})
            found = self._headings[text] = tuple(
                Heading(int(token.tag[1:]), str(token.attrGet("id") or ""), _text_of(tokens[i + 1]))
                for i, token in enumerate(tokens)
                if token.type == "heading_open"
            )
        return found


def _text_of(inline: Token) -> str:
    """The visible text of an inline token (a heading's): markup and raw HTML left out."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _put_picture(token: Token, pictures: Mapping[str, Picture]) -> None:
    """Turn an image token into the markup of what the build made of its file, with the
    description the text gives it."""
    picture = pictures.get(image_file(str(token.attrGet("src") or "")))
    if picture is None:
        return
    alt, title = _text_of(token), str(token.attrGet("title") or "")
    token.type, token.tag, token.children = "html_inline", "", None
    token.content = picture_html(picture, "" if alt == DECORATIVE_ALT else alt, title=title)


def image_file(src: str) -> str:
    """An image's file as the editor wrote it: the parser percent-encodes what it keeps."""
    return unquote(src)


def _inline_children(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        if token.type == "inline":
            yield from token.children or ()


def findings(text: str) -> Findings:
    """The text's internal destinations and run-on lettered items, from its parse tree. A text
    that cannot hold either (no '@', no line beginning with a letter and ')') is not parsed."""
    may_hold = INTERNAL in text or IMAGE_MARK in text or _RAW_IMAGE.search(text) or _MAY_RUN_ON.search(text)
    if not may_hold:
        return Findings()
    env: dict[str, Any] = {}
    tokens = _FINDER.parse(text, env)
    lines = text.split("\n")
    destinations: list[Destination] = []
    run_on: list[RunOn] = []
    images: list[ImageFile] = []
    for token in tokens:
        if token.type == "inline" and token.map is not None:
            destinations += _destinations_in(token, lines, env)
            run_on += _run_on_in(token, lines)
            images += _images_in(token, lines)
    destinations += _definitions(env, lines)
    destinations.sort(key=lambda d: (d.line, d.column))
    raw = _raw_images(tokens, lines)
    return Findings(tuple(destinations), tuple(run_on), tuple(images), raw)


def _images_in(inline: Token, lines: list[str]) -> Iterator[ImageFile]:
    """The images of a block that name a file (not a record), each where its file is written."""
    assert inline.map is not None
    first, end = inline.map
    block = "\n".join(lines[first:end])
    start = 0
    for child in _links_and_images(inline.children or ()):
        src = child.attrGet("src") if child.type == "image" else None
        if not isinstance(src, str) or src.startswith(INTERNAL):
            continue
        written = image_file(src)
        found = re.compile(r"\]\(\s*<?" + re.escape(written)).search(block, start)
        line, column = (first, _indent(lines[first]))
        if found is not None:
            start = found.end()
            offset_line, column = _position(block, found.end() - len(written))
            line = first + offset_line
        yield ImageFile(written, child.content, line, column)


def _raw_images(tokens: Sequence[Token], lines: list[str]) -> tuple[tuple[int, int], ...]:
    """Where raw HTML in the text holds an image tag: the build makes every image from a file."""
    found = []
    for token in tokens:
        blocks = [token] if token.type == "html_block" else []
        if token.type == "inline":
            blocks = [child for child in token.children or () if child.type == "html_inline"]
        for block in blocks:
            match = _RAW_IMAGE.search(block.content)
            if match is not None:
                line = (block.map or token.map or (0, 0))[0]
                column = max(lines[line].find(match[0]), 0) if line < len(lines) else 0
                found.append((line, column))
    return tuple(found)


def _destinations_in(inline: Token, lines: list[str], env: Mapping[str, Any]) -> Iterator[Destination]:
    """The internal destinations of a block's links and images, each where it is written. The
    parse tree knows a block's lines but not the column of a link in them: each destination is
    looked for after the one before it, as `](@…` (or `](<@…`)."""
    assert inline.map is not None
    first, end = inline.map
    block = "\n".join(lines[first:end])
    referenced = {reference.get("href") for reference in env.get("references", {}).values()}
    start = 0
    for child in _links_and_images(inline.children or ()):
        key = "src" if child.type == "image" else "href"
        written = child.attrGet(key)
        if not isinstance(written, str) or not written.startswith(INTERNAL):
            continue
        found = re.compile(r"\]\(\s*<?" + re.escape(written)).search(block, start)
        if found is not None:
            start = found.end()
            line, column = _position(block, found.end() - len(written))
            yield Destination(written, first + line, column, child.type == "image")
        elif written not in referenced:  # a reference's own destination is found at its definition
            yield Destination(written, first, _indent(lines[first]), child.type == "image")


def _links_and_images(children: Iterable[Token]) -> Iterator[Token]:
    for child in children:
        if child.type in ("link_open", "image"):
            yield child
        if child.type == "image":  # its description may hold links of its own
            yield from _links_and_images(child.children or ())


def _definitions(env: Mapping[str, Any], lines: list[str]) -> Iterator[Destination]:
    """The internal destinations of reference definitions (`[g]: @organization:gamma`), used or
    not, where each is written."""
    for reference in env.get("references", {}).values():
        written, span = reference.get("href"), reference.get("map")
        if not isinstance(written, str) or not written.startswith(INTERNAL) or not span:
            continue
        first, end = span
        block = "\n".join(lines[first:end])
        found = re.compile(r"\]:\s*<?" + re.escape(written)).search(block)
        if found is None:
            yield Destination(written, first, _indent(lines[first]))
        else:
            line, column = _position(block, found.end() - len(written))
            yield Destination(written, first + line, column)


def _run_on_in(inline: Token, lines: list[str]) -> Iterator[RunOn]:
    """Lettered items that follow a soft line break: a paragraph's next line, not an item."""
    assert inline.map is not None
    line = inline.map[0]
    after_break = False
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        if child.type == "text" and after_break and (marker := _LETTERED.match(child.content)):
            source = lines[line] if line < len(lines) else ""
            yield RunOn(marker[0], line, max(source.find(marker[0]), 0))
        after_break = child.type == "softbreak"


def _position(block: str, offset: int) -> tuple[int, int]:
    before = block[:offset]
    return before.count("\n"), offset - (before.rfind("\n") + 1)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _renderer_key(heading_ids: HeadingIds) -> bytes:
    """What a text's HTML depends on besides the text and its links: the libraries' versions and
    the renderer's settings. A change of any of them makes every cached text a miss."""
    settings = (
        version("markdown-it-py"),
        version("mdit-py-plugins"),
        version("python-slugify"),
        version("nh3"),
        PRESET,
        sorted(OPTIONS.items()),
        RULES,
        HEADING_LEVELS,
        sorted(heading_ids.taken),
        heading_ids.prefixes,
        HEADING_ID_PREFIX,
        EMPTY_HEADING_ID,
        sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items()),
        LINK_REL,
        sorted(ALLOWED_TAGS),
        IMAGE_SIZES,
        DECORATIVE_ALT,
        picture_html(Picture((("image/webp", "a.webp 1w"),), "a.jpg", "a.jpg 1w", 1, 1), "a"),
    )
    return hashlib.sha256(repr(settings).encode()).digest()


_HEADINGS = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.DOTALL)


def text_of_html(html: str, *, tags_separate_words: bool = False) -> str:
    """The text of HTML on one line: nh3 takes the markup out, entities are decoded. With
    `tags_separate_words`, every tag counts as a space (for a whole page, whose block elements
    may follow each other with nothing between them)."""
    if tags_separate_words:
        html = html.replace("<", " <")
    return " ".join(html_text.unescape(nh3.clean(html, tags=set())).split())
