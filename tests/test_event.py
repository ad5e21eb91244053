"""The event kind: its times and their zones checked at their place, the lists of events to come
and past, each event's page, JSON-LD and its iCalendar file in each language."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from unionsite.build import BuildReport, build
from unionsite.config import load_config
from unionsite.load import load_content
from unionsite.schema import Moment
from unionsite.urls import plan_urls
from unionsite.validate import validate

from .test_news import TODAY, TODAY_EPOCH, read, titles

SiteFactory = Callable[[dict[str, str | bytes]], Path]


def event(start: str, end: str | None = None, extra: str = "", title: str = "Forum") -> str:
    text = f"title: {{tr: {title}, en: {title} EN}}\nstart: {start}\n"
    text += f"end: {end}\n" if end else ""
    text += "organizers: [alpha]\ndescription: {tr: Açıklama., en: Description.}\n"
    return text + extra


def problems(site_factory: SiteFactory, files: Mapping[str, str | bytes]) -> list[str]:
    site = site_factory(dict(files))
    config = replace(load_config(site), today=TODAY)
    return sorted(f"{p.source}: {p.message}" for p in validate(load_content(config), config).problems)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2027-03-10", "2027-03-09", "3:6: the event ends (2027-03-09) before it starts (2027-03-10)"),
        (
            "2027-03-10T17:00 Europe/Istanbul",
            "2027-03-10T16:00+03:00",
            "3:6: the event ends (2027-03-10T16:00+03:00) before it starts (2027-03-10T17:00+03:00)",
        ),
        (
            "2027-03-10",
            "2027-03-10T16:00 Europe/Istanbul",
            "3:6: 'end' is a date and time but 'start' is a date: give both as dates (an event of whole "
            "days) or both with their times",
        ),
        (
            "2027-03-10T09:30",
            None,
            "2:8: 'start' '2027-03-10T09:30' has no time zone: add it, as in 2027-03-10T09:30 "
            "Europe/Istanbul or 2027-03-10T09:30+03:00",
        ),
        (
            "2027-03-28T02:30 Europe/Berlin",
            None,
            "2:8: 'start' 2027-03-28T02:30 does not exist in Europe/Berlin: the clocks go forward then",
        ),
        (
            "2027-10-31T02:30 Europe/Berlin",
            None,
            "2:8: 'start' 2027-10-31T02:30 happens twice in Europe/Berlin (the clocks go back): give its "
            "offset, 2027-10-31T02:30+02:00 or 2027-10-31T02:30+01:00",
        ),
        (
            "2027-03-10T09:30-14:00",
            None,
            "2:8: 'start' has an unknown time zone '-14:00': name one such as Europe/Istanbul, or give "
            "+03:00",
        ),
        (
            "2027-03-10T09:30 Europe/Istambul",
            None,
            "2:8: 'start' has an unknown time zone 'Europe/Istambul' (did you mean 'Europe/Istanbul'?): name "
            "one such as Europe/Istanbul, or give +03:00",
        ),
    ],
    ids=["days", "times", "mixed", "no-zone", "unknown-zone", "skipped", "twice", "offset"],
)
def test_an_event_s_times_are_checked_at_their_place(
    site_factory: SiteFactory, start: str, end: str | None, message: str
) -> None:
    assert problems(site_factory, {"content/events/forum.yaml": event(start, end)}) == [
        f"content/events/forum.yaml:{message}"
    ]


def test_an_event_ending_the_minute_it_starts_elsewhere_is_not_before_it(site_factory: SiteFactory) -> None:
    """09:00 in Rome is 10:00 in Istanbul: the times are compared as moments, not as written."""
    files: dict[str, str | bytes] = {
        "content/events/forum.yaml": event("2027-03-10T10:00 Europe/Istanbul", "2027-03-10T09:00 Europe/Rome")
    }
    assert problems(site_factory, files) == []


def test_an_unknown_organizer_and_no_organizer_are_errors(site_factory: SiteFactory) -> None:
    files: dict[str, str | bytes] = {
        "content/events/bir.yaml": event("2027-03-10").replace("[alpha]", "[alpha, betta]"),
        "content/events/iki.yaml": event("2027-03-10").replace("[alpha]", "[]"),
    }
    assert problems(site_factory, files) == [
        "content/events/bir.yaml:3:21: unknown organization 'betta' (did you mean 'beta'?)",
        "content/events/iki.yaml:3:13: field 'organizers' needs at least 1 item, has 0",
    ]


# ---------------------------------------------------------------------------------------------
# Built

EVENTS: dict[str, str | bytes] = {
    "content/events/forum.yaml": event(
        "2027-03-10T09:30 Europe/Istanbul",
        "2027-03-10T17:00 Europe/Istanbul",
        extra=(
            "place: {venue: {tr: Kongre Merkezi, en: Congress Centre}, city: {tr: İzmir, en: Izmir},"
            " country: TR}\n"
            "registration: https://example.org/kayit\nsummary: {tr: Bir forum., en: A forum.}\n"
        ),
    ),
    "content/events/roma.yaml": event(
        "2027-05-04T09:00 Europe/Rome", "2027-05-05T13:00 Europe/Rome", title="Roma", extra="online: true\n"
    ),
    "content/events/temizlik.yaml": event("2027-05-20", "2027-05-21", title="Temizlik"),
    "content/events/dun.yaml": event("2026-11-30", title="Dün"),
    "content/events/gecen-yil.yaml": event("2025-06-17T10:00+03:00", title="Geçen yıl"),
    "content/events/taslak.yaml": event("2027-01-10", title="Taslak", extra="draft: true\n"),
}


@pytest.fixture
def built(site_factory: SiteFactory, monkeypatch: pytest.MonkeyPatch) -> BuildReport:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    return build(site_factory(EVENTS))


def calendar(report: BuildReport, path: str) -> icalendar.Calendar:
    assert report.output is not None
    return icalendar.Calendar.from_ical((report.output / path).read_bytes())


def test_events_to_come_are_listed_soonest_first_and_past_ones_latest_first(built: BuildReport) -> None:
    upcoming = read(built, "tr/etkinlikler/index.html")
    assert titles(upcoming) == ["Forum", "Roma", "Temizlik"]
    assert titles(read(built, "tr/etkinlikler/gecmis/index.html")) == ["Dün", "Geçen yıl"]
    assert titles(read(built, "en/events/past/index.html")) == ["Dün EN", "Geçen yıl EN"]
    assert '<p class="more"><a href="/tr/etkinlikler/gecmis/">Geçmiş etkinlikler</a></p>' in upcoming
    assert (
        '<time datetime="2027-05-04T09:00+02:00">4 Mayıs 2027 09:00 – 5 Mayıs 2027 13:00 (GMT+02:00)</time>'
        in upcoming
    )
    assert "Taslak" not in upcoming
    assert built.output is not None and not (built.output / "tr" / "etkinlikler" / "taslak").exists()


def test_an_event_page_says_when_where_who_and_links_its_calendar(built: BuildReport) -> None:
    page = read(built, "tr/etkinlikler/forum/index.html")
    assert (
        '<dt>Tarih</dt><dd><time datetime="2027-03-10T09:30+03:00">10 Mart 2027 09:30 – 17:00</time></dd>'
        in page
    )
    assert "<dt>Yer</dt><dd>Kongre Merkezi, İzmir, Türkiye</dd>" in page
    assert (
        '<dt>Düzenleyen</dt><dd><a href="/tr/kuruluslar/alfa/">Alfa Belediyeler Birliği</a> (ALFA)</dd>'
        in page
    )
    assert (
        '<a href="/tr/etkinlikler/forum/forum.ics" download type="text/calendar">Takviminize ekleyin' in page
    )
    assert "<dt>Yer</dt><dd>Çevrim içi</dd>" in read(built, "tr/etkinlikler/roma/index.html")
    assert (
        '<a href="https://example.org/kayit" rel="noopener">Kayıt formu</a> <span class="meta">(example.org)'
        in page
    )
    assert "20–21 Mayıs 2027" in read(built, "tr/etkinlikler/temizlik/index.html")
    past = read(built, "en/events/dun-en/index.html")
    assert "This event has taken place." in past
    found = re.search(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', page, re.DOTALL)
    assert found is not None
    data = json.loads(found[1])
    assert {key: data[key] for key in ("@type", "name", "startDate", "endDate", "eventAttendanceMode")} == {
        "@type": "Event",
        "name": "Forum",
        "startDate": "2027-03-10T09:30+03:00",
        "endDate": "2027-03-10T17:00+03:00",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    assert data["location"] == {"@type": "Place", "name": "Kongre Merkezi", "address": "İzmir, Türkiye"}
    assert data["organizer"][0]["name"] == "Alfa Belediyeler Birliği"


def test_each_calendar_file_parses_and_carries_its_time_zone(built: BuildReport) -> None:
    forum = calendar(built, "tr/etkinlikler/forum/forum.ics")
    [entry] = forum.walk("VEVENT")
    start = entry.decoded("dtstart")
    assert start == datetime.datetime(2027, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/Istanbul"))
    assert entry["dtstart"].params["TZID"] == "Europe/Istanbul"
    assert [tz["TZID"] for tz in forum.walk("VTIMEZONE")] == ["Europe/Istanbul"]
    assert entry.decoded("dtend").hour == 17
    # "today" at its start in Istanbul, in UTC: two builds of a commit give the same bytes
    assert entry.decoded("dtstamp") == datetime.datetime(2026, 11, 30, 21, 0, tzinfo=datetime.UTC)
    assert str(entry["summary"]) == "Forum" and str(entry["location"]) == "Kongre Merkezi, İzmir, Türkiye"
    assert str(entry["url"]) == "https://example.org/tr/etkinlikler/forum/"
    assert str(entry["uid"]) == "forum@example.org"
    english = calendar(built, "en/events/forum-en/forum-en.ics")
    assert str(next(iter(english.walk("VEVENT")))["summary"]) == "Forum EN"

    roma = next(iter(calendar(built, "en/events/roma-en/roma-en.ics").walk("VEVENT")))
    assert roma.decoded("dtstart").utcoffset() == datetime.timedelta(hours=2)  # summer time in Rome
    assert roma["dtstart"].params["TZID"] == "Europe/Rome"

    whole_days = next(iter(calendar(built, "tr/etkinlikler/temizlik/temizlik.ics").walk("VEVENT")))
    # Whole days are dates; the end is the day after the last, as RFC 5545 counts it.
    assert (whole_days.decoded("dtstart"), whole_days.decoded("dtend")) == (
        datetime.date(2027, 5, 20),
        datetime.date(2027, 5, 22),
    )
    offset = next(iter(calendar(built, "tr/etkinlikler/gecen-yil/gecen-yil.ics").walk("VEVENT")))
    assert offset.decoded("dtstart") == datetime.datetime(2025, 6, 17, 7, 0, tzinfo=datetime.UTC)


def test_two_builds_make_the_same_calendar_files(
    built: BuildReport, site_factory: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    again = build(site_factory(EVENTS))
    assert read(again, "tr/etkinlikler/forum/forum.ics") == read(built, "tr/etkinlikler/forum/forum.ics")


def test_the_home_page_names_the_next_events_and_an_organizer_its_events(built: BuildReport) -> None:
    home = read(built, "tr/index.html")
    coming = re.search(r'<h2 id="events">Yaklaşan etkinlikler</h2>(.*?)</section>', home, re.DOTALL)
    assert coming is not None
    assert re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", coming[1]) == ["Forum", "Roma", "Temizlik"]
    organizer = read(built, "tr/kuruluslar/alfa/index.html")
    events = re.search(r'<h2 id="events">Etkinlikler</h2>(.*?)</section>', organizer, re.DOTALL)
    assert events is not None
    assert re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", events[1]) == [
        "Temizlik",
        "Roma",
        "Forum",
        "Dün",
        "Geçen yıl",
    ]


def test_events_are_ordered_by_the_moment_they_start_wherever_they_are() -> None:
    """23:00 in New York on the 10th is 07:00 in Istanbul on the 11th: after 01:00 in Istanbul."""
    new_york = Moment(datetime.date(2027, 3, 10), datetime.time(23, 0), "-05:00")
    istanbul = Moment(datetime.date(2027, 3, 11), datetime.time(1, 0), "Europe/Istanbul")
    whole_day = Moment(datetime.date(2027, 3, 11))
    assert sorted([new_york, whole_day, istanbul], key=lambda m: m.sort_key) == [
        whole_day,
        istanbul,
        new_york,
    ]


def test_an_event_may_not_take_the_address_of_the_past_events_before_any_has_ended(
    site_factory: SiteFactory,
) -> None:
    """Else the day the first event ends, a build no one edited would fail."""
    files: dict[str, str | bytes] = {
        "content/events/forum.yaml": event("2027-03-10", extra="slug: {tr: gecmis, en: earlier}\n"),
    }
    site = site_factory(files)
    config = replace(load_config(site), today=TODAY)
    _, found = plan_urls(validate(load_content(config), config).records, config)
    assert [f"{p.source}: {p.message}" for p in found] == [
        "content/events/forum.yaml:5:12: URL /tr/etkinlikler/gecmis/ of event 'forum' is also the URL of "
        "the list of events past, once it has any (site.yaml): give one of them its own 'slug'"
    ]
