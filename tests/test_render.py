"""render: the fixture site's pages, compared with golden files byte for byte.

After an intended change of templates or views, regenerate the golden files with
`UPDATE_GOLDEN=1 make test` and review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unionsite.build import build
from unionsite.render import display_url, language_name

from .conftest import ROOT, tree

GOLDEN = ROOT / "tests" / "golden" / "fixture"


def test_the_fixture_site_matches_its_golden_files(fixture_site: Path) -> None:
    report = build(fixture_site)
    assert report.output is not None
    pages = {path: content for path, content in tree(report.output).items() if path.endswith(".html")}
    if os.environ.get("UPDATE_GOLDEN"):
        for path, content in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(content)
    golden = {path: content for path, content in tree(GOLDEN).items()}
    assert sorted(pages) == sorted(golden)
    for path in sorted(pages):
        assert pages[path].decode() == golden[path].decode(), path


@pytest.mark.parametrize(("code", "name"), [("tr", "Türkçe"), ("en", "English")])
def test_language_names_are_written_in_their_own_language(code: str, name: str) -> None:
    assert language_name(code) == name


def test_urls_are_shown_as_people_write_them() -> None:
    assert display_url("https://www.aebr.eu/") == "www.aebr.eu"
    assert display_url("http://english.cifca.org.cn/Introduction.aspx?id=49") == (
        "english.cifca.org.cn/Introduction.aspx?id=49"
    )
