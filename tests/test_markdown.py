"""markdown: Markdown to HTML that is safe on a public body's site."""

from __future__ import annotations

from unionsite.markdown import MarkdownRenderer, cache_key


def test_markdown_renders_headings_lists_and_quotes_as_written() -> None:
    assert MarkdownRenderer()("## a) Kent\n\n- “e-belediye”\n- İşbirliği") == (
        "<h2>a) Kent</h2>\n<ul>\n<li>“e-belediye”</li>\n<li>İşbirliği</li>\n</ul>"
    )


def test_scripts_event_handlers_and_javascript_urls_are_removed() -> None:
    html = MarkdownRenderer()(
        '<p onclick="steal()">Metin</p><script>alert(1)</script>'
        '[x](javascript:alert(1)) <span lang="tr">ş</span>'
    )
    assert html == '<p>Metin</p>\n\n<p><a rel="noopener noreferrer">x</a> <span lang="tr">ş</span></p>'


def test_one_renderer_gives_every_text_the_result_a_fresh_one_gives() -> None:
    """A reference defined in one text must not leak into the next one the renderer converts."""
    texts = [
        "[kaynak]: https://a.example\n\nBkz. [kaynak].",
        "Bkz. [kaynak].",
        "## Başlık\n\n- a\n- b",
        "*vurgu* ve [bağlantı](https://example.org)",
        "## Başlık\n\n- a\n- b",
        "1. bir\n2. iki",
    ]
    shared = MarkdownRenderer()
    assert [shared(text) for text in texts] == [MarkdownRenderer()(text) for text in texts]


def test_the_cache_key_tells_texts_apart_and_stays_the_same_for_one_text() -> None:
    assert cache_key("İşbirliği") == cache_key("İşbirliği")
    assert cache_key("İşbirliği") != cache_key("işbirliği")
    assert len(cache_key("")) == 16


def test_what_is_rendered_is_handed_out_once_for_storing_and_what_was_stored_never() -> None:
    renderer = MarkdownRenderer()
    renderer.remember({"*stored*": "<p><em>stored</em></p>"}, stored=True)
    renderer.remember({"from a worker": "<p>from a worker</p>"})
    assert renderer("*stored*") == "<p><em>stored</em></p>"
    renderer("here")
    assert renderer.unstored() == {
        cache_key("from a worker"): "<p>from a worker</p>",
        cache_key("here"): "<p>here</p>",
    }
    assert renderer.unstored() == {}


def test_the_lead_of_a_text_is_its_prose_without_headings() -> None:
    """A meta description begins with the text, not with "a) Kent ve Kent Yönetimi" run into it."""
    text = "## a) Kent ve Kent Yönetimi\n\nÖrnek uygulamaları takip etmek.\n\n### b) Belediye\n\n- Destek"
    renderer = MarkdownRenderer()
    assert renderer.lead(text) == "Örnek uygulamaları takip etmek. Destek"
    assert renderer.plain(text).startswith("a) Kent ve Kent Yönetimi")
