"""RawRecords → typed, cross-checked Records; every problem carries the SourceRef it was found at."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from .config import SiteConfig
from .errors import ContentError, Severity, SourceRef, did_you_mean
from .fields import FALLBACK_NOTE, ID_PATTERN, FieldChecker, ImageUse, Reference
from .kinds import MODEL, Kind, Model, Records
from .kinds.base import NO_DAY
from .load import BUNDLE_FILE, LoadedContent, RawRecord, record_folder
from .parse import control_character
from .schema import InternalLink, Translated

HOME = "home"  # the one section every site has besides its kinds' lists: @home links it

__all__ = ["Records", "Validated", "validate"]


def _unpublished_link(link: InternalLink, reason: str) -> str:
    return (
        f"link to {link.kind} '{link.key}', which is {reason} and not published: a published page "
        "cannot link to it until it is (remove the link, or publish both together)"
    )


def _link_forms(model: Model) -> str:
    """The internal links the build follows, for messages: '@organization:<id>, …'."""
    records = [f"@{kind.name}:{kind.pages.link_form}" for kind in model.kinds if kind.pages is not None]
    sections = [f"@{section}" for section in (HOME, *(kind.plural for kind in model.listed()))]
    return f"{', '.join(records + sections[:-1])} or {sections[-1]}, with ids in lowercase (a-z, 0-9 and '-')"


def _fragment_forms(model: Model) -> str:
    """'@agreements#<agreement id> and @memberships#<membership id>': the lists a link may name
    an entry of, in the order of their names."""
    anchored = sorted((k for k in model.listed() if k.listing and k.listing.anchored), key=lambda k: k.plural)
    forms = [f"@{kind.plural}#<{kind.name} id>" for kind in anchored]
    return " and ".join(forms) if len(forms) < 3 else ", ".join(forms[:-1]) + f" and {forms[-1]}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What typing one record gave, kept so that an unchanged record is not typed again: the
    record (None when it failed), its problems, and the references and links it makes, which
    are checked against all records afresh every time."""

    raws: tuple[RawRecord, ...]  # what it was made from: a page has one file per language
    record: Any
    problems: tuple[ContentError, ...]
    references: tuple[Reference, ...]
    links: tuple[tuple[InternalLink, SourceRef], ...]
    images: tuple[ImageUse, ...] = ()  # the image files it shows


@dataclass(frozen=True, slots=True)
class Validated:
    records: Records
    problems: tuple[ContentError, ...]
    outcomes: Mapping[str, Outcome] = field(default_factory=dict)  # by file, or '<kind>:<id>'
    typed: int = 0  # how many records were typed rather than reused
    # What checking each outcome against the other records found (references, links, relations),
    # by the outcome's key, where it found something.
    cross: Mapping[str, tuple[ContentError, ...]] = field(default_factory=dict)
    failed: frozenset[tuple[str, str]] = frozenset()  # (kind, id) of records that did not type
    # After an edit that kept every id (and every record's success), the (kind, id) of the
    # records that are new objects: later stages redo only what those make. None otherwise.
    changed: frozenset[tuple[str, str]] | None = None


def validate(
    content: LoadedContent, config: SiteConfig, previous: Validated | None = None, model: Model = MODEL
) -> Validated:
    """Type every record, then check ids, references and the owner across all of them. A record
    made from the very same raw records as in `previous` keeps its outcome there; when the
    content says which files changed and the edit kept every id, only those are looked at.
    `model`: the kinds, whose declarations say what a record of each holds."""
    if previous is not None and content.changed is not None:
        edited = _edited(content, config, previous, content.changed, model)
        if edited is not None:
            return edited
    checker = _Checker(config, content.unreadable, model, content.resources)
    known = previous.outcomes if previous is not None else {}
    outcomes: dict[str, Outcome] = {}
    for raw in content.records:
        if model.kind(raw.kind).markdown is None:
            outcomes[raw.at.path] = _reuse(known.get(raw.at.path), (raw,)) or checker.outcome(
                (raw,), partial(checker.record, raw)
            )
    for (kind, record_id), files in _markdown_files(content.records, model).items():
        raws = tuple(files.values())
        key = f"{kind}:{record_id}"
        outcomes[key] = _reuse(known.get(key), raws) or checker.outcome(
            raws, partial(_markdown_record, model.kind(kind), files, checker)
        )
    typed: dict[str, dict[str, Any]] = defaultdict(dict)
    for outcome in outcomes.values():
        checker.problems += outcome.problems
        kind = outcome.raws[0].kind
        if outcome.record is None:
            checker.failed.add((kind, outcome.raws[0].id))
        else:
            _add_unique(typed[kind], outcome.record, kind, checker)
    records = _published(
        Records({kind.name: dict(sorted(typed[kind.name].items())) for kind in model.kinds}, model), config
    )
    cross = {}
    for key, outcome in outcomes.items():
        found = checker.cross_problems(outcome, records)
        if found:
            cross[key] = found
            checker.problems += found
    checker.check_owner(records, config)
    reused = sum(1 for key, outcome in outcomes.items() if known.get(key) is outcome)
    failed = frozenset(checker.failed)
    return Validated(records, tuple(checker.problems), outcomes, len(outcomes) - reused, cross, failed)


