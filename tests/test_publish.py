"""publish and the pages' heads: what search engines and static hosts read (sitemap.xml with
alternates, robots.txt, canonical addresses, descriptions, Open Graph, the 404 host files)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from unionsite.build import build
from unionsite.publish import SECURITY_HEADERS

from .conftest import ROOT
from .pages import file_of, language_facts

SiteFactory = Callable[[dict[str, str | bytes]], Path]
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SUB_PATH: dict[str, str | bytes] = {
    "site.yaml": "owner: alpha\nbase_url: https://example.org/birlik/\nlanguages: [tr, en]\n"
}


def sitemap(output: Path) -> dict[str, dict[str, str]]:
    """Each <loc> of the sitemap with its alternates, hreflang → href."""
    root = ET.parse(output / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=NS) or "": {
            link.get("hreflang", ""): link.get("href", "") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def meta(page: str, name: str) -> list[str]:
    return re.findall(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)">', page)


def test_the_sitemap_lists_every_page_to_index_with_its_alternates(site_factory: SiteFactory) -> None:
    site = site_factory(SUB_PATH)
    output = build(site).output
    assert output is not None
    base = "https://example.org/birlik/"

    entries = sitemap(output)

    pages = {p.relative_to(output).as_posix() for p in output.rglob("*.html")}
    indexed = pages - {"404.html", "tr/404.html", "en/404.html", "tr/ara/index.html", "en/search/index.html"}
    assert {file_of(loc, base) for loc in entries} == indexed
    for loc, alternates in entries.items():
        page = (output / file_of(loc, base)).read_text("utf-8")
        assert alternates == language_facts(page).alternates, loc  # the versions the page names
        assert set(alternates) == {"tr", "en", "x-default"}
        for href in alternates.values():
            assert (output / file_of(href, base)).is_file(), href
    assert entries[base]["x-default"] == base  # the root page chooses the language
    assert (output / "robots.txt").read_text("utf-8") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/birlik/sitemap.xml\n"
    )


def test_the_sitemap_and_the_pages_agree_on_what_search_engines_may_index(site_factory: SiteFactory) -> None:
    """A page in the sitemap is its own canonical version and never noindex; a page left out is
    noindex (the search pages), a 404 page (hosts serve it with status 404), or an untranslated
    copy whose canonical address is the original's, which the sitemap lists."""
    site = site_factory({**SUB_PATH, "content/pages/alpha/hakkimizda.en.md": ""})
    output = build(site).output
    assert output is not None
    base = "https://example.org/birlik/"
    listed = {file_of(loc, base) for loc in sitemap(output)}
    noindex, copies = set(), set()
    for file in sorted(output.rglob("*.html")):
        path = file.relative_to(output).as_posix()
        html = file.read_text("utf-8")
        canonical = re.findall(r'<link rel="canonical" href="([^"]*)">', html)
        if meta(html, "robots") == ["noindex"]:
            noindex.add(path)
            assert path not in listed and canonical == [], path
        elif path in listed:
            assert canonical == [base + path.removesuffix("index.html")], path
        elif not path.endswith("404.html"):
            assert canonical and file_of(canonical[0], base) in listed, path
            copies.add(path)
    assert noindex == {"tr/ara/index.html", "en/search/index.html"}
    assert copies == {"en/organizations/alfa/hakkimizda/index.html"}
    assert meta((output / "tr/index.html").read_text("utf-8"), "robots") == []


def test_the_root_page_names_the_site_in_each_language_in_its_description(fixture_site: Path) -> None:
    output = build(fixture_site).output
    assert output is not None
    root = (output / "index.html").read_text("utf-8")
    assert '<html lang="tr">' in root  # the default language's; each section has its own lang
    assert meta(root, "description") == [
        "Alfa Belediyeler Birliği (Türkçe) · Alpha Municipalities Union (English)"
    ]


def test_an_untranslated_version_points_search_engines_to_the_original(site_factory: SiteFactory) -> None:
    output = build(site_factory({"content/pages/alpha/hakkimizda.en.md": ""})).output
    assert output is not None
    english = (output / "en/organizations/alfa/hakkimizda/index.html").read_text("utf-8")
    turkish = (output / "tr/kuruluslar/alfa/hakkimizda/index.html").read_text("utf-8")
    original = "https://example.org/tr/kuruluslar/alfa/hakkimizda/"

    assert '<link rel="canonical" href="' + original + '">' in english
    assert meta(turkish, "og:locale:alternate") == []  # no English version to offer
    assert original in sitemap(output)
    assert "https://example.org/en/organizations/alfa/hakkimizda/" not in sitemap(output)


def test_each_page_describes_itself_to_search_engines_and_link_previews(fixture_site: Path) -> None:
    output = build(fixture_site).output
    assert output is not None
    gamma = (output / "tr/kuruluslar/gamma-network/index.html").read_text("utf-8")
    beta = (output / "en/organizations/beta-union/index.html").read_text("utf-8")
    not_found = (output / "en/404.html").read_text("utf-8")

    assert "<title>Gamma Network – Alfa Belediyeler Birliği</title>" in gamma
    assert meta(gamma, "description") == ["Gamma, yerel yönetimlerin ağıdır."]  # the text, no markup
    assert meta(gamma, "og:description") == meta(gamma, "description")
    assert meta(gamma, "og:url") == ["https://example.org/tr/kuruluslar/gamma-network/"]
    assert (meta(gamma, "og:locale"), meta(gamma, "og:locale:alternate")) == (["tr_TR"], ["en_GB"])
    # No text of its own: what it is, and only what the page shows.
    summary = "Beta Union: municipal union; Istanbul, Türkiye. This page lists its agreements."
    assert meta(beta, "description") == [summary]
    assert 'rel="canonical"' not in not_found and meta(not_found, "og:url") == []
    # The owner's own page is named like the site: once, not "Alfa … – Alfa …".
    owner = (output / "tr/kuruluslar/alfa/index.html").read_text("utf-8")
    assert "<title>Alfa Belediyeler Birliği</title>" in owner


