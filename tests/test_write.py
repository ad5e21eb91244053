"""write: the output folder is replaced whole, and only by a complete new one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from unionsite.config import SiteConfig, load_config
from unionsite.errors import UnionsiteError
from unionsite.load import MARKDOWN_CACHE, read_markdown_cache
from unionsite.render import RenderedFile
from unionsite.write import store_markdown_cache, write_site

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


A, B, C = (bytes([n]) * 16 for n in range(3))


def cache_site(tmp_path: Path) -> tuple[SiteConfig, Path]:
    (tmp_path / "site.yaml").write_text("owner: a\nbase_url: /\nlanguages: [tr, en]\n")
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
