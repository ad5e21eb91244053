"""build.rebuild: after an edit only what depends on it is rendered and written, and the output
equals a fresh full build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from unionsite.build import BuildReport, build, rebuild

from .conftest import tree

SiteFactory = Callable[[dict[str, str | bytes]], Path]
BETA = ("tr/kuruluslar/beta-birligi/index.html", "en/organizations/beta-union/index.html")


def edit(site: Path, relative: str, old: str, new: str) -> None:
    file = site / relative
    text = file.read_text("utf-8")
    assert old in text, relative
    file.write_text(text.replace(old, new), "utf-8")


def assert_equals_a_full_build(report: BuildReport, site: Path, tmp_path: Path) -> None:
    assert report.output is not None
    fresh = build(site, output=str(tmp_path / "fresh"))
    assert fresh.output is not None
    assert tree(report.output) == tree(fresh.output)


@pytest.fixture
def built(fixture_site: Path) -> BuildReport:
    return build(fixture_site)


def test_editing_one_organization_renders_and_writes_its_pages_alone(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    edit(fixture_site, "content/organizations/beta.yaml", "kinds: [union]\n",
         "kinds: [union]\ndescription: {tr: Beta bir birliktir., en: Beta is a union.}\n")  # fmt: skip

    report = rebuild(built)

    assert report.rendered.rendered == frozenset(BETA)
    assert report.written == tuple(sorted(BETA))
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_renaming_an_organization_renders_every_page_that_names_it(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    edit(fixture_site, "content/organizations/beta.yaml", "en: Beta Union", "en: Beta Municipalities Union")

    report = rebuild(built)

    # its own page moves to a new address; the home page, the list and the agreement name it
    assert report.rendered.rendered == {
        "en/organizations/beta-municipalities-union/index.html",
        "en/index.html",
        "en/organizations/index.html",
        "en/agreements/index.html",
        "en/organizations/alfa/index.html",
        "tr/kuruluslar/beta-birligi/index.html",  # its switch leads to the new English address
    }
    assert "en/organizations/beta-union/index.html" in report.written
    assert not (fixture_site / "build/en/organizations/beta-union/index.html").exists()
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_a_template_renders_again_the_pages_that_use_it(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    edit(fixture_site, "templates/organizations.html", "<h1>", '<h1 class="list">')
    report = rebuild(built)
    assert report.rendered.rendered == {"tr/kuruluslar/index.html", "en/organizations/index.html"}
    edit(fixture_site, "templates/_macros.html", "{% macro org(o) -%}", "{% macro org(o) -%}\n")
    report = rebuild(report)
    every_page_but_the_root = {file.path for file in report.rendered.files} - {"index.html"}
    assert report.rendered.rendered == every_page_but_the_root  # base.html imports the macros
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_a_catalog_renders_again_the_pages_of_its_language(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    edit(fixture_site, "locale/en/LC_MESSAGES/messages.po", 'msgstr "Home"', 'msgstr "Start"')
    report = rebuild(built)
    english = {file.path for file in report.rendered.files if file.path.startswith("en/")}
    assert report.rendered.rendered == english
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_a_changed_asset_alone_is_written(built: BuildReport, fixture_site: Path, tmp_path: Path) -> None:
    edit(fixture_site, "assets/style.css", "--link: #0b4f8a;", "--link: #0a4a82;")
    report = rebuild(built)
    assert (report.rendered.rendered, report.written) == (frozenset(), ("assets/style.css",))
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_a_rebuild_with_nothing_changed_renders_and_writes_nothing(built: BuildReport) -> None:
    report = rebuild(built)
    assert (report.rendered.rendered, report.written) == (frozenset(), ())
