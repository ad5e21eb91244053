"""write: the output folder is replaced whole, and only by a complete new one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from unionsite.errors import UnionsiteError
from unionsite.render import RenderedFile
from unionsite.write import write_site

from .conftest import tree


def test_a_new_site_replaces_the_old_one_whole(tmp_path: Path) -> None:
    output = tmp_path / "build"
    write_site([RenderedFile("tr/index.html", b"eski"), RenderedFile("old.html", b"x")], output)
    write_site([RenderedFile("tr/index.html", b"yeni"), RenderedFile("assets/a.css", b"b{}")], output)
    assert tree(output) == {"assets/a.css": b"b{}", "tr/index.html": b"yeni"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_a_failure_while_writing_leaves_the_old_site_and_no_leftovers(tmp_path: Path) -> None:
    output = tmp_path / "build"
    write_site([RenderedFile("index.html", b"good")], output)

    def files() -> Iterator[RenderedFile]:
        yield RenderedFile("a.html", b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_site(files(), output)
    assert tree(output) == {"index.html": b"good"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_an_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "build").write_text("not a folder")
    with pytest.raises(UnionsiteError, match="exists and is not a folder"):
        write_site([], tmp_path / "build")
