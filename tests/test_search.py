"""search: each indexed page's main text, folded, goes to Pagefind; titles and descriptions as
they are. The browser side is in test_pages_in_browser.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from unionsite.build import build
from unionsite.search import SearchablePage, _record, _stand_in
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
