"""assets: stylesheets minified by Lightning CSS, every asset named by its content's digest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from unionsite.assets import fingerprinted, prepare_assets
from unionsite.build import build
from unionsite.errors import ContentErrors, SourceRef

from .conftest import ROOT

SiteFactory = Callable[[dict[str, str | bytes]], Path]


def test_a_stylesheet_is_minified_and_named_by_its_digest() -> None:
    source = (ROOT / "assets" / "style.css").read_bytes()
    assets = prepare_assets({"style.css": source, "img/logo.svg": b"<svg/>"}, "/birlik/")
    logo, css = sorted(assets.files, key=lambda file: file.path)
    assert css.path.startswith("assets/style.") and css.path.endswith(".css")
    assert len(css.content) < len(source) and b"\n" not in css.content and b"/*" not in css.content
    assert b"--link:#0b4f8a" in css.content and b"@media print" in css.content
    assert logo == logo.__class__(f"assets/{fingerprinted('img/logo.svg', b'<svg/>')}", b"<svg/>")
    assert assets.urls == {"style.css": "/birlik/" + css.path, "img/logo.svg": "/birlik/" + logo.path}
    assert assets.problems == ()


def test_the_name_changes_with_the_content_and_only_with_it() -> None:
    one = fingerprinted("style.css", b"a{color:red}")
    assert one == fingerprinted("style.css", b"a{color:red}")
    assert one != fingerprinted("style.css", b"a{color:blue}")
    assert fingerprinted("fonts/x.woff2", b"x").startswith("fonts/x.")
    assert fingerprinted("LICENSE", b"x").startswith("LICENSE.")


def test_a_css_syntax_error_names_file_line_and_column() -> None:
    assets = prepare_assets({"style.css": b"a { color: red }\n@media ( { b {} }\n"}, "/")
    (problem,) = assets.problems
    assert problem.source == SourceRef("assets/style.css", 2, 11)
    assert problem.message == "CSS error: Invalid media query"
    assert assets.files == ()


def test_a_site_without_a_stylesheet_is_told_which_file_it_needs(site_factory: SiteFactory) -> None:
    site = site_factory({})
    (site / "assets" / "style.css").unlink()
    with pytest.raises(ContentErrors) as raised:
        build(site)
    assert [str(e.source) for e in raised.value.report.errors] == ["assets/style.css"]
    assert "missing: every page links this stylesheet" in raised.value.report.errors[0].message


def test_a_broken_stylesheet_is_listed_with_the_content_errors_and_nothing_is_written(
    site_factory: SiteFactory,
) -> None:
    site = site_factory({"content/memberships/alpha-gamma.yaml": "member: nobody\n"})
    (site / "assets" / "style.css").write_text("a {\n  color: red;\n}\n}\n", "utf-8")
    with pytest.raises(ContentErrors) as raised:
        build(site)
    paths = sorted({e.source.path for e in raised.value.report.errors})
    assert paths == ["assets/style.css", "content/memberships/alpha-gamma.yaml"]
    assert not (site / "build").exists()
