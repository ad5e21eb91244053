"""The benchmark's synthetic site: valid content, the same for the same arguments."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

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
    assert (len(records.organizations), len(records.memberships), len(records.agreements)) == (20, 40, 20)
    assert checked.warnings.problems == ()
    description = records.organizations["org-00003"].description
    assert description is not None
    assert len((description.get("tr") or "").split()) == 250
