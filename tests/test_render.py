"""render: the fixture site's pages, compared with golden files byte for byte.

After an intended change of templates or views, regenerate the golden files with
`UPDATE_GOLDEN=1 make test` and review the diff before committing it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from jinja2 import DictLoader

from unionsite.build import BuildReport, build
from unionsite.errors import UnionsiteError
from unionsite.i18n import Localizer
from unionsite.render import (
    _in_forked_workers,
    display_url,
    language_name,
    make_environment,
)

from .conftest import ROOT, tree
from .test_cli import NOTHING_WRITTEN, run

GOLDEN = ROOT / "tests" / "golden" / "fixture"


def test_the_fixture_site_matches_its_golden_files(
    fixture_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fixture is not in git: every record changed "today", which the feeds show
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767216600")  # 1 January 2026 in Istanbul
    report = build(fixture_site)
    assert report.output is not None
    # every file the build makes but the assets (tests/test_assets.py) and Pagefind's binary index
    # (tests/test_pages_in_browser.py searches it)
    pages = {
        path: content
        for path, content in tree(report.output).items()
        if not path.startswith(("assets/", "pagefind/"))
    }
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


def test_filters_follow_the_language_of_the_environment() -> None:
    template = "{{ 'istanbul'|upper }} {{ '2040'|ablative }} {{ '2006'|inflect('dative') }} {{ 1234|number }}"
    results = {
        language: make_environment(DictLoader({}), local=Localizer(language, "tr", locale))
        .from_string(template)
        .render()
        for language, locale in (("tr", "tr_TR"), ("en", "en_GB"))
    }
    assert results == {"tr": "İSTANBUL 2040&#39;tan 2006&#39;ya 1.234", "en": "ISTANBUL 2040 2006 1,234"}


def test_two_workers_cold_and_with_a_warm_cache_make_the_bytes_one_cold_process_makes(
    tmp_path: Path,
) -> None:
    def build_with(workers: int, output: str, cache: str) -> BuildReport:
        return build(ROOT, output=str(tmp_path / output), cache=str(tmp_path / cache), workers=workers)

    one = build_with(1, "one", cache="cache-of-one")
    cold = build_with(2, "cold", cache="cache")
    warm = build_with(2, "warm", cache="cache")
    assert [report.rendered.workers for report in (one, cold, warm)] == [1, 2, 2]
    assert len(warm.rendered.rendered) == len(one.rendered.rendered) > 80
    texts = one.markdown[1]
    assert texts > 40
    assert (one.markdown, cold.markdown, warm.markdown) == ((0, texts), (0, texts), (texts, 0))
    assert tree(tmp_path / "cold") == tree(tmp_path / "one")
    assert tree(tmp_path / "warm") == tree(tmp_path / "one")


def _share_or_fail(work: str, start: int, step: int) -> str:
    if work == "fail" and start == 1:
        raise ValueError("worker 1 failed")
    if work == "die" and start == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return f"{start}/{step}"


def test_forked_workers_return_their_shares_in_order_and_hand_back_errors() -> None:
    assert _in_forked_workers(_share_or_fail, "work", 3) == ["0/3", "1/3", "2/3"]
    with pytest.raises(ValueError, match="worker 1 failed"):
        _in_forked_workers(_share_or_fail, "fail", 3)
    with pytest.raises(UnionsiteError, match="a rendering worker ended without a result"):
        _in_forked_workers(_share_or_fail, "die", 3)


def test_a_translation_is_text_not_markup(fixture_site: Path) -> None:
    catalog = fixture_site / "locale/en/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    assert 'msgid "Page not found"\nmsgstr "Page not found"\n' in text
    catalog.write_text(
        text.replace('msgstr "Page not found"', 'msgstr "<script>alert(1)</script> & gone"'), encoding="utf-8"
    )
    report = build(fixture_site)
    assert report.output is not None
    page = (report.output / "en/404.html").read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; gone</h1>" in page
    assert "<script>alert(1)" not in page


TEMPLATE_MISTAKES = {
    "syntax": (
        '{% if shell %}<main id="main">{% endiff %}',
        "template error: Encountered unknown tag 'endiff'. Jinja was looking for the following tags: "
        "'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
    ),
    "undefined": (
        '{{ shell.nmae }}<main id="main">',
        "'unionsite.views.Shell object' has no attribute 'nmae'",
    ),
    "missing-include": (
        '{% include "missing.html" %}<main id="main">',
        "no template 'missing.html' to include",
    ),
    "type": ('{{ "a" + 1 }}<main id="main">', 'can only concatenate str (not "int") to str'),
}


@pytest.mark.parametrize("case", sorted(TEMPLATE_MISTAKES))
def test_a_template_mistake_is_located_at_its_line_with_the_line_shown(
    case: str, fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = fixture_site / "templates/base.html"
    lines = base.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, 1) if line.startswith('<main id="main">'))
    written, message = TEMPLATE_MISTAKES[case]
    lines[number - 1] = lines[number - 1].replace('<main id="main">', written)
    base.write_text("".join(lines), encoding="utf-8")

    code, out, err = run(["build", "--site", str(fixture_site)], capsys)

    assert (code, out) == (1, "")
    head, shown, caret, count, nothing = err.splitlines()
    rendering = "" if case == "syntax" else " (while rendering "
    assert head.startswith(f"templates/base.html:{number}:1: {message}{rendering}")
    assert head.endswith("" if case == "syntax" else "/index.html)")
    assert (shown, caret) == ("    " + lines[number - 1].rstrip("\n"), "    ^")
    assert (count, nothing + "\n") == ("1 error, 0 warnings", NOTHING_WRITTEN)


def test_a_template_that_is_not_utf8_is_an_error_at_its_byte(
    fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fixture_site / "templates/page.html").write_bytes(b"{% extends 'base.html' %}\n{# Sayfa\xfd #}\n")
    code, out, err = run(["build", "--site", str(fixture_site)], capsys)
    assert (code, out) == (1, "")
    assert err == (
        "templates/page.html:2:9: invalid UTF-8 (byte 0xfd); save the template as UTF-8\n" + NOTHING_WRITTEN
    )


@pytest.mark.parametrize(
    ("membership", "sources", "source_lines"),
    [
        ("", "[alpha-page]", 1),
        ("member: alpha\norganization: beta\nsince: 2008\n", "[alpha-page]", 1),
        ("", "[alpha-page, beta-page]", 2),
    ],
)
def test_a_source_line_is_not_repeated_by_the_one_that_follows_it(
    site_factory: Callable[[dict[str, str | bytes]], Path], membership: str, sources: str, source_lines: int
) -> None:
    """Beta's figures and Beta itself cite the same source: the page's line says it, once, with
    or without its members between the two; a page with more sources keeps the figures' own."""
    beta = (
        "name:\n  tr: Beta Birliği\n  en: Beta Union\nkinds: [union]\n"
        "figures:\n  - text: {tr: 12 üye, en: 12 members}\n    source: alpha-page\n"
        f"sources: {sources}\n"
    )
    changes: dict[str, str | bytes] = {
        "content/organizations/beta.yaml": beta,
        "content/agreements/alpha-beta.yaml": "",
        "content/memberships/alpha-beta.yaml": membership,
        "content/sources/beta-page.yaml": "title: {tr: Hakkında, en: About}\npublisher: beta\n",
    }
    output = build(site_factory(changes)).output
    assert output is not None
    page = (output / "en/organizations/beta-union/index.html").read_text("utf-8")
    assert page.count('<p class="sources">') == source_lines
