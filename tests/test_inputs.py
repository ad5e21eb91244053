"""inputs: a build reads only regular files inside the site. A link out of it, a pipe, a file over
the size limit is an error naming the file; the target is never read, shown or published, and
the project is left as it was."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from unionsite.inputs import TEXT_LIMIT, Refused, read_input
from unionsite.serve import Preview

from .conftest import snapshot
from .test_cli import NOTHING_WRITTEN, run

SECRET = "ci-token-9f8e7d6c5b4a"
OUTSIDE = "a symbolic link that leads outside the site: not read; put the file itself here"


@pytest.fixture
def secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file outside the site holding a secret, and the secret in this process's environment."""
    monkeypatch.setenv("UNIONSITE_TEST_TOKEN", SECRET)
    file = tmp_path / "secret.txt"
    file.write_text(f"name: {SECRET}\n", encoding="utf-8")
    return file


def _link(site: Path, relative: str, target: Path | str) -> None:
    link = site / relative
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists() or link.is_symlink():
        link.unlink()
    link.symlink_to(target)


LOOP = "a link to a folder that holds it, which would never end: remove the link"
DANGLING = "a link to nothing: its target does not exist; remove the link"
CIRCLE = "a symbolic link that leads back to itself, round in a circle: remove the link"
HIDDEN = "a symbolic link to a hidden file or folder, which a build does not read: put the file itself here"
INTO_OUTPUT = "a symbolic link into a build's output, which a build does not read: put the file itself here"
# A link's place in the site, its target (SECRET: a file outside the site holding a secret),
# and the error it gives.
LINKS_OUT = {
    "environ": ("content/organizations/env.yaml", "/proc/self/environ", OUTSIDE),
    "secret-record": ("content/organizations/secret.yaml", "SECRET", OUTSIDE),
    "folder": ("content/etc", "/etc", OUTSIDE),
    "passwd-asset": ("assets/passwd.txt", "/etc/passwd", OUTSIDE),
    "secret-asset": ("assets/secret.css", "SECRET", OUTSIDE),
    "loop": ("content/pages/alpha/loop", "..", LOOP),
    "dangling": ("content/organizations/nothing.yaml", "missing.yaml", DANGLING),
    "circle": ("content/organizations/circle.yaml", "circle.yaml", CIRCLE),
    "hidden": ("assets/env.txt", "HIDDEN", HIDDEN),
    "output": ("assets/old", "OUTPUT", INTO_OUTPUT),
}


