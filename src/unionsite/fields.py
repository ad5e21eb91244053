"""Raw YAML values → typed values, one FieldSpec at a time, with a problem for each mismatch.

`validate` drives this over whole records; the wording of every field-level message lives here.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from babel import Locale
from slugify import slugify

from .config import SITE_TIME_ZONE_NAME, time_zone_names
from .errors import ContentError, Severity, SourceRef, did_you_mean
from .load import bundle_path, record_folder
from .markdown import ImageFile, findings
from .parse import Path, Positions
from .schema import (
    BoolType,
    Country,
    CountryCodeType,
    CountryType,
    DateType,
    EnumType,
    FieldSpec,
    FieldType,
    Image,
    ImageType,
    InternalLink,
    IntType,
    ListType,
    Moment,
    MomentType,
    NameType,
    PartialDate,
    RefType,
    SlugType,
    StampType,
    StrType,
    StructType,
    TextType,
    Translated,
    UrlType,
    internal_link,
)

_QUOTE_HINT = "quote it: YAML reads NO, YES, ON and OFF as true/false"
FALLBACK_NOTE = "'{language}' pages show the '{default}' text, marked as not yet translated"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STAMP_PATTERN = re.compile(r"^[0-9a-f]{12}$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
# A day, with a time if given: in the site's time zone, or with a zone ('Z', '+03:00' or an IANA
# name after a space).
MOMENT_PATTERN = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<offset>Z|[+-]\d{2}:\d{2})|\s+(?P<zone>[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+|UTC))?)?$"
)
SITE_TIME_EXAMPLE = "2026-11-20 14:30"
ZONED_TIME_EXAMPLE = "2027-03-10T09:30 Europe/Istanbul"
# Two-letter regions CLDR names; 'XK' (Kosovo) is among them, 'ZZ' (unknown) is not.
COUNTRY_CODES = frozenset(
    str(code) for code in Locale("en").territories if len(str(code)) == 2 and str(code).isalpha()
) - {"ZZ"}


@dataclass(frozen=True)
class Reference:
    """An id a record names, to be checked once every record is known."""

    kind: str
    id: str
    at: SourceRef


@dataclass(frozen=True)
class ImageUse:
    """An image file a record shows (by path from the site root), as written and where: checked
    once every file is known, and made into the page's image sizes."""

    path: str
    written: str
    at: SourceRef


class _Invalid:
    """Marks a value that failed its check (its problem is already recorded)."""


INVALID = _Invalid()
T = TypeVar("T")


