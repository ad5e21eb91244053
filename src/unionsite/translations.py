"""Records → the state of every translation, per record and language: translated, fallback,
missing or outdated; outdated texts are marked so that pages say so.

A translation records which version of its source it was made from: `translated_from` holds a
hash of the default-language texts, written by `unionsite translations --stamp`. When the source
changes later, the hash no longer matches and the translation is outdated.

The rules: a text field (description, note, scope, a page's text…) without its own text in a
language is *missing*; the page shows the default-language text, marked. A name without its own
form is a *fallback*: proper names may stay in the original language. A record whose texts are
all there and whose stamp matches (or that has none yet) is *translated*.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .config import SiteConfig
from .errors import ContentError, Severity, SourceRef
from .kinds import Kind
from .schema import (
    CountryType,
    FieldType,
    ImageType,
    ListType,
    NameType,
    StrType,
    StructType,
    TextType,
    Translated,
    field_at,
)
from .validate import Records

STATUSES = ("translated", "fallback", "missing", "outdated")
STAMP_FIELD = "translated_from"


@dataclass(frozen=True)
class TextField:
    """A translatable value of a record: `kind` is 'text' (must be translated) or 'name'."""

    path: str
    kind: str
    value: Translated


@dataclass(frozen=True)
class TranslationState:
    """One record in one language other than the default."""

    kind: str
    id: str
    language: str
    status: str
    missing: tuple[str, ...]
    fallback: tuple[str, ...]
    own: bool  # whether the language has any text of its own (only then can it be stamped)
    stamp: str | None
    source: str
    file: str  # the file a translator edits
    at: SourceRef  # where the stamp is, or would go
    files: tuple[str, ...]  # every file of the record: naming any of them stamps it
    by_language: bool = False  # a file a language (a page's), with one stamp each

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "language": self.language,
            "status": self.status,
            "file": self.file,
            "missing": list(self.missing),
            "fallback": list(self.fallback),
            "stamp": self.stamp,
            "source": self.source,
        }


@dataclass(frozen=True)
class TranslationReport:
    default_language: str
    languages: tuple[str, ...]
    states: tuple[TranslationState, ...]

    def counts(self, language: str) -> dict[str, int]:
        counted = Counter(state.status for state in self.states if state.language == language)
        return {status: counted[status] for status in STATUSES}

    def summary(self) -> str:
        """'en: 40 translated, 1 fallback, 0 missing, 0 outdated' for each language."""
        return "\n".join(
            f"{language}: " + ", ".join(f"{n} {status}" for status, n in self.counts(language).items())
            for language in self.languages
        )

    @property
    def unfinished(self) -> tuple[TranslationState, ...]:
        return tuple(state for state in self.states if state.status in ("missing", "outdated"))

    def table(self) -> str:
        """One line per record and language: language, status, file, and what is not there."""
        lines = []
        for state in self.states:
            details = [*state.missing, *(f"{path} (name)" for path in state.fallback)]
            if state.status == "outdated":
                details.insert(0, f"the '{self.default_language}' text changed since stamp {state.stamp}")
            elif state.stamp is None and state.own:
                details.append("not stamped")
            line = f"{state.language}  {state.status:<10}  {state.file}"
            lines.append(f"{line}  ({'; '.join(details)})" if details else line)
        return "\n".join(lines)

    def to_json(self) -> str:
        data = {
            "default_language": self.default_language,
            "summary": {language: self.counts(language) for language in self.languages},
            "records": [state.as_json() for state in self.states],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class RecordTranslations:
    """One record's states, warnings and marked version, kept while the record stays the same."""

    record: Any  # as validated
    states: tuple[TranslationState, ...]
    problems: tuple[ContentError, ...]
    marked: Any  # the record with its outdated texts marked, or the record itself


@dataclass(frozen=True)
class Translations:
    records: Records  # outdated texts marked
    report: TranslationReport
    problems: tuple[ContentError, ...]
    by_record: Mapping[tuple[str, str], RecordTranslations] = field(default_factory=dict)


