"""RawRecords → typed, cross-checked Records; every problem carries the SourceRef it was found at."""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from babel import Locale

from .config import SiteConfig
from .errors import ContentError, Severity, SourceRef, did_you_mean
from .load import LoadedContent, RawRecord
from .parse import Path, Positions
from .schema import (
    LINKABLE_RECORDS,
    LINKABLE_SECTIONS,
    PAGE_FRONT_MATTER,
    RECORD_SPECS,
    Agreement,
    BoolType,
    Country,
    CountryCodeType,
    CountryType,
    DateType,
    EnumType,
    FieldSpec,
    FieldType,
    InternalLink,
    IntType,
    ListType,
    Membership,
    NameType,
    Organization,
    Page,
    PartialDate,
    RefType,
    Source,
    StrType,
    StructType,
    TextType,
    Translated,
    UrlType,
    internal_links,
)

_LINK_FORMS = "@organization:<id>, @page:<owner>/<key>, @home, @organizations, @memberships or @agreements"
_QUOTE_HINT = "quote it: YAML reads NO, YES, ON and OFF as true/false"
_FALLBACK = "'{language}' pages show the '{default}' text, marked as not yet translated"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
# Two-letter regions CLDR names; 'XK' (Kosovo) is among them, 'ZZ' (unknown) is not.
COUNTRY_CODES = frozenset(
    str(code) for code in Locale("en").territories if len(str(code)) == 2 and str(code).isalpha()
) - {"ZZ"}


@dataclass(frozen=True)
class Records:
    """Every record of the content, by kind and id, in id order."""

    organizations: Mapping[str, Organization]
    memberships: Mapping[str, Membership]
    agreements: Mapping[str, Agreement]
    sources: Mapping[str, Source]
    pages: Mapping[str, Page]


@dataclass(frozen=True)
class Validated:
    records: Records
    problems: tuple[ContentError, ...]


@dataclass(frozen=True)
class _Reference:
    kind: str
    id: str
    at: SourceRef


class _Invalid:
    """Marks a value that failed its check (its problem is already recorded)."""


INVALID = _Invalid()
T = TypeVar("T")


def validate(content: LoadedContent, config: SiteConfig) -> Validated:
    """Type every record, then check ids, references and the owner across all of them."""
    checker = _Checker(config, content.unreadable)
    typed: dict[str, dict[str, Any]] = defaultdict(dict)
    for raw in content.records:
        if raw.kind != "page":
            record = checker.record(raw)
            if record is None:
                checker.failed.add((raw.kind, raw.id))
            else:
                _add_unique(typed[raw.kind], record, raw.kind, checker)
    for page in _pages(content.records, checker):
        _add_unique(typed["page"], page, "page", checker)
    records = Records(**{f"{kind}s": dict(sorted(typed[kind].items())) for kind in (*RECORD_SPECS, "page")})
    checker.check_references(records)
    checker.check_links(records)
    checker.check_owner(records, config)
    checker.check_relations(records)
    return Validated(records, tuple(checker.problems))


def _add_unique(into: dict[str, Any], record: Any, kind: str, checker: _Checker) -> None:
    first = into.get(record.id)
    if first is not None:
        checker.problems.append(
            ContentError(record.at, f"duplicate {kind} id '{record.id}': already defined in {first.at.path}")
        )
        return
    into[record.id] = record


