"""A language's UI-string catalog (.po text) → gettext translations, and the problems that stop
it being used: lines that cannot be read, strings the templates mark but the catalog lacks,
placeholders that differ, and plural forms that are not the language's CLDR plural categories."""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileParser
from babel.support import Translations

from .errors import ContentError, SourceRef, not_utf8

# gettext numbers a language's plural forms in this order of CLDR's categories, as Babel writes
# them: English's msgstr[0] is "one", msgstr[1] "other".
CATEGORY_ORDER = ("zero", "one", "two", "few", "many", "other")

# The counts a catalog's plural expression is tried on: every small number, where the rules of
# all languages differ, and a few large ones.
SAMPLE_COUNTS = (*range(1001), 10_000, 100_000, 1_000_000)


@dataclass(frozen=True)
class UiString:
    """A string a template marks for translation: its msgid (singular, plural) and where."""

    msgid: str | tuple[str, ...]
    at: SourceRef

    @property
    def singular(self) -> str:
        return self.msgid if isinstance(self.msgid, str) else self.msgid[0]


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_KEYWORD = re.compile(r"msgid|msgid_plural|msgctxt|msgstr|msgstr\[\d+\]")
_KEYWORDS = "a line starts with msgctxt, msgid, msgid_plural, msgstr, msgstr[N], a '\"' or a '#'"
# A placeholder as Python's % operator reads it (Jinja formats every UI string with it).
_PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>.)?")


@dataclass(frozen=True)
class UiCatalog:
    """One language's catalog as read, with what Babel's catalog does not keep: the line of each
    header field, and which msgstr[N] forms each plural entry wrote (Babel pads the missing
    ones and drops extra ones, to the header's count), by the line of its msgid."""

    catalog: Catalog
    language: str
    path: str
    header_lines: Mapping[str, tuple[int, str]]
    written_forms: Mapping[int, tuple[int, ...]]


class _Reader(PoFileParser):
    """Babel's .po parser, keeping each entry's written plural forms, and collecting a line it
    cannot read as a located problem where Babel would print a warning or stop."""

    def __init__(self, catalog: Catalog, path: str) -> None:
        super().__init__(catalog)
        self.path = path
        self.problems: list[ContentError] = []
        self.written_forms: dict[int, tuple[int, ...]] = {}
        self.first_lines: dict[tuple[str | None, str], int] = {}

    def _add_message(self) -> None:
        line = self.offset + 1
        if len(self.messages) > 1:  # msgid and msgid_plural
            self.written_forms[line] = tuple(sorted(index for index, _ in self.translations))
        if not self.obsolete:
            context = self.context.denormalize() if self.context else None
            msgid = self.messages[0].denormalize()
            first = self.first_lines.setdefault((context, msgid), line)
            if first != line:
                message = f"msgid '{msgid}' is given twice (first on line {first}): keep one"
                self.problems.append(ContentError(SourceRef(self.path, line), message))
        super()._add_message()

    def _process_keyword_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        keyword, _, text = line.partition(" ")
        if not _KEYWORD.fullmatch(keyword):
            at = SourceRef(self.path, lineno + 1)
            self.problems.append(ContentError(at, f"unknown keyword '{keyword}': {_KEYWORDS}"))
            return
        self._check_quoted(text.strip(), lineno, len(line) - len(text.lstrip()))
        super()._process_keyword_line(lineno, line, obsolete)

    def _process_string_continuation_line(self, line: str, lineno: int) -> None:
        self._check_quoted(line.strip(), lineno, 0)
        super()._process_string_continuation_line(line, lineno)

    def _check_quoted(self, text: str, lineno: int, offset: int) -> None:
        """Babel takes a text without its quotes by cutting its first and last character: a
        missing quote would cut a letter of the translation instead."""
        if not _QUOTED.fullmatch(text):
            at = SourceRef(self.path, lineno + 1, offset + 1)
            message = 'a text must stand between double quotes ("…"), with \\" for a quote inside it'
            self.problems.append(ContentError(at, message))

    def _invalid_pofile(self, line: str, lineno: int, msg: str) -> None:
        if msg == "msg has more translations than num_plurals of catalog":
            return  # the plural check reports it, knowing the forms the entry wrote
        at = SourceRef(self.path, lineno + 1)
        self.problems.append(ContentError(at, f"cannot read this line of the catalog: {msg}"))


