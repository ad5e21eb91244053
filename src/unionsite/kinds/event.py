"""The event kind: a meeting, forum or workshop of one or more organizations, with its start and
end (dates, or times with their zone), place, registration address and description. Listed as
upcoming or past relative to "today"; each has a page, an iCalendar file per language beside it,
and is a schema.org Event. A draft is left out of the site."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import icalendar

from ..errors import ContentError, SourceRef
from ..i18n import DateText, LocalText
from ..linked_data import absolute, compact
from ..parse import Positions
from ..schema import (
    BoolType,
    Country,
    CountryType,
    Image,
    ListType,
    MarkdownText,
    Moment,
    MomentType,
    NameType,
    Place,
    RefType,
    StructType,
    Text,
    Translated,
    UrlType,
    field_at,
    spec,
)
from .base import (
    MAIN_LIST,
    PUBLISHED_FIELDS,
    Download,
    Kind,
    ListPage,
    OwnPages,
    Records,
    Relation,
    Views,
    maybe,
    title_slug,
)
from .organization import OrgRef, sorted_refs
from .organization_data import image_node, ref_node

PAST = "past/"  # the list of events that have ended; the kind's own list has those to come
FOLDERS = {"tr": "etkinlikler", "en": "events"}
PAST_FOLDERS = {"tr": "gecmis", "en": "past"}
PRODUCT = "-//unionsite//events//EN"  # who made the iCalendar files (RFC 5545 PRODID)


@dataclass(frozen=True, slots=True)
class Venue:
    """Where an event takes place: the venue's name, its city and country, as far as known."""

    venue: Translated | None = None
    city: Translated | None = None
    country: Country | None = None


@dataclass(frozen=True, slots=True)
class Event:
    at: SourceRef
    id: str
    title: Translated
    start: Moment
    organizers: tuple[str, ...]
    description: Translated
    end: Moment | None = None
    summary: Translated | None = None
    place: Venue | None = None
    registration: str | None = None
    online: bool = False
    image: Image | None = None
    slug: Translated | None = None
    draft: bool = False
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)

    @property
    def last_day(self) -> datetime.date:
        return (self.end or self.start).day


VENUE = StructType(
    Venue, (spec("venue", NameType()), spec("city", NameType()), spec("country", CountryType()))
)
FIELDS = (
    spec("title", Text, required=True),
    spec("summary", Text),
    spec("start", MomentType(), required=True),
    spec("end", MomentType()),
    spec("place", VENUE),
    spec("organizers", ListType(RefType("organization"), min_items=1), required=True),
    spec("registration", UrlType()),
    spec("online", BoolType(), default=False),
    spec("description", MarkdownText, required=True),
    *PUBLISHED_FIELDS,
)


@dataclass(frozen=True, slots=True)
class EventView:
    id: str
    title: LocalText
    summary: LocalText | None
    start: DateText
    end: DateText | None
    when: str  # the start and end as one text
    venue: LocalText | None
    place: LocalText | None  # city and country
    organizers: tuple[OrgRef, ...]
    registration: str | None
    registration_host: str  # the site registration is on, shown beside its link
    online: bool  # held online (too, if it has a place)
    description: LocalText
    image: Any  # ImageView | None
    url: str
    list_url: str  # the list of events to come
    calendar_url: str  # its iCalendar file, beside its page
    past: bool  # it has ended before "today"
    draft: bool
    # For the calendar file: the record's times, and its page's address in full. Compared with
    # the rest: a new zone changes the file even where the page reads the same.
    start_moment: Moment = field(repr=False, default=Moment(datetime.date(1970, 1, 1)))
    end_moment: Moment | None = field(repr=False, default=None)
    page: str = ""


@dataclass(frozen=True, slots=True)
class EventsView:
    past: bool  # the list of past events, else of those to come
    items: tuple[EventView, ...]
    other_url: str  # the other list ('' when it has no event)
    url: str  # the list of events to come


def calendar_name(folder: str) -> str:
    """The calendar file beside an event's page, named after its address: 'kiyi-forumu.ics'."""
    return folder.rstrip("/").rsplit("/", 1)[-1] + ".ics"


