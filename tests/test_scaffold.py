"""scaffold: `unionsite new` writes files that check points into until they are filled in."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from unionsite.cli import main
from unionsite.kinds import MODEL

SiteFactory = Callable[[dict[str, str | bytes]], Path]

# kind, id, the files written, and what each empty field must be filled with to pass the check
CASES = [
    (
        "organization",
        "delta",
        ["content/organizations/delta.yaml"],
        {'  tr: ""': "  tr: Delta Birliği", '  en: ""': "  en: Delta Union", "kinds: []": "kinds: [union]"},
    ),
    (
        "membership",
        "alpha-beta",
        ["content/memberships/alpha-beta.yaml"],
        {'member: ""': "member: alpha", 'organization: ""': "organization: beta", 'since: ""': "since: 2020"},
    ),
    (
        "agreement",
        "alpha-gamma",
        ["content/agreements/alpha-gamma.yaml"],
        {
            "parties: []": "parties: [alpha, gamma]",
            'type: ""': "type: cooperation-protocol",
            'signed: ""': "signed: 2021-03",
            '  tr: ""': "  tr: İş birliği.",
            '  en: ""': "  en: Cooperation.",
        },
    ),
    (
        "source",
        "gamma-site",
        ["content/sources/gamma-site.yaml"],
        {
            '  tr: ""': "  tr: Gamma sitesi",
            '  en: ""': "  en: Gamma's site",
            'publisher: ""': "publisher: gamma",
        },
    ),
    (
        "news",
        "genel-kurul",
        ["content/news/genel-kurul.yaml"],
        {
            'date: ""': "date: 2026-11-20 14:30",
            '  tr: ""': "  tr: Genel kurul toplandı",
            '  en: ""': "  en: The general assembly met",
            "  tr: |\n\n": "  tr: |\n    Metin.\n",
            "  en: |\n\n": "  en: |\n    Text.\n",
        },
    ),
    (
        "event",
        "forum",
        ["content/events/forum.yaml"],
        {
            'start: ""': "start: 2027-03-10T09:30 Europe/Istanbul",
            "organizers: []": "organizers: [alpha]",
            '  tr: ""': "  tr: Forum",
            '  en: ""': "  en: The forum",
            "  tr: |\n\n": "  tr: |\n    Açıklama.\n",
            "  en: |\n\n": "  en: |\n    Description.\n",
        },
    ),
    (
        "page",
        "alpha/tarihce",
        ["content/pages/alpha/tarihce.tr.md", "content/pages/alpha/tarihce.en.md"],
        {'title: ""': "title: Tarihçe"},
    ),
]


def run(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(arguments)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


Case = tuple[str, str, list[str], dict[str, str]]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_new_record_fails_the_check_at_its_empty_fields_until_they_are_filled(
    case: Case, fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kind, record_id, files, fillings = case
    code, out, _ = run(["new", kind, record_id, "--site", str(fixture_site)], capsys)
    assert code == 0
    assert out == "".join(f"wrote {file}\n" for file in files) + (
        "fill in the empty fields, then run: unionsite check\n"
    )
    code, _, err = run(["check", "--site", str(fixture_site)], capsys)
    places = {line.split(":", 1)[0] for line in err.splitlines() if line.startswith("content/")}
    assert (code, places) == (1, set(files))

    for file in files:
        path = fixture_site / file
        text = path.read_text("utf-8")
        for empty, value in fillings.items():
            text = text.replace(empty, value)
        path.write_text(text, "utf-8")
    code, out, err = run(["check", "--site", str(fixture_site)], capsys)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_field_a_new_file_names_is_a_field_of_its_kind(
    case: Case, fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kind, record_id, files, _ = case
    run(["new", kind, record_id, "--site", str(fixture_site)], capsys)
    declared = MODEL.kind(kind)
    known = {spec.name for language in ("tr", "en") for spec in declared.fields_of(language, "tr")}
    for file in files:
        text = (fixture_site / file).read_text("utf-8")
        named = set(re.findall(r"^(?:# )?([a-z_]+):", text, flags=re.MULTILINE))
        assert named - {"tr", "en"} <= known, file


def test_new_never_overwrites(fixture_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (fixture_site / "content/organizations/beta.yaml").read_bytes()
    code, out, err = run(["new", "organization", "beta", "--site", str(fixture_site)], capsys)
    assert (code, out) == (1, "")
    assert err == "content/organizations/beta.yaml: exists already; nothing was written\n"
    assert (fixture_site / "content/organizations/beta.yaml").read_bytes() == before
    code, _, err = run(["new", "page", "alpha/hakkimizda", "--site", str(fixture_site)], capsys)
    assert code == 1
    assert err == (
        "content/pages/alpha/hakkimizda.en.md, content/pages/alpha/hakkimizda.tr.md: exists already; "
        "nothing was written\n"
    )


@pytest.mark.parametrize(
    ("kind", "record_id", "message"),
    [
        ("organization", "Delta Birliği", "id 'Delta Birliği' may hold only a-z, 0-9 and single '-' between "
         "them: it becomes content/organizations/<id>.yaml"),
        ("page", "tarihce", "a page id is <organization id>/<key>, such as mbb/tarihce"),
    ],
)  # fmt: skip
def test_a_bad_id_is_refused(
    kind: str, record_id: str, message: str, fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["new", kind, record_id, "--site", str(fixture_site)], capsys)
    assert (code, err) == (1, message + "\n")
    assert not (fixture_site / "content/organizations/delta-birligi.yaml").exists()
