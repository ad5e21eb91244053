"""The content model: typed values, one frozen dataclass per record kind, and the field specs that
say which fields each kind has, which are required, translatable or references.

`validate` interprets these specs; nothing else describes the shape of content.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import SourceRef
from .parse import Path, Positions

# ---------------------------------------------------------------------------------------------
# Typed values


@dataclass(frozen=True, slots=True)
class Translated:
    """A human-readable value per language: {tr: …, en: …}. A language may be missing.
    `outdated` names the languages whose text was translated from an older source text."""

    values: tuple[tuple[str, str], ...]
    outdated: frozenset[str] = frozenset()

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
    | BoolType
    | IntType
    | CountryCodeType
    | CountryType
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


def _spec(name: str, type_: FieldType, required: bool = False, default: Any = None) -> FieldSpec:
    return FieldSpec(name, type_, required, default)


# ---------------------------------------------------------------------------------------------
# Vocabularies. Their labels are UI strings, translated in the templates' catalogs.

ORGANIZATION_KINDS = (
    "union",
    "local-government-association",
    "network",
    "association",
    "international-organization",
    "regional-organization",
    "regional-section",
    "local-government-platform",
    "public-body",
)
# OICC's categories are active, observer and associate: "iştirakçi üye" is an associate member.
MEMBERSHIP_ROLES = ("full", "observer", "associate", "local-government")
AGREEMENT_TYPES = (
    "goodwill-agreement",
    "goodwill-protocol",
    "cooperation-protocol",
    "friendship-and-cooperation-agreement",
    "supporting-structure-agreement",
)
PAGE_LISTINGS = ("memberships", "agreements")

# ---------------------------------------------------------------------------------------------
# Records. Each keeps the positions of its fields (not compared: equal content is equal), for
# messages that point at one field.


def field_at(record: Any, at: Path) -> SourceRef:
    """Where the field at `at` of a YAML record was written (the record itself if unknown)."""
    positions: Positions | None = record.positions
    return positions.of(at) if positions is not None else record.at


@dataclass(frozen=True, slots=True)
class Organization:
    at: SourceRef
    id: str
    name: Translated
    kinds: tuple[str, ...]
    short_name: Translated | None = None
    headquarters: tuple[Place, ...] = ()
    address: Address | None = None
    founded: Founding | None = None
    part_of: str | None = None
    website: Translated | None = None
    description: Translated | None = None
    member_countries: tuple[Country, ...] = ()
    member_countries_partial: bool = False
    figures: tuple[Figure, ...] = ()
    slug: Translated | None = None
    sources: tuple[str, ...] = ()
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Membership:
    at: SourceRef
    id: str
    member: str
    organization: str
    since: PartialDate
    until: PartialDate | None = None
    role: str | None = None
    offices: tuple[Office, ...] = ()
    note: Translated | None = None
    sources: tuple[str, ...] = ()
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Agreement:
    at: SourceRef
    id: str
    parties: tuple[str, ...]
    type: str
    signed: PartialDate
    scope: Translated
    place: Place | None = None
    outcomes: Translated | None = None
    sources: tuple[str, ...] = ()
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Source:
    """A document content is taken from: figures and records cite it."""

    at: SourceRef
    id: str
    title: Translated
    publisher: str
    url: str | None = None
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Page:
    """A free Markdown page of one organization, paired across languages by its key."""

    at: SourceRef
    id: str
    owner: str
    key: str
    title: Translated
    body: Translated
    slug: Translated | None = None
    order: int = 0
    shows: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    translated_from: Translated | None = None
    # The front matter of each language's file, by language.
    files: tuple[tuple[str, Positions], ...] = field(default=(), compare=False, repr=False)

    def file_at(self, language: str, at: Path = ()) -> SourceRef:
        """Where `at` stands in the front matter of the page's file for `language`."""
        positions = dict(self.files).get(language)
        return positions.of(at) if positions is not None else self.at


# ---------------------------------------------------------------------------------------------
# Links between records inside Markdown: [text](@organization:nalas), [text](@page:mbb/key),
# [text](@agreements#mbb-ato). The build checks the target and writes the URL of the page's
# language, so links survive translated slugs and hosting under a sub-path.

# The destination of a Markdown link that starts with '@', in each form Markdown writes one:
# inline, with or without angle brackets and a title, and as a reference definition.
_AT_DESTINATION = re.compile(r"(?:\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?)(?P<target>@[^\s)>]*)", re.MULTILINE)
_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_TARGET = re.compile(rf"@(?P<kind>[a-z]+)(?::(?P<key>{_ID}(?:/{_ID})?))?(?:#(?P<fragment>{_ID}))?")
LINKABLE_SECTIONS = ("home", "organizations", "memberships", "agreements")
LINKABLE_RECORDS = ("organization", "page")
# A list page whose entries a link may name after '#', and the kind of record each entry is.
ANCHORED_SECTIONS = {"agreements": "agreement", "memberships": "membership"}


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