@pytest.mark.parametrize("case", sorted(LINKS_OUT))
def test_a_link_out_of_the_site_is_an_error_naming_it_and_nothing_of_its_target_is_shown(
    case: str, fixture_site: Path, secret: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    relative, target, message = LINKS_OUT[case]
    error = f"{relative}: {message}"
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    (fixture_site / ".env").write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    targets = {"SECRET": secret, "HIDDEN": fixture_site / ".env", "OUTPUT": fixture_site / "build"}
    _link(fixture_site, relative, targets.get(target, target))
    err = refused_build(tmp_path, lambda: run(["build", "--site", str(fixture_site)], capsys))
    assert err == f"{error}\n1 error, 0 warnings\n{NOTHING_WRITTEN}"
    assert SECRET not in err


@pytest.mark.parametrize("relative", ["site.yaml", "templates/base.html"])
def test_a_link_out_of_the_site_in_place_of_its_settings_or_a_template_is_refused(
    relative: str, fixture_site: Path, secret: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    error = f"{relative}: {OUTSIDE}"
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    _link(fixture_site, relative, secret)
    err = refused_build(tmp_path, lambda: run(["build", "--site", str(fixture_site)], capsys))
    assert err == f"{error}\n{NOTHING_WRITTEN}"


def test_a_catalog_that_links_out_of_the_site_is_refused(
    fixture_site: Path, secret: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    _link(fixture_site, "locale/en/LC_MESSAGES/messages.po", secret)
    err = refused_build(tmp_path, lambda: run(["build", "--site", str(fixture_site)], capsys))
    assert err == f"locale/en/LC_MESSAGES/messages.po: {OUTSIDE}\n1 error, 0 warnings\n{NOTHING_WRITTEN}"


def test_a_link_inside_the_site_is_followed(fixture_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = fixture_site / "shared" / "beta.yaml"
    shared.parent.mkdir()
    (fixture_site / "content/organizations/beta.yaml").rename(shared)
    _link(fixture_site, "content/organizations/beta.yaml", "../../shared/beta.yaml")
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    assert (fixture_site / "build/en/organizations/beta-union/index.html").is_file()


def build_in_a_process(site: Path, **options: Any) -> tuple[int, str, str]:
    """`unionsite build` in a process of its own, which a hang or a memory limit cannot take
    the test run down with: exit status, standard output and error."""
    command = [sys.executable, "-m", "unionsite", "build", "--site", str(site)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, **options)
    return done.returncode, done.stdout, done.stderr


def refused_build(everything: Path, build: Callable[[], tuple[int, str, str]]) -> str:
    """Run a build that must be refused: exit 1, nothing on standard output, and nothing below
    `everything` (the site, its output and what lies beside) added, removed or changed. What it
    said on standard error."""
    before = snapshot(everything)
    code, out, err = build()
    assert (code, out) == (1, "")
    assert snapshot(everything) == before
    return err


def test_a_named_pipe_is_refused_without_being_opened(fixture_site: Path, tmp_path: Path) -> None:
    """In a process of its own: opening a pipe nobody writes to would wait for ever."""
    os.mkfifo(fixture_site / "content/organizations/pipe.yaml")
    err = refused_build(tmp_path, lambda: build_in_a_process(fixture_site))
    assert err == (
        "content/organizations/pipe.yaml: a named pipe, not a regular file: not read; remove it\n"
        f"1 error, 0 warnings\n{NOTHING_WRITTEN}"
    )


def test_a_text_file_over_the_limit_is_refused_before_it_is_read(
    fixture_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = fixture_site / "content/pages/alpha/uzun.tr.md"
    big.write_bytes(b"---\ntitle: Uzun\n---\n" + b"Bir paragraf.\n" * (TEXT_LIMIT // 14 + 1))
    size = big.stat().st_size
    err = refused_build(tmp_path, lambda: run(["build", "--site", str(fixture_site)], capsys))
    assert err == (
        f"content/pages/alpha/uzun.tr.md: {size:,} bytes, over the limit of {TEXT_LIMIT:,} for a text "
        f"file: split it into smaller ones\n1 error, 0 warnings\n{NOTHING_WRITTEN}"
    )


def test_the_preview_shows_the_error_and_nothing_of_the_target(fixture_site: Path, secret: Path) -> None:
    preview = Preview(fixture_site)
    preview.refresh()
    _link(fixture_site, "content/organizations/env.yaml", "/proc/self/environ")
    _link(fixture_site, "content/organizations/secret.yaml", secret)
    preview.refresh()
    assert preview.errors is not None
    assert preview.errors.splitlines()[:2] == [
        f"content/organizations/env.yaml: {OUTSIDE}",
        f"content/organizations/secret.yaml: {OUTSIDE}",
    ]
    assert SECRET not in preview.errors


def test_read_input_reads_a_regular_file_and_refuses_what_it_must_not_open(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site/a.yaml").write_bytes(b"name: A\n")
    os.mkfifo(tmp_path / "site/pipe")
    (tmp_path / "outside.yaml").write_bytes(b"x")
    (tmp_path / "site/out.yaml").symlink_to(tmp_path / "outside.yaml")
    site = tmp_path / "site"
    assert read_input(site / "a.yaml", site) == b"name: A\n"
    for name, message in [
        ("pipe", "a named pipe, not a regular file: not read; remove it"),
        ("out.yaml", OUTSIDE),
    ]:
        with pytest.raises(Refused) as refused:
            read_input(site / name, site)
        assert refused.value.message == message
    with pytest.raises(Refused, match="8 bytes, over the limit of 4"):
        read_input(site / "a.yaml", site, limit=4)


BOMB = "".join(
    [
        "name: {tr: Bomba, en: Bomb}\nkinds: [union]\n",
        "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n",
        *(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefghi", "bcdefghij", strict=True)),
    ]
)


def _limit_memory() -> None:
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_a_yaml_alias_bomb_is_a_located_error_within_a_memory_limit(
    fixture_site: Path, tmp_path: Path
) -> None:
    """Nine levels of nine aliases, 600 bytes, stand for 9**9 values: expanded, they took 20 GB."""
    bomb = fixture_site / "content/organizations/bomb.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    assert len(BOMB.encode()) < 700
    err = refused_build(tmp_path, lambda: build_in_a_process(fixture_site, preexec_fn=_limit_memory))
    assert err == (
        "content/organizations/bomb.yaml:4:8: YAML aliases ('*name') are not supported: write the value "
        "out in full\n    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n           ^\n"
        f"1 error, 0 warnings\n{NOTHING_WRITTEN}"
    )


def test_a_folder_where_a_file_is_expected_is_refused(
    fixture_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = fixture_site / "locale/en/LC_MESSAGES/messages.po"
    catalog.unlink()
    catalog.mkdir()
    err = refused_build(tmp_path, lambda: run(["build", "--site", str(fixture_site)], capsys))
    assert err == (
        "locale/en/LC_MESSAGES/messages.po: a folder where a file is expected: not read; move it aside\n"
        f"1 error, 0 warnings\n{NOTHING_WRITTEN}"
    )
