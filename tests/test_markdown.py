"""markdown: Markdown to HTML that is safe on a public body's site, its headings, and what
validation reads in it."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from unionsite.build import BuildReport, build
from unionsite.kinds import MODEL
from unionsite.markdown import (
    IMAGE_SIZES,
    Destination,
    Findings,
    Heading,
    HeadingIds,
    ImageFile,
    MarkdownRenderer,
    Picture,
    RunOn,
    Section,
    findings,
    outline,
)
from unionsite.render import heading_ids
from unionsite.schema import internal_links

from .statute import statute_files


def test_markdown_renders_headings_lists_and_quotes_as_written() -> None:
    assert MarkdownRenderer()("## a) Kent\n\n- “e-belediye”\n- İşbirliği") == (
        '<h2 id="a-kent">a) Kent</h2>\n<ul>\n<li>“e-belediye”</li>\n<li>İşbirliği</li>\n</ul>'
    )


def test_a_table_renders_as_a_table() -> None:
    html = MarkdownRenderer()("| Üye | Yıl |\n|---|---:|\n| MBB | 2008 |\n")
    assert html == (
        "<table>\n<thead>\n<tr>\n<th>Üye</th>\n<th>Yıl</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        "<td>MBB</td>\n<td>2008</td>\n</tr>\n</tbody>\n</table>"
    )


def test_scripts_event_handlers_and_javascript_urls_are_removed() -> None:
    html = MarkdownRenderer()(
        '<p onclick="steal()">Metin</p><script>alert(1)</script>\n\n'
        '[x](javascript:alert(1)) <a href="javascript:alert(1)">y</a> <span lang="tr">ş</span>'
    )
    assert html == (
        "<p>Metin</p>\n"
        '<p>[x](javascript:alert(1)) <a rel="noopener noreferrer">y</a> <span lang="tr">ş</span></p>'
    )


def test_a_raw_script_between_paragraphs_is_removed_with_its_content() -> None:
    html = MarkdownRenderer()("Önce.\n\n<script>\nalert(1)\n</script>\n\nSonra.")
    assert html == "<p>Önce.</p>\n\n<p>Sonra.</p>"


def test_turkish_headings_get_ascii_ids_unique_within_the_text() -> None:
    text = "## Üyelik ve İşbirliği\n\n## Madde 1 – Amaç\n\n## Madde 1 – Amaç\n\n### `Kod` ve *vurgu*\n\n## ★"
    renderer = MarkdownRenderer()
    assert renderer.headings(text) == (
        Heading(2, "uyelik-ve-isbirligi", "Üyelik ve İşbirliği"),
        Heading(2, "madde-1-amac", "Madde 1 – Amaç"),
        Heading(2, "madde-1-amac-1", "Madde 1 – Amaç"),
        Heading(3, "kod-ve-vurgu", "Kod ve vurgu"),
        Heading(2, "section", "★"),
    )
    html = renderer(text)
    assert all(f'id="{heading.id}"' in html for heading in renderer.headings(text))


def test_a_heading_never_takes_an_id_of_the_page_layout() -> None:
    ids = HeadingIds(frozenset({"main", "contents"}), ("agreement", "agreements"))
    assert [
        ids(title) for title in ("Main", "İçerik", "Contents", "Agreement", "Agreements", "Agreement X")
    ] == [
        "section-main",
        "icerik",
        "section-contents",
        "section-agreement",
        "section-agreements",
        "section-agreement-x",
    ]
    html = MarkdownRenderer(ids)("## Main\n\n## Main\n\n## Agreement")
    assert html == (
        '<h2 id="section-main">Main</h2>\n<h2 id="section-main-1">Main</h2>\n'
        '<h2 id="section-agreement">Agreement</h2>'
    )


def test_the_site_keeps_headings_off_the_ids_its_kinds_and_templates_use() -> None:
    ids = heading_ids(MODEL)
    assert [
        ids(title) for title in ("Main", "Memberships", "Membership in UCLG", "Dataset", "Üyelikler")
    ] == [
        "section-main",
        "section-memberships",
        "section-membership-in-uclg",
        "section-dataset",
        "uyelikler",
    ]


def test_lettered_items_separated_by_blank_lines_are_paragraphs_of_their_own() -> None:
    apart = MarkdownRenderer()("Birliğin görevleri:\n\na) Kent hizmetleri,\n\nb) Eğitim.")
    assert apart == "<p>Birliğin görevleri:</p>\n<p>a) Kent hizmetleri,</p>\n<p>b) Eğitim.</p>"
    assert findings("Birliğin görevleri:\n\na) Kent hizmetleri,\n\nb) Eğitim.") == Findings()
    # On consecutive lines they are one paragraph, which validation warns of.
    run_on = "Birliğin görevleri:\n\na) Kent hizmetleri,\nb) Eğitim,\n  c) Spor."
    assert MarkdownRenderer()(run_on).count("<p>") == 2
    assert findings(run_on).run_on == (RunOn("b)", 3, 0), RunOn("c)", 4, 2))


def test_internal_links_lead_to_the_urls_given_and_an_at_sign_in_code_is_text() -> None:
    text = (
        "[Gamma](@organization:gamma) ve `[x](@organization:beta)`\n\n"
        "```\n[y](@organization:beta)\n```\n\n"
        "[Beta][b]\n\n[b]: @organization:beta\n"
    )
    links = (("@organization:beta", "/tr/kuruluslar/beta/"), ("@organization:gamma", "/tr/kuruluslar/gamma/"))
    assert MarkdownRenderer()(text, links) == (
        '<p><a href="/tr/kuruluslar/gamma/" rel="noopener noreferrer">Gamma</a> ve '
        "<code>[x](@organization:beta)</code></p>\n"
        "<pre><code>[y](@organization:beta)\n</code></pre>\n"
        '<p><a href="/tr/kuruluslar/beta/" rel="noopener noreferrer">Beta</a></p>'
    )
    assert [(link.written, link.line, link.column) for link in internal_links(text)] == [
        ("@organization:gamma", 0, 8),
        ("@organization:beta", 8, 5),
    ]


def test_every_written_form_of_a_destination_is_found_where_it_is_written() -> None:
    text = (
        'Bkz. [a](@home "Ana sayfa"),\n  [b](<@agreements#x>) ve ![c](@page:mbb/x).\n\n'
        "- [d](\n  @memberships)\n\n[e]:\n    @organizations\n"
    )
    assert findings(text).destinations == (
        Destination("@home", 0, 9),
        Destination("@agreements#x", 1, 7),
        Destination("@page:mbb/x", 1, 31, image=True),
        Destination("@memberships", 4, 2),
        Destination("@organizations", 7, 4),
    )


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


def test_the_cache_key_tells_texts_and_their_links_apart() -> None:
    renderer = MarkdownRenderer()
    assert renderer.cache_key("İşbirliği") == MarkdownRenderer().cache_key("İşbirliği")
    assert renderer.cache_key("İşbirliği") != renderer.cache_key("işbirliği")
    linked = "[a](@home)"
    assert renderer.cache_key(linked, (("@home", "/tr/"),)) != renderer.cache_key(
        linked, (("@home", "/en/"),)
    )
    assert renderer.cache_key(linked, (("@home", "/tr/"),)) != renderer.cache_key(linked)
    assert len(renderer.cache_key("")) == 16
    assert MarkdownRenderer(HeadingIds(frozenset({"main"}))).cache_key("x") != renderer.cache_key("x")


def test_a_text_with_other_urls_for_its_links_is_rendered_again() -> None:
    renderer = MarkdownRenderer()
    assert (
        renderer("[a](@home)", (("@home", "/tr/"),))
        == '<p><a href="/tr/" rel="noopener noreferrer">a</a></p>'
    )
    assert renderer("[a](@home)", (("@home", "/yeni/"),)) == (
        '<p><a href="/yeni/" rel="noopener noreferrer">a</a></p>'
    )


def test_what_is_rendered_is_handed_out_once_for_storing_and_what_was_stored_never() -> None:
    renderer = MarkdownRenderer()
    renderer.remember({("*stored*", (), ()): "<p><em>stored</em></p>"}, stored=True)
    renderer.remember({("from a worker", (), ()): "<p>from a worker</p>"})
    assert renderer("*stored*") == "<p><em>stored</em></p>"
    renderer("here")
    assert renderer.unstored() == {
        renderer.cache_key("from a worker"): "<p>from a worker</p>",
        renderer.cache_key("here"): "<p>here</p>",
    }
    assert renderer.unstored() == {}


def test_the_lead_of_a_text_is_its_prose_without_headings() -> None:
    """A meta description begins with the text, not with "a) Kent ve Kent Yönetimi" run into it."""
    text = "## a) Kent ve Kent Yönetimi\n\nÖrnek uygulamaları takip etmek.\n\n### b) Belediye\n\n- Destek"
    renderer = MarkdownRenderer()
    assert renderer.lead(text) == "Örnek uygulamaları takip etmek. Destek"
    assert renderer.plain(text).startswith("a) Kent ve Kent Yönetimi")


def test_the_outline_nests_each_heading_under_the_one_before_it_that_is_higher() -> None:
    one, two, three, four = (
        Heading(2, "bir", "Bir"),
        Heading(3, "iki", "İki"),
        Heading(4, "uc", "Üç"),
        Heading(2, "dort", "Dört"),
    )
    assert outline((one, two, three, four)) == (
        Section(one, (Section(two, (Section(three),)),)),
        Section(four),
    )
    assert outline((three, one)) == (Section(three), Section(one))


def test_a_statute_page_has_a_table_of_contents_a_table_and_its_lettered_items_apart(
    site_factory: Callable[[dict[str, str | bytes]], Path],
) -> None:
    report = build(site_factory(statute_files()))
    assert report.output is not None and report.checked.warnings.problems == ()
    html = (report.output / "tr/kuruluslar/alfa/tuzuk/index.html").read_text("utf-8")
    ids = ("madde-1-amac", "madde-2-uyeler", "madde-3-gorevler", "madde-4-yururluk")
    articles = tuple(zip(ids, TURKISH_ARTICLES, strict=True))
    contents = "".join(f'<li><a href="#{i}">{title}</a></li>\n' for i, title in articles)
    assert (
        '<nav class="contents" aria-labelledby="contents">\n<h2 id="contents">İçindekiler</h2>\n'
        f"<ol>\n{contents}</ol>\n</nav>"
    ) in html
    assert all(f'<h2 id="{i}">{title}</h2>' in html for i, title in articles)
    assert "<td>Alfa Belediyeler Birliği</td>" in html and "<td>2008</td>" in html
    assert (
        "<p>a) Kent ve kent yönetimi konusunda eğitim vermek,</p>\n"
        "<p>b) Üyeler arasında işbirliğini geliştirmek,</p>\n"
        '<p>c) <a href="/tr/kuruluslar/gamma-network/" rel="noopener noreferrer">Gamma</a> ağıyla'
    ) in html
    assert "alert(" not in html and "<code>[x](@organization:yok)</code>" in html
    english = (report.output / "en/organizations/alfa/statute-of-the-union/index.html").read_text("utf-8")
    assert '<h2 id="contents">Contents</h2>' in english
    assert '<li><a href="#article-4-entry-into-force">Article 4 – Entry into force</a></li>' in english


TURKISH_ARTICLES = ("Madde 1 – Amaç", "Madde 2 – Üyeler", "Madde 3 – Görevler", "Madde 4 – Yürürlük")


def test_a_page_with_fewer_than_three_headings_has_no_table_of_contents(
    site_factory: Callable[[dict[str, str | bytes]], Path],
) -> None:
    body = "---\ntitle: Hakkımızda\n---\n\n## Bir\n\nMetin.\n\n## İki\n\nMetin.\n"
    report = build(site_factory({"content/pages/alpha/hakkimizda.tr.md": body}))
    assert report.output is not None
    html = (report.output / "tr/kuruluslar/alfa/hakkimizda/index.html").read_text("utf-8")
    assert '<h2 id="bir">Bir</h2>' in html and 'class="contents"' not in html


class _LayoutIds(HTMLParser):
    """The ids of a page outside its Markdown texts (the `prose` blocks and their headings)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.depth = 0  # of <div> elements, counted from a prose block's own

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "div" and (self.depth or "prose" in (attributes.get("class") or "").split()):
            self.depth += 1
        elif not self.depth and attributes.get("id"):
            self.ids.add(str(attributes["id"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth:
            self.depth -= 1


def test_every_id_the_layout_gives_is_one_no_heading_can_take(
    real_site: BuildReport, site_factory: Callable[[dict[str, str | bytes]], Path]
) -> None:
    ids = heading_ids(MODEL)
    statute = build(site_factory(statute_files()))
    found: set[str] = set()
    for output in (real_site.output, statute.output):
        assert output is not None
        for page in output.rglob("*.html"):
            parser = _LayoutIds()
            parser.feed(page.read_text("utf-8"))
            found |= parser.ids
    assert {"main", "contents", "agreements"} <= found
    untaken = sorted(i for i in found if ids(i.replace("-", " ")) == i)
    assert untaken == []


PICTURE = Picture(
    sources=(("image/webp", "/images/s-480.k.webp 480w, /images/s-960.k.webp 960w"),),
    src="/images/s-960.k.jpg",
    srcset="/images/s-480.k.jpg 480w, /images/s-960.k.jpg 960w",
    width=960,
    height=640,
)


def test_an_image_becomes_the_picture_the_build_made_with_its_description_and_title() -> None:
    html = MarkdownRenderer()(
        '![Salon "A" <1>](salon%20b.jpg "Kongre, 2024")', (), (("salon b.jpg", PICTURE),)
    )
    assert html == (
        '<p><picture><source type="image/webp" srcset="/images/s-480.k.webp 480w, /images/s-960.k.webp 960w" '
        f'sizes="{IMAGE_SIZES}"><img src="/images/s-960.k.jpg" srcset="/images/s-480.k.jpg 480w, '
        f'/images/s-960.k.jpg 960w" sizes="{IMAGE_SIZES}" width="960" height="640" '
        'alt="Salon &quot;A&quot; &lt;1&gt;" title="Kongre, 2024" loading="lazy" decoding="async">'
        "</picture></p>"
    )


def test_a_decorative_image_has_an_empty_description() -> None:
    html = MarkdownRenderer()('![""](cizgi.png)', (), (("cizgi.png", PICTURE),))
    assert ' alt="" loading="lazy"' in html


def test_images_are_found_with_their_description_where_their_file_is_named() -> None:
    found = findings('Metin\n\n  ![Salon](salon.jpg) ve ![](bos.png)\n\n<img src="x.png">\n')
    assert found.images == (ImageFile("salon.jpg", "Salon", 2, 11), ImageFile("bos.png", "", 2, 29))
    assert found.raw_images == ((4, 0),)
