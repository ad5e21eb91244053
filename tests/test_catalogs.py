"""catalogs: UI-string catalogs read with their places, checked against the templates' strings
and against each language's CLDR plural categories, whichever Babel release wrote them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from jinja2 import DictLoader, FileSystemLoader

from unionsite.catalogs import (
    UiCatalog,
    UiString,
    check_catalog,
    compile_catalog,
    plural_categories,
    read_catalog,
)
from unionsite.errors import ContentError
from unionsite.render import make_environment, read_templates

from .conftest import ROOT, tree
from .test_cli import NOTHING_WRITTEN, run

TEMPLATES = {
    "page.html": '<p>{{ _("Home") }}</p>\n<p>{{ _("since %(date)s", date=d) }}</p>\n',
    "list.html": '{{ ngettext("%(num)d organization", "%(num)d organizations", n) }}\n{{ _("Home") }}\n',
}
PLURAL = ("%(num)d organization", "%(num)d organizations")
Entries = dict[str | tuple[str, str], str | tuple[str, ...]]
COMPLETE: Entries = {
    "Home": "Ana sayfa",
    "since %(date)s": "%(date)s tarihinden bu yana",
    PLURAL: ("%(num)d kuruluş", "%(num)d kuruluş"),
}
TR_CATALOG = "locale/tr/LC_MESSAGES/messages.po"


def _po(entries: Entries, fuzzy: bool = False) -> bytes:
    """A Turkish .po text as `pybabel` writes it, header included."""
    catalog = Catalog(locale="tr")
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [])
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=False)
    return buffer.getvalue()


def _read(po_text: bytes, language: str = "tr") -> UiCatalog:
    catalog, problems = read_catalog(po_text, language, "messages.po")
    assert problems == []
    assert catalog is not None
    return catalog


def _strings() -> tuple[UiString, ...]:
    return read_templates(make_environment(DictLoader(TEMPLATES)), "templates").strings


def _located(problems: list[ContentError]) -> list[tuple[str, str]]:
    return [(str(problem.source), problem.message) for problem in problems]


def _line_of(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(start))


# ---------------------------------------------------------------------------------------------
# UI strings


def test_every_marked_string_is_found_with_its_place() -> None:
    found = sorted((s.at.path, s.at.line, s.at.column, s.msgid) for s in _strings())
    assert found == [
        ("templates/list.html", 1, 14, PLURAL),
        ("templates/list.html", 2, 7, "Home"),
        ("templates/page.html", 1, 10, "Home"),
        ("templates/page.html", 2, 10, "since %(date)s"),
    ]


def test_a_complete_catalog_has_no_problems() -> None:
    assert check_catalog(_strings(), _read(_po(COMPLETE))) == []


def test_a_string_missing_from_the_catalog_is_an_error_naming_it_and_the_language() -> None:
    entries = {k: v for k, v in COMPLETE.items() if k != "Home"}
    catalog, _ = read_catalog(_po(entries), "tr", "locale/tr/messages.po")
    assert catalog is not None
    assert _located(check_catalog(_strings(), catalog)) == [
        (
            "templates/list.html:2:7",
            "UI string 'Home' has no 'tr' translation in locale/tr/messages.po: "
            "run 'make messages', then translate it",
        )
    ]


@pytest.mark.parametrize(
    ("entries", "msgid"),
    [({**COMPLETE, "since %(date)s": ""}, "since %(date)s"), ({**COMPLETE, PLURAL: ("", "")}, PLURAL[0])],
    ids=["empty", "empty-plural"],
)
def test_an_empty_translation_counts_as_missing(entries: Entries, msgid: str) -> None:
    problems = check_catalog(_strings(), _read(_po(entries)))
    assert [problem.message for problem in problems] == [
        f"UI string '{msgid}' has no 'tr' translation in messages.po: run 'make messages', then translate it"
    ]


def test_a_fuzzy_translation_counts_as_missing() -> None:
    problems = check_catalog(_strings(), _read(_po(COMPLETE, fuzzy=True)))
    assert sorted(p.message.split("'")[1] for p in problems) == [
        "%(num)d organization",
        "Home",
        "since %(date)s",
    ]


GIVES_DATE = "the original, which gives %(date)s"
PLACEHOLDER_PROBLEMS = {
    "unknown": ("%(tarih)s tarihinden bu yana", f"placeholder '%(tarih)s' is not in {GIVES_DATE}"),
    "unnamed": (
        "%s tarihinden bu yana",
        "'%s' is read as a placeholder with no name: write '%%' for a percent sign, "
        "or use the original's (%(date)s)",
    ),
    "lone-percent": (
        "%(date)s tarihinden bu yana, %",
        "'%' is not a placeholder: write '%%' for a percent sign",
    ),
}


@pytest.mark.parametrize("case", sorted(PLACEHOLDER_PROBLEMS))
def test_a_translation_with_placeholders_the_template_does_not_give_is_an_error_at_its_entry(
    case: str,
) -> None:
    translation, problem = PLACEHOLDER_PROBLEMS[case]
    po = _po({**COMPLETE, "since %(date)s": translation})
    line = _line_of(po.decode(), 'msgid "since %(date)s"')
    assert _located(check_catalog(_strings(), _read(po))) == [
        (f"messages.po:{line}:1", f"translation of 'since %(date)s': {problem}")
    ]


def test_a_placeholder_in_the_translation_of_a_string_without_any_is_an_error() -> None:
    po = _po({**COMPLETE, "Home": "Ana %(sayfa)s"})
    line = _line_of(po.decode(), 'msgid "Home"')
    assert _located(check_catalog(_strings(), _read(po))) == [
        (
            f"messages.po:{line}:1",
            "translation of 'Home': placeholder '%(sayfa)s' is not in the original, which gives none",
        )
    ]


def test_a_percent_sign_written_twice_and_num_in_a_plural_are_fine() -> None:
    po = _po({**COMPLETE, "Home": "Ana sayfa %%100", PLURAL: ("%(num)d kuruluş", "%(num)s kuruluş")})
    assert check_catalog(_strings(), _read(po)) == []


QUOTES = 'a text must stand between double quotes ("…"), with \\" for a quote inside it'
BROKEN_LINES = {
    "unterminated": ('msgstr "Ana sayfa', 8, QUOTES),
    "unquoted": ('msgstr Ana sayfa"', 8, QUOTES),
    "continuation": ('msgstr ""\n"Ana sayfa', 1, QUOTES),
    "keyword": (
        'msgstring "Ana sayfa"',
        1,
        "unknown keyword 'msgstring': "
        + ("a line starts with msgctxt, msgid, msgid_plural, msgstr, msgstr[N], a '\"' or a '#'"),
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_LINES))
def test_a_line_babel_would_misread_is_an_error_at_its_place(case: str) -> None:
    written, column, message = BROKEN_LINES[case]
    text = _po(COMPLETE).decode()
    assert 'msgstr "Ana sayfa"' in text
    text = text.replace('msgstr "Ana sayfa"', written)
    line = _line_of(text, written.splitlines()[-1])
    catalog, problems = read_catalog(text.encode(), "tr", "messages.po")
    assert catalog is not None
    expected = [(f"messages.po:{line}:{column}", message)]
    if case == "keyword":  # the entry has no msgstr left, which Babel reports too
        missing = "cannot read this line of the catalog: missing msgstr for msgid 'Home'"
        expected.append((f"messages.po:{line - 1}:1", missing))
    assert _located(problems) == expected


def test_a_msgid_given_twice_is_an_error_at_the_second() -> None:
    text = _po(COMPLETE).decode() + '\nmsgid "Home"\nmsgstr "Giriş"\n'
    catalog, problems = read_catalog(text.encode(), "tr", "messages.po")
    assert catalog is not None
    first, second = (n for n, line in enumerate(text.splitlines(), 1) if line == 'msgid "Home"')
    assert _located(problems) == [
        (f"messages.po:{second}:1", f"msgid 'Home' is given twice (first on line {first}): keep one")
    ]


def test_the_shipped_catalogs_translate_every_ui_string() -> None:
    strings = read_templates(make_environment(FileSystemLoader(ROOT / "templates")), "templates").strings
    assert len({s.singular for s in strings}) > 30
    for language in ("tr", "en"):
        po = (ROOT / "locale" / language / "LC_MESSAGES" / "messages.po").read_bytes()
        assert check_catalog(strings, _read(po, language)) == []


# ---------------------------------------------------------------------------------------------
# Plural forms


@pytest.mark.parametrize(
    ("language", "categories"),
    [
        ("tr", ("one", "other")),
        ("en", ("one", "other")),
        ("ja", ("other",)),
        ("ar", ("zero", "one", "two", "few", "many", "other")),
    ],
)
def test_a_language_has_a_form_for_each_of_its_cldr_plural_categories(
    language: str, categories: tuple[str, ...]
) -> None:
    assert plural_categories(language) == categories


def test_the_shipped_turkish_catalog_has_two_forms_in_its_header_and_in_every_plural_entry() -> None:
    catalog = _read((ROOT / TR_CATALOG).read_bytes())
    plural = [message for message in catalog.catalog if message.id and message.pluralizable]
    assert catalog.catalog.num_plurals == 2
    assert len(plural) >= 3
    assert all(isinstance(m.string, tuple) and len(m.string) == 2 and all(m.string) for m in plural)


def test_turkish_picks_its_one_and_other_forms_by_count() -> None:
    po = _po({PLURAL: ("%(num)d kuruluş (bir)", "%(num)d kuruluş (çok)")})
    translations = compile_catalog(_read(po))
    picked = [translations.ngettext(*PLURAL, count) % {"num": count} for count in (0, 1, 2)]
    assert picked == ["0 kuruluş (çok)", "1 kuruluş (bir)", "2 kuruluş (çok)"]


ONE_FORM_HEADER = '"Plural-Forms: nplurals=1; plural=0;\\n"'
TWO_FORM_HEADER = '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
WANTED = "write 'nplurals=2; plural=(n != 1);'"


def _with_header(header: str, entries: Entries = COMPLETE) -> str:
    text = _po(entries).decode()
    assert TWO_FORM_HEADER in text
    return text.replace(TWO_FORM_HEADER, header)


@pytest.mark.parametrize(
    ("header", "column", "message"),
    [
        (
            '"Plural-Forms: nplurals=3; plural=(n != 1);\\n"',
            16,
            "Plural-Forms says nplurals=3, but Turkish has 2 plural forms (one, other): " + WANTED,
        ),
        (
            '"Plural-Forms: nplurals=2; plural=0;\\n"',
            28,
            "Plural-Forms: 'plural=0' picks form 0 for 0, which is form 1 ('other') in Turkish: " + WANTED,
        ),
        (
            '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"',
            28,
            "Plural-Forms: 'plural=(n > 1)' picks form 0 for 0, which is form 1 ('other') in Turkish: "
            + WANTED,
        ),
        (
            '"Plural-Forms: nplurals=2; plural=(n !=;\\n"',
            28,
            "Plural-Forms: cannot read 'plural=(n !=' (unexpected end of plural form): " + WANTED,
        ),
    ],
    ids=["three-forms", "always-the-first", "french-rule", "unreadable-rule"],
)
def test_a_plural_forms_header_that_is_not_the_languages_is_an_error_on_its_line(
    header: str, column: int, message: str
) -> None:
    text = _with_header(header)
    line = _line_of(text, '"Plural-Forms:')
    problems = check_catalog(_strings(), _read(text.encode()))
    assert _located(problems)[0] == (f"messages.po:{line}:{column}", message)


def test_a_catalog_with_plural_entries_and_no_plural_forms_header_is_an_error_at_its_header() -> None:
    text = _with_header("")
    assert _located(check_catalog(_strings(), _read(text.encode()))) == [
        (
            f"messages.po:{_line_of(text, 'msgid')}:1",
            "the header has no Plural-Forms, and Turkish has 2 plural forms (one, other): " + WANTED,
        )
    ]


@pytest.mark.parametrize(
    ("forms", "change"),
    [
        ('msgstr[0] "%(num)d kuruluş"\n', "write msgstr[1]"),
        ('msgstr[0] "%(num)d kuruluş"\nmsgstr[1] ""\n', "write msgstr[1]"),
        ('msgstr[1] "%(num)d kuruluş"\n', "write msgstr[0]"),
        ('msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n', "remove msgstr[2]"),
        ('msgstr[0] "a"\nmsgstr[2] "c"\n', "write msgstr[1] and remove msgstr[2]"),
    ],
    ids=["one-form", "empty-second", "no-first", "three-forms", "skipped-form"],
)
def test_a_plural_entry_without_the_languages_forms_is_an_error_at_its_entry(forms: str, change: str) -> None:
    text = _po(COMPLETE).decode()
    written = 'msgstr[0] "%(num)d kuruluş"\nmsgstr[1] "%(num)d kuruluş"\n'
    assert written in text
    text = text.replace(written, forms)
    line = _line_of(text, 'msgid "%(num)d organization"')
    assert _located(check_catalog(_strings(), _read(text.encode()))) == [
        (
            f"messages.po:{line}:1",
            f"translation of '%(num)d organization': {change}, since Turkish has 2 plural forms (one, other)",
        )
    ]


def test_an_untranslated_plural_entry_unused_by_the_templates_is_no_error() -> None:
    text = _po({**COMPLETE, ("%(num)d city", "%(num)d cities"): ("", "")})
    assert check_catalog(_strings(), _read(text)) == []


@pytest.mark.parametrize(
    ("replace", "by", "field", "message"),
    [
        ("nplurals=2;", "nplurals=two;", "Plural-Forms", "invalid literal for int() with base 10: 'two'"),
        (
            "POT-Creation-Date: ",
            "POT-Creation-Date: yesterday",
            "POT-Creation-Date",
            "time data 'yesterday' does not match format '%Y-%m-%d %H:%M'",
        ),
    ],
)
def test_a_header_value_that_cannot_be_read_is_an_error_on_its_line(
    replace: str, by: str, field: str, message: str
) -> None:
    text = _po(COMPLETE).decode()
    if field == "POT-Creation-Date":
        written = text.splitlines()[_line_of(text, f'"{field}:') - 1]
        text = text.replace(written, f'"{by}\\n"')
    else:
        text = text.replace(replace, by)
    catalog, problems = read_catalog(text.encode(), "tr", "messages.po")
    assert catalog is None
    line = _line_of(text, f'"{field}:')
    assert _located(problems) == [(f"messages.po:{line}:2", f"cannot read this header line: {message}")]


def test_invalid_utf8_in_a_catalog_is_an_error_at_its_character() -> None:
    text = _po(COMPLETE).replace("kuruluş".encode(), "kuruluş".encode() + b"\xe2", 1)
    catalog, problems = read_catalog(text, "tr", "messages.po")
    assert catalog is None
    line = _line_of(text.decode("utf-8", "replace"), 'msgstr[0] "%(num)d kuruluş')
    assert _located(problems) == [
        (f"messages.po:{line}:27", "invalid UTF-8 (byte 0xe2); save the catalog as UTF-8")
    ]


def test_a_one_form_turkish_catalog_fails_the_build_with_each_place_and_keeps_the_last_site(
    fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A catalog as Babel 2.18 wrote it (nplurals=1, one msgstr per plural entry)."""
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    good = tree(fixture_site / "build")
    catalog = fixture_site / TR_CATALOG
    text = catalog.read_text(encoding="utf-8")
    assert TWO_FORM_HEADER in text
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("msgstr[1] ")]
    old = "".join(lines).replace(TWO_FORM_HEADER, ONE_FORM_HEADER)
    catalog.write_text(old, encoding="utf-8")

    code, out, err = run(["build", "--site", str(fixture_site)], capsys)

    entries = [
        f"{TR_CATALOG}:{message.lineno}:1: translation of '{message.id[0]}': write msgstr[1], "
        "since Turkish has 2 plural forms (one, other)\n"
        f"    {old.splitlines()[(message.lineno or 0) - 1]}\n"
        "    ^\n"
        for message in read_po(io.StringIO(old))
        if message.pluralizable
    ]
    assert (code, out) == (1, "")
    assert len(entries) >= 3
    assert err == (
        f"{TR_CATALOG}:{_line_of(old, ONE_FORM_HEADER)}:16: Plural-Forms says nplurals=1, but Turkish "
        f"has 2 plural forms (one, other): {WANTED}\n"
        f"    {ONE_FORM_HEADER}\n"
        f"    {' ' * 15}^\n" + "".join(entries) + f"{len(entries) + 1} errors, 0 warnings\n" + NOTHING_WRITTEN
    )
    assert tree(fixture_site / "build") == good