def _edited(
    content: LoadedContent, config: SiteConfig, previous: Validated, paths: frozenset[str], model: Model
) -> Validated | None:
    """`previous` with the records of the changed `paths` typed again and checked against the
    others, if the edit kept every id and every record's success or failure (else None: check
    everything). The others' checks cannot have changed then: they hold against the same ids."""
    checker = _Checker(config, previous.failed, model, content.resources)
    outcomes = dict(previous.outcomes)
    groups: dict[str, dict[str, Any]] = {}
    cross = dict(previous.cross)
    dropped: set[int] = set()
    added: list[ContentError] = []
    changed: set[tuple[str, str]] = set()
    keys = sorted({_outcome_key(path, content, model) for path in paths})
    for key in keys:
        old = outcomes.get(key)
        new = _retyped(key, old, content, checker)
        if old is None or new is None or (old.record is None) != (new.record is None):
            return None
        kind, record_id = old.raws[0].kind, old.raws[0].id
        if _held_back(model.kind(kind), (old.record, new.record), config):
            return None  # a record going into or out of the site, or one left out of it
        group = previous.records.of(kind)
        if old.record is not None and group.get(record_id) is not old.record:
            return None  # a duplicate id: which record wins is the whole run's business
        if new.record is not None and new == replace(old, raws=new.raws):
            new = replace(old, raws=new.raws)  # typed the same: the record stays the same object
        elif new.record is not None:
            groups.setdefault(kind, dict(group))[record_id] = new.record
            changed.add((kind, record_id))
        outcomes[key] = new
        dropped.update(map(id, (*old.problems, *cross.pop(key, ()))))
        added += new.problems
    records = replace(previous.records, tables={**previous.records.tables, **groups})
    for key in keys:
        found = checker.cross_problems(outcomes[key], records)
        if found:
            cross[key] = found
            added += found
    problems = (*(p for p in previous.problems if id(p) not in dropped), *added)
    return Validated(records, problems, outcomes, len(keys), cross, previous.failed, frozenset(changed))


def _published(records: Records, config: SiteConfig) -> Records:
    """The records with those not to be published on "today" left out (drafts, records dated
    later), unless the build asks for drafts: which are left out and why is kept."""
    if config.drafts:
        return records
    today = config.today or NO_DAY
    tables, unpublished, held = dict(records.tables), {}, {}
    for kind in records.model.kinds:
        found = {i: kind.unpublished(record, today) for i, record in records.of(kind.name).items()}
        reasons = {i: reason for i, reason in found.items() if reason is not None}
        if reasons:
            tables[kind.name] = {i: r for i, r in records.of(kind.name).items() if i not in reasons}
            held[kind.name] = {i: r for i, r in records.of(kind.name).items() if i in reasons}
            unpublished[kind.name] = reasons
    if not unpublished:
        return records
    return replace(records, tables=tables, unpublished=unpublished, held=held)


def _held_back(kind: Kind, records: Iterable[Any], config: SiteConfig) -> bool:
    """Whether any of these records of `kind` is left out of the site."""
    if config.drafts:
        return False
    today = config.today or NO_DAY
    return any(record is not None and kind.unpublished(record, today) is not None for record in records)


def _outcome_key(path: str, content: LoadedContent, model: Model) -> str:
    """The key of the outcome a file's record goes into: its path, or '<kind>:<id>' for a record
    written in one Markdown file per language ('page:mbb/tarihce')."""
    loaded = content.files.get(path)
    result = loaded.result if loaded is not None else None
    if isinstance(result, RawRecord) and model.kind(result.kind).markdown is not None:
        return f"{result.kind}:{result.id}"
    return path