class FieldChecker:
    """Converts raw values to typed ones, collecting every problem instead of stopping."""

    def __init__(
        self, languages: tuple[str, ...], default_language: str, today: datetime.date | None = None
    ) -> None:
        self.languages = languages
        self.default_language = default_language
        self.today = today  # what a date of the past may not be after
        self.problems: list[ContentError] = []
        self.references: list[Reference] = []
        self.links: list[tuple[InternalLink, SourceRef]] = []
        self.images: list[ImageUse] = []
        self.positions: Positions | None = None
        self.file = ""  # the file of the record being checked, by path from the site root

    def fields(self, data: Any, at: Path, specs: Iterable[FieldSpec], what: str) -> dict[str, Any] | None:
        specs = tuple(specs)
        if not isinstance(data, dict):
            self.error(
                at, f"{_where(at) or 'the file'} must be a mapping of fields ({what}), got {_kind_of(data)}"
            )
            return None
        known = {spec.name: spec for spec in specs}
        failed = False
        for key in data:
            if key not in known:
                self.error_at_key(
                    (*at, key), f"unknown field '{_name((*at, key))}'{did_you_mean(key, known)}"
                )
                failed = True
        values: dict[str, Any] = {}
        for spec in specs:
            if spec.name not in data or data[spec.name] is None:
                if spec.required:
                    self.error(at, f"missing required field '{_name((*at, spec.name))}'")
                    failed = True
                elif spec.default is not None:
                    values[spec.name] = spec.default
                continue
            value = self.convert(spec.type, data[spec.name], (*at, spec.name))
            failed |= value is INVALID
            values[spec.name] = value
        return None if failed else values

    # -- values --------------------------------------------------------------------------------

    def convert(self, type_: FieldType, value: Any, at: Path) -> Any:
        """Check `value` against `type_` and build its typed form, or INVALID."""
        converters: dict[type, Any] = {
            TextType: self.text,
            NameType: lambda _, v, a: self.name(v, a),
            StrType: lambda _, v, a: self.string(v, a),
            UrlType: self.url,
            SlugType: self.slug,
            StampType: self.stamp,
            DateType: self.date,
            MomentType: self.moment,
            BoolType: lambda _, v, a: self.plain(v, a, bool),
            IntType: lambda _, v, a: self.plain(v, a, int),
            CountryCodeType: lambda _, v, a: self.country_code(v, a),
            CountryType: lambda _, v, a: self.country(v, a),
            EnumType: self.enum,
            ImageType: lambda _, v, a: self.image(v, a),
            RefType: self.reference,
            ListType: self.list,
            StructType: self.struct,
        }
        return converters[type(type_)](type_, value, at)

    def text(self, type_: TextType, value: Any, at: Path) -> Translated | _Invalid:
        text = self.translated(value, at)
        if isinstance(text, _Invalid):
            return text
        if type_.markdown:
            for language, markdown in text.values:
                self.note_links(markdown, self.ref((*at, language)), within=False)
            text = replace(text, folder=record_folder(self.file) or "")
        return self.without_copies(text, at)

    def without_copies(self, text: Translated, at: Path) -> Translated:
        """A 'translation' identical to the default-language text is no translation: it is
        dropped, so pages mark the text as untranslated, and the editor is told."""
        source = text.get(self.default_language)
        copies = [lang for lang, value in text.values if lang != self.default_language and value == source]
        for language in copies:
            fallback = FALLBACK_NOTE.format(language=language, default=self.default_language)
            self.warn(
                (*at, language),
                f"the '{language}' text of '{_name(at)}' is the same as the '{self.default_language}' "
                f"text, so it counts as not translated: {fallback}",
            )
        return replace(text, values=tuple(pair for pair in text.values if pair[0] not in copies))

    def translated(self, value: Any, at: Path, required: bool = False) -> Translated | _Invalid:
        expected = ", ".join(f"{language}: …" for language in self.languages)
        if not isinstance(value, dict):
            return self.wrong(at, f"a mapping of languages ({{{expected}}})", value)
        pairs = []
        for language, text in value.items():
            if language not in self.languages:
                known = ", ".join(self.languages)
                self.error_at_key(
                    (*at, language), f"unknown language '{language}' in '{_name(at)}' (expected {known})"
                )
                return INVALID
            checked = self.string(text, (*at, language))
            if isinstance(checked, _Invalid):
                return INVALID
            pairs.append((language, checked))
        if self.default_language not in value:
            self.error(
                at, f"field '{_name(at)}' has no '{self.default_language}' text (the default language)"
            )
            return INVALID
        for language in self.languages:
            if language not in value and required:
                self.error(
                    at, f"no '{language}' text for '{_name(at)}': every language's page needs a description"
                )
                return INVALID
            if language not in value:
                fallback = FALLBACK_NOTE.format(language=language, default=self.default_language)
                self.warn(at, f"no '{language}' text for '{_name(at)}': {fallback}")
        order = {language: i for i, language in enumerate(self.languages)}
        return Translated(tuple(sorted(pairs, key=lambda pair: order[pair[0]])))

    def name(self, value: Any, at: Path) -> Translated | _Invalid:
        if isinstance(value, str) and value.strip():
            return Translated(tuple((language, value.strip()) for language in self.languages))
        if isinstance(value, dict):
            return self.translated(value, at)
        return self.wrong(at, "a name, or a mapping of languages", value)

    def string(self, value: Any, at: Path) -> str | _Invalid:
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return self.wrong(at, "text", value)

    def url(self, type_: UrlType, value: Any, at: Path) -> str | Translated | _Invalid:
        if isinstance(value, str) and URL_PATTERN.match(value):
            return (
                Translated(tuple((lang, value) for lang in self.languages)) if type_.per_language else value
            )
        if type_.per_language and isinstance(value, dict):
            return self.url_per_language(value, at)
        return self.wrong(at, "an absolute URL starting with http:// or https://", value)

    def url_per_language(self, value: dict[str, Any], at: Path) -> Translated | _Invalid:
        """Each language's own URL; a language without one links to the default language's."""
        urls = {}
        for language, url in value.items():
            if language not in self.languages:
                self.error_at_key((*at, language), f"unknown language '{language}' in '{_name(at)}'")
                return INVALID
            checked = self.url(UrlType(), url, (*at, language))
            if isinstance(checked, _Invalid):
                return INVALID
            urls[language] = str(checked)
        if self.default_language not in urls:
            self.error(at, f"field '{_name(at)}' has no '{self.default_language}' URL (the default language)")
            return INVALID
        return Translated(
            tuple((lang, urls.get(lang, urls[self.default_language])) for lang in self.languages)
        )

    def slug(self, type_: SlugType, value: Any, at: Path) -> str | Translated | _Invalid:
        """One slug for every language, or (`per_language`) a mapping that may leave some out:
        those languages make their slug from the name."""
        if isinstance(value, str):
            checked = self.slug_text(value, at)
            if isinstance(checked, str) and type_.per_language:
                return Translated(tuple((language, checked) for language in self.languages))
            return checked
        if not (type_.per_language and isinstance(value, dict)):
            per_language = ", or a mapping of languages" if type_.per_language else ""
            return self.wrong(at, f"a slug such as 'local-diplomacy'{per_language}", value)
        failed = False
        for language in value:
            if language not in self.languages:
                self.error_at_key((*at, language), f"unknown language '{language}' in '{_name(at)}'")
                failed = True
        pairs = [
            (language, self.slug_text(value[language], (*at, language)))
            for language in self.languages
            if language in value
        ]
        if failed or any(isinstance(slug, _Invalid) for _, slug in pairs):
            return INVALID
        return Translated(tuple((language, str(slug)) for language, slug in pairs))

    def slug_text(self, value: Any, at: Path) -> str | _Invalid:
        if not isinstance(value, str):
            return self.wrong(at, "a slug such as 'local-diplomacy'", value)
        if ID_PATTERN.match(value):
            return value
        suggestion = slugify(value)
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        self.error(at, f"slug '{value}' may hold only a-z, 0-9 and single '-' between them{hint}")
        return INVALID

    def stamp(self, type_: StampType, value: Any, at: Path) -> str | Translated | _Invalid:
        """{en: 3f2a9c1e7b04} in a record (a page's file holds its own language's stamp alone)."""
        if not type_.per_language:
            return self.stamp_text(value, at)
        if not isinstance(value, dict):
            return self.wrong(at, "a mapping of translated languages to stamps ({en: '…'})", value)
        pairs = []
        for language, stamp in value.items():
            if language == self.default_language or language not in self.languages:
                others = ", ".join(lang for lang in self.languages if lang != self.default_language)
                self.error_at_key(
                    (*at, language),
                    f"'{_name(at)}' names the languages translated from '{self.default_language}' "
                    f"({others}), not '{language}'",
                )
                return INVALID
            checked = self.stamp_text(stamp, (*at, language))
            if isinstance(checked, _Invalid):
                return INVALID
            pairs.append((language, checked))
        return Translated(tuple(pairs))

    def stamp_text(self, value: Any, at: Path) -> str | _Invalid:
        if isinstance(value, str) and STAMP_PATTERN.match(value):
            return value
        return self.wrong(
            at, "a stamp written by 'unionsite translations --stamp' (12 hex digits, quoted)", value
        )

    def date(self, type_: DateType, value: Any, at: Path) -> PartialDate | _Invalid:
        text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else None
        match = DATE_PATTERN.match(text) if text is not None else None
        if match is None:
            return self.wrong(at, "a date (YYYY, YYYY-MM or YYYY-MM-DD)", value)
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        problem = _impossible(year, month, day)
        if problem:
            self.error(at, f"impossible date '{text}': {problem}")
            return INVALID
        date = PartialDate(year, month, day)
        if type_.past and self.today is not None and date.first_day > self.today:
            happened = f"'{_name(at)}' records what has happened, but {date.iso} is after today"
            self.warn(at, f"{happened} ({self.today.isoformat()}): check the date")
        return date

    def moment(self, type_: MomentType, value: Any, at: Path) -> Moment | _Invalid:
        """A day, or a day and a time: in the site's time zone, or with a zone of its own."""
        example = SITE_TIME_EXAMPLE if type_.site_zone else ZONED_TIME_EXAMPLE
        text = value if isinstance(value, str) else None
        match = MOMENT_PATTERN.match(text.strip()) if text is not None else None
        if text is None or match is None:
            return self.wrong(at, f"a date (2026-11-20) or a date and time ({example})", value)
        year, month, day = (int(part) for part in match.group("year", "month", "day"))
        problem = _impossible(year, month, day)
        if problem:
            self.error(at, f"impossible date '{text}': {problem}")
            return INVALID
        if match["hour"] is None:
            return Moment(datetime.date(year, month, day))
        hour, minute, second = (int(part or 0) for part in match.group("hour", "minute", "second"))
        if hour > 23 or minute > 59 or second > 59:
            self.error(at, f"impossible time in '{text}': hours go to 23, minutes and seconds to 59")
            return INVALID
        zone = match["offset"] or match["zone"]
        moment = Moment(
            datetime.date(year, month, day),
            datetime.time(hour, minute, second),
            SITE_TIME_ZONE_NAME if type_.site_zone else zone,
        )
        problem = self.zone_problem(type_, zone, text, example) or _clock_problem(moment)
        if problem:
            self.error(at, f"'{_name(at)}' {problem}")
            return INVALID
        return moment

    def zone_problem(self, type_: MomentType, zone: str | None, text: str, example: str) -> str | None:
        if type_.site_zone and zone is not None:
            return f"is in the site's time ({SITE_TIME_ZONE_NAME}): write it without a zone, as {example}"
        if type_.site_zone:
            return None
        if zone is None:
            return f"'{text}' has no time zone: add it, as in {example} or 2027-03-10T09:30+03:00"
        if zone == "Z" or (zone[0] in "+-" and _offset_in_use(zone)):
            return None
        if zone[0] not in "+-" and zone in time_zone_names():
            return None
        hint = did_you_mean(zone, time_zone_names()) if zone[0] not in "+-" else ""
        return f"has an unknown time zone '{zone}'{hint}: name one such as Europe/Istanbul, or give +03:00"

    def plain(self, value: Any, at: Path, type_: type[T]) -> T | _Invalid:
        if isinstance(value, type_) and (type_ is bool or not isinstance(value, bool)):
            return value
        return self.wrong(at, "true or false" if type_ is bool else "a whole number", value)

    def country_code(self, value: Any, at: Path) -> str | _Invalid:
        if isinstance(value, bool):
            self.error(at, f"field '{_name(at)}' must be a country code; {_QUOTE_HINT}")
            return INVALID
        if not isinstance(value, str):
            return self.wrong(at, "an ISO 3166 country code such as TR", value)
        if value not in COUNTRY_CODES:
            self.error(at, f"unknown country code '{value}'{did_you_mean(value.upper(), COUNTRY_CODES)}")
            return INVALID
        return value

    def country(self, value: Any, at: Path) -> Country | _Invalid:
        if not isinstance(value, dict):
            code = self.country_code(value, at)
            return code if isinstance(code, _Invalid) else Country(code=code)
        spec = (FieldSpec("code", CountryCodeType()), FieldSpec("name", NameType()))
        values = self.fields(value, at, spec, what="a country: code and/or name")
        if values is None:
            return INVALID
        if not values:
            self.error(at, f"field '{_name(at)}' needs a code, a name or both")
            return INVALID
        return Country(**values)

    def enum(self, type_: EnumType, value: Any, at: Path) -> str | _Invalid:
        if isinstance(value, str) and value in type_.values:
            return value
        choices = ", ".join(type_.values)
        hint = did_you_mean(value, type_.values) if isinstance(value, str) else ""
        self.error(at, f"field '{_name(at)}' must be one of: {choices}; got {_show(value)}{hint}")
        return INVALID

    def reference(self, type_: RefType, value: Any, at: Path) -> str | _Invalid:
        if not isinstance(value, str) or not value:
            article = "an" if type_.kind[0] in "aeiou" else "a"
            return self.wrong(at, f"the id of {article} {type_.kind}", value)
        self.references.append(Reference(type_.kind, value, self.ref(at)))
        return value

    def image(self, value: Any, at: Path) -> Image | _Invalid:
        """{file: bina.jpg, alt: {tr: …, en: …}}: a file in the record's folder, described in
        every language (a page in one language with an undescribed image fails WCAG 1.1.1), or
        `alt: ""` for an image that is only decoration."""
        if not isinstance(value, dict):
            return self.wrong(at, "an image: {file: …, alt: …}", value)
        failed = False
        for key in value:
            if key not in ("file", "alt"):
                self.error_at_key(
                    (*at, key), f"unknown field '{_name((*at, key))}'{did_you_mean(key, ('file', 'alt'))}"
                )
                failed = True
        if value.get("file") is None:
            self.error(at, f"missing required field '{_name((*at, 'file'))}'")
            return INVALID
        written = self.string(value["file"], (*at, "file"))
        if isinstance(written, _Invalid):
            return INVALID
        path = self.image_path(written, self.ref((*at, "file")))
        alt = self.alt(value.get("alt"), (*at, "alt"), written)
        if failed or path is None or isinstance(alt, _Invalid):
            return INVALID
        return Image(path, written, alt)

    def alt(self, value: Any, at: Path, written: str) -> Translated | _Invalid | None:
        """An image's description in every language, or None: decorative, said with `alt: ""`."""
        if value == "":
            return None
        languages = ", ".join(f"{language}: …" for language in self.languages)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.error(
                at[:-1],
                f"image '{written}' has no description: give what it shows in every language, "
                f'alt: {{{languages}}}, or alt: "" if it is only decoration',
            )
            return INVALID
        if not isinstance(value, dict):
            return self.wrong(
                at, f'a description in every language ({{{languages}}}), or "" for decoration', value
            )
        text = self.translated(value, at, required=True)
        return text

    def image_path(self, written: str, at: SourceRef) -> str | None:
        """The image's path from the site root, in the record's own folder; None (and the
        problem reported) if it cannot be there."""
        problem = _image_path_problem(written)
        folder = record_folder(self.file)
        if problem is None and folder is None:
            problem = (
                f"image '{written}': a record's images are kept in a folder of its own: move "
                f"{self.file} to {bundle_path(self.file)} and put '{written}' beside it"
            )
        if problem is not None:
            self.problems.append(ContentError(at, problem))
            return None
        path = f"{folder}/{written}"
        self.images.append(ImageUse(path, written, at))
        return path

    def list(self, type_: ListType, value: Any, at: Path) -> tuple[Any, ...] | _Invalid:
        if not isinstance(value, list):
            return self.wrong(at, "a list", value)
        if len(value) < type_.min_items:
            least = f"{type_.min_items} item{'' if type_.min_items == 1 else 's'}"
            self.error(at, f"field '{_name(at)}' needs at least {least}, has {len(value)}")
            return INVALID
        items = tuple(self.convert(type_.item, item, (*at, i)) for i, item in enumerate(value))
        return INVALID if any(item is INVALID for item in items) else items

    def struct(self, type_: StructType, value: Any, at: Path) -> Any:
        values = self.fields(value, at, type_.fields, what=type_.cls.__name__.lower())
        return INVALID if values is None else type_.cls(**values)

    def note_links(self, markdown: str, at: SourceRef, within: bool) -> None:
        """Remember the internal links of a Markdown text, and warn of its lettered items that
        run on from the line before; `within` places each at its own line."""
        found = findings(markdown)
        for destination in found.destinations:
            link = internal_link(destination)
            where = SourceRef(at.path, at.line + link.line, link.column + 1) if within else at
            if link.image:
                self.problems.append(ContentError(where, _image_message(link.written)))
            else:
                self.links.append((link, where))
        for item in found.run_on:
            where = SourceRef(at.path, at.line + item.line, item.column + 1) if within else at
            self.problems.append(ContentError(where, _run_on_message(item.marker), Severity.WARNING))
        for image in found.images:
            where = SourceRef(at.path, at.line + image.line, image.column + 1) if within else at
            self.note_image(image, where)
        for line, column in found.raw_images:
            where = SourceRef(at.path, at.line + line, column + 1) if within else at
            self.problems.append(ContentError(where, _RAW_IMAGE_MESSAGE))

    def note_image(self, image: ImageFile, at: SourceRef) -> None:
        """An image of a Markdown text: a file in the record's folder, with a description (the
        text is in one language: its description is in that language)."""
        if image.alt.strip():
            self.image_path(image.written, at)
        else:
            self.problems.append(ContentError(at, _no_alt_message(image.written)))

    # -- problems ------------------------------------------------------------------------------

    def ref(self, at: Path) -> SourceRef:
        assert self.positions is not None
        return self.positions.of(at)

    def error(self, at: Path, message: str) -> None:
        self.problems.append(ContentError(self.ref(at), message))

    def warn(self, at: Path, message: str) -> None:
        self.problems.append(ContentError(self.ref(at), message, Severity.WARNING))

    def error_at_key(self, at: Path, message: str) -> None:
        assert self.positions is not None
        self.problems.append(ContentError(self.positions.key(at), message))

    def wrong(self, at: Path, expected: str, value: Any) -> _Invalid:
        self.error(at, f"field '{_name(at)}' must be {expected}, got {_show(value)}")
        return INVALID

    # -- across records ------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Wording of messages


