"""write: the output folder is replaced whole, and only by a complete new one."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from unionsite.config import SiteConfig, load_config
from unionsite.errors import UnionsiteError
from unionsite.load import MARKDOWN_CACHE, read_markdown_cache
from unionsite.render import RenderedFile
from unionsite.write import MARKER, MARKER_TEXT, store_markdown_cache, write_site

from .conftest import snapshot, tree
from .test_cli import NOTHING_WRITTEN, run


def test_a_new_site_replaces_the_old_one_whole(tmp_path: Path) -> None:
    output = tmp_path / "build"
    write_site([RenderedFile("tr/index.html", b"eski"), RenderedFile("old.html", b"x")], output)
    write_site([RenderedFile("tr/index.html", b"yeni"), RenderedFile("assets/a.css", b"b{}")], output)
    assert tree(output) == {MARKER: MARKER_TEXT.encode(), "assets/a.css": b"b{}", "tr/index.html": b"yeni"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_a_failure_while_writing_leaves_the_old_site_and_no_leftovers(tmp_path: Path) -> None:
    output = tmp_path / "build"
    write_site([RenderedFile("index.html", b"good")], output)

    def files() -> Iterator[RenderedFile]:
        yield RenderedFile("a.html", b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_site(files(), output)
    assert tree(output) == {MARKER: MARKER_TEXT.encode(), "index.html": b"good"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_an_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "build").write_text("not a folder")
    with pytest.raises(UnionsiteError, match="exists and is not a folder"):
        write_site([], tmp_path / "build")


A, B, C = (bytes([n]) * 16 for n in range(3))


def cache_site(tmp_path: Path) -> tuple[SiteConfig, Path]:
    (tmp_path / "site.yaml").write_text("owner: a\nbase_url: https://example.org/\nlanguages: [tr, en]\n")
    config = load_config(tmp_path)
    return config, tmp_path / config.cache_dir / MARKDOWN_CACHE


def test_the_markdown_cache_keeps_what_it_gets_and_a_full_build_drops_what_it_no_longer_uses(
    tmp_path: Path,
) -> None:
    config, file = cache_site(tmp_path)
    assert read_markdown_cache(config, [A]) == {}
    store_markdown_cache(file, {A: "<p>a</p>", B: "<p>b</p>"}, keep=None)
    assert read_markdown_cache(config, [A, B, C]) == {A: "<p>a</p>", B: "<p>b</p>"}
    store_markdown_cache(file, {C: "<p>c</p>"}, keep={A, C})
    assert read_markdown_cache(config, [A, B, C]) == {A: "<p>a</p>", C: "<p>c</p>"}


def test_a_damaged_markdown_cache_reads_as_empty_and_is_replaced(tmp_path: Path) -> None:
    config, file = cache_site(tmp_path)
    file.parent.mkdir()
    file.write_bytes(b"not a database, but a file an editor saved here by mistake")
    assert read_markdown_cache(config, [A]) == {}
    store_markdown_cache(file, {A: "<p>a</p>"}, keep=None)
    assert read_markdown_cache(config, [A]) == {A: "<p>a</p>"}


def test_a_markdown_cache_that_cannot_be_written_is_an_error_naming_it(tmp_path: Path) -> None:
    _config, file = cache_site(tmp_path)
    file.parent.write_text("a file where the cache folder should be")
    with pytest.raises(UnionsiteError) as raised:
        store_markdown_cache(file, {A: "<p>a</p>"}, keep=None)
    assert str(raised.value).startswith(f"{file}: cannot write the Markdown cache (")
    assert str(raised.value).endswith("); the site itself was written")


# ---------------------------------------------------------------------------------------------
# The output folder: never the site, never what it reads, never a folder no build made

OWN = "give the output a folder of its own, such as 'build'"
WHOLE = "and a build replaces its output folder whole"
FOREIGN = (
    f"holds files that no build made (it has no {MARKER} file), {WHOLE}: empty or remove it yourself, "
    "or choose another output folder"
)
REFUSED_OUTPUTS = {
    "site": (["--output", "."], f"--output: the output folder '.' is the site's own folder, {WHOLE}: {OWN}"),
    "parent": (
        ["--output", ".."],
        f"--output: the output folder '..' holds the site's folder, {WHOLE}: {OWN}",
    ),
    "content": (
        ["--output", "content"],
        f"--output: the output folder 'content' overlaps content/, which the build reads or keeps: {OWN}",
    ),
    "inside-templates": (
        ["--output", "templates/out"],
        "--output: the output folder 'templates/out' overlaps templates/, which the build reads or keeps: "
        + OWN,
    ),
    "locale": (
        ["--output", "locale"],
        f"--output: the output folder 'locale' overlaps locale/, which the build reads or keeps: {OWN}",
    ),
    "cache": (
        ["--output", ".cache"],
        "--output: the output folder '.cache' overlaps the cache folder '.cache', which the build reads or "
        f"keeps: {OWN}",
    ),
    "foreign": (["--output", "FOREIGN"], f"--output: the output folder 'FOREIGN' {FOREIGN}"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_OUTPUTS))
def test_an_output_folder_a_build_must_not_replace_is_refused_and_nothing_is_touched(
    case: str, fixture_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "report.odt").write_bytes(b"a file no build made")
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    before = snapshot(tmp_path)
    options, message = REFUSED_OUTPUTS[case]
    options = [str(foreign) if option == "FOREIGN" else option for option in options]

    code, out, err = run(["build", "--site", str(fixture_site), *options], capsys)

    assert (code, out) == (1, "")
    assert err == message.replace("FOREIGN", str(foreign)) + "\n1 error, 0 warnings\n" + NOTHING_WRITTEN
    assert snapshot(tmp_path) == before


def test_an_output_folder_in_site_yaml_is_checked_and_the_error_points_at_it(
    fixture_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = fixture_site / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "output_dir: .\n", encoding="utf-8")
    line = settings.read_text(encoding="utf-8").count("\n")
    before = snapshot(tmp_path)

    code, out, err = run(["build", "--site", str(fixture_site)], capsys)

    assert (code, out) == (1, "")
    assert err == (
        f"site.yaml:{line}:13: the output folder '.' is the site's own folder, {WHOLE}: {OWN}\n"
        "    output_dir: .\n"
        "                ^\n"
        f"1 error, 0 warnings\n{NOTHING_WRITTEN}"
    )
    assert snapshot(tmp_path) == before


def test_an_empty_folder_and_a_folder_a_build_made_are_outputs_a_build_may_replace(
    fixture_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "public"
    elsewhere.mkdir()
    assert run(["build", "--site", str(fixture_site), "--output", str(elsewhere)], capsys)[0] == 0
    (elsewhere / "stale.html").write_bytes(b"left by an earlier build")
    assert run(["build", "--site", str(fixture_site), "--output", str(elsewhere)], capsys)[0] == 0
    assert (elsewhere / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    assert not (elsewhere / "stale.html").exists()


@pytest.mark.parametrize("setting", ["content_dir: ../elsewhere", "templates_dir: /etc", "assets_dir: ."])
def test_a_folder_the_build_reads_must_be_inside_the_site(
    setting: str, fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = fixture_site / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + setting + "\n", encoding="utf-8")
    key, value = setting.split(": ")
    code, _, err = run(["build", "--site", str(fixture_site)], capsys)
    line = settings.read_text(encoding="utf-8").count("\n")
    default = key.removesuffix("_dir")
    assert code == 1
    must = f"must name a folder inside the site, like '{default}'"
    assert err.splitlines()[0] == f"site.yaml:{line}:{len(key) + 3}: setting '{key}' {must}"
    assert value in err


# ---------------------------------------------------------------------------------------------
# What stopped builds leave, and saying only what is true


def _leftover(output: Path, kind: str, name: str, marked: bool = True) -> Path:
    folder = output.parent / f".{output.name}.{kind}-{name}"
    folder.mkdir()
    if marked:
        (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        (folder / "index.html").write_bytes(b"half a site")
    return folder


def test_a_build_removes_what_stopped_builds_left_and_nothing_else(tmp_path: Path) -> None:
    output = tmp_path / "build"
    write_site([RenderedFile("index.html", b"good")], output)
    _leftover(output, "new", "k1ll3d00")
    _leftover(output, "old", "k1ll3d01")
    _leftover(output, "new", "3mpty000", marked=False)
    foreign = tmp_path / ".build.new-notours0"
    foreign.mkdir()
    (foreign / "notes.txt").write_bytes(b"someone's")

    assert write_site([RenderedFile("index.html", b"new")], output) == ()

    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.new-notours0", "build"]
    assert tree(output) == {MARKER: MARKER_TEXT.encode(), "index.html": b"new"}


def test_a_build_stopped_between_its_two_renames_gets_its_last_good_site_back(tmp_path: Path) -> None:
    output = tmp_path / "build"
    write_site([RenderedFile("index.html", b"good")], output)
    output.rename(tmp_path / ".build.old-st0pped0")

    def failing() -> Iterator[RenderedFile]:
        yield RenderedFile("index.html", b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_site(failing(), output)
    assert tree(output) == {MARKER: MARKER_TEXT.encode(), "index.html": b"good"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_ctrl_c_while_writing_leaves_the_old_site_and_no_leftovers(tmp_path: Path) -> None:
    output = tmp_path / "build"
    write_site([RenderedFile("index.html", b"good")], output)

    def interrupted() -> Iterator[RenderedFile]:
        yield RenderedFile("a.html", b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_site(interrupted(), output)
    assert tree(output) == {MARKER: MARKER_TEXT.encode(), "index.html": b"good"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def removable(folder: Path, allowed: bool) -> None:
    """Whether the files in `folder` can be removed: root ignores permissions, so for root the
    folder is made immutable instead of read-only."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i" if allowed else "+i", str(folder)], check=True)
    else:
        folder.chmod(0o755 if allowed else 0o555)


