"""search: each indexed page's main text, folded, goes to Pagefind; titles and descriptions as
they are. The browser side is in test_pages_in_browser.py."""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from unionsite.build import build
from unionsite.search import WORK_PREFIX, SearchablePage, _record, _stand_in, search_index
from unionsite.turkish import search_fold

SiteFactory = Callable[[dict[str, str | bytes]], Path]


def test_the_four_turkish_i_are_one_letter_for_search() -> None:
    words = ("işbirliği", "İŞBİRLİĞİ", "Işbirliği", "ışbırlığı", "İşbirliği".lower())
    assert {search_fold(word).lower() for word in words} == {"işbirliği"}
    assert search_fold("Çağrı Öğüt Şişli") == "Çağri Öğüt Şişli"  # other letters untouched


def test_a_page_is_indexed_by_its_main_text_folded_with_title_and_description_kept() -> None:
    page = SearchablePage(
        "/tr/x/",
        "tr",
        (
            '<html lang="tr"><head><meta property="og:title" content="İzmir &amp; Işık">'
            '<meta name="description" content="İlk söz."></head><body><nav>Menü</nav>'
            "<main><h1>İzmir</h1><p>Işık<br>ve <a href='/'>İstanbul</a></p></main>"
            "<footer>Alt</footer></body></html>"
        ).encode(),
    )
    record = _record(page)
    assert (record.title, record.description, record.content) == (
        "İzmir & Işık",
        "İlk söz.",
        "İzmir Işık ve İstanbul",
    )
    stand_in = _stand_in(record)
    assert "<main data-pagefind-body>izmir işik ve istanbul</main>".lower() in stand_in.lower()
    assert 'content="İzmir &amp; Işık"' in stand_in and "Menü" not in stand_in


def test_the_index_covers_each_language_and_can_be_turned_off(site_factory: SiteFactory) -> None:
    report = build(site_factory({}))
    assert report.output is not None
    entry = (report.output / "pagefind" / "pagefind-entry.json").read_text("utf-8")
    assert '"tr"' in entry and '"en"' in entry
    assert (report.output / "tr" / "ara" / "index.html").is_file()
    off = build(
        site_factory(
            {
                "site.yaml": (
                    "owner: alpha\nbase_url: https://example.org/\nlanguages: [tr, en]\nsearch: false\n"
                )
            }
        )
    )
    assert off.output is not None
    assert not (off.output / "pagefind").exists() and not (off.output / "tr" / "ara").exists()
    assert 'role="search"' not in (off.output / "tr" / "index.html").read_text("utf-8")


def test_work_folders_of_killed_builds_are_removed_and_live_or_new_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed build cleans up nothing; the next one removes its Pagefind folder, knowing it by
    its free lock. A live build's folder is locked; one just made may not be locked yet."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    long_ago = time.time() - 3600
    folders = {name: tmp_path / f"{WORK_PREFIX}{name}" for name in ("killed", "live", "newborn")}
    for folder in folders.values():
        (folder / "site").mkdir(parents=True)
    for name in ("killed", "live"):
        os.utime(folders[name], (long_ago, long_ago))
    (tmp_path / "unrelated").mkdir()
    held = os.open(folders["live"], os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        page = SearchablePage("/tr/x/", "tr", b'<html lang="tr"><body><main>Birlik</main></body></html>')
        files = search_index([page])
    finally:
        os.close(held)
    assert any(file.path == "pagefind/pagefind-entry.json" for file in files)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [folders["live"].name, folders["newborn"].name, "unrelated"]
    )
