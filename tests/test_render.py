"""render: the fixture site's pages, compared with golden files byte for byte.

After an intended change of templates or views, regenerate the golden files with
`UPDATE_GOLDEN=1 make test` and review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from jinja2 import DictLoader, FileSystemLoader

from unionsite.build import BuildReport, build
from unionsite.i18n import Localizer
from unionsite.render import (
    UiString,
    check_catalog,
    display_url,
    language_name,
    make_environment,
    read_catalog,
    read_templates,
)

from .conftest import ROOT, tree

GOLDEN = ROOT / "tests" / "golden" / "fixture"


def test_the_fixture_site_matches_its_golden_files(fixture_site: Path) -> None:
    report = build(fixture_site)
    assert report.output is not None
    # every file the build makes but the assets (tests/test_assets.py) and Pagefind's binary index
    # (tests/test_pages_in_browser.py searches it)
    pages = {
        path: content
        for path, content in tree(report.output).items()
        if not path.startswith(("assets/", "pagefind/"))
    }
    if os.environ.get("UPDATE_GOLDEN"):
        for path, content in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(content)
    golden = {path: content for path, content in tree(GOLDEN).items()}
    assert sorted(pages) == sorted(golden)
    for path in sorted(pages):
        assert pages[path].decode() == golden[path].decode(), path


@pytest.mark.parametrize(("code", "name"), [("tr", "Türkçe"), ("en", "English")])
def test_language_names_are_written_in_their_own_language(code: str, name: str) -> None:
    assert language_name(code) == name


def test_urls_are_shown_as_people_write_them() -> None:
    assert display_url("https://www.aebr.eu/") == "www.aebr.eu"
    assert display_url("http://english.cifca.org.cn/Introduction.aspx?id=49") == (
        "english.cifca.org.cn/Introduction.aspx?id=49"
    )


# ---------------------------------------------------------------------------------------------
# UI strings and their catalogs

TEMPLATES = {
    "page.html": '<p>{{ _("Home") }}</p>\n<p>{{ _("since %(date)s", date=d) }}</p>\n',
    "list.html": '{{ ngettext("%(num)d organization", "%(num)d organizations", n) }}\n{{ _("Home") }}\n',
}


def _catalog(entries: dict[str | tuple[str, str], str | tuple[str, str]], fuzzy: bool = False) -> Catalog:
    catalog = Catalog(locale="tr")
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [])
    return catalog


def _strings() -> tuple[UiString, ...]:
    return read_templates(make_environment(DictLoader(TEMPLATES)), "templates").strings


COMPLETE: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Home": "Ana sayfa",
    "since %(date)s": "%(date)s tarihinden bu yana",
    ("%(num)d organization", "%(num)d organizations"): ("%(num)d kuruluş",),  # type: ignore[dict-item]
}


def test_every_marked_string_is_found_with_its_place() -> None:
    found = sorted((s.at.path, s.at.line, s.at.column, s.msgid) for s in _strings())
    assert found == [
        ("templates/list.html", 1, 14, ("%(num)d organization", "%(num)d organizations")),
        ("templates/list.html", 2, 7, "Home"),
        ("templates/page.html", 1, 10, "Home"),
        ("templates/page.html", 2, 10, "since %(date)s"),
    ]


def test_a_complete_catalog_has_no_problems() -> None:
    assert check_catalog(_strings(), _catalog(COMPLETE), "tr", "messages.po") == []


def test_a_string_missing_from_the_catalog_is_an_error_naming_it_and_the_language() -> None:
    entries = {k: v for k, v in COMPLETE.items() if k != "Home"}
    problems = check_catalog(_strings(), _catalog(entries), "tr", "locale/tr/messages.po")
    assert [(str(p.source), p.message) for p in problems] == [
        (
            "templates/list.html:2:7",
            "UI string 'Home' has no 'tr' translation in locale/tr/messages.po: "
            "run 'make messages', then translate it",
        )
    ]


@pytest.mark.parametrize(
    "entries",
    [
        {**COMPLETE, "since %(date)s": ""},
        {**COMPLETE, ("%(num)d organization", "%(num)d organizations"): ("",)},
    ],
    ids=["empty", "empty-plural"],
)
def test_an_empty_translation_counts_as_missing(
    entries: dict[str | tuple[str, str], str | tuple[str, str]],
) -> None:
    problems = check_catalog(_strings(), _catalog(entries), "tr", "messages.po")
    assert len(problems) == 1
    assert "has no 'tr' translation" in problems[0].message


def test_a_fuzzy_translation_counts_as_missing() -> None:
    problems = check_catalog(_strings(), _catalog(COMPLETE, fuzzy=True), "tr", "messages.po")
    assert sorted(p.message.split("'")[1] for p in problems) == [
        "%(num)d organization",
        "Home",
        "since %(date)s",
    ]


def test_a_translation_with_other_placeholders_is_an_error() -> None:
    catalog = _catalog({**COMPLETE, "since %(date)s": "%(tarih)s tarihinden bu yana"})
    problems = check_catalog(_strings(), catalog, "tr", "messages.po")
    assert [p.message for p in problems] == [
        "translation of 'since %(date)s': unknown named placeholder 'tarih'"
    ]


def test_the_shipped_catalogs_translate_every_ui_string() -> None:
    strings = read_templates(make_environment(FileSystemLoader(ROOT / "templates")), "templates").strings
    assert len({s.singular for s in strings}) > 30
    for language in ("tr", "en"):
        po = (ROOT / "locale" / language / "LC_MESSAGES" / "messages.po").read_bytes()
        assert check_catalog(strings, read_catalog(po, language), language, "messages.po") == []


def test_filters_follow_the_language_of_the_environment() -> None:
    template = "{{ 'istanbul'|upper }} {{ '2040'|ablative }} {{ '2006'|inflect('dative') }} {{ 1234|number }}"
    results = {
        language: make_environment(DictLoader({}), local=Localizer(language, "tr", locale))
        .from_string(template)
        .render()
        for language, locale in (("tr", "tr_TR"), ("en", "en_GB"))
    }
    assert results == {"tr": "İSTANBUL 2040&#39;tan 2006&#39;ya 1.234", "en": "ISTANBUL 2040 2006 1,234"}


def test_two_workers_cold_and_with_a_warm_cache_make_the_bytes_one_cold_process_makes(
    tmp_path: Path,
) -> None:
    def build_with(workers: int, output: str, cache: str) -> BuildReport:
        return build(ROOT, output=str(tmp_path / output), cache=str(tmp_path / cache), workers=workers)

    one = build_with(1, "one", cache="cache-of-one")
    cold = build_with(2, "cold", cache="cache")
    warm = build_with(2, "warm", cache="cache")
    assert [report.rendered.workers for report in (one, cold, warm)] == [1, 2, 2]
    assert len(warm.rendered.rendered) == len(one.rendered.rendered) > 80
    texts = one.markdown[1]
    assert texts > 40
    assert (one.markdown, cold.markdown, warm.markdown) == ((0, texts), (0, texts), (texts, 0))
    assert tree(tmp_path / "cold") == tree(tmp_path / "one")
    assert tree(tmp_path / "warm") == tree(tmp_path / "one")