class _Checker:
    """Converts raw values to typed ones, collecting every problem instead of stopping."""

    def __init__(self, config: SiteConfig, unreadable: frozenset[tuple[str, str]]) -> None:
        # Records that exist but failed to load or validate: their own error is reported already,
        # so references to them are not reported a second time.
        self.failed: set[tuple[str, str]] = set(unreadable)
        self.languages = config.languages
        self.default_language = config.default_language
        self.problems: list[ContentError] = []
        self.references: list[_Reference] = []
        self.positions: Positions | None = None
        self.links: list[tuple[InternalLink, SourceRef]] = []

    # -- records -------------------------------------------------------------------------------

    def record(self, raw: RawRecord) -> Any:
        spec = RECORD_SPECS[raw.kind]
        self.positions = raw.positions
        if not self.check_id(raw):
            return None
        values = self.fields(raw.data, (), spec.fields, what=f"a {raw.kind} record")
        if values is None:
            return None
        return spec.cls(at=raw.at, id=raw.id, **values)

    def check_id(self, raw: RawRecord) -> bool:
        record_id = raw.id.rsplit("/", 1)[-1]
        if ID_PATTERN.match(record_id):
            return True
        self.problems.append(
            ContentError(
                SourceRef(raw.at.path),
                f"id '{record_id}' (from the file name) may hold only a-z, 0-9 and single '-' "
                "between them; rename the file",
            )
        )
        return False

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
            DateType: lambda _, v, a: self.date(v, a),
            BoolType: lambda _, v, a: self.plain(v, a, bool),
            IntType: lambda _, v, a: self.plain(v, a, int),
            CountryCodeType: lambda _, v, a: self.country_code(v, a),
            CountryType: lambda _, v, a: self.country(v, a),
            EnumType: self.enum,
            RefType: self.reference,
            ListType: self.list,
            StructType: self.struct,
        }
        return converters[type(type_)](type_, value, at)

    def text(self, type_: TextType, value: Any, at: Path) -> Translated | _Invalid:
        text = self.translated(value, at)
        if type_.markdown and isinstance(text, Translated):
            for _, markdown in text.values:
                self.note_links(markdown, self.ref(at), within=False)
        return text

    def translated(self, value: Any, at: Path) -> Translated | _Invalid:
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
            if language not in value:
                fallback = _FALLBACK.format(language=language, default=self.default_language)
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

    def date(self, value: Any, at: Path) -> PartialDate | _Invalid:
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
        return PartialDate(year, month, day)

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
            return self.wrong(at, f"the id of a {type_.kind}", value)
        self.references.append(_Reference(type_.kind, value, self.ref(at)))
        return value

    def list(self, type_: ListType, value: Any, at: Path) -> tuple[Any, ...] | _Invalid:
        if not isinstance(value, list):
            return self.wrong(at, "a list", value)
        if len(value) < type_.min_items:
            self.error(at, f"field '{_name(at)}' needs at least {type_.min_items} items, has {len(value)}")
            return INVALID
        items = tuple(self.convert(type_.item, item, (*at, i)) for i, item in enumerate(value))
        return INVALID if any(item is INVALID for item in items) else items

    def struct(self, type_: StructType, value: Any, at: Path) -> Any:
        values = self.fields(value, at, type_.fields, what=type_.cls.__name__.lower())
        return INVALID if values is None else type_.cls(**values)

    def note_links(self, markdown: str, at: SourceRef, within: bool) -> None:
        """Remember the internal links of a Markdown text; `within` places each at its own line."""
        for link in internal_links(markdown):
            where = SourceRef(at.path, at.line + link.line, link.column + 1) if within else at
            self.links.append((link, where))

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

    def check_references(self, records: Records) -> None:
        known = {
            "organization": records.organizations,
            "source": records.sources,
        }
        for reference in self.references:
            ids = known[reference.kind]
            if reference.id not in ids and (reference.kind, reference.id) not in self.failed:
                hint = did_you_mean(reference.id, ids)
                self.problems.append(
                    ContentError(reference.at, f"unknown {reference.kind} '{reference.id}'{hint}")
                )

    def check_links(self, records: Records) -> None:
        targets = {"organization": records.organizations, "page": records.pages}
        for link, at in self.links:
            if link.kind in LINKABLE_SECTIONS and not link.key:
                continue
            if link.kind in LINKABLE_RECORDS and link.key in targets[link.kind]:
                continue
            if link.kind in LINKABLE_RECORDS and link.key:
                hint = did_you_mean(link.key, targets[link.kind])
                self.problems.append(ContentError(at, f"link to unknown {link.kind} '{link.key}'{hint}"))
                continue
            self.problems.append(
                ContentError(
                    at,
                    f"link '@{link.kind}{':' if link.key else ''}{link.key}' "
                    f"has no target: write {_LINK_FORMS}",
                )
            )

    def check_owner(self, records: Records, config: SiteConfig) -> None:
        if config.owner not in records.organizations:
            hint = did_you_mean(config.owner, records.organizations)
            message = (
                f"owner '{config.owner}' is not an organization in {config.content_dir}/organizations/{hint}"
            )
            self.problems.append(ContentError(config.owner_at, message))

    def check_relations(self, records: Records) -> None:
        for membership in records.memberships.values():
            if membership.member == membership.organization:
                self.problems.append(
                    ContentError(membership.at, "an organization cannot be a member of itself")
                )
            self.check_period(membership.at, membership.since, membership.until)
            for office in membership.offices:
                self.check_period(membership.at, office.since, office.until)
        for agreement in records.agreements.values():
            repeated = sorted({p for p in agreement.parties if agreement.parties.count(p) > 1})
            if repeated:
                self.problems.append(ContentError(agreement.at, f"party '{repeated[0]}' is listed twice"))

    def check_period(self, at: SourceRef, since: PartialDate, until: PartialDate | None) -> None:
        if until is not None and until.sort_key < since.sort_key:
            self.problems.append(ContentError(at, f"'until' ({until.iso}) is before 'since' ({since.iso})"))