def _offset_in_use(offset: str) -> bool:
    """An offset from UTC that clocks keep somewhere: from -12:00 to +14:00, in whole minutes."""
    minutes = (int(offset[1:3]) * 60 + int(offset[4:6])) * (-1 if offset[0] == "-" else 1)
    return int(offset[4:6]) < 60 and -12 * 60 <= minutes <= 14 * 60


def _clock_problem(moment: Moment) -> str | None:
    """Why a time cannot be told apart in its zone: the clocks skip it (going forward) or show
    it twice (going back). Its offset then says which is meant."""
    aware = moment.moment
    assert aware is not None and moment.zone is not None
    if "/" not in moment.zone:
        return None  # an offset says which it is
    example = f"{moment.day.isoformat()}T{aware.strftime('%H:%M')}"
    there = aware.astimezone(datetime.UTC).astimezone(aware.tzinfo)
    if there.replace(tzinfo=None) != aware.replace(tzinfo=None):
        return f"{example} does not exist in {moment.zone}: the clocks go forward then"
    other = aware.replace(fold=1)
    if other.utcoffset() != aware.utcoffset():
        offsets = " or ".join(_offset(value) for value in (aware, other))
        return f"{example} happens twice in {moment.zone} (the clocks go back): give its offset, {offsets}"
    return None


