"""The fictional example site under examples/: it builds with no error and no warning, says on
every page that it is invented, and passes the checks the real site passes (links, alternates,
the feed); its draft and its item dated later stay out. The browser checks are in
test_pages_in_browser."""

from __future__ import annotations

import calendar
import re
from pathlib import Path

import feedparser
import icalendar
import pytest

from unionsite.build import BuildReport, check

from .conftest import EXAMPLE_CONFIG, ROOT
from .pages import broken_links, file_of, site_facts

NOT_INDEXED = {"tr/ara/index.html", "en/search/index.html"}
FICTIONAL = {
    "tr": "Örnek site: bu birlik, kişileri ve yaptığı her şey kurgudur.",
    "en": "An example site: this union, its people and everything they do are invented.",
}


def test_the_example_builds_without_an_error_or_a_warning(example_site: BuildReport) -> None:
    assert example_site.checked.warnings.problems == ()
    records = example_site.records
    counts = {kind: len(records.of(kind)) for kind in ("organization", "news", "event", "page")}
    assert counts == {"organization": 10, "news": 13, "event": 6, "page": 3}
    assert example_site.checked.translations.summary().startswith("en: 40 translated, 0 fallback")


def test_the_example_checks_cleanly_whatever_the_day(tmp_path: Path) -> None:
    """Without a pinned day (the commit's, or the clock's) the example still has no problem."""
    checked = check(ROOT, config_file=EXAMPLE_CONFIG, cache=str(tmp_path / "cache"))
    assert checked.warnings.problems == ()


def test_its_draft_and_its_item_dated_later_are_not_published(example_site: BuildReport) -> None:
    held = example_site.records.unpublished["news"]
    assert held == {
        "calisma-programi-2027": "dated 2027-01-15, after today (2026-12-01)",
        "yeni-uye-basvurusu": "a draft",
    }
    assert example_site.output is not None
    texts = [p.read_text("utf-8") for p in example_site.output.rglob("*") if p.suffix in {".html", ".xml"}]
    outcomes = example_site.checked.validated.outcomes
    for news_id in held:
        title = outcomes[f"examples/kiyi/content/news/{news_id}.yaml"].record.title
        for language in ("tr", "en"):
            assert not any(title.get(language) in text for text in texts)


def test_every_page_says_the_site_is_invented(example_site: BuildReport) -> None:
    assert example_site.output is not None
    pages = sorted(example_site.output.rglob("*.html"))
    assert len(pages) > 100
    missing = []
    for page in pages:
        html = page.read_text("utf-8")
        language = re.search(r'<html lang="(\w+)"', html)
        assert language is not None
        if FICTIONAL[language[1]] not in html:
            missing.append(page.relative_to(example_site.output).as_posix())
    assert missing == []


def test_every_internal_link_of_the_example_resolves(example_site: BuildReport) -> None:
    assert example_site.output is not None
    assert broken_links(example_site.output, example_site.config.base_url, "/") == []


def test_every_page_of_the_example_has_reciprocal_alternates(example_site: BuildReport) -> None:
    assert example_site.output is not None
    facts = site_facts(example_site.output)
    base_url = example_site.config.base_url
    for path, page in facts.items():
        if not path.startswith(("tr/", "en/")) or path.endswith("404.html") or path in NOT_INDEXED:
            continue
        assert sorted(page.alternates) == ["en", "tr", "x-default"], path
        for hreflang, url in page.alternates.items():
            target = file_of(url, base_url)
            assert facts[target].alternates == page.alternates, (path, target)
            assert hreflang == "x-default" or facts[target].lang == hreflang


@pytest.mark.parametrize("language", ["tr", "en"])
def test_the_example_s_feed_is_valid_and_orders_news_by_date(
    example_site: BuildReport, language: str
) -> None:
    assert example_site.output is not None
    feed = feedparser.parse((example_site.output / language / "feed.xml").read_bytes())
    assert feed.bozo == 0
    published = [calendar.timegm(entry.published_parsed) for entry in feed.entries if "published" in entry]
    assert len(published) == 13
    assert published == sorted(published, reverse=True)


def test_each_event_of_the_example_has_a_calendar_file_per_language(example_site: BuildReport) -> None:
    assert example_site.output is not None
    files = sorted(example_site.output.rglob("*.ics"))
    assert len(files) == 2 * 6
    for file in files:
        [entry] = icalendar.Calendar.from_ical(file.read_bytes()).walk("VEVENT")
        assert entry.decoded("dtstart") is not None
