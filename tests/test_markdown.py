"""markdown: Markdown to HTML that is safe on a public body's site."""

from __future__ import annotations

from unionsite.markdown import MarkdownRenderer


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