def _offset(moment: datetime.datetime) -> str:
    """'2027-10-31T02:30+02:00': the time with its offset from UTC."""
    return moment.isoformat(timespec="minutes")


def _impossible(year: int, month: int | None, day: int | None) -> str | None:
    if month is not None and not 1 <= month <= 12:
        return f"there is no month {month}"
    if month is not None and day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"{calendar.month_name[month]} {year} has {days} days"
    return None


_RAW_IMAGE_MESSAGE = (
    "an image written in HTML: write ![what it shows](file name) with the image file in the "
    "record's folder, so that the build makes its sizes"
)


def _no_alt_message(written: str) -> str:
    return (
        f"image '{written}' has no description: write what it shows between the brackets, "
        f'![…]({written}), or ![""]({written}) if it is only decoration'
    )


def _image_path_problem(written: str) -> str | None:
    """Why an image's file, as written, cannot be a file in its record's folder, if it cannot."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", written):
        return (
            f"image '{written}' is not a file of the site: put the image in the record's folder and "
            "give its name (an image from another site would tell that site who reads the page)"
        )
    parts = written.split("/")
    if (
        written.startswith("/")
        or "\\" in written
        or any(p in ("", ".", "..") or p.startswith(".") for p in parts)
    ):
        return (
            f"image '{written}' must be a file in the record's own folder, named from there "
            "(no '..', no leading '/')"
        )
    return None


def _image_message(written: str) -> str:
    return f"image '{written}' names a record, not an image: give the image file's address"


def _run_on_message(marker: str) -> str:
    return (
        f"lettered item '{marker}' runs on from the line before it, as one paragraph with it: "
        f"leave a blank line before '{marker}', so that each item is a paragraph of its own"
    )


def _name(at: Path) -> str:
    text = ""
    for part in at:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _where(at: Path) -> str:
    return f"field '{_name(at)}'" if at else ""


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    return "text"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return _kind_of(value)
