"""The content model's building blocks: typed values, the field types and specs each kind's
declaration (`kinds`) is made of, and internal links between records.

`validate` interprets the specs; nothing else describes the shape of content.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .config import SITE_TIME_ZONE, time_zone
from .errors import SourceRef
from .markdown import Destination, findings
from .parse import Path, Positions

# ---------------------------------------------------------------------------------------------
# Typed values


@dataclass(frozen=True, slots=True)
class Translated:
    """A human-readable value per language: {tr: …, en: …}. A language may be missing.
    `outdated` names the languages whose text was translated from an older source text."""

    values: tuple[tuple[str, str], ...]
    outdated: frozenset[str] = frozenset()
    # A Markdown text's folder from the site root: its record's own, where the images it shows
    # are ('' for a record written as one file, which has no images).
    folder: str = ""

    def get(self, language: str) -> str | None:
        return dict(self.values).get(language)


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day; it keeps that precision to the page."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        parts += [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @property
    def first_day(self) -> datetime.date:
        """The first day the date may mean: 2009-12 may be any day of December 2009."""
        return datetime.date(self.year, self.month or 1, self.day or 1)


@dataclass(frozen=True, slots=True)
class Moment:
    """A day, or a day and a time in a time zone: an IANA name ('Europe/Istanbul') or an offset
    from UTC ('+03:00', 'Z'), as written."""

    day: datetime.date
    time: datetime.time | None = None
    zone: str | None = None

    @property
    def zone_info(self) -> datetime.tzinfo | None:
        if self.zone is None:
            return None
        if self.zone == "Z":
            return datetime.UTC
        if self.zone[0] in "+-":
            hours, minutes = int(self.zone[1:3]), int(self.zone[4:6])
            sign = -1 if self.zone[0] == "-" else 1
            return datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))
        return time_zone(self.zone)

    @property
    def moment(self) -> datetime.datetime | None:
        """The time as an aware datetime; None for a whole day."""
        if self.time is None:
            return None
        return datetime.datetime.combine(self.day, self.time, tzinfo=self.zone_info)

    @property
    def iso(self) -> str:
        """'2026-11-20', or '2026-11-20T14:30+03:00' for `<time datetime>`."""
        moment = self.moment
        if moment is None:
            return self.day.isoformat()
        return moment.isoformat(timespec="minutes" if moment.second == 0 else "seconds")

    @property
    def sort_key(self) -> tuple[int, ...]:
        """In time order, by the day in the site's time zone (so that it compares with a
        PartialDate's key), then by the instant; a whole day comes before its times."""
        moment = self.moment
        if moment is None:
            return (self.day.year, self.day.month, self.day.day, -1)
        local = moment.astimezone(SITE_TIME_ZONE)
        return (local.year, local.month, local.day, int(moment.timestamp()))


@dataclass(frozen=True, slots=True)
class Country:
    """An ISO 3166 code (names from CLDR), a name of the body's own usage, or both."""

    code: str | None = None
    name: Translated | None = None


@dataclass(frozen=True, slots=True)
class Place:
    city: Translated | None = None
    country: Country | None = None


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    city: str
    country: str
    district: str | None = None
    directions: Translated | None = None


@dataclass(frozen=True, slots=True)
class Founding:
    """How an organization came to be, as far as its sources say. A union of municipalities is
    set up by an approval and exists in law once that approval enters into force: those are two
    dates, neither of them "founded". `initiative` names who began it without founding it."""

    date: PartialDate | None = None
    place: Place | None = None
    by: tuple[str, ...] = ()
    initiative: tuple[str, ...] = ()
    approved: PartialDate | None = None
    in_force: PartialDate | None = None
    note: Translated | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as a source states it ("2,500+ local governments in 125 countries")."""

    text: Translated
    source: str


@dataclass(frozen=True, slots=True)
class Image:
    """An image beside its record: its file by path from the site root, as the editor wrote it,
    and its description in every language; None for a decorative image (`alt: ""`)."""

    path: str
    written: str
    alt: Translated | None


@dataclass(frozen=True, slots=True)
class Office:
    title: Translated
    since: PartialDate
    until: PartialDate | None = None


# ---------------------------------------------------------------------------------------------
# Field types: what `validate` accepts for a field, and what it turns it into.


@dataclass(frozen=True, slots=True)
class TextType:
    """Translatable: a mapping of language → text; `markdown` if the text is Markdown."""

    markdown: bool = False


@dataclass(frozen=True, slots=True)
class NameType:
    """A proper name or acronym: one string for every language, or a language mapping."""


@dataclass(frozen=True, slots=True)
class StrType:
    """A value that is never translated (street names, numbers of decisions)."""


@dataclass(frozen=True, slots=True)
class UrlType:
    """An absolute http(s) URL; `per_language` also takes {tr: url, en: url} for localized sites."""

    per_language: bool = False


@dataclass(frozen=True, slots=True)
class SlugType:
    """The last part of a page's URL (a-z, 0-9, '-'); `per_language` also takes {tr: …, en: …}."""

    per_language: bool = False