CATALOG_MISTAKES = {
    "unterminated": ('msgstr "Ana sayfaya git"', 'msgstr "Ana sayfaya git', 8, QUOTES),
    "unquoted": ('msgstr "Ana sayfaya git"', 'msgstr Ana sayfaya git"', 8, QUOTES),
    "placeholder": (
        'msgstr "Ana sayfaya git"',
        'msgstr "%(sayfa)s git"',
        1,
        "translation of 'Go to the home page': placeholder '%(sayfa)s' is not in the original, "
        "which gives none",
    ),
    "invalid-utf8": ('msgstr "Ana sayfaya git"', 'msgstr "Ana sayfaya git\udcff"', 24, ""),
    "duplicate": (
        'msgid "Go to the home page"\nmsgstr "Ana sayfaya git"\n',
        'msgid "Go to the home page"\nmsgstr "Ana sayfaya git"\n\n'
        'msgid "Go to the home page"\nmsgstr "Eve"\n',
        1,
        "",
    ),
}


@pytest.mark.parametrize("case", sorted(CATALOG_MISTAKES))
def test_a_catalog_mistake_fails_the_build_at_its_line_and_keeps_the_last_site(
    case: str, fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    good = tree(fixture_site / "build")
    old, new, column, message = CATALOG_MISTAKES[case]
    catalog = fixture_site / TR_CATALOG
    text = catalog.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    catalog.write_bytes(changed.encode("utf-8", "surrogateescape"))
    lines = changed.splitlines()
    if case == "duplicate":
        first, line = (n for n, written in enumerate(lines, 1) if written == 'msgid "Go to the home page"')
        message = f"msgid 'Go to the home page' is given twice (first on line {first}): keep one"
    elif case == "invalid-utf8":
        line = _line_of(changed, 'msgstr "Ana sayfaya git\udcff')
        message = "invalid UTF-8 (byte 0xff); save the catalog as UTF-8"
    else:
        line = _line_of(changed, new.splitlines()[-1]) - (case == "placeholder")

    code, out, err = run(["build", "--site", str(fixture_site)], capsys)

    assert (code, out) == (1, "")
    assert err.splitlines()[0] == f"{TR_CATALOG}:{line}:{column}: {message}"
    assert err.endswith(f"1 error, 0 warnings\n{NOTHING_WRITTEN}")
    assert tree(fixture_site / "build") == good
