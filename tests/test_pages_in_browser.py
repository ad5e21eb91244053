"""The built site as visitors and validators see it: every page of the real content through the Nu
HTML Checker and through axe-core in headless Chromium, every page at 320 px, one page of each
kind printed; on a fixture site, long lists, a statute and pages with images, which load as WebP
without moving the page, and Lighthouse on a page with images. No rule is switched off and no page
is skipped. `make test-tools` installs the tools (`make test` runs it first)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from unionsite.build import BuildReport, build
from unionsite.site import PageOut

from .browser.host import static_host
from .browser.lighthouse import FLOOR, lighthouse
from .conftest import ROOT, make_site
from .long_lists import long_lists
from .pictured import pictured_files
from .statute import statute_files

TOOLS = ROOT / "tests" / "browser"
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
NARROWEST = 320


def _require_tools() -> None:
    missing = [str(p) for p in (VNU, Path(CHROMIUM)) if not p.exists()]
    missing += [tool for tool in ("java", "node") if shutil.which(tool) is None]
    assert not missing, f"run `make test-tools` first; missing: {', '.join(missing)}"


def _html_files(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))


def _address(path: str) -> str:
    """The address a static host serves a file at: folders end in a slash."""
    if path == "index.html":
        return "/"
    return "/" + path.removesuffix("index.html")


def _every_page(report: BuildReport, sort: Callable[[PageOut], str]) -> tuple[Path, list[str], list[str]]:
    """A built site's output, the address of each of its pages, and one page of each sort to
    print (of each kind, of each template)."""
    _require_tools()
    assert report.output is not None
    pages = [_address(path) for path in _html_files(report.output)]
    one_of_each: dict[str, str] = {}
    for page in report.site.pages:
        one_of_each.setdefault(sort(page), page.url)
    return report.output, pages, sorted(one_of_each.values())


@pytest.fixture(scope="module")
def browser_report(real_site: BuildReport) -> dict[str, Any]:
    output, pages, printed = _every_page(real_site, lambda page: page.route.kind)
    searches = [{"page": "/tr/ara/", "query": query} for query in TURKISH_QUERIES]
    searches.append({"page": "/en/search/", "query": "cooperation"})
    request = {"pages": pages, "print": printed, "search": searches}
    report = _check_pages(output, request)
    assert set(report["pages"]) == set(pages)
    return report


def _check_pages(output: Path, request: dict[str, Any]) -> dict[str, Any]:
    """What check_pages.mjs reports of the built site in `output`, served as a static host
    serves it, for `request` (the pages, those to print, the searches)."""
    with static_host(output) as base:
        result = subprocess.run(
            ["node", str(TOOLS / "check_pages.mjs"), json.dumps({"base": base, **request})],
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "CHROMIUM": CHROMIUM},
            check=False,
        )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_every_page_is_valid_html(real_site: BuildReport) -> None:
    _require_tools()
    assert real_site.output is not None
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--also-check-css", "--skip-non-html"]
        + [str(real_site.output / path) for path in _html_files(real_site.output)]
        + [str(p) for p in sorted((real_site.output / "assets").rglob("*.css"))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert _problems(result.stderr) == []
    assert len(_html_files(real_site.output)) > 60


def _problems(nu_report: str) -> list[str]:
    """The errors and warnings of the Nu checker's JSON report, one line each."""
    messages = json.loads(nu_report)["messages"]
    return [
        f"{m.get('url', '').rsplit('/build/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]


def _nu_problems(output: Path, pages: list[str]) -> list[str]:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html"] + [str(output / p) for p in pages],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return _problems(result.stderr)


def test_every_page_passes_axe_wcag_2_2_aa(browser_report: dict[str, Any]) -> None:
    violations = {
        page: [f"{v['id']} ({v['impact']}): {v['help']} at {v['targets']}" for v in result["violations"]]
        for page, result in browser_report["pages"].items()
        if result["violations"]
    }
    assert violations == {}


def test_every_page_loads_without_a_console_error_and_is_found(browser_report: dict[str, Any]) -> None:
    statuses = {page: result["status"] for page, result in browser_report["pages"].items()}
    assert statuses == dict.fromkeys(statuses, 200)
    assert {page: r["console"] for page, r in browser_report["pages"].items() if r["console"]} == {}


def test_no_text_is_squeezed_into_a_narrow_box_at_1280_pixels(browser_report: dict[str, Any]) -> None:
    """A term with two descriptions once pushed the second into the first column of the facts'
    grid, which left the others a column of no width: the text was there, and unreadable."""
    squeezed = {
        page: r["squeezed_at_1280"] for page, r in browser_report["pages"].items() if r["squeezed_at_1280"]
    }
    assert squeezed == {}


def test_no_page_scrolls_sideways_at_320_pixels(browser_report: dict[str, Any]) -> None:
    too_wide = {
        page: result["width_at_320"]
        for page, result in browser_report["pages"].items()
        if result["width_at_320"] > NARROWEST
    }
    assert too_wide == {}


def test_one_page_of_each_kind_prints_without_navigation(
    browser_report: dict[str, Any], real_site: BuildReport
) -> None:
    kinds = {page.route.kind for page in real_site.site.pages}
    printed = browser_report["print"]
    assert len(printed) == len(kinds)
    for page, result in printed.items():
        assert result["pdf_bytes"] > 1000, page
        assert result["pdf_pages"] >= 1, page
        assert not result["navigation_shown"], page


# Written as editors and readers type it: lower case, capitals the Turkish way, capitalized the
# English way (Işbirliği). All must find the same pages.
TURKISH_QUERIES = ("işbirliği", "İŞBİRLİĞİ", "Işbirliği")


def test_search_treats_turkish_i_alike_and_finds_mbb_local_diplomacy(
    browser_report: dict[str, Any], real_site: BuildReport
) -> None:
    found = {query: browser_report["search"][f"/tr/ara/?q={query}"] for query in TURKISH_QUERIES}
    results = {query: set(result["results"]) for query, result in found.items()}
    assert results["işbirliği"] and len(set(map(frozenset, results.values()))) == 1, results
    diplomacy = real_site.site.urls.folder("page", "mbb/yerel-diplomasi", "tr")
    assert "/" + diplomacy in results["işbirliği"]
    for query, result in found.items():
        assert result["box"] == query  # the search box shows what was searched for
        assert query in result["status"] and str(len(result["results"])) in result["status"]


def test_search_in_english_finds_english_pages(browser_report: dict[str, Any]) -> None:
    result = browser_report["search"]["/en/search/?q=cooperation"]
    assert result["results"] and all(url.startswith("/en/") for url in result["results"])


def test_without_javascript_the_search_page_says_it_needs_it(browser_report: dict[str, Any]) -> None:
    assert "JavaScript" in browser_report["without_javascript"]["/tr/ara/"]
    assert "JavaScript" in browser_report["without_javascript"]["/en/search/"]


# ---------------------------------------------------------------------------------------------
# What the real content does not have yet: lists over several pages, a statute with a table of
# contents, a table and lettered items.


@pytest.fixture(scope="module")
def fixture_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A fixture site with long lists and a statute, built: its output and the pages to check
    (every page of the lists, of a network with many members and the statute, in both
    languages)."""
    files = {**long_lists(settings="page_size: 25\n"), **statute_files()}
    report = build(make_site(tmp_path_factory.mktemp("fixture-pages") / "site", files))
    assert report.output is not None
    lists = {"organizations", "memberships", "agreements"}
    pages = sorted(page.route.output for page in report.site.pages if page.route.kind in lists)
    assert len(pages) == 2 * (5 + 5 + 5)  # 123 organizations, 121 memberships, 121 agreements by 25
    statute = [page.route.output for page in report.site.pages if page.route.key == "alpha/tuzuk"]
    network = [page.route.output for page in report.site.pages if page.route.key == "gamma"]
    assert (len(statute), len(network)) == (2, 2 * 5)  # Gamma's 121 members by 25
    return report.output, pages + statute + network


def test_long_lists_and_a_statute_are_valid_html(fixture_pages: tuple[Path, list[str]]) -> None:
    _require_tools()
    output, pages = fixture_pages
    assert _nu_problems(output, pages) == []


def test_long_lists_and_a_statute_pass_axe(fixture_pages: tuple[Path, list[str]]) -> None:
    _require_tools()
    output, pages = fixture_pages
    addresses = [_address(path) for path in pages]
    report = _check_pages(output, {"pages": addresses, "print": []})["pages"]
    assert set(report) == set(addresses)
    assert {page: r["violations"] for page, r in report.items() if r["violations"]} == {}
    assert {page: r["width_at_320"] for page, r in report.items() if r["width_at_320"] > NARROWEST} == {}


# ---------------------------------------------------------------------------------------------
# Images: a network's logo, and a page with a photo under its title, a map in SVG and a
# decorative line in its text.


@dataclass(frozen=True)
class Pictured:
    output: Path
    pages: list[str]  # the files of the pages that show an image
    event: str  # the address of the page with the photo, in Turkish


@pytest.fixture(scope="module")
def pictured(tmp_path_factory: pytest.TempPathFactory) -> Pictured:
    """The fixture site with images, built: the pages that show one are found in the output."""
    # '' deletes a file: gamma's record moves into a folder of its own, beside its logo
    files = {path: content for path, content in pictured_files().items() if content != ""}
    report = build(make_site(tmp_path_factory.mktemp("pictured") / "site", files))
    output = report.output
    assert output is not None
    shown = [
        page
        for page in report.site.pages
        if "<picture" in (output / page.route.output).read_text(encoding="utf-8")
    ]
    found = sorted((page.route.key, page.route.language) for page in shown)
    assert found == [("alpha/etkinlik", "en"), ("alpha/etkinlik", "tr"), ("gamma", "en"), ("gamma", "tr")]
    (event,) = [
        page.url for page in shown if (page.route.key, page.route.language) == ("alpha/etkinlik", "tr")
    ]
    return Pictured(output, sorted(page.route.output for page in shown), event)


def test_pages_with_images_are_valid_html(pictured: Pictured) -> None:
    _require_tools()
    assert len(pictured.pages) == 4
    assert _nu_problems(pictured.output, pictured.pages) == []


def test_pages_with_images_pass_axe(pictured: Pictured) -> None:
    _require_tools()
    addresses = [_address(path) for path in pictured.pages]
    report = _check_pages(pictured.output, {"pages": addresses, "print": []})["pages"]
    assert set(report) == set(addresses) and len(addresses) == 4
    assert {page: r["violations"] for page, r in report.items() if r["violations"]} == {}
    assert {page: r["console"] for page, r in report.items() if r["console"]} == {}
    assert {page: r["width_at_320"] for page, r in report.items() if r["width_at_320"] > NARROWEST} == {}


def test_every_image_loads_as_webp_in_the_box_kept_for_it(pictured: Pictured) -> None:
    """At 1280 and at 320 px, every image loads (the lazy ones once scrolled to); a photo or a
    drawing in pixels comes as the WebP its <picture> offers, and no JPEG or PNG is fetched
    besides; and each is shown in the box its width and height attributes kept for it before it
    loaded, in their proportions: nothing moves when it comes."""
    _require_tools()
    addresses = [_address(path) for path in pictured.pages]
    report = _check_pages(pictured.output, {"pages": [], "print": [], "images": addresses})["images"]
    faults: dict[str, list[str]] = {}
    shown = 0
    for page, widths in report.items():
        assert set(widths) == {"1280", "320"}, page
        for width, result in widths.items():
            where = f"{page} at {width} px"
            raster = [path for path in result["requested"] if not path.endswith(".svg")]
            faults[where] = [f"fetched {path}" for path in raster if not path.endswith(".webp")]
            for image in result["images"]:
                faults[where] += [f"{image['src']}: {fault}" for fault in _image_faults(image)]
            shown += len(result["images"])
    assert {where: found for where, found in faults.items() if found} == {}
    # the photo, the map and the line on the event page in each language, and gamma's logo, at two widths
    html = "".join((pictured.output / path).read_text(encoding="utf-8") for path in pictured.pages)
    assert shown == 2 * html.count("<img ") == 2 * (3 + 3 + 1 + 1)


def _image_faults(image: dict[str, Any]) -> list[str]:
    """What is wrong with an image as check_pages.mjs saw it, once loaded and while loading."""
    faults = []
    if image["natural_width"] == 0:
        faults.append(f"did not load ({image['current']})")
    raster = not image["src"].endswith(".svg")
    if raster and not (image["webp_offered"] and image["current"].endswith(".webp")):
        faults.append(f"shown as {image['current']}, not a WebP")
    if not all(value and value.isdigit() and int(value) > 0 for value in image["attributes"]):
        return [*faults, f"width and height attributes {image['attributes']}"]
    width, height = (int(value) for value in image["attributes"])
    kept, box = image["box_while_loading"], image["box"]
    if kept[0] == 0 or abs(kept[1] - kept[0] * height / width) > 1:
        faults.append(f"box kept while loading {kept} is not in the proportions {width}x{height}")
    if abs(box[0] - kept[0]) > 1 or abs(box[1] - kept[1]) > 1:
        faults.append(f"moved the page: box {kept} while loading, {box} once loaded")
    pixels = image["pixels"]
    if raster and abs(pixels[1] - pixels[0] * height / width) > 1:
        faults.append(f"its file of {pixels[0]}x{pixels[1]} is not in the proportions {width}x{height}")
    return faults


def test_lighthouse_scores_a_page_with_images_95_or_more(pictured: Pictured) -> None:
    """The mobile preset, in all four categories, on the page whose photo is its largest paint."""
    _require_tools()
    report = lighthouse(pictured.output, [pictured.event])
    assert set(report) == {pictured.event}
    result = report[pictured.event]
    assert set(result["scores"]) == {"performance", "accessibility", "best-practices", "seo"}
    low = {category: score for category, score in result["scores"].items() if score < FLOOR}
    assert low == {}, (result["lost"], result["metrics"])


# ---------------------------------------------------------------------------------------------
# The fictional example site: news, announcements, events, images, a long page with a table of
# contents, every page through the same checks as the real site's.


@pytest.fixture(scope="module")
def example_report(example_site: BuildReport) -> dict[str, Any]:
    output, pages, printed = _every_page(example_site, lambda page: page.template)
    report = _check_pages(output, {"pages": pages, "print": printed})
    assert set(report["pages"]) == set(pages)
    return report


def test_every_page_of_the_example_is_valid_html(example_site: BuildReport) -> None:
    _require_tools()
    assert example_site.output is not None
    pages = _html_files(example_site.output)
    assert len(pages) > 100
    assert _nu_problems(example_site.output, pages) == []


def test_every_page_of_the_example_passes_axe_loads_and_fits_320_pixels(
    example_report: dict[str, Any],
) -> None:
    pages = example_report["pages"]
    assert {page: r["violations"] for page, r in pages.items() if r["violations"]} == {}
    assert {page: r["status"] for page, r in pages.items() if r["status"] != 200} == {}
    assert {page: r["console"] for page, r in pages.items() if r["console"]} == {}
    assert {page: r["width_at_320"] for page, r in pages.items() if r["width_at_320"] > NARROWEST} == {}
    assert {page: r["squeezed_at_1280"] for page, r in pages.items() if r["squeezed_at_1280"]} == {}


def test_one_page_of_each_template_of_the_example_prints_without_navigation(
    example_report: dict[str, Any], example_site: BuildReport
) -> None:
    printed = example_report["print"]
    assert len(printed) == len({page.template for page in example_site.site.pages})
    for page, result in printed.items():
        assert result["pdf_bytes"] > 1000 and result["pdf_pages"] >= 1, page
        assert not result["navigation_shown"], page