@dataclass(frozen=True, slots=True)
class StampType:
    """Which version of the default-language text a translation was made from: a hash that
    `unionsite translations --stamp` writes; `per_language` as {en: …} in a YAML record."""

    per_language: bool = True


@dataclass(frozen=True, slots=True)
class DateType:
    """YYYY, YYYY-MM or YYYY-MM-DD. `past`: the date of something that has happened (a
    signature, a founding, the start of a membership), so one after "today" is a warning."""

    past: bool = False


@dataclass(frozen=True, slots=True)
class MomentType:
    """A day (YYYY-MM-DD), or a day and a time. `site_zone`: the time is the site's own
    (Europe/Istanbul) and is written without a zone ('2026-11-20 14:30'); else it must carry
    its zone, an IANA name or an offset ('2027-03-10T09:30 Europe/Istanbul',
    '2027-03-10T09:30+03:00'), for readers and calendars elsewhere."""

    site_zone: bool = False


@dataclass(frozen=True, slots=True)
class BoolType:
    pass


@dataclass(frozen=True, slots=True)
class IntType:
    pass


@dataclass(frozen=True, slots=True)
class CountryCodeType:
    """An ISO 3166-1 alpha-2 code known to CLDR (XK for Kosovo included)."""


@dataclass(frozen=True, slots=True)
class CountryType:
    """A country code, or {code, name} / {name} where the body's own usage differs from CLDR."""


@dataclass(frozen=True, slots=True)
class ImageType:
    """An image file in the record's own folder, described in every language:
    {file: bina.jpg, alt: {tr: …, en: …}}, or `alt: ""` for one that is only decoration."""


@dataclass(frozen=True, slots=True)
class EnumType:
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RefType:
    """The id of another record of `kind`; the build checks that it exists."""

    kind: str


@dataclass(frozen=True, slots=True)
class ListType:
    item: FieldType
    min_items: int = 0


@dataclass(frozen=True, slots=True)
class StructType:
    """A nested mapping with its own fields, built into `cls`."""

    cls: type
    fields: tuple[FieldSpec, ...]


FieldType = (
    TextType
    | NameType
    | StrType
    | UrlType
    | SlugType
    | StampType
    | DateType
    | MomentType
    | BoolType
    | IntType
    | CountryCodeType
    | CountryType
    | ImageType
    | EnumType
    | RefType
    | ListType
    | StructType
)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool = False
    default: Any = None


def spec(name: str, type_: FieldType, required: bool = False, default: Any = None) -> FieldSpec:
    return FieldSpec(name, type_, required, default)


Text = TextType()
MarkdownText = TextType(markdown=True)


# ---------------------------------------------------------------------------------------------
# Records (declared in `kinds`, one module a kind) keep the positions of their fields (not
# compared: equal content is equal), for messages that point at one field.


def field_at(record: Any, at: Path) -> SourceRef:
    """Where the field at `at` of a YAML record was written (the record itself if unknown)."""
    positions: Positions | None = record.positions
    return positions.of(at) if positions is not None else record.at


# ---------------------------------------------------------------------------------------------
# Links between records inside Markdown: [text](@organization:nalas), [text](@page:mbb/key),
# [text](@agreements#mbb-ato). The build checks the target and writes the URL of the page's
# language, so links survive translated slugs and hosting under a sub-path.

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_TARGET = re.compile(rf"@(?P<kind>[a-z]+)(?::(?P<key>{_ID}(?:/{_ID})?))?(?:#(?P<fragment>{_ID}))?")


def anchor(kind: str, record_id: str) -> str:
    """The HTML id of a record's entry on its list page: prefixed, so that no record id can
    take the id of a part of the page (main, the search field)."""
    return f"{kind}-{record_id}"


@dataclass(frozen=True, slots=True)
class InternalLink:
    kind: str  # '' when the link is not one of the known forms
    key: str
    line: int  # 0-based line within the Markdown text
    column: int  # 0-based column of the '@'
    fragment: str = ""
    written: str = ""  # the link as written, for messages
    image: bool = False  # an image's source, which a record cannot be


def internal_links(markdown: str) -> Iterator[InternalLink]:
    """The internal links of a Markdown text, found in its parse tree: an '@' in code is text."""
    for destination in findings(markdown).destinations:
        yield internal_link(destination)


def internal_link(destination: Destination) -> InternalLink:
    """What an internal destination names, or kind '' when it is not one of the known forms."""
    written, line, column = destination.written, destination.line, destination.column
    target = _TARGET.fullmatch(written)
    if target is None:
        return InternalLink("", "", line, column, written=written, image=destination.image)
    kind, key, fragment = target["kind"], target["key"] or "", target["fragment"] or ""
    return InternalLink(kind, key, line, column, fragment, written, destination.image)
