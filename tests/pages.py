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


@dataclass
class PageLinks:
    """Every address a page refers to (href, src, and the content of og:url) and every id in it."""

    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.found.ids.add(attributes["id"])
        for name in ("href", "src"):
            if name in attributes:
                self.found.links.append(attributes[name])
        if tag == "meta" and attributes.get("property") in ("og:url", "og:image"):
            self.found.links.append(attributes["content"])


def page_links(html: str) -> PageLinks:
    parser = _LinkParser()
    parser.feed(html)
    return parser.found


def broken_links(output: Path, base_url: str, base_path: str) -> list[tuple[str, str]]:
    """(page, link) for every link of a built site's pages, feeds and sitemap into the site itself,
    absolute or not, whose file does not exist or whose #fragment names no id on its page."""
    pages = {
        p.relative_to(output).as_posix(): page_links(p.read_text("utf-8"))
        for pattern in ("*.html", "*.xml")  # the pages, and the feeds and sitemap that point into them
        for p in output.rglob(pattern)
    }
    broken = []
    for path, found in sorted(pages.items()):
        for written in found.links:
            link = base_path + written.removeprefix(base_url) if written.startswith(base_url) else written
            if link.startswith(("http://", "https://", "mailto:", "tel:")):
                continue
            address, _, fragment = link.partition("#")
            if address == "":
                target = path
            elif address.startswith(base_path):
                target = file_of(address, base_path)
                if not (output / target).is_file() and (output / target / "index.html").is_file():
                    target += "/index.html"
            else:
                broken.append((path, link))  # relative or outside the base path: breaks when moved
                continue
            exists = (output / target).is_file()
            if not exists or (fragment and fragment not in pages.get(target, PageLinks()).ids):
                broken.append((path, link))
    return broken
