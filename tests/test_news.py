"""The news kind: its mistakes at their place, drafts and items dated later kept out, the lists of
each type newest first with an archive per year, the feed, and each item's page and JSON-LD."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest

from unionsite.build import BuildReport, build
from unionsite.config import load_config
from unionsite.errors import ContentErrors
from unionsite.load import load_content
from unionsite.urls import plan_urls
from unionsite.validate import validate

from .pictured import photo

SiteFactory = Callable[[dict[str, str | bytes]], Path]
TODAY = datetime.date(2026, 12, 1)
# 2026-12-01 00:00 in UTC, 03:00 in Istanbul: the builds' "today".
TODAY_EPOCH = "1796083200"


def news(date: str, title: str, type_: str = "news", extra: str = "") -> str:
    return (
        f"type: {type_}\ndate: {date}\ntitle: {{tr: {title}, en: {title} EN}}\n"
        f"summary: {{tr: {title} özeti., en: Summary of {title}.}}\n"
        f"body: {{tr: {title} metni., en: Text of {title}.}}\n{extra}"
    )


def problems(site_factory: SiteFactory, files: Mapping[str, str | bytes], drafts: bool = False) -> list[str]:
    site = site_factory(dict(files))
    config = replace(load_config(site, drafts=drafts), today=TODAY)
    return sorted(f"{p.source}: {p.message}" for p in validate(load_content(config), config).problems)


def test_a_news_item_with_no_date_is_an_error(site_factory: SiteFactory) -> None:
    text = "type: news\ntitle: {tr: Başlık, en: Title}\nsummary: {tr: Özet, en: Summary}\n"
    text += "body: {tr: Metin, en: Text}\n"
    assert problems(site_factory, {"content/news/yeni.yaml": text}) == [
        "content/news/yeni.yaml:1:1: missing required field 'date'"
    ]


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "2026-11-20 14:30 Europe/Istanbul",
            "'date' is in the site's time (Europe/Istanbul): write it without a zone, as 2026-11-20 14:30",
        ),
        ("2026-11-31", "impossible date '2026-11-31': November 2026 has 30 days"),
        (
            "2026-11-20 25:10",
            "impossible time in '2026-11-20 25:10': hours go to 23, minutes and seconds to 59",
        ),
        (
            "20.11.2026",
            "field 'date' must be a date (2026-11-20) or a date and time (2026-11-20 14:30), "
            "got '20.11.2026'",
        ),
    ],
    ids=["zone", "day", "time", "form"],
)
def test_a_news_date_is_a_day_and_maybe_a_time_in_istanbul(
    site_factory: SiteFactory, date: str, message: str
) -> None:
    assert problems(site_factory, {"content/news/yeni.yaml": news(date, "Yeni")}) == [
        f"content/news/yeni.yaml:2:7: {message}"
    ]


def test_an_unknown_related_organization_is_an_error(site_factory: SiteFactory) -> None:
    text = news("2026-11-20", "Yeni", extra="organizations: [alpha, gamma, alhpa]\n")
    assert problems(site_factory, {"content/news/yeni.yaml": text}) == [
        "content/news/yeni.yaml:6:31: unknown organization 'alhpa' (did you mean 'alpha'?)"
    ]


def test_a_published_page_may_not_link_to_a_draft_or_to_an_item_dated_later(
    site_factory: SiteFactory,
) -> None:
    page = "---\ntitle: Hakkımızda\n---\n\n[Taslak](@news:taslak) ve [yarın](@news:yarin).\n"
    files: dict[str, str | bytes] = {
        "content/news/taslak.yaml": news("2026-11-20", "Taslak", extra="draft: true\n"),
        "content/news/yarin.yaml": news("2026-12-02", "Yarın"),
        "content/pages/alpha/hakkimizda.tr.md": page,
    }
    assert problems(site_factory, files) == [
        "content/pages/alpha/hakkimizda.tr.md:5:10: link to news 'taslak', which is a draft and not "
        "published: a published page cannot link to it until it is (remove the link, or publish both "
        "together)",
        "content/pages/alpha/hakkimizda.tr.md:5:35: link to news 'yarin', which is dated 2026-12-02, after "
        "today (2026-12-01) and not published: a published page cannot link to it until it is (remove the "
        "link, or publish both together)",
    ]
    assert problems(site_factory, files, drafts=True) == []


def test_a_draft_may_link_to_another_draft(site_factory: SiteFactory) -> None:
    files: dict[str, str | bytes] = {
        "content/news/bir.yaml": news("2026-11-20", "Bir", extra="draft: true\n"),
        "content/news/iki.yaml": news("2026-11-21", "İki", extra="draft: true\n").replace(
            "İki metni.", "'[Bir](@news:bir)'"
        ),
    }
    assert problems(site_factory, files) == []


def test_a_link_to_the_news_list_of_a_site_without_news_is_an_error(site_factory: SiteFactory) -> None:
    page = "---\ntitle: Hakkımızda\n---\n\n[Haberler](@news).\n"
    assert problems(site_factory, {"content/pages/alpha/hakkimizda.tr.md": page}) == [
        "content/pages/alpha/hakkimizda.tr.md:5:12: link to the list of news, which has none yet and so "
        "no page"
    ]


# ---------------------------------------------------------------------------------------------
# Built


NEWS: dict[str, str | bytes] = {
    "content/news/eski.yaml": news("2025-03-01", "Eski"),
    "content/news/sabah.yaml": news("2026-11-20 09:00", "Sabah", extra="organizations: [beta, alpha]\n"),
    "content/news/aksam.yaml": news(
        "2026-11-20 18:30", "Akşam", extra="topics: [{tr: Enerji, en: Energy}]\n"
    ),
    "content/news/gun.yaml": news("2026-11-20", "Gün"),
    "content/news/duyuru.yaml": news("2026-10-01", "Duyuru", type_="announcement"),
    "content/news/taslak.yaml": news("2026-11-25", "Taslak", extra="draft: true\n"),
    "content/news/yarin.yaml": news("2026-12-02", "Yarın"),
    "site.yaml": (
        "owner: alpha\nbase_url: https://example.org/\nlanguages: [tr, en]\n"
        "contact: {email: bilgi@alfa.example, phone: +90 212 000 00 00}\npage_size: {news: 3}\n"
    ),
}


@pytest.fixture
def built(site_factory: SiteFactory, monkeypatch: pytest.MonkeyPatch) -> BuildReport:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    return build(site_factory(NEWS))


def read(report: BuildReport, path: str) -> str:
    assert report.output is not None
    return (report.output / path).read_text("utf-8")


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


def test_each_type_is_listed_newest_first_over_pages_with_an_archive_per_year(built: BuildReport) -> None:
    first, second = read(built, "tr/haberler/index.html"), read(built, "tr/haberler/sayfa/2/index.html")
    # Same day: the times in order, the day without a time before them.
    assert titles(first) + titles(second) == ["Akşam", "Sabah", "Gün", "Eski"]
    assert titles(read(built, "tr/haberler/2025/index.html")) == ["Eski"]
    assert titles(read(built, "tr/haberler/2026/index.html")) == ["Akşam", "Sabah", "Gün"]
    assert titles(read(built, "tr/duyurular/index.html")) == ["Duyuru"]
    assert titles(read(built, "en/announcements/2026/index.html")) == ["Duyuru EN"]
    assert '<a href="/tr/haberler/2025/">2025</a>' in first
    assert '<a href="/tr/haberler/2026/" aria-current="true">2026</a>' in read(
        built, "tr/haberler/2026/index.html"
    )
    assert "<title>Haberler (2025) – Alfa Belediyeler Birliği</title>" in read(
        built, "tr/haberler/2025/index.html"
    )
    assert "<title>News of 2025 – Alpha Municipalities Union</title>" in read(
        built, "en/news/2025/index.html"
    )
    nav = re.search(r'<nav class="main-nav".*?</nav>', first, re.DOTALL)
    assert nav is not None and ">Haberler</a>" in nav[0] and ">Duyurular</a>" in nav[0]


def test_drafts_and_items_dated_later_are_left_out_unless_drafts_are_asked_for(
    built: BuildReport, site_factory: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert built.output is not None
    files = {p.relative_to(built.output).as_posix() for p in built.output.rglob("*")}
    assert not any("taslak" in f or "yarin" in f for f in files)
    assert not any("Taslak" in read(built, f) for f in files if f.endswith((".html", ".xml")))
    site = site_factory(NEWS)
    previewed = build(site, drafts=True, output=str(site / "preview"))
    assert titles(read(previewed, "tr/haberler/index.html")) == ["Yarın", "Taslak", "Akşam"]
    assert "Taslak: yalnızca taslakların gösterildiği önizlemede" in read(
        previewed, "tr/haberler/taslak/index.html"
    )


def test_an_item_has_its_page_with_its_date_related_organizations_topics_and_json_ld(
    built: BuildReport,
) -> None:
    page = read(built, "tr/haberler/aksam/index.html")
    assert '<time datetime="2026-11-20T18:30+03:00">20 Kasım 2026 18:30</time>' in page
    assert '<p class="kicker"><a href="/tr/haberler/">Haberler</a></p>' in page
    assert "<dt>Konular</dt><dd>Enerji</dd>" in page
    assert '<meta property="og:type" content="article">' in page
    sabah = read(built, "en/news/sabah-en/index.html")
    assert (
        '<dt>Related organisations</dt><dd><a href="/en/organizations/alfa/">Alpha Municipalities Union</a> '
        '(ALFA), <a href="/en/organizations/beta-union/">Beta Union</a></dd>'
    ) in sabah
    found = re.search(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', sabah, re.DOTALL)
    assert found is not None
    data = json.loads(found[1])
    assert {key: data[key] for key in ("@type", "headline", "datePublished", "inLanguage", "url")} == {
        "@type": "NewsArticle",
        "headline": "Sabah EN",
        "datePublished": "2026-11-20T09:00+03:00",
        "inLanguage": "en",
        "url": "https://example.org/en/news/sabah-en/",
    }
    assert data["publisher"]["name"] == "Alpha Municipalities Union"
    assert [o["name"] for o in data["about"]] == ["Alpha Municipalities Union", "Beta Union"]


def test_the_feed_is_valid_atom_with_news_newest_first_among_the_other_records(built: BuildReport) -> None:
    assert built.output is not None
    feed = feedparser.parse((built.output / "en" / "feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert feed.feed.title == "Alpha Municipalities Union: what is new"
    news_entries = [
        e
        for e in feed.entries
        if e.link.startswith("https://example.org/en/news/") or "announcements" in e.link
    ]
    assert [e.title for e in news_entries] == [
        "News: Akşam EN",
        "News: Sabah EN",
        "News: Gün EN",
        "Announcements: Duyuru EN",
        "News: Eski EN",
    ]
    assert [e.published for e in news_entries[:3]] == [
        "2026-11-20T18:30:00+03:00",
        "2026-11-20T09:00:00+03:00",
        "2026-11-20T00:00:00+03:00",
    ]
    assert news_entries[0].link == "https://example.org/en/news/aksam-en/"
    assert news_entries[0].summary == "Summary of Akşam."
    # Then the agreement signed in 2010 and the membership of 2008, by their own dates.
    assert [e.link.split("#")[0] for e in feed.entries[5:]] == [
        "https://example.org/en/agreements/",
        "https://example.org/en/memberships/",
    ]


def test_a_build_that_fails_on_a_news_item_writes_nothing(
    site_factory: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    site = site_factory({**NEWS, "content/news/gun.yaml": news("2026-11-20", "Gün", type_="notice")})
    with pytest.raises(ContentErrors) as raised:
        build(site)
    assert [f"{e.source}: {e.message}" for e in raised.value.report.errors] == [
        "content/news/gun.yaml:1:7: field 'type' must be one of: news, announcement; got 'notice'"
    ]
    assert not (site / "build").exists()


def test_the_home_page_names_the_newest_items_and_an_organization_the_items_about_it(
    built: BuildReport,
) -> None:
    home = read(built, "tr/index.html")
    news = re.search(r'<h2 id="news">Son haberler</h2>(.*?)</section>', home, re.DOTALL)
    announcements = re.search(r'<h2 id="announcements">Duyurular</h2>(.*?)</section>', home, re.DOTALL)
    assert news is not None and announcements is not None
    assert re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', news[1]) == ["Akşam", "Sabah", "Gün"]
    assert '<p><a href="/tr/haberler/">Tüm haberler</a></p>' in news[1]
    assert re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", announcements[1]) == ["Duyuru"]
    beta = read(built, "en/organizations/beta-union/index.html")
    assert re.findall(r'<h3><a href="([^"]+)">([^<]+)</a></h3>', beta) == [("/en/news/sabah-en/", "Sabah EN")]


def test_a_site_without_news_has_no_news_page_link_or_section(fixture_site: Path) -> None:
    report = build(fixture_site)
    assert report.output is not None
    assert not (report.output / "tr" / "haberler").exists()
    home = read(report, "tr/index.html")
    assert "haberler" not in home and "Son haberler" not in home


def test_a_draft_s_image_is_checked_but_not_published(
    site_factory: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing of a draft reaches the site, its photograph neither; a broken one is still an error."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    image = "image: {file: iskele.jpg, alt: {tr: İskele, en: A pier}}\n"
    files: dict[str, str | bytes] = {
        "content/news/taslak/index.yaml": news("2026-11-25", "Taslak", extra="draft: true\n" + image),
        "content/news/taslak/iskele.jpg": photo(640, 480, sideways=False),
    }
    report = build(site_factory(files))
    assert report.output is not None
    assert report.checked.warnings.problems == ()
    assert not (report.output / "images").exists()
    site = site_factory(files)
    previewed = build(site, drafts=True, output=str(site / "preview"))
    assert previewed.output is not None
    assert len(list((previewed.output / "images").glob("iskele-*"))) == 4  # 480 and 640 wide, WebP and JPEG
    broken = {**files, "content/news/taslak/iskele.jpg": b"not a photograph"}
    with pytest.raises(ContentErrors) as raised:
        build(site_factory(broken))
    assert [str(e.source) for e in raised.value.report.errors] == ["content/news/taslak/index.yaml:7:15"]


def test_a_clash_an_item_dated_later_would_make_is_reported_before_its_day(site_factory: SiteFactory) -> None:
    """Else the first build on its day, a scheduled one that no one watches, would fail."""
    files: dict[str, str | bytes] = {
        "content/news/bugun.yaml": news("2026-11-20", "Genel kurul"),
        "content/news/yarin.yaml": news("2027-01-15", "Genel kurul"),
        "content/news/yil.yaml": news("2026-11-21", "Yıl", extra="slug: {tr: '2027', en: y2027}\n"),
    }
    site = site_factory(files)
    config = replace(load_config(site), today=TODAY)
    validated = validate(load_content(config), config)
    _, found = plan_urls(validated.records, config)
    assert sorted(f"{p.source}: {p.message}" for p in found) == [
        "content/news/yarin.yaml:3:13: URL /tr/haberler/genel-kurul/ of news 'yarin' is also the URL of news "
        "'bugun' (content/news/bugun.yaml:3:13): give one of them its own 'slug'",
        "content/news/yarin.yaml:3:30: URL /en/news/genel-kurul-en/ of news 'yarin' is also the URL of news "
        "'bugun' (content/news/bugun.yaml:3:30): give one of them its own 'slug'",
        "content/news/yil.yaml:6:12: URL /tr/haberler/2027/ of news 'yil' is also the URL of the list of "
        "news 2027 (site.yaml): give one of them its own 'slug'",
    ]