def internal_links(markdown: str) -> Iterator[InternalLink]:
    for match in _AT_DESTINATION.finditer(markdown):
        before = markdown[: match.start("target")]
        line = before.count("\n")
        column = len(before) - (before.rfind("\n") + 1)
        written = match["target"]
        target = _TARGET.fullmatch(written)
        if target is None:
            yield InternalLink("", "", line, column, written=written)
        else:
            kind, key, fragment = target["kind"], target["key"] or "", target["fragment"] or ""
            yield InternalLink(kind, key, line, column, fragment, written)


def with_urls(markdown: str, url_of: Callable[[InternalLink], str]) -> str:
    """`markdown` with each internal link's destination replaced by `url_of` it."""
    links = iter(internal_links(markdown))

    def replaced(match: re.Match[str]) -> str:
        start = match.start("target") - match.start()
        return match[0][:start] + url_of(next(links))

    return _AT_DESTINATION.sub(replaced, markdown)


@dataclass(frozen=True, slots=True)
class RecordSpec:
    kind: str
    cls: type
    fields: tuple[FieldSpec, ...]


_TEXT = TextType()
_MARKDOWN = TextType(markdown=True)
_SOURCES = _spec("sources", ListType(RefType("source")), default=())
_STAMP = _spec("translated_from", StampType())

_PLACE = StructType(Place, (_spec("city", NameType()), _spec("country", CountryType())))

ORGANIZATION = RecordSpec(
    "organization",
    Organization,
    (
        _spec("name", NameType(), required=True),
        _spec("short_name", NameType()),
        _spec("kinds", ListType(EnumType(ORGANIZATION_KINDS), min_items=1), required=True),
        _spec("headquarters", ListType(_PLACE), default=()),
        _spec(
            "address",
            StructType(
                Address,
                (
                    _spec("street", StrType(), required=True),
                    _spec("district", StrType()),
                    _spec("city", StrType(), required=True),
                    _spec("country", CountryCodeType(), required=True),
                    _spec("directions", _TEXT),
                ),
            ),
        ),
        _spec(
            "founded",
            StructType(
                Founding,
                (
                    _spec("date", DateType(past=True)),
                    _spec("place", _PLACE),
                    _spec("by", ListType(RefType("organization")), default=()),
                    _spec("initiative", ListType(RefType("organization")), default=()),
                    _spec("approved", DateType(past=True)),
                    _spec("in_force", DateType(past=True)),
                    _spec("note", _TEXT),
                ),
            ),
        ),
        _spec("part_of", RefType("organization")),
        _spec("website", UrlType(per_language=True)),
        _spec("description", _MARKDOWN),
        _spec("slug", SlugType(per_language=True)),
        _spec("member_countries", ListType(CountryType()), default=()),
        _spec("member_countries_partial", BoolType(), default=False),
        _spec(
            "figures",
            ListType(
                StructType(
                    Figure,
                    (
                        _spec("text", _TEXT, required=True),
                        _spec("source", RefType("source"), required=True),
                    ),
                )
            ),
            default=(),
        ),
        _SOURCES,
        _STAMP,
    ),
)

MEMBERSHIP = RecordSpec(
    "membership",
    Membership,
    (
        _spec("member", RefType("organization"), required=True),
        _spec("organization", RefType("organization"), required=True),
        _spec("since", DateType(past=True), required=True),
        _spec("until", DateType()),
        _spec("role", EnumType(MEMBERSHIP_ROLES)),
        _spec(
            "offices",
            ListType(
                StructType(
                    Office,
                    (
                        _spec("title", _TEXT, required=True),
                        _spec("since", DateType(past=True), required=True),
                        _spec("until", DateType()),
                    ),
                )
            ),
            default=(),
        ),
        _spec("note", _MARKDOWN),
        _SOURCES,
        _STAMP,
    ),
)

AGREEMENT = RecordSpec(
    "agreement",
    Agreement,
    (
        _spec("parties", ListType(RefType("organization"), min_items=2), required=True),
        _spec("type", EnumType(AGREEMENT_TYPES), required=True),
        _spec("signed", DateType(past=True), required=True),
        _spec("place", _PLACE),
        _spec("scope", _MARKDOWN, required=True),
        _spec("outcomes", _MARKDOWN),
        _SOURCES,
        _STAMP,
    ),
)

SOURCE = RecordSpec(
    "source",
    Source,
    (
        _spec("title", _TEXT, required=True),
        _spec("publisher", RefType("organization"), required=True),
        _spec("url", UrlType()),
        _STAMP,
    ),
)

# A page's front matter: each language's file has its title and slug; what is the same in every
# language (order, listings, sources) is written once, in the default language's file.
PAGE_LANGUAGE_FIELDS = (
    _spec("title", StrType(), required=True),
    _spec("slug", SlugType()),
)
# Only in the files of other languages than the default: the version of the default-language
# file the translation was made from.
PAGE_TRANSLATION_FIELDS = (_spec("translated_from", StampType(per_language=False)),)
PAGE_SHARED_FIELDS = (
    _spec("order", IntType(), default=0),
    _spec("shows", ListType(EnumType(PAGE_LISTINGS)), default=()),
    _SOURCES,
)

RECORD_SPECS = {spec.kind: spec for spec in (ORGANIZATION, MEMBERSHIP, AGREEMENT, SOURCE)}
