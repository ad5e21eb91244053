"""Bad input through the command line: the exact message, exit 1, and the last good site intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from unionsite.cli import main

from .conftest import FIXTURE_CONTENT, snapshot, tree, write_file

AGREEMENT = FIXTURE_CONTENT["content/agreements/alpha-beta.yaml"]
NOTHING_WRITTEN = "nothing was written: the last good site is unchanged\n"

# (file, new content, exactly what the editor is told)
BAD_INPUTS: dict[str, tuple[str, str | bytes, str]] = {
    "control-character": (
        "content/organizations/beta.yaml",
        'name: "Beta\\e Union"\nkinds: [union]\n',
        "content/organizations/beta.yaml:1:7: the text holds the control character U+001B: remove it\n"
        '    name: "Beta\\e Union"\n'
        "          ^\n",
    ),
    "control-character-in-a-page": (
        "content/pages/alpha/hakkimizda.tr.md",
        "---\ntitle: Hakkımızda\n---\n\nAlfa bir\x00birliktir.\n",
        "content/pages/alpha/hakkimizda.tr.md:5:9: the text holds the control character U+0000: remove it\n"
        "    Alfa bir\u2400birliktir.\n"  # the NUL shown as a visible character
        "            ^\n",
    ),
    "merge-key": (
        "content/organizations/gamma.yaml",
        "name: Gamma Network\nkinds: [network]\n<<: {website: 'https://gamma.example/'}\n",
        "content/organizations/gamma.yaml:3:1: YAML merge keys ('<<') are not supported: "
        "write the fields out in full\n"
        "    <<: {website: 'https://gamma.example/'}\n"
        "    ^\n",
    ),
    "part-of-itself": (
        "content/organizations/beta.yaml",
        "name: Beta\nkinds: [union]\npart_of: beta\n",
        "content/organizations/beta.yaml:3:10: 'part_of' leads back to 'beta' (beta → beta): nothing can be "
        "part of itself\n"
        "    part_of: beta\n"
        "             ^\n",
    ),
    "unknown-field-of-an-organization-with-pages": (
        "content/organizations/alpha.yaml",
        FIXTURE_CONTENT["content/organizations/alpha.yaml"] + "fax: 1\n",
        "content/organizations/alpha.yaml:7:1: unknown field 'fax'\n    fax: 1\n    ^\n",
    ),
    "yaml-syntax": (
        "content/organizations/beta.yaml",
        "name: [Beta\nkinds: [union]\n",
        "content/organizations/beta.yaml:2:6: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence started on line 1)\n"
        "    kinds: [union]\n"
        "         ^\n",
    ),
    "tab-indentation": (
        "content/organizations/beta.yaml",
        "name:\n\ttr: Beta\nkinds: [union]\n",
        "content/organizations/beta.yaml:2:1: tab character in indentation (YAML indents with spaces only)\n"
        "     tr: Beta\n"
        "    ^\n",
    ),
    "empty-record": (
        "content/organizations/beta.yaml",
        "\n",
        "content/organizations/beta.yaml:1:1: empty record file\n",
    ),
    "missing-field": (
        "content/organizations/beta.yaml",
        "kinds: [union]\n",
        "content/organizations/beta.yaml:1:1: missing required field 'name'\n    kinds: [union]\n    ^\n",
    ),
    "unknown-field": (
        "content/organizations/beta.yaml",
        "name: Beta\nkinds: [union]\nwebsit: https://beta.example/\n",
        "content/organizations/beta.yaml:3:1: unknown field 'websit' (did you mean 'website'?)\n"
        "    websit: https://beta.example/\n"
        "    ^\n",
    ),
    "wrong-type": (
        "content/memberships/alpha-gamma.yaml",
        "member: alpha\norganization: gamma\nsince: [2008]\n",
        "content/memberships/alpha-gamma.yaml:3:8: field 'since' must be a date (YYYY, YYYY-MM or "
        "YYYY-MM-DD), got a list\n"
        "    since: [2008]\n"
        "           ^\n",
    ),
    "impossible-date": (
        "content/agreements/alpha-beta.yaml",
        AGREEMENT.replace("2010-12-13", "2011-02-31"),
        "content/agreements/alpha-beta.yaml:3:9: impossible date '2011-02-31': February 2011 has 28 days\n"
        "    signed: 2011-02-31\n"
        "            ^\n",
    ),
    "unknown-reference": (
        "content/agreements/alpha-beta.yaml",
        AGREEMENT.replace("[alpha, beta]", "[alpha, betta]"),
        "content/agreements/alpha-beta.yaml:1:18: unknown organization 'betta' (did you mean 'beta'?)\n"
        "    parties: [alpha, betta]\n"
        "                     ^\n",
    ),
    "duplicate-id": (
        "content/organizations/more/beta.yaml",
        "name: Beta 2\nkinds: [union]\n",
        "content/organizations/more/beta.yaml:1:1: duplicate organization id 'beta': already defined in "
        "content/organizations/beta.yaml\n"
        "    name: Beta 2\n"
        "    ^\n",
    ),
    "invalid-utf8": (
        "content/organizations/beta.yaml",
        b"name: Beta\nkinds: [union]\ndescription:\n  tr: Birli\xf0i\n",
        "content/organizations/beta.yaml:4:12: invalid UTF-8 (byte 0xf0); save the file as UTF-8\n"
        "      tr: Birli\ufffdi\n"
        "               ^\n",
    ),
    "unclosed-front-matter": (
        "content/pages/alpha/hakkimizda.tr.md",
        "---\ntitle: Hakkımızda\n\nAlfa bir birliktir.\n",
        "content/pages/alpha/hakkimizda.tr.md:1:1: front matter is not closed: add a line '---' after it\n"
        "    ---\n"
        "    ^\n",
    ),
}


def run(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(arguments)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_reported_exactly_and_keeps_the_last_good_site(
    case: str, fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    good = tree(fixture_site / "build")
    relative, content, message = BAD_INPUTS[case]
    write_file(fixture_site / relative, content)

    code, out, err = run(["build", "--site", str(fixture_site)], capsys)

    assert (code, out) == (1, "")
    assert err == message + "1 error, 0 warnings\n" + NOTHING_WRITTEN
    assert tree(fixture_site / "build") == good
    assert sorted(p.name for p in fixture_site.iterdir()) == sorted(
        [".cache", "assets", "build", "content", "locale", "site.yaml", "templates"]
    )


def test_all_errors_of_a_run_are_listed_together_with_a_count(
    site_factory: Callable[[dict[str, str | bytes]], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    site = site_factory(
        {
            "content/organizations/beta.yaml": "kinds: [union]\n",
            "content/agreements/alpha-beta.yaml": AGREEMENT.replace("2010-12-13", "2011-02-31"),
            "content/memberships/alpha-gamma.yaml": "member: alpha\norganization: gama\nsince: 2008\n",
        }
    )
    code, out, err = run(["check", "--site", str(site)], capsys)
    assert (code, out) == (1, "")
    heads = [line for line in err.splitlines() if line.startswith("content/")]
    assert heads == [
        "content/agreements/alpha-beta.yaml:3:9: impossible date '2011-02-31': February 2011 has 28 days",
        "content/memberships/alpha-gamma.yaml:2:15: unknown organization 'gama' (did you mean 'gamma'?)",
        "content/organizations/beta.yaml:1:1: missing required field 'name'",
    ]
    assert err.endswith("3 errors, 0 warnings\n")
    assert "Traceback" not in err


def test_check_writes_nothing(fixture_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "--site", str(fixture_site)], capsys)
    assert (code, out) == (0, "checked 7 records: no errors\n")
    assert not (fixture_site / "build").exists()


def test_a_missing_site_file_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["build", "--site", str(tmp_path)], capsys)
    assert code == 1
    assert err == f"site.yaml not found in {tmp_path}\n" + NOTHING_WRITTEN


def test_a_ui_string_missing_from_a_catalog_fails_the_build_naming_string_and_language(
    fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    good = tree(fixture_site / "build")
    catalog = fixture_site / "locale/en/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    assert 'msgid "Skip to content"\nmsgstr "Skip to content"\n' in text
    catalog.write_text(text.replace('msgid "Skip to content"\nmsgstr "Skip to content"\n', ""), "utf-8")

    code, out, err = run(["build", "--site", str(fixture_site)], capsys)

    assert (code, out) == (1, "")
    assert err == (
        "templates/base.html:46:41: UI string 'Skip to content' has no 'en' translation in "
        "locale/en/LC_MESSAGES/messages.po: run 'make messages', then translate it\n"
        '    <a class="skip-link" href="#main">{{ _("Skip to content") }}</a>\n'
        "    " + " " * 40 + "^\n" + "1 error, 0 warnings\n" + NOTHING_WRITTEN
    )
    assert tree(fixture_site / "build") == good


def test_check_lists_five_different_mistakes_with_their_places(
    site_factory: Callable[[dict[str, str | bytes]], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    site = site_factory(
        {
            "content/organizations/beta.yaml": "name: Beta\nkinds: [union]\nname: Beta 2\n",
            "content/organizations/gamma.yaml": "name: Gamma\nkinds: [netwrk]\n",
            "content/agreements/alpha-beta.yaml": AGREEMENT.replace("[alpha, beta]", "[alpha, bta]"),
            "content/memberships/alpha-gamma.yaml": "member: alpha\norganization: gamma\nsince: 2008-13\n",
            "content/sources/alpha-page.yaml": (
                "title: {tr: Hakkımızda, en: About us}\npublisher: alpha\nurl: www\n"
            ),
        }
    )
    code, out, err = run(["check", "--site", str(site)], capsys)
    assert (code, out) == (1, "")
    heads = [line for line in err.splitlines() if line.startswith("content/")]
    assert heads == [
        "content/agreements/alpha-beta.yaml:1:18: unknown organization 'bta' (did you mean 'beta'?)",
        "content/memberships/alpha-gamma.yaml:3:8: impossible date '2008-13': there is no month 13",
        "content/organizations/beta.yaml:3:1: key 'name' given twice (first on line 1)",
        "content/organizations/gamma.yaml:2:9: field 'kinds[0]' must be one of: union, "
        "local-government-association, network, association, international-organization, "
        "regional-organization, regional-section, local-government-platform, public-body; got 'netwrk' "
        "(did you mean 'network'?)",
        "content/sources/alpha-page.yaml:3:6: field 'url' must be an absolute URL starting with http:// or "
        "https://, got 'www'",
    ]
    assert err.endswith("5 errors, 0 warnings\n")


def test_a_template_the_site_needs_is_named_when_missing(
    fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fixture_site / "templates/feed.xml").unlink()
    code, out, err = run(["build", "--site", str(fixture_site)], capsys)
    assert (code, out) == (1, "")
    assert err == (
        "templates/feed.xml:1:1: missing: the site needs this template; copy it from unionsite's own "
        "templates/\n1 error, 0 warnings\n" + NOTHING_WRITTEN
    )


# Every page spends seconds in this loop, so that a signal arrives while pages are rendered.
SLOW = "{% for _ in range(10 ** 9) %}{% endfor %}"


@pytest.mark.parametrize(
    ("sent", "code", "said"),
    [(signal.SIGINT, 130, "stopped by Ctrl-C"), (signal.SIGTERM, 143, "stopped by SIGTERM")],
    ids=["ctrl-c", "sigterm"],
)
def test_a_stopped_build_says_so_in_one_line_and_leaves_the_site_and_nothing_else(
    sent: signal.Signals, code: int, said: str, fixture_site: Path, tmp_path: Path
) -> None:
    """The signal goes to the whole process group, as a terminal's Ctrl-C and a cancelled CI job
    send it: the workers rendering pages get it too, and must not print tracebacks."""
    command = [sys.executable, "-m", "unionsite", "build", "--site", str(fixture_site), "--workers", "2"]
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    base = fixture_site / "templates" / "base.html"
    base.write_text(SLOW + base.read_text(encoding="utf-8"), encoding="utf-8")
    before = snapshot(tmp_path)
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while _cpu_seconds(process.pid) < 4:  # past start-up and checking: rendering takes minutes
        assert process.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.1)
    os.killpg(process.pid, sent)
    out, err = process.communicate(timeout=60)
    assert (process.returncode, out.decode(), err.decode()) == (code, "", f"{said}\n{NOTHING_WRITTEN}")
    assert snapshot(tmp_path) == before


def _cpu_seconds(session: int) -> float:
    """The processor time the processes of a session (a build and its workers) have used, which
    grows only while they run, however busy the machine is."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[3]) == session:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def test_a_page_of_an_unknown_organization_is_an_error_not_a_traceback(
    fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for language, title in (("tr", "Tarihçe"), ("en", "History")):
        page = f"---\ntitle: {title}\n---\n\n{title}\n"
        write_file(fixture_site / f"content/pages/alfa/tarihce.{language}.md", page)
    code, out, err = run(["build", "--site", str(fixture_site)], capsys)
    assert (code, out) == (1, "")
    assert err == (
        "content/pages/alfa/tarihce.tr.md:1:1: unknown organization 'alfa' (did you mean 'alpha'?)\n"
        "    ---\n    ^\n1 error, 0 warnings\n" + NOTHING_WRITTEN
    )


def test_new_refuses_a_page_of_an_unknown_organization(
    fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(fixture_site)
    code, out, err = run(["new", "page", "alfa/tarihce", "--site", str(fixture_site)], capsys)
    assert (code, out) == (1, "")
    assert (
        err == "unknown organization 'alfa' (did you mean 'alpha'?): a page belongs to one the content has\n"
    )
    assert snapshot(fixture_site) == before


@pytest.mark.parametrize(
    "name", ["beta.yaml~", "#beta.yaml#", ".#beta.yaml", ".beta.yaml.swp", "beta.yaml.bak"]
)
def test_files_editors_leave_beside_a_record_are_left_out(
    name: str, fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_file(fixture_site / "content/organizations" / name, "name: [not a record\n")
    code, out, err = run(["build", "--site", str(fixture_site)], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("built 94 files from 7 records")
