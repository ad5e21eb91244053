"""translations: the state of every translation, stamps, outdated notices, and the command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from unionsite.build import BuildReport, build, check, rebuild
from unionsite.cli import main
from unionsite.errors import ContentErrors
from unionsite.translations import set_front_matter_field, set_top_level_field

from .conftest import FIXTURE_CONTENT, make_site, tree
from .pictured import EVENT_TR, pictured_files
from .pictured import GAMMA as GAMMA_FOLDER

SiteFactory = Callable[[dict[str, str | bytes]], Path]
GAMMA = FIXTURE_CONTENT["content/organizations/gamma.yaml"]


def states(site: Path) -> dict[tuple[str, str], tuple[str, tuple[str, ...], tuple[str, ...]]]:
    report = check(site).translations
    return {(s.kind, s.id): (s.status, s.missing, s.fallback) for s in report.states}


def test_each_record_gets_its_state_in_each_translated_language(site_factory: SiteFactory) -> None:
    site = site_factory(
        {
            # a text without English: missing
            "content/organizations/gamma.yaml": "name: Gamma\nkinds: [network]\ndescription: {tr: Bir ağ.}\n",
            # a name without English: a fallback, proper names may stay as they are
            "content/organizations/beta.yaml": "name: {tr: Beta Birliği}\nkinds: [union]\n",
            # an English text that copies the Turkish one: missing
            "content/agreements/alpha-beta.yaml": (
                "parties: [alpha, beta]\ntype: goodwill-agreement\nsigned: 2010\n"
                "scope: {tr: Bilgi paylaşımı., en: Bilgi paylaşımı.}\n"
            ),
            # a page without its English file: missing
            "content/pages/alpha/hakkimizda.en.md": "",
        }
    )
    assert states(site) == {
        ("agreement", "alpha-beta"): ("missing", ("scope",), ()),
        ("membership", "alpha-gamma"): ("translated", (), ()),
        ("organization", "alpha"): ("translated", (), ()),
        ("organization", "beta"): ("fallback", (), ("name",)),
        ("organization", "gamma"): ("missing", ("description",), ()),
        ("page", "alpha/hakkimizda"): ("missing", ("title", "body"), ()),
        ("source", "alpha-page"): ("translated", (), ()),
    }


def test_a_copied_translation_is_reported_and_shown_as_untranslated(site_factory: SiteFactory) -> None:
    site = site_factory(
        {
            "content/agreements/alpha-beta.yaml": (
                "parties: [alpha, beta]\ntype: goodwill-agreement\nsigned: 2010\n"
                "scope:\n  tr: Bilgi paylaşımı.\n  en: Bilgi paylaşımı.\n"
            ),
            "content/pages/alpha/hakkimizda.en.md": "---\ntitle: About us\n---\n\nAlfa bir birliktir.\n",
        }
    )
    report = build(site)
    assert [p.format(report.texts).splitlines()[0] for p in report.warnings.problems] == [
        "content/agreements/alpha-beta.yaml:6:7: warning: the 'en' text of 'scope' is the same as the 'tr' "
        "text, so it counts as not translated: 'en' pages show the 'tr' text, marked as not yet translated",
        "content/pages/alpha/hakkimizda.en.md:4:1: warning: the text is the same as in the 'tr' file, so it "
        "counts as not translated: 'en' pages show the 'tr' text, marked as not yet translated",
    ]
    assert report.output is not None
    page = (report.output / "en/organizations/alfa/about-us/index.html").read_text("utf-8")
    assert '<div class="prose" lang="tr">\n<p>Alfa bir birliktir.</p>' in page


def stamped_site(site_factory: SiteFactory, capsys: pytest.CaptureFixture[str]) -> Path:
    site = site_factory({})
    assert main(["translations", "--site", str(site), "--stamp"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "stamped 7 files"
    return site


def test_stamping_writes_the_source_version_into_each_translation(
    site_factory: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site = stamped_site(site_factory, capsys)
    gamma = (site / "content/organizations/gamma.yaml").read_text("utf-8")
    assert gamma.startswith(GAMMA)
    assert gamma.removeprefix(GAMMA).startswith("translated_from: {en: '")
    page = (site / "content/pages/alpha/hakkimizda.en.md").read_text("utf-8")
    assert page.startswith("---\ntitle: About us\ntranslated_from: '")
    assert page.endswith("'\n---\n\nAlpha is a union.\n")
    report = check(site).translations
    assert all(s.stamp == s.source for s in report.states)
    assert main(["translations", "--site", str(site), "--stamp"]) == 0
    assert capsys.readouterr().out == "nothing to stamp\n"


def test_editing_the_source_makes_the_translation_outdated_with_a_notice_on_the_page(
    site_factory: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site = stamped_site(site_factory, capsys)
    source = site / "content/pages/alpha/hakkimizda.tr.md"
    source.write_text(
        source.read_text("utf-8").replace("Alfa bir birliktir.", "Alfa bir birliktir, 1990'dan beri.")
    )
    gamma = site / "content/organizations/gamma.yaml"
    gamma.write_text(gamma.read_text("utf-8").replace("yerel yönetimlerin ağıdır", "belediyelerin ağıdır"))

    report = build(site)

    (gamma_state, page_state) = [s for s in report.checked.translations.states if s.status == "outdated"]
    assert (gamma_state.id, page_state.id) == ("gamma", "alpha/hakkimizda")
    assert [p.format(report.texts).splitlines()[0] for p in report.warnings.problems] == [
        f"content/organizations/gamma.yaml:7:23: warning: the 'en' translation was made from an older 'tr' "
        f"text (stamp {gamma_state.stamp}, now {gamma_state.source}): update it, then run "
        "'unionsite translations --stamp content/organizations/gamma.yaml'",
        f"content/pages/alpha/hakkimizda.en.md:3:18: warning: the 'en' translation was made from an older "
        f"'tr' text (stamp {page_state.stamp}, now {page_state.source}): update it, then run "
        "'unionsite translations --stamp content/pages/alpha/hakkimizda.en.md'",
    ]
    assert report.output is not None
    notice = (
        '<p class="notice">This translation may be out of date: the original text has changed since it '
        "was translated.</p>"
    )
    page = (report.output / "en/organizations/alfa/about-us/index.html").read_text("utf-8")
    assert notice in page
    organization = (report.output / "en/organizations/gamma-network/index.html").read_text("utf-8")
    assert notice + '\n<div class="prose">\n<p>Gamma is a network of local governments.</p>' in organization
    turkish = (report.output / "tr/kuruluslar/gamma-network/index.html").read_text("utf-8")
    assert "notice" not in turkish
    with pytest.raises(ContentErrors, match="0 errors, 2 warnings"):
        build(site, strict=True)


def test_the_command_lists_every_state_writes_json_and_fails_strictly_on_outdated(
    site_factory: SiteFactory, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    site = stamped_site(site_factory, capsys)
    gamma = site / "content/organizations/gamma.yaml"
    gamma.write_text(gamma.read_text("utf-8").replace("yerel yönetimlerin ağıdır", "belediyelerin ağıdır"))
    report_file = tmp_path / "reports" / "translations.json"

    code = main(["translations", "--site", str(site), "--strict", "--json", str(report_file)])

    captured = capsys.readouterr()
    assert code == 1
    assert captured.out.splitlines() == [
        "en  translated  content/agreements/alpha-beta.yaml",
        "en  translated  content/memberships/alpha-gamma.yaml",
        "en  translated  content/organizations/alpha.yaml",
        "en  translated  content/organizations/beta.yaml",
        "en  outdated    content/organizations/gamma.yaml  (the 'tr' text changed since stamp "
        f"{json.loads(report_file.read_text())['records'][4]['stamp']})",
        "en  translated  content/pages/alpha/hakkimizda.en.md",
        "en  translated  content/sources/alpha-page.yaml",
        "en: 6 translated, 0 fallback, 0 missing, 1 outdated",
    ]
    assert "warning: the 'en' translation was made from an older 'tr' text" in captured.err
    data = json.loads(report_file.read_text("utf-8"))
    assert data["summary"] == {"en": {"translated": 6, "fallback": 0, "missing": 0, "outdated": 1}}
    assert data["records"][4]["id"] == "gamma" and data["records"][4]["status"] == "outdated"
    assert main(["translations", "--site", str(site)]) == 0


def test_stamping_named_files_updates_an_outdated_stamp_and_only_theirs(
    site_factory: SiteFactory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = stamped_site(site_factory, capsys)
    for name, old, new in (
        ("organizations/gamma.yaml", "yerel yönetimlerin ağıdır", "belediyelerin ağıdır"),
        ("pages/alpha/hakkimizda.tr.md", "Alfa bir birliktir.", "Alfa bir belediyeler birliğidir."),
    ):
        file = site / "content" / name
        file.write_text(file.read_text("utf-8").replace(old, new))
    monkeypatch.chdir(site)

    assert main(["translations", "--stamp"]) == 0
    assert capsys.readouterr().out == "nothing to stamp\n"  # outdated stamps stay until a file is named
    assert main(["translations", "--stamp", "content/pages/alpha/hakkimizda.tr.md"]) == 0
    assert capsys.readouterr().out == ("stamped content/pages/alpha/hakkimizda.en.md\nstamped 1 file\n")
    outdated = [s.id for s in check(site).translations.states if s.status == "outdated"]
    assert outdated == ["gamma"]


def test_stamping_refuses_a_file_outside_the_site(
    site_factory: SiteFactory, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    site = site_factory({})
    stray = tmp_path / "elsewhere.yaml"
    stray.write_text("x: 1\n")
    assert main(["translations", "--site", str(site), "--stamp", str(stray)]) == 1
    assert capsys.readouterr().err == f"{stray}: not a content file of the site in {site}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: A\n", "name: A\ntranslated_from: X\n"),
        ("name: A", "name: A\ntranslated_from: X\n"),
        ("name: A\r\nkinds: [b]\r\n", "name: A\r\nkinds: [b]\r\ntranslated_from: X\r\n"),
        (
            "name: A\ntranslated_from:\n  en: old\n\n# kinds\nkinds: [b]\n",
            "name: A\ntranslated_from: X\n\n# kinds\nkinds: [b]\n",
        ),
        ("translated_from: {en: old}  # stamped\nname: A\n", "translated_from: X\nname: A\n"),
    ],
)
def test_a_stamp_replaces_its_own_lines_and_keeps_every_other(text: str, expected: str) -> None:
    assert set_top_level_field(text, "translated_from", "X") == expected


def test_a_page_stamp_goes_into_the_front_matter() -> None:
    text = "---\ntitle: About\n---\n\n---\n\nText.\n"
    assert set_front_matter_field(text, "translated_from", "'abc'") == (
        "---\ntitle: About\ntranslated_from: 'abc'\n---\n\n---\n\nText.\n"
    )


def test_the_real_content_is_fully_translated_and_stamped(real_site: BuildReport) -> None:
    report = real_site.checked.translations
    assert report.counts("en")["missing"] == report.counts("en")["outdated"] == 0
    assert report.counts("en")["translated"] > 40
    assert [s.file for s in report.states if s.stamp != s.source] == []


def test_a_rebuild_after_the_source_changed_finds_what_a_full_build_finds(
    site_factory: SiteFactory, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    site = stamped_site(site_factory, capsys)
    built = build(site)
    source, gamma = site / "content/pages/alpha/hakkimizda.tr.md", site / "content/organizations/gamma.yaml"
    source.write_text(source.read_text("utf-8").replace("birliktir.", "birliktir, 1990'dan beri."))
    gamma.write_text(gamma.read_text("utf-8").replace("yerel yönetimlerin ağıdır", "belediyelerin ağıdır"))

    rebuilt = rebuild(built, changed=[source, gamma])

    full = build(site, output=str(tmp_path / "full"))
    assert rebuilt.checked.validated.changed == frozenset(
        {("page", "alpha/hakkimizda"), ("organization", "gamma")}
    )
    assert [s.status for s in rebuilt.checked.translations.states].count("outdated") == 2
    assert rebuilt.checked.translations == full.checked.translations
    assert rebuilt.warnings == full.warnings
    assert rebuilt.output is not None and full.output is not None
    assert tree(rebuilt.output) == tree(full.output)


def test_a_changed_image_description_makes_the_translation_outdated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path / "site", {k: v for k, v in pictured_files().items() if v != ""})
    assert main(["translations", "--site", str(site), "--stamp"]) == 0
    capsys.readouterr()
    assert {s.status for s in check(site).translations.states} == {"translated"}
    for relative, old, new in (
        (GAMMA_FOLDER, "Gamma ağının logosu", "Gamma ağının yeni logosu"),
        (EVENT_TR, "Buluşmanın yapıldığı salon", "Buluşmanın yapıldığı büyük salon"),
    ):
        file = site / relative
        file.write_text(file.read_text("utf-8").replace(old, new), "utf-8")
    report = build(site)
    outdated = sorted(s.id for s in report.checked.translations.states if s.status == "outdated")
    assert outdated == ["alpha/etkinlik", "gamma"]
    marked = report.records.of("organization")["gamma"].image.alt
    assert marked.outdated == {"en"}
