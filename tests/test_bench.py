"""The benchmark's synthetic site: valid content, the same for the same arguments."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from unionsite.build import check

from .conftest import ROOT, tree


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_synthetic_site_is_valid_and_always_the_same(tmp_path: Path) -> None:
    generate = generator().generate
    generate(20, tmp_path / "one")
    generate(20, tmp_path / "two")
    assert tree(tmp_path / "one" / "content") == tree(tmp_path / "two" / "content")
    checked = check(tmp_path / "one")
    records = checked.records
    assert (len(records.of("organization")), len(records.of("membership")), len(records.of("agreement"))) == (
        20,
        40,
        20,
    )
    assert checked.warnings.problems == ()
    description = records.of("organization")["org-00003"].description
    assert description is not None
    assert len((description.get("tr") or "").split()) == 250


def test_the_pictured_site_is_valid_and_always_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))  # photos.py imports generate.py beside it
    spec = importlib.util.spec_from_file_location("photos", ROOT / "bench" / "photos.py")
    assert spec is not None and spec.loader is not None
    photos = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "photos", photos)  # where its dataclass finds its module
    spec.loader.exec_module(photos)
    made = photos.picture_site(12, tmp_path / "one", photos=2, logos=1, photo_size=(64, 48))
    photos.picture_site(12, tmp_path / "two", photos=2, logos=1, photo_size=(64, 48))
    assert tree(tmp_path / "one" / "content") == tree(tmp_path / "two" / "content")
    checked = check(tmp_path / "one")
    assert checked.warnings.problems == ()
    files = tree(tmp_path / "one").items()
    images = {
        path: data for path, data in files if path.startswith("content/") and path.endswith((".jpg", ".png"))
    }
    assert sorted(images) == sorted((*made.photo_paths, *made.logo_paths))
    assert made.bytes_in == sum(map(len, images.values()))
    assert checked.pictures.made == 3


def test_the_benchmark_runs_and_reports_every_figure_as_lines_and_json(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    command = [
        sys.executable,
        "bench/bench.py",
        "--counts",
        "12",
        "--runs",
        "1",
        "--edits",
        "1",
        "--json",
        str(report),
        "--photos",
        "3",
        "--logos",
        "1",
        "--photo-size",
        "200x150",
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    figures = json.loads(report.read_text("utf-8"))["sizes"]["12"]
    names = ["clean-build", "pages-clean-build", "peak-memory", "pages-per-second", "whole-site"]
    names += ["stage-render", "stage-search-index", "warm-rebuild", "edit-to-reload", "rename-to-reload"]
    names += ["warm-cache-build", "warm-cache-pages-build"]
    for name in names:
        assert figures[name] > 0, name
        assert re.search(rf"^{name}\[12\]: \d+", result.stdout, re.MULTILINE), name
    assert re.search(r"^folder: (tmpfs|disk)$", result.stdout, re.MULTILINE)
    renderers = json.loads(report.read_text("utf-8"))["markdown"]
    assert list(renderers) == ["markdown-it-py", "python-markdown", "markdown-it-pyrs", "cmarkgfm", "nh3"]
    for name, value in renderers.items():
        assert value > 0, name
        assert re.search(rf"^markdown-{name}: \d+\.\d+ ms/text$", result.stdout, re.MULTILINE), name
    assert figures["pages"] == 12 * 2 + 22  # two per organization, and the site's own pages
    assert figures["pages-clean-build"] < figures["clean-build"]
    images = json.loads(report.read_text("utf-8"))["images"]
    assert images["set"] == "3 JPEG photos 200x150 + 1 PNG logos"
    assert re.search(
        r"^image-set: 3 JPEG photos 200x150 \+ 1 PNG logos, on the site of 12 ", result.stdout, re.M
    )
    names = ["cold", "cold-per-image", "cold-build", "cold-peak-memory", "cold-stage-memory", "warm"]
    names += [
        "warm-per-image",
        "warm-build",
        "warm-peak-memory",
        "warm-stage-memory",
        "rebuild",
        "rebuild-total",
    ]
    names += ["photo-edit-to-reload", "threads", "bytes-in", "bytes-out", "cache-size", "photo-process"]
    names += ["photo-memory", "photo-encode-webp", "photo-encode-jpeg", "logo-process", "logo-memory"]
    names += ["logo-encode-webp-lossless", "logo-encode-png"]
    for name in names:
        assert images[name] > 0, name
        assert re.search(rf"^image-{name}: \d+", result.stdout, re.MULTILINE), name
    # Each image smaller than the narrowest width a page asks for: its own size, as WebP and as itself.
    assert (images["photos"], images["logos"], images["files-out"]) == (3, 1, 4 * 2)


def test_a_markdown_renderer_not_installed_is_reported_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    monkeypatch.setitem(sys.modules, "cmarkgfm", None)  # importing it fails as if it were not installed
    spec = importlib.util.spec_from_file_location("bench", ROOT / "bench" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = bench.markdown_figures(["## Madde 1 – Amaç\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"])
    assert figures["cmarkgfm"] is None
    assert figures["markdown-it-py"] > 0