def check_translations(
    records: Records,
    config: SiteConfig,
    previous: Translations | None = None,
    changed: frozenset[tuple[str, str]] | None = None,
) -> Translations:
    """The state of every record in every language but the default; a warning for each outdated
    translation (missing ones were reported while validating). A record that is the very same
    object as in `previous` keeps what was found for it there; `changed` (with `previous`): the
    (kind, id) of the only records that are not, so that no other record is looked at."""
    default = config.default_language
    languages = tuple(language for language in config.languages if language != default)
    if previous is not None and changed is not None:
        return _with_changed(records, previous, changed, languages, default)
    known = previous.by_record if previous is not None else {}
    by_record: dict[tuple[str, str], RecordTranslations] = {}
    marked: dict[str, dict[str, Any]] = {}
    for kind in records.model.kinds:
        for record in records.of(kind.name).values():
            old = known.get((kind.name, record.id))
            found = old if old is not None and old.record is record else None
            found = found or _record_translations(kind, record, languages, default)
            by_record[(kind.name, record.id)] = found
            if found.marked is not record:
                marked.setdefault(kind.name, {})[record.id] = found.marked
    states = sorted((state for found in by_record.values() for state in found.states), key=_state_order)
    problems = tuple(problem for found in by_record.values() for problem in found.problems)
    changed_groups = {kind: {**records.of(kind), **updates} for kind, updates in marked.items()}
    report = TranslationReport(default, languages, tuple(states))
    return Translations(
        replace(records, tables={**records.tables, **changed_groups}), report, problems, by_record
    )


def _state_order(state: TranslationState) -> tuple[str, str, str]:
    return state.language, state.file, state.id


def _with_changed(
    records: Records,
    previous: Translations,
    changed: frozenset[tuple[str, str]],
    languages: tuple[str, ...],
    default: str,
) -> Translations:
    """`previous` with the changed records' states, warnings and marked versions made again."""
    by_record = dict(previous.by_record)
    groups: dict[str, dict[str, Any]] = {}
    states: list[TranslationState] | None = list(previous.report.states)
    same_problems = True
    for kind, record_id in sorted(changed):
        record = records.of(kind)[record_id]
        old = by_record[(kind, record_id)]
        declared = records.model.kind(kind)
        found = by_record[(kind, record_id)] = _record_translations(declared, record, languages, default)
        groups.setdefault(kind, dict(previous.records.of(kind)))[record_id] = found.marked
        states = _replaced(states, old.states, found.states) if states is not None else None
        same_problems = same_problems and found.problems == old.problems
    if states is None:  # a record gained or lost a state: sort them all again
        states = sorted((state for found in by_record.values() for state in found.states), key=_state_order)
    problems = previous.problems
    if not same_problems:
        problems = tuple(problem for found in by_record.values() for problem in found.problems)
    report = TranslationReport(default, languages, tuple(states))
    records = replace(previous.records, tables={**previous.records.tables, **groups})
    return Translations(records, report, problems, by_record)


def _replaced(
    states: list[TranslationState], old: tuple[TranslationState, ...], new: tuple[TranslationState, ...]
) -> list[TranslationState] | None:
    """`states` (in order) with each of `old` swapped for its counterpart in `new`, found by
    bisection; None if they do not pair up in the same places."""
    if len(old) != len(new):
        return None
    for before, after in zip(old, new, strict=True):
        place = bisect.bisect_left(states, _state_order(before), key=_state_order)
        if _state_order(after) != _state_order(before) or place == len(states) or states[place] is not before:
            return None
        states[place] = after
    return states


def _record_translations(
    kind: Kind, record: Any, languages: tuple[str, ...], default: str
) -> RecordTranslations:
    """A record without any text of its own has nothing to translate, and no state."""
    fields = tuple(text_fields(record, kind))
    states = tuple(_state(kind, record, fields, language, default) for language in languages if fields)
    outdated = frozenset(s.language for s in states if s.status == "outdated")
    problems = tuple(_outdated_warning(s, default) for s in states if s.status == "outdated")
    marked = _mark_outdated(record, kind, fields, outdated) if outdated else record
    return RecordTranslations(record, states, problems, marked)


