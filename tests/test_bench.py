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