# ---------------------------------------------------------------------------------------------
# Pages: one record from the files of each language


def _pages(raws: Iterable[RawRecord], checker: _Checker) -> list[Page]:
    by_id: dict[str, dict[str, RawRecord]] = defaultdict(dict)
    for raw in raws:
        if raw.kind == "page" and raw.language is not None:
            by_id[raw.id][raw.language] = raw
    pages = []
    for page_id in sorted(by_id):
        page = _page(by_id[page_id], checker)
        if page is not None:
            pages.append(page)
    return pages


def _page(files: Mapping[str, RawRecord], checker: _Checker) -> Page | None:
    default = checker.default_language
    main = files.get(default)
    other = next(iter(files.values()))
    if main is None and ("page", other.id) in checker.failed:
        return None
    if main is None:
        checker.problems.append(
            ContentError(other.at, f"page '{other.id}' has no '{default}' file (the default language)")
        )
        return None
    front: dict[str, dict[str, Any]] = {}
    for language, raw in files.items():
        checker.positions = raw.positions
        if not checker.check_id(raw):
            return None
        specs = PAGE_FRONT_MATTER if language == default else PAGE_FRONT_MATTER[:1]
        values = checker.fields(raw.data if raw.data is not None else {}, (), specs, what="page front matter")
        if values is None:
            return None
        front[language] = values
    for language in checker.languages:
        if language not in files:
            name = f"{main.id.split('/', 1)[1]}.{language}.md"
            message = f"no '{language}' file ({name}): {_FALLBACK.format(language=language, default=default)}"
            checker.problems.append(ContentError(main.at, message, Severity.WARNING))
    for raw in files.values():
        checker.note_links(raw.body or "", SourceRef(raw.at.path, raw.body_line), within=True)
    owner, key = main.id.split("/", 1)
    checker.references.append(_Reference("organization", owner, SourceRef(main.at.path)))
    languages = [language for language in checker.languages if language in files]
    return Page(
        at=main.at,
        id=main.id,
        owner=owner,
        key=key,
        title=Translated(tuple((language, front[language]["title"]) for language in languages)),
        body=Translated(tuple((language, files[language].body or "") for language in languages)),
        order=front[default]["order"],
        shows=front[default]["shows"],
        sources=front[default]["sources"],
    )


# ---------------------------------------------------------------------------------------------
# Wording of messages


def _impossible(year: int, month: int | None, day: int | None) -> str | None:
    if month is not None and not 1 <= month <= 12:
        return f"there is no month {month}"
    if month is not None and day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"{calendar.month_name[month]} {year} has {days} days"
    return None


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