def text_fields(record: Any, kind: Kind) -> Iterator[TextField]:
    """The record's translatable values; of a kind written in Markdown, each file's texts (its
    title) and its body."""
    if kind.markdown is not None:
        for spec in kind.markdown.language_fields:
            if isinstance(spec.type, StrType):
                yield TextField(spec.name, "text", getattr(record, spec.name))
        yield TextField("body", "text", record.body)
        for spec in kind.markdown.shared_fields:  # written once, in the default language's file
            yield from _fields_of(spec.type, getattr(record, spec.name), spec.name)
        return
    for spec in kind.fields:
        yield from _fields_of(spec.type, getattr(record, spec.name), spec.name)


def _fields_of(type_: FieldType, value: Any, path: str) -> Iterator[TextField]:
    if value is None:
        return
    if isinstance(type_, TextType):
        yield TextField(path, "text", value)
    elif isinstance(type_, NameType):
        yield TextField(path, "name", value)
    elif isinstance(type_, CountryType) and value.name is not None:
        yield TextField(f"{path}.name", "name", value.name)
    elif isinstance(type_, ImageType) and value.alt is not None:
        yield TextField(f"{path}.alt", "text", value.alt)
    elif isinstance(type_, ListType):
        for index, item in enumerate(value):
            yield from _fields_of(type_.item, item, f"{path}[{index}]")
    elif isinstance(type_, StructType):
        for spec in type_.fields:
            yield from _fields_of(spec.type, getattr(value, spec.name), f"{path}.{spec.name}")


def source_hash(fields: tuple[TextField, ...], default: str) -> str:
    """A hash of the default-language texts a translation is made from. A name written once for
    every language needs no translation, so it does not count."""
    entries = [
        [field.path, (field.value.get(default) or "").strip()]
        for field in fields
        if field.kind == "text" or len({text for _, text in field.value.values}) > 1
    ]
    encoded = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:12]


def _state(
    kind: Kind, record: Any, fields: tuple[TextField, ...], language: str, default: str
) -> TranslationState:
    missing = tuple(f.path for f in fields if f.kind == "text" and f.value.get(language) is None)
    fallback = tuple(f.path for f in fields if f.kind == "name" and f.value.get(language) is None)
    own = any(f.value.get(language) is not None for f in fields)
    stamps: Translated | None = record.translated_from
    stamp = stamps.get(language) if stamps else None
    source = source_hash(fields, default)
    if missing:
        status = "missing"
    elif stamp is not None and stamp != source:
        status = "outdated"
    else:
        status = "fallback" if fallback else "translated"
    by_language = kind.markdown is not None
    file, at = _stamp_place(record, language, by_language)
    files = tuple(p.path for _, p in record.files) if by_language else (file,)
    return TranslationState(
        kind.name,
        record.id,
        language,
        status,
        missing,
        fallback,
        own,
        stamp,
        source,
        file,
        at,
        files,
        by_language,
    )


def _stamp_place(record: Any, language: str, by_language: bool) -> tuple[str, SourceRef]:
    """The file a translator edits, and where its stamp is (or the file's first line)."""
    if by_language:
        at = record.file_at(language, (STAMP_FIELD,))
        return at.path, at
    return record.at.path, field_at(record, (STAMP_FIELD, language))


def _outdated_warning(state: TranslationState, default: str) -> ContentError:
    return ContentError(
        state.at,
        f"the '{state.language}' translation was made from an older '{default}' text (stamp "
        f"{state.stamp}, now {state.source}): update it, then run "
        f"'unionsite translations --stamp {state.file}'",
        Severity.WARNING,
    )