def test_a_long_description_is_cut_at_a_word(site_factory: SiteFactory) -> None:
    words = " ".join(f"kelime{n}" for n in range(60))
    description = f"description:\n  tr: '**Gamma** {words}'\n  en: Gamma.\n"
    changes: dict[str, str | bytes] = {
        "content/organizations/gamma.yaml": "name: Gamma Network\nkinds: [network]\n" + description
    }
    output = build(site_factory(changes)).output
    assert output is not None
    (text,) = meta((output / "tr/kuruluslar/gamma-network/index.html").read_text("utf-8"), "description")
    assert text.startswith("Gamma kelime0 kelime1 ") and text.endswith("…") and len(text) <= 161
    assert re.fullmatch(r"[^…]* kelime\d+…", text)


def test_static_hosts_find_each_language_s_404_page(site_factory: SiteFactory) -> None:
    output = build(site_factory(SUB_PATH)).output
    assert output is not None
    assert (output / "404.html").read_bytes() == (output / "tr/404.html").read_bytes()
    assert (output / "_redirects").read_text("utf-8") == (
        "/birlik/tr/*  /birlik/tr/404.html  404\n/birlik/en/*  /birlik/en/404.html  404\n"
    )


def test_every_response_gets_the_security_headers_and_the_pages_keep_to_them(fixture_site: Path) -> None:
    output = build(fixture_site).output
    assert output is not None
    every, assets = (block.splitlines() for block in (output / "_headers").read_text("utf-8").split("\n\n"))
    kept = "  Cache-Control: public, max-age=31536000, immutable"
    assert (every[0], assets) == ("/*", ["/assets/*", kept, "/images/*", kept])
    sent = dict(line.strip().split(": ", 1) for line in every[1:])
    assert list(sent) == [name for name, _ in SECURITY_HEADERS]
    policy = sent["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert policy.replace("'wasm-unsafe-eval'", "").count("unsafe") == 0  # the search's WebAssembly
    # the policy allows no inline code and nothing from elsewhere: no page may need either
    for page in output.rglob("*.html"):
        html = page.read_text("utf-8")
        assert not re.search(
            r"<script(?![^>]* src=| type=\"application/ld\+json\")|<style|\sstyle=|\son[a-z]+=", html
        ), page
        loaded = re.findall(r'\ssrc="([^"]*)"', html) + re.findall(
            r'<link rel="stylesheet" href="([^"]*)"', html
        )
        assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded), page
    # the nginx configuration in the docs sends the same headers
    hosting = (ROOT / "docs" / "hosting.md").read_text("utf-8")
    for name, value in SECURITY_HEADERS:
        assert f'add_header {name} "{value}" always;' in hosting


def test_links_to_other_sites_do_not_give_them_the_page(fixture_site: Path) -> None:
    output = build(fixture_site).output
    assert output is not None
    gamma = (output / "en/organizations/gamma-network/index.html").read_text("utf-8")
    assert '<a href="https://gamma.example/" rel="noopener">' in gamma


def test_each_language_has_an_atom_feed_of_agreements_and_memberships_newest_first(
    fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767216600")  # 1 January 2026 in Istanbul
    output = build(fixture_site).output
    again = build(fixture_site, output=str(tmp_path / "again")).output
    assert output is not None and again is not None
    ids = {}
    for language in ("tr", "en"):
        feed = feedparser.parse((output / language / "feed.xml").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.language == language
        assert feed.feed.links[0].href == f"https://example.org/{language}/feed.xml"
        titles = [entry.title for entry in feed.entries]
        # newest first by the records' own dates; outside git each changed "today"
        assert [entry.updated for entry in feed.entries] == ["2026-01-01T00:00:00+03:00"] * 2
        assert feed.feed.updated == "2026-01-01T00:00:00+03:00"
        for entry in feed.entries:
            page, fragment = entry.link.split("#")
            assert f'id="{fragment}"' in (output / file_of(page, "https://example.org/")).read_text("utf-8")
        ids[language] = [entry.id for entry in feed.entries]
        assert (again / language / "feed.xml").read_bytes() == (output / language / "feed.xml").read_bytes()
        assert len(set(ids[language])) == 2
        html = (output / language / "index.html").read_text("utf-8")
        assert f'type="application/atom+xml" href="/{language}/feed.xml"' in html
        if language == "en":
            assert titles == [
                "Goodwill agreement: Alpha Municipalities Union – Beta Union",
                "Alpha Municipalities Union – Gamma Network: full member",
            ]
    assert not set(ids["tr"]) & set(ids["en"])  # one entry per language version


def test_a_feed_shows_as_many_of_the_newest_entries_as_the_configuration_says(
    site_factory: SiteFactory,
) -> None:
    settings = "owner: alpha\nbase_url: https://example.org/\nlanguages: [tr, en]\nfeed_entries: 1\n"
    output = build(site_factory({"site.yaml": settings})).output
    assert output is not None
    feed = feedparser.parse((output / "en" / "feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == [
        "Goodwill agreement: Alpha Municipalities Union – Beta Union"
    ]