def event_view(views: Views, event_id: str) -> EventView:
    event: Event = views.record("event", event_id)
    local = views.local
    place = event.place
    url = views.url("event", event.id)
    return EventView(
        id=event.id,
        title=local.text(event.title),
        summary=local.optional(event.summary),
        start=local.moment(event.start),
        end=maybe(local.moment, event.end),
        when=local.span(event.start, event.end),
        venue=local.optional(place.venue) if place else None,
        place=local.place(_city(place)) if place else None,
        organizers=sorted_refs(views, dict.fromkeys(event.organizers)),
        registration=event.registration,
        registration_host=urlsplit(event.registration).hostname or "" if event.registration else "",
        online=event.online,
        description=views.prose(event.description),
        image=views.optional_image(event.image),
        url=url,
        list_url=views.url("events"),
        calendar_url=url + calendar_name(url),
        past=event.last_day < views.today(),
        draft=event.draft,
        start_moment=event.start,
        end_moment=event.end,
        page=views.absolute("event", event.id),
    )


def _city(place: Venue) -> Place:
    return Place(place.city, place.country)


def lists_of(event: Event, today: datetime.date) -> tuple[str, ...]:
    """Upcoming until its last day has passed, then past."""
    return (MAIN_LIST,) if event.last_day >= today else (PAST,)


def list_folder(key: str, language: str) -> str:
    return f"{FOLDERS.get(language, FOLDERS['en'])}/{PAST_FOLDERS.get(language, PAST_FOLDERS['en'])}"


def order(views: Views, key: str, ids: tuple[str, ...]) -> tuple[str, ...]:
    """Those to come soonest first; past ones latest first."""

    def start(event_id: str) -> tuple[Any, ...]:
        return (views.record("event", event_id).start.sort_key, event_id)

    return tuple(sorted(ids, key=start, reverse=key == PAST))


def events_view(views: Views, key: str, ids: tuple[str, ...]) -> EventsView:
    past = key == PAST
    # Past events link those to come, which have a page while there is any event; those to come
    # link the past ones once one has ended.
    other = MAIN_LIST if past else PAST
    return EventsView(
        past=past,
        items=tuple(views.entry("event", i) for i in ids),
        other_url=views.url("events", other) if past or views.listed("event", PAST) else "",
        url=views.url("events"),
    )


def checks(event: Event, records: Records) -> list[ContentError]:
    """An end before the start, or an end of another form (a day against a time)."""
    if event.end is None:
        return []
    at = field_at(event, ("end",))
    start, end = event.start, event.end
    if (start.time is None) != (end.time is None):
        given = "a date and time" if end.time is not None else "a date"
        other = "a date" if start.time is None else "a date and time"
        message = (
            f"'end' is {given} but 'start' is {other}: give both as dates (an event of whole days) "
            "or both with their times"
        )
        return [ContentError(at, message)]
    start_moment, end_moment = start.moment, end.moment
    before = end_moment < start_moment if start_moment and end_moment else end.day < start.day
    if before:
        return [ContentError(at, f"the event ends ({end.iso}) before it starts ({start.iso})")]
    return []


def calendar(view: EventView, today: datetime.datetime, plain: Callable[[str], str]) -> bytes:
    """The event as an iCalendar file (RFC 5545) in the page's language: its times with their
    zone (a VTIMEZONE for a named one), whole days as dates with the end the day after the last,
    the page's address, and "today" as the stamp, so that two builds give the same bytes."""
    entry = icalendar.Event()
    entry.add("uid", f"{view.id}@{urlsplit(view.page).hostname or 'localhost'}")
    entry.add("dtstamp", today.astimezone(datetime.UTC))
    entry.add("dtstart", _ical_time(view.start_moment))
    if view.end_moment is not None:
        last = view.end_moment
        entry.add(
            "dtend", _ical_time(last) if last.time is not None else last.day + datetime.timedelta(days=1)
        )
    entry.add("summary", view.title.text)
    entry.add(
        "description", (view.summary.text + "\n\n" if view.summary else "") + plain(view.description.text)
    )
    location = ", ".join(text.text for text in (view.venue, view.place) if text is not None)
    if location:
        entry.add("location", location)
    entry.add("url", view.page)
    document = icalendar.Calendar()
    document.add("prodid", PRODUCT)
    document.add("version", "2.0")
    document.add_component(entry)
    document.add_missing_timezones()
    data: bytes = document.to_ical()
    return data