def _mark_outdated(record: Any, kind: Kind, fields: tuple[TextField, ...], languages: frozenset[str]) -> Any:
    """The record with its texts marked as outdated in `languages`, for the pages' notices."""
    if kind.markdown is not None:
        own = {spec.name for spec in kind.markdown.language_fields} | {"body"}
        texts = {f.path: replace(f.value, outdated=languages) for f in fields if f.path in own}
        shared = {
            spec.name: _marked(spec.type, getattr(record, spec.name), languages)
            for spec in kind.markdown.shared_fields
        }
        return replace(record, **texts, **shared)
    changes = {spec.name: _marked(spec.type, getattr(record, spec.name), languages) for spec in kind.fields}
    return replace(record, **changes)


def _marked(type_: FieldType, value: Any, languages: frozenset[str]) -> Any:
    if value is None:
        return None
    if isinstance(type_, TextType):
        return replace(value, outdated=languages)
    if isinstance(type_, ImageType) and value.alt is not None:
        return replace(value, alt=replace(value.alt, outdated=languages))
    if isinstance(type_, ListType):
        return tuple(_marked(type_.item, item, languages) for item in value)
    if isinstance(type_, StructType):
        changes = {
            spec.name: _marked(spec.type, getattr(value, spec.name), languages) for spec in type_.fields
        }
        return replace(value, **changes)
    return value


# ---------------------------------------------------------------------------------------------
# Stamping: the new text of the files whose translations are stamped


def stamp_files(
    report: TranslationReport, texts: Mapping[str, str], files: frozenset[str] | None
) -> dict[str, str]:
    """The new text of every file that gets a stamp: the translations of `files` (every file of
    a record counts), or, when `files` is None, every translation that has no stamp yet. Only a
    language with some text of its own is stamped."""
    chosen = [
        state
        for state in report.states
        if state.own
        and state.stamp != state.source
        and (state.stamp is None if files is None else not files.isdisjoint(state.files))
    ]
    by_file: dict[str, list[TranslationState]] = {}
    for state in chosen:
        by_file.setdefault(state.file, []).append(state)
    edited: dict[str, str] = {}
    for file, states in sorted(by_file.items()):
        if states[0].by_language:  # a page's file holds one language, so one stamp
            edited[file] = set_front_matter_field(texts[file], STAMP_FIELD, _quoted(states[0].source))
        else:
            edited[file] = set_top_level_field(texts[file], STAMP_FIELD, _record_stamps(report, states))
    return edited


def _record_stamps(report: TranslationReport, chosen: list[TranslationState]) -> str:
    """The record's stamps after stamping `chosen`, in language order, as a flow mapping."""
    record = (chosen[0].kind, chosen[0].id)
    current = {s.language: s.stamp for s in report.states if (s.kind, s.id) == record and s.stamp}
    current.update({s.language: s.source for s in chosen})
    pairs = [
        f"{language}: {_quoted(current[language])}" for language in report.languages if language in current
    ]
    return "{" + ", ".join(pairs) + "}"


def _quoted(stamp: str) -> str:
    """Quoted, because a stamp of digits alone would read as a number."""
    return f"'{stamp}'"


def set_top_level_field(text: str, key: str, value: str) -> str:
    """`text` (YAML) with the top-level `key` set to `value`: its lines replaced where it was,
    else a line added at the end. Other lines, comments included, stay as they are."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    new_line = f"{key}: {value}{newline}"
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if start is None:
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        return "".join([*lines, new_line])
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines after the field belong to what follows
    return "".join([*lines[:start], new_line, *lines[end:]])


def set_front_matter_field(text: str, key: str, value: str) -> str:
    """A page's text with `key` set in its front matter (between the two '---' lines)."""
    lines = text.splitlines(keepends=True)
    close = next(i for i, line in enumerate(lines[1:], start=1) if line.rstrip() == "---")
    front = set_top_level_field("".join(lines[1:close]), key, value)
    return "".join([lines[0], front, *lines[close:]])