def read_catalog(po_text: bytes, language: str, path: str) -> tuple[UiCatalog | None, list[ContentError]]:
    """The catalog (None if it cannot be read at all) and the problems of reading it, located."""
    try:
        text = po_text.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [not_utf8(po_text, error, path, what="catalog")]
    reader = _Reader(Catalog(locale=language), path)
    header = _header_lines(text)
    try:
        reader.parse(io.StringIO(text))
    except ValueError as error:  # a header value Babel cannot read: 'nplurals=two', a bad date
        return None, [
            ContentError(_header_field_of(error, header, path), f"cannot read this header line: {error}")
        ]
    return UiCatalog(reader.catalog, language, path, header, reader.written_forms), reader.problems


def compile_catalog(catalog: UiCatalog) -> Translations:
    """Translations straight from the .po catalog: no compiled .mo file is kept anywhere.
    Fuzzy entries are left out, as gettext's own tools do."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog.catalog)
    buffer.seek(0)
    return Translations(buffer)


def check_catalog(strings: Iterable[UiString], catalog: UiCatalog) -> list[ContentError]:
    """Every problem of `catalog` for the templates' `strings`: a UI string without a translation
    (absent, empty or fuzzy), reported where the template uses it; a translation whose
    placeholders differ; plural forms that are not the language's."""
    return [
        *_untranslated(strings, catalog),
        *_placeholder_problems(catalog),
        *check_plural_forms(catalog),
    ]


def _untranslated(strings: Iterable[UiString], catalog: UiCatalog) -> Iterable[ContentError]:
    reported: set[str] = set()
    for string in strings:
        if _translated(catalog.catalog.get(string.singular)) or string.singular in reported:
            continue
        reported.add(string.singular)
        yield ContentError(
            string.at,
            f"UI string '{string.singular}' has no '{catalog.language}' translation in {catalog.path}: "
            "run 'make messages', then translate it",
        )


def _placeholder_problems(catalog: UiCatalog) -> Iterable[ContentError]:
    """Jinja formats every UI string with Python's % and the values the template gives, which are
    the original's placeholders (and `num` in a plural): a translation may use only those."""
    for message in _messages(catalog.catalog):
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        given = {m["name"] for text in ids for m in _PLACEHOLDER.finditer(text) if m["name"]}
        given |= {"num"} if message.pluralizable else set()
        for form in _forms(message):
            problem = _placeholder_problem(form, given)
            if problem is not None:
                yield ContentError(_at(message, catalog), f"translation of '{_singular(message)}': {problem}")
                break


def _placeholder_problem(text: str, given: set[str]) -> str | None:
    names = ", ".join(f"%({name})s" for name in sorted(given)) or "none"
    for match in _PLACEHOLDER.finditer(text):
        if match[0] == "%%":
            continue
        if match["type"] is None or match["type"] not in "diouxXeEfFgGcrsa":
            return f"'{match[0]}' is not a placeholder: write '%%' for a percent sign"
        if match["name"] is None:
            return (
                f"'{match[0]}' is read as a placeholder with no name: write '%%' for a percent sign, "
                f"or use the original's ({names})"
            )
        if match["name"] not in given:
            return f"placeholder '{match[0]}' is not in the original, which gives {names}"
    return None


def _translated(message: Message | None) -> bool:
    """Whether a translation is there: a plural entry that lacks only some forms is, and the
    plural check says which forms to write."""
    if message is None or message.fuzzy:
        return False
    return any(_forms(message))


# ---------------------------------------------------------------------------------------------
# Plural forms


def plural_categories(language: str) -> tuple[str, ...]:
    """The CLDR plural categories of a language, in gettext's order: ('one', 'other') for Turkish.
    Their number is the number of forms each plural entry of its catalog must have."""
    tags = Locale.parse(language).plural_form.tags | {"other"}
    return tuple(category for category in CATEGORY_ORDER if category in tags)


def check_plural_forms(catalog: UiCatalog) -> list[ContentError]:
    """The catalog's Plural-Forms header and every plural entry against the language's CLDR plural
    categories, whichever Babel release wrote the catalog."""
    categories = plural_categories(catalog.language)
    problems = list(_header_problems(catalog, categories))
    for message in _messages(catalog.catalog):
        if message.pluralizable and (change := _forms_change(message, catalog, len(categories))):
            has = f"translation of '{_singular(message)}'"
            problems.append(ContentError(_at(message, catalog), f"{has}: {change}, since {_needs(catalog)}"))
    return problems