def _ical_time(moment: Moment) -> datetime.date | datetime.datetime:
    """A day as a date; a time with a named zone as it is (TZID), one with an offset in UTC."""
    aware = moment.moment
    if aware is None:
        return moment.day
    if moment.zone is not None and "/" in moment.zone:
        return aware
    return aware.astimezone(datetime.UTC)


def json_ld(view: EventView, page: str, *, plain: Any, **labels: Any) -> dict[str, Any]:
    """An Event: its name, times, place and whether it is held online, organizers, image and
    registration address."""
    place = None
    if view.venue or view.place:
        place = compact(
            {
                "@type": "Place",
                "name": view.venue.text if view.venue else None,
                "address": view.place.text if view.place else None,
            }
        )
    return compact(
        {
            "@type": "Event",
            "name": view.title.text,
            "description": view.summary.text if view.summary else plain(view.description.text),
            "startDate": view.start.iso,
            "endDate": view.end.iso if view.end else None,
            "inLanguage": view.title.language,
            "url": page,
            "location": place,
            "eventAttendanceMode": _attendance(place is not None, view.online),
            "organizer": [ref_node(o, page) for o in view.organizers],
            "image": image_node(view.image, page) if view.image is not None else None,
            "offers": {"@type": "Offer", "url": absolute(page, view.registration)}
            if view.registration
            else None,
        }
    )


def _attendance(place: bool, online: bool) -> str | None:
    """schema.org's attendance mode, where the record says it."""
    if online:
        mode = "MixedEventAttendanceMode" if place else "OnlineEventAttendanceMode"
    elif place:
        mode = "OfflineEventAttendanceMode"
    else:
        return None
    return f"https://schema.org/{mode}"


def markdown_texts(view: EventView) -> Iterator[LocalText]:
    yield view.description


STARTER = """\
# Event '{id}': a meeting, forum or workshop, its times, place and organizers.
# Fill in what is empty, delete the commented lines you do not need, then run
# `make check-content`. Times carry their zone: 2027-03-10T09:30 Europe/Istanbul.
title:
  tr: ""
  en: ""
start: ""                    # 2027-03-10 (a whole day) or 2027-03-10T09:30 Europe/Istanbul
# end: ""                    # the same form as start, not before it
organizers: []               # ids of one or more organizations
description:                 # Markdown
  tr: |

  en: |

# summary: {{tr: "", en: ""}}    # one sentence for lists
# place:
#   venue: {{tr: Kongre Merkezi, en: Congress Centre}}
#   city: {{tr: İzmir, en: Izmir}}
#   country: TR
# online: true               # held online (with a place too, if it has one)
# registration: https://example.org/kayit
# image:                     # an image under the title: make the event a folder (see the guide)
#   file: salon.jpg
#   alt: {{tr: "…", en: "…"}}
# draft: true                # kept out of the site until this line is removed
"""

EVENT = Kind(
    name="event",
    plural="events",
    cls=Event,
    fields=FIELDS,
    description="An event of one or more organizations: its times, place, organizers and description.",
    folders=FOLDERS,
    starter=STARTER,
    pages=OwnPages(
        template="event.html",
        slug=title_slug,
        view=event_view,
        fallback=lambda event, language: event.description.get(language) is None,
    ),
    listing=ListPage(
        template="events.html",
        order=order,
        view=events_view,
        on=lists_of,
        folder=list_folder,
        shown_empty=False,
        reserved=(PAST,),
    ),
    entry=event_view,
    # The organizers, each with the events it organizes in date order (their pages name them).
    relations=(
        Relation(
            "organized",
            lambda event: dict.fromkeys(event.organizers),
            lambda event: (event.start.sort_key, event.id),
        ),
    ),
    checks=checks,
    json_ld=json_ld,
    markdown_texts=markdown_texts,
    unpublished=lambda event, today: "a draft" if event.draft else None,
    download=Download(name=calendar_name, make=calendar),
)
