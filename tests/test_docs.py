"""The editors' guide: its worked examples are real records that pass the check, in both languages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from unionsite.build import check
from unionsite.parse import Parsed, parse_yaml

from .conftest import ROOT
from .pictured import photo

SiteFactory = Callable[[dict[str, str | bytes]], Path]
EXAMPLE = re.compile(r"<!-- file: (\S+) -->\n```\w+\n(.*?)```", re.DOTALL)
# An image file an example shows: the guide names it, the test makes a photo of it.
IMAGE = re.compile(r"<!-- image: (\S+) -->")
GUIDES = ("guide.en.md", "guide.tr.md")


def examples(guide: str) -> dict[str, str]:
    return dict(EXAMPLE.findall((ROOT / "docs" / guide).read_text("utf-8")))


def example_images(guide: str) -> dict[str, str | bytes]:
    return {
        path: photo(320, 240, sideways=False)
        for path in IMAGE.findall((ROOT / "docs" / guide).read_text("utf-8"))
    }


@pytest.mark.parametrize("guide", GUIDES)
def test_the_worked_examples_pass_the_check_without_a_warning(guide: str, site_factory: SiteFactory) -> None:
    files = examples(guide)
    assert len(files) == 12
    images = example_images(guide)
    assert len(images) == 2
    checked = check(site_factory({**files, **images}))
    assert checked.warnings.problems == ()
    assert "ornek/tarihce" in checked.records.of("page")
    assert "ornek-genel-kurul" in checked.records.of("news")
    assert "ornek-forum-2027" in checked.records.of("event")
    assert len(checked.pictures.pictures) == 2
    assert checked.records.of("membership")["ornek-ornek-ag"].organization == "ornek-ag"


def test_both_guides_show_the_same_records() -> None:
    english, turkish = (examples(guide) for guide in GUIDES)
    assert english.keys() == turkish.keys()
    for path, text in english.items():
        if path.endswith(".md"):
            assert text == turkish[path], path
            continue
        parsed = [parse_yaml(t, path) for t in (text, turkish[path])]
        assert all(isinstance(p, Parsed) for p in parsed)
        assert parsed[0].data == parsed[1].data, path  # type: ignore[union-attr]