def _forms_change(message: Message, catalog: UiCatalog, count: int) -> str | None:
    """'write msgstr[1]', 'remove msgstr[2]' or both, for a plural entry that does not have the
    language's `count` forms; None for one that does, or that is not translated at all yet
    (reported where a template uses it)."""
    written = set(catalog.written_forms.get(message.lineno or 0, ()))
    texts = dict(enumerate(_forms(message)))  # Babel's, padded or cut to the header's count
    wanted = set(range(count))
    empty = {index for index in written & wanted if not texts.get(index)}
    extra = written - wanted
    if written - extra <= empty and not extra:
        return None
    changes = []
    if (wanted - written) | empty:
        changes.append("write " + ", ".join(f"msgstr[{i}]" for i in sorted((wanted - written) | empty)))
    if extra:
        changes.append("remove " + ", ".join(f"msgstr[{i}]" for i in sorted(extra)))
    return " and ".join(changes) or None


def _header_problems(catalog: UiCatalog, categories: Sequence[str]) -> Iterable[ContentError]:
    wanted = f"'{Catalog(locale=catalog.language).plural_forms}'"
    if "Plural-Forms" not in catalog.header_lines:
        if any(message.pluralizable for message in _messages(catalog.catalog)):
            at = SourceRef(catalog.path, catalog.header_lines.get("", (1, ""))[0])
            yield ContentError(at, f"the header has no Plural-Forms, and {_needs(catalog)}: write {wanted}")
        return
    declared = catalog.catalog.num_plurals
    if declared != len(categories):
        at = _header_at(catalog, "Plural-Forms", "nplurals")
        yield ContentError(
            at, f"Plural-Forms says nplurals={declared}, but {_needs(catalog)}: write {wanted}"
        )
        return
    wrong = _first_wrong_count(catalog.catalog.plural_expr, catalog.language, categories)
    if wrong is not None:
        yield ContentError(
            _header_at(catalog, "Plural-Forms", "plural="), f"Plural-Forms: {wrong}: write {wanted}"
        )


def _first_wrong_count(expression: str, language: str, categories: Sequence[str]) -> str | None:
    """Why the catalog's plural expression does not pick each count's CLDR form, if it does not."""
    try:
        pick = gettext.c2py(expression)
    except (ValueError, SyntaxError) as error:
        return f"cannot read 'plural={expression}' ({error})"
    rule = Locale.parse(language).plural_form
    for count in SAMPLE_COUNTS:
        expected = categories.index(rule(count))
        if pick(count) != expected:
            return (
                f"'plural={expression}' picks form {pick(count)} for {count}, "
                f"which is form {expected} ('{rule(count)}') in {_language_name(language)}"
            )
    return None


def _needs(catalog: UiCatalog) -> str:
    """'Turkish has 2 plural forms (one, other)'."""
    categories = plural_categories(catalog.language)
    forms = f"{len(categories)} plural form{'' if len(categories) == 1 else 's'}"
    return f"{_language_name(catalog.language)} has {forms} ({', '.join(categories)})"


# ---------------------------------------------------------------------------------------------
# Places in the .po text, which Babel does not keep


def _header_lines(text: str) -> dict[str, tuple[int, str]]:
    """The header entry (key "") and each of its fields: line number and text. The header is the
    first entry, up to the first blank line."""
    lines: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if "" not in lines:
            if line.startswith('msgid ""'):
                lines[""] = (number, line)
        elif not line.strip():
            break
        elif line.startswith('"') and ":" in line:
            lines.setdefault(line[1:].partition(":")[0], (number, line))
    return lines


def _header_field_of(error: ValueError, header: Mapping[str, tuple[int, str]], path: str) -> SourceRef:
    """The header line holding the value an error quotes ('two' of 'nplurals=two'), else the
    header's first line."""
    quoted = re.findall(r"'([^']+)'", str(error))
    for number, line in sorted(header.values()):
        if any(value in line for value in quoted):
            return SourceRef(path, number, 2)
    return SourceRef(path, header.get("", (1, ""))[0])


def _header_at(catalog: UiCatalog, field: str, needle: str) -> SourceRef:
    """Where `needle` is written on the header's `field` line."""
    number, line = catalog.header_lines[field]
    return SourceRef(catalog.path, number, line.find(needle) + 1 or 1)


# ---------------------------------------------------------------------------------------------
# Babel's messages


def _messages(catalog: Catalog) -> Iterable[Message]:
    """The catalog's entries, without the header entry (msgid "")."""
    return (message for message in catalog if message.id)


def _forms(message: Message) -> tuple[str, ...]:
    string = message.string
    return tuple(string) if isinstance(string, tuple | list) else (string or "",)


def _singular(message: Message) -> str:
    return str(message.id if isinstance(message.id, str) else message.id[0])


def _at(message: Message, catalog: UiCatalog) -> SourceRef:
    return SourceRef(catalog.path, message.lineno or 1)


def _language_name(language: str) -> str:
    return Locale.parse(language).get_display_name("en") or language