def _retyped(key: str, old: Outcome | None, content: LoadedContent, checker: _Checker) -> Outcome | None:
    """The outcome of typing the record at `key` again from its files now, if they are the same
    files as `old` was made from and all still load (else None)."""
    if old is None:
        return None
    raws: list[RawRecord] = []
    for before in old.raws:
        loaded = content.files.get(before.at.path)
        if loaded is None or not isinstance(loaded.result, RawRecord):
            return None
        raws.append(loaded.result)
    kind = checker.model.kind(raws[0].kind)
    if kind.markdown is not None:
        languages = {raw.language or "": raw for raw in raws}
        return checker.outcome(tuple(raws), partial(_markdown_record, kind, languages, checker))
    return checker.outcome(tuple(raws), partial(checker.record, raws[0]))


def _reuse(outcome: Outcome | None, raws: tuple[RawRecord, ...]) -> Outcome | None:
    """The outcome, if it was made from these very raw records (checked by identity: this runs
    for every record of every rebuild)."""
    if outcome is None or len(outcome.raws) != len(raws):
        return None
    if len(raws) == 1:
        return outcome if outcome.raws[0] is raws[0] else None
    return outcome if all(old is new for old, new in zip(outcome.raws, raws, strict=True)) else None


def _add_unique(into: dict[str, Any], record: Any, kind: str, checker: _Checker) -> None:
    first = into.get(record.id)
    if first is not None:
        checker.problems.append(
            ContentError(record.at, f"duplicate {kind} id '{record.id}': already defined in {first.at.path}")
        )
        return
    into[record.id] = record