def test_a_previous_site_that_cannot_be_removed_is_named_and_the_new_site_is_said_to_be_written(
    fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    removable(fixture_site / "build" / "tr", allowed=False)
    try:
        code, out, err = run(["build", "--site", str(fixture_site)], capsys)
    finally:
        retired = [p for p in fixture_site.iterdir() if p.name.startswith(".build.old-")]
        for folder in (*retired, fixture_site / "build"):
            removable(folder / "tr", allowed=True)
    assert code == 0
    assert out.startswith("built ")
    assert len(retired) == 1
    assert err.startswith(f"warning: {retired[0]}: could not remove the previous site ({retired[0]}/tr/")
    assert err.endswith("): remove it by hand\n")
    assert NOTHING_WRITTEN not in err
    assert (fixture_site / "build" / MARKER).is_file()

    # the next build tries again, and succeeds now that it can
    code, _, err = run(["build", "--site", str(fixture_site)], capsys)
    assert (code, err) == (0, "")
    assert not [p for p in fixture_site.iterdir() if p.name.startswith(".build.")]


def test_a_site_a_stopped_build_moved_aside_is_back_even_when_the_next_build_fails(
    fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["build", "--site", str(fixture_site)], capsys)[0] == 0
    good = tree(fixture_site / "build")
    (fixture_site / "build").rename(fixture_site / ".build.old-st0pped0")
    (fixture_site / "content/organizations/beta.yaml").write_text("name: [Beta\n", encoding="utf-8")

    code, _, err = run(["build", "--site", str(fixture_site)], capsys)

    assert code == 1
    assert err.endswith(NOTHING_WRITTEN)
    assert tree(fixture_site / "build") == good
    assert not [p for p in fixture_site.iterdir() if p.name.startswith(".build.")]
