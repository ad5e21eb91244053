"""Reading built pages back: the facts about languages that tests check across a whole site."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class LanguageFacts:
    """What one built page says about its languages."""

    lang: str = ""
    # <link rel="alternate" hreflang=… href=…> of the head, by hreflang.
    alternates: dict[str, str] = field(default_factory=dict)
    # The language switch: each language's link, and those marked as not yet translated.
    switch: dict[str, str] = field(default_factory=dict)
    untranslated: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.facts = LanguageFacts()
        self.in_switch = False
        self.last_language = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.facts.lang = attributes.get("lang", "")
        elif tag == "link" and attributes.get("rel") == "alternate" and "hreflang" in attributes:
            self.facts.alternates[attributes["hreflang"]] = attributes["href"]
        elif tag == "nav" and "languages" in attributes.get("class", "").split():
            self.in_switch = True
        elif tag == "a" and self.in_switch:
            self.last_language = attributes["lang"]
            self.facts.switch[self.last_language] = attributes["href"]
        elif tag == "span" and self.in_switch and attributes.get("class") == "untranslated":
            self.facts.untranslated.add(self.last_language)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.in_switch = False


def language_facts(html: str) -> LanguageFacts:
    parser = _Parser()
    parser.feed(html)
    return parser.facts


def site_facts(output: Path) -> dict[str, LanguageFacts]:
    """The facts of every HTML file of a built site, by its path below the output folder."""
    return {
        page.relative_to(output).as_posix(): language_facts(page.read_text("utf-8"))
        for page in sorted(output.rglob("*.html"))
    }


def file_of(url: str, base: str) -> str:
    """The output file a URL below `base` (a base URL or path) is served from."""
    assert url.startswith(base), f"{url} is not below {base}"
    path = url.removeprefix(base).split("#", 1)[0]
    return path + "index.html" if path == "" or path.endswith("/") else path