class _Checker(FieldChecker):
    """Types whole records with the field checks, then checks them against each other."""

    def __init__(
        self,
        config: SiteConfig,
        unreadable: frozenset[tuple[str, str]],
        model: Model,
        resources: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(config.languages, config.default_language, config.today)
        self.model = model
        self.resources = resources  # the files in records' own folders: the images there are
        # Records that exist but failed to load or validate: their own error is reported already,
        # so references to them are not reported a second time.
        self.failed: set[tuple[str, str]] = set(unreadable)

    def outcome(self, raws: tuple[RawRecord, ...], typing: Callable[[], Any]) -> Outcome:
        """Type a record on its own: what it reports is kept with it, not in the run's lists."""
        self.problems, self.references, self.links, self.images = [], [], [], []
        record = typing()
        outcome = Outcome(
            raws,
            record,
            tuple(self.problems),
            tuple(self.references),
            tuple(self.links),
            tuple(self.images),
        )
        self.problems, self.references, self.links, self.images = [], [], [], []
        return outcome

    # -- records -------------------------------------------------------------------------------

    def record(self, raw: RawRecord) -> Any:
        kind = self.model.kind(raw.kind)
        self.positions = raw.positions
        self.file = raw.at.path
        if not self.check_id(raw):
            return None
        values = self.fields(raw.data, (), kind.fields, what=f"a {raw.kind} record")
        if values is None:
            return None
        return kind.cls(at=raw.at, id=raw.id, positions=raw.positions, **values)

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

    def cross_problems(self, outcome: Outcome, records: Records) -> tuple[ContentError, ...]:
        """What checking a record against all the others finds: references and links to records
        that do not exist, and relations that cannot be (once per id: a duplicate is not checked)."""
        record = outcome.record
        kind = self.model.kind(outcome.raws[0].kind)
        held = record is not None and record.id in records.unpublished.get(kind.name, {})
        problems = [
            *(self.reference_problem(reference, records, held) for reference in outcome.references),
            *(self.link_problem(link, at, records, held) for link, at in outcome.links),
            *(self.image_problem(image) for image in outcome.images),
        ]
        if record is not None and (held or records.of(kind.name).get(record.id) is record):
            problems += kind.checks(record, records)
        return tuple(problem for problem in problems if problem is not None)

    def image_problem(self, image: ImageUse) -> ContentError | None:
        """Why an image file cannot be shown: there is none of that name in the record's folder."""
        if image.path in self.resources:
            return None
        folder = image.path[: -len(image.written)]
        beside = {path.removeprefix(folder) for path in self.resources if path.startswith(folder)}
        hint = did_you_mean(image.written, beside)
        return ContentError(image.at, f"image '{image.written}' not found: there is no {image.path}{hint}")

    def reference_problem(
        self, reference: Reference, records: Records, unpublished: bool = False
    ) -> ContentError | None:
        ids = records.of(reference.kind)
        if reference.id in ids or (reference.kind, reference.id) in self.failed:
            return None
        held = records.unpublished.get(reference.kind, {}).get(reference.id)
        if held is not None:
            reason = f"{reference.kind} '{reference.id}' is {held}, not published"
            return (
                None
                if unpublished
                else ContentError(reference.at, f"{reason}: a published record cannot refer to it")
            )
        # A record with errors of its own is still a name the editor may have meant.
        broken = {record_id for kind, record_id in self.failed if kind == reference.kind}
        hint = did_you_mean(reference.id, {*ids, *broken})
        return ContentError(reference.at, f"unknown {reference.kind} '{reference.id}'{hint}")

    def link_problem(
        self, link: InternalLink, at: SourceRef, records: Records, unpublished: bool = False
    ) -> ContentError | None:
        """Why a link cannot be followed, if it cannot: its form, its record (one not published
        yet, unless the linking record is not either), or the entry its fragment names on a
        list page."""
        model = self.model
        linked = model.by_name.get(link.kind)
        listed = model.by_plural(link.kind)
        record = linked is not None and linked.pages is not None and bool(link.key)
        section = (link.kind == HOME or (listed is not None and listed.listing is not None)) and not link.key
        if not (section or record):
            message = f"link '{link.written}' is not one the build can follow: write {_link_forms(model)}"
            return ContentError(at, message)
        empty = listed is not None and listed.listing is not None and not listed.listing.shown_empty
        if section and empty and listed is not None and not records.of(listed.name):
            return ContentError(at, f"link to the list of {listed.plural}, which has none yet and so no page")
        problem = self.linked_record_problem(link, at, records, unpublished) if record else None
        if problem is not None or (record and not link.fragment):
            return problem
        anchored = (
            listed if listed is not None and listed.listing is not None and listed.listing.anchored else None
        )
        if link.fragment and (anchored is None or record):
            message = f"link '{link.written}' names a place on a page: only {_fragment_forms(model)} may"
            return ContentError(at, message)
        if link.fragment and anchored is not None and link.fragment not in records.of(anchored.name):
            entries = records.of(anchored.name)
            hint = did_you_mean(link.fragment, entries)
            return ContentError(at, f"link '{link.written}' names no {anchored.name} '{link.fragment}'{hint}")
        return None

    def linked_record_problem(
        self, link: InternalLink, at: SourceRef, records: Records, unpublished: bool
    ) -> ContentError | None:
        if (link.kind, link.key) in self.failed:
            return None  # it exists, with errors of its own that are reported
        held = records.unpublished.get(link.kind, {}).get(link.key)
        if held is not None:
            return None if unpublished else ContentError(at, _unpublished_link(link, held))
        if link.key not in records.of(link.kind):
            hint = did_you_mean(link.key, records.of(link.kind))
            return ContentError(at, f"link to unknown {link.kind} '{link.key}'{hint}")
        return None

    def check_owner(self, records: Records, config: SiteConfig) -> None:
        kind = self.model.kind(self.model.owner.kind)
        if (kind.name, config.owner) in self.failed:
            return  # it exists, with errors of its own that are reported
        if config.owner not in records.of(kind.name):
            hint = did_you_mean(config.owner, records.of(kind.name))
            article = "an" if kind.name[0] in "aeiou" else "a"
            message = (
                f"owner '{config.owner}' is not {article} {kind.name} in "
                f"{config.content_dir}/{kind.plural}/{hint}"
            )
            self.problems.append(ContentError(config.owner_at, message))


# ---------------------------------------------------------------------------------------------
# Kinds written in Markdown (pages): one record from the files of each language


def _check_body_characters(raw: RawRecord, checker: _Checker) -> None:
    body = raw.body or ""
    control = control_character(body)
    if control is not None:
        offset = body.index(chr(int(control[2:], 16)))
        line = body.count("\n", 0, offset)
        column = offset - (body.rfind("\n", 0, offset) + 1) + 1
        at = SourceRef(raw.at.path, raw.body_line + line, column)
        checker.problems.append(
            ContentError(at, f"the text holds the control character {control}: remove it")
        )


def _markdown_files(raws: Iterable[RawRecord], model: Model) -> dict[tuple[str, str], dict[str, RawRecord]]:
    """The files of each record written in Markdown by language, by (kind, id) in that order."""
    by_id: dict[tuple[str, str], dict[str, RawRecord]] = defaultdict(dict)
    for raw in raws:
        if raw.language is not None and model.kind(raw.kind).markdown is not None:
            by_id[(raw.kind, raw.id)][raw.language] = raw
    return {key: by_id[key] for key in sorted(by_id)}


def _markdown_record(kind: Kind, files: Mapping[str, RawRecord], checker: _Checker) -> Any:
    """The record of a kind written in Markdown from its files, one a language: each gives its
    title (and slug), the default language's the fields they share."""
    markdown = kind.markdown
    assert markdown is not None
    default = checker.default_language
    main = files.get(default)
    other = next(iter(files.values()))
    if main is None and (kind.name, other.id) in checker.failed:
        return None
    if main is None:
        message = f"{kind.name} '{other.id}' has no '{default}' file (the default language)"
        checker.problems.append(ContentError(other.at, message))
        return None
    if not all(checker.check_id(raw) for raw in files.values()):
        return None
    front: dict[str, dict[str, Any]] = {}
    for language, raw in files.items():  # every file is checked, so that all its mistakes show
        checker.positions = raw.positions
        checker.file = raw.at.path
        specs = kind.fields_of(language, default)
        data = raw.data if raw.data is not None else {}
        values = checker.fields(data, (), specs, what=f"{kind.name} front matter")
        if values is not None:
            front[language] = values
    if len(front) < len(files):
        return None
    for language in checker.languages:
        if language not in files:
            stem = BUNDLE_FILE if record_folder(main.at.path) else main.id.split("/", 1)[1]
            name = f"{stem}.{language}.md"
            message = (
                f"no '{language}' file ({name}): {FALLBACK_NOTE.format(language=language, default=default)}"
            )
            checker.problems.append(ContentError(main.at, message, Severity.WARNING))
    for raw in files.values():
        checker.file = raw.at.path
        checker.note_links(raw.body or "", SourceRef(raw.at.path, raw.body_line), within=True)
        _check_body_characters(raw, checker)
    owner, key = main.id.split("/", 1)
    checker.references.append(Reference(markdown.under, owner, SourceRef(main.at.path)))
    languages = [language for language in checker.languages if language in files]
    own = {spec.name: _per_language(front, spec.name, languages) for spec in markdown.language_fields}
    own |= {spec.name: _per_language(front, spec.name, languages) for spec in markdown.translation_fields}
    shared = {spec.name: front[default].get(spec.name, spec.default) for spec in markdown.shared_fields}
    return kind.cls(
        at=main.at,
        id=main.id,
        owner=owner,
        key=key,
        body=Translated(
            tuple((language, files[language].body or "") for language in _translated(files, checker)),
            folder=record_folder(main.at.path) or "",
        ),
        files=tuple((language, files[language].positions) for language in languages),
        **own,
        **shared,
    )


# ---------------------------------------------------------------------------------------------


def _translated(files: Mapping[str, RawRecord], checker: _Checker) -> list[str]:
    """The languages whose file has a text of its own: a copy of the default-language text is
    no translation, and is reported."""
    default = checker.default_language
    source = (files[default].body or "").strip()
    languages = []
    for language in checker.languages:
        raw = files.get(language)
        if raw is None:
            continue
        if language != default and source and (raw.body or "").strip() == source:
            fallback = FALLBACK_NOTE.format(language=language, default=default)
            message = (
                f"the text is the same as in the '{default}' file, so it counts as not translated: {fallback}"
            )
            checker.problems.append(
                ContentError(SourceRef(raw.at.path, raw.body_line), message, Severity.WARNING)
            )
            continue
        languages.append(language)
    return languages


def _per_language(
    front: Mapping[str, Mapping[str, Any]], name: str, languages: Iterable[str]
) -> Translated | None:
    """A front-matter field each language's file may give, as one value per language."""
    pairs = tuple(
        (language, front[language][name]) for language in languages if front[language].get(name) is not None
    )
    return Translated(pairs) if pairs else None
