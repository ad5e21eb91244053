"""Whole builds: deterministic output, another publisher, sub-path hosting, fallback and --strict."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from unionsite.build import BuildReport, build
from unionsite.cli import main
from unionsite.errors import ContentErrors
from unionsite.markdown import Images, Links, MarkdownRenderer

from .conftest import FIXTURE_CONTENT, ROOT, make_site, tree
from .long_lists import long_lists
from .pages import broken_links, file_of, site_facts
from .test_cli import NOTHING_WRITTEN

SiteFactory = Callable[[dict[str, str | bytes]], Path]


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path) -> None:
    build(ROOT, output=str(tmp_path / "one"))
    build(ROOT, output=str(tmp_path / "two"))
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_every_internal_link_of_the_real_site_resolves(real_site: BuildReport) -> None:
    assert real_site.output is not None
    assert broken_links(real_site.output, real_site.config.base_url, "/") == []


def test_every_page_in_both_languages_has_reciprocal_alternates_and_a_working_switch(
    real_site: BuildReport,
) -> None:
    assert real_site.output is not None
    facts = site_facts(real_site.output)
    base_url, base_path = real_site.config.base_url, real_site.config.base_path
    language_pages = [path for path in facts if path.split("/", 1)[0] in ("tr", "en")]
    assert len(language_pages) == 78
    not_indexed = {"tr/404.html", "en/404.html", "tr/ara/index.html", "en/search/index.html"}
    for path in language_pages:
        page = facts[path]
        if path in not_indexed:
            assert page.alternates == {}, path
        else:
            assert sorted(page.alternates) == ["en", "tr", "x-default"], path
        assert sorted(page.switch) == ["en", "tr"] and page.untranslated == set(), path
        for language, url in page.switch.items():
            counterpart = facts[file_of(url, base_path)]
            assert counterpart.lang == language, (path, url)
            assert file_of(counterpart.switch[page.lang], base_path) == path
    for path, page in facts.items():
        for hreflang, url in page.alternates.items():
            target = file_of(url, base_url)
            assert facts[target].alternates == page.alternates, (path, target)
            assert hreflang == "x-default" or facts[target].lang == hreflang
    assert facts["index.html"].alternates == {
        "tr": "https://example.org/tr/",
        "en": "https://example.org/en/",
        "x-default": "https://example.org/",
    }


def test_the_same_content_publishes_another_union(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "trakyakent"
    assert main(["build", "--site", str(ROOT), "--owner", "trakyakent", "--output", str(output)]) == 0
    home = (output / "tr" / "index.html").read_text("utf-8")
    assert "<title>Ana sayfa – Doğu-Batı Trakya Belediyeler Birliği</title>" in home
    assert (
        '<h1>Doğu-Batı Trakya Belediyeler Birliği <span class="abbreviation">(TRAKYAKENT)</span></h1>' in home
    )
    assert "Hasan Şekerözü Sokak" in home
    assert (
        '<a href="/tr/kuruluslar/trakyakent/idareye-iliskin-bilgiler/">İdareye İlişkin Bilgiler</a>' in home
    )
    english = (output / "en" / "index.html").read_text("utf-8")
    assert "<title>Home – East-West Thrace Municipalities Union</title>" in english
    mbb = (output / "tr" / "kuruluslar" / "mbb" / "index.html").read_text("utf-8")
    assert "<title>Marmara Belediyeler Birliği – Doğu-Batı Trakya Belediyeler Birliği</title>" in mbb
    assert (output / "tr" / "kuruluslar" / "mbb" / "yerel-diplomasi" / "index.html").is_file()


def test_an_unknown_owner_is_an_error_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as caught:
        build(ROOT, owner="trakyakentt", output=str(tmp_path / "out"))
    assert str(caught.value) == (
        "--owner: owner 'trakyakentt' is not an organization in content/organizations/ "
        "(did you mean 'trakyakent'?)\n"
        # the shipped content knows no contact details for its owner, and says so
        "site.yaml: warning: contact.email: not set: the contact, privacy and accessibility pages give "
        "no e-mail address\n"
        "site.yaml: warning: contact.phone: not set: the contact page gives no phone number\n"
        "1 error, 2 warnings"
    )


def test_an_unknown_owner_in_site_yaml_points_at_it(site_factory: SiteFactory) -> None:
    site = site_factory(
        {
            "site.yaml": (
                "base_url: https://example.org/\nowner: alfa\nlanguages: [tr, en]\ncontact: {email: a@b.c}\n"
            )
        }
    )
    with pytest.raises(ContentErrors) as caught:
        build(site)
    assert str(caught.value) == (
        "site.yaml:2:8: owner 'alfa' is not an organization in content/organizations/ "
        "(did you mean 'alpha'?)\n"
        "    owner: alfa\n"
        "           ^\n"
        "site.yaml:4:1: warning: contact.phone: not set: the contact page gives no phone number\n"
        "    contact: {email: a@b.c}\n"
        "    ^\n"
        "1 error, 1 warning"
    )


def test_links_work_from_a_sub_path(site_factory: SiteFactory) -> None:
    site = site_factory(
        {"site.yaml": "owner: alpha\nbase_url: https://example.org/birlik/\nlanguages: [tr, en]\n"}
    )
    report = build(site)
    assert report.output is not None
    html = (report.output / "tr" / "index.html").read_text("utf-8")
    assert re.search(r"<link rel=\"stylesheet\" href=\"/birlik/assets/style\.[0-9a-f]{10}\.css\">", html)
    assert broken_links(report.output, report.config.base_url, "/birlik/") == []


def test_a_missing_translation_falls_back_marked_and_warned(site_factory: SiteFactory) -> None:
    site = site_factory(
        {
            "content/organizations/gamma.yaml": (
                "name: Gamma Network\nkinds: [network]\ndescription:\n  tr: Gamma bir ağdır.\n"
            ),
            "content/pages/alpha/hakkimizda.en.md": "",
        }
    )
    report = build(site)
    assert [p.format(report.texts) for p in report.warnings.problems] == [
        "content/organizations/gamma.yaml:4:3: warning: no 'en' text for 'description': 'en' pages "
        "show the 'tr' text, marked as not yet translated\n"
        "      tr: Gamma bir ağdır.\n"
        "      ^",
        "content/pages/alpha/hakkimizda.tr.md:2:1: warning: no 'en' file (hakkimizda.en.md): 'en' pages "
        "show the 'tr' text, marked as not yet translated\n"
        "    title: Hakkımızda\n"
        "    ^",
    ]
    assert report.output is not None
    gamma = (report.output / "en" / "organizations" / "gamma-network" / "index.html").read_text("utf-8")
    assert (
        '<p class="notice">Not yet translated: this text is shown in its original language.</p>\n'
        '<div class="prose" lang="tr">\n<p>Gamma bir ağdır.</p>\n</div>'
    ) in gamma
    page = (report.output / "en" / "organizations" / "alfa" / "hakkimizda" / "index.html").read_text("utf-8")
    assert '<p class="notice">Not yet translated: this page is shown in its original language.</p>' in page
    assert '<h1 lang="tr">Hakkımızda</h1>' in page
    assert '<div class="prose" lang="tr">\n<p>Alfa bir birliktir.</p>' in page
    assert "<title>Hakkımızda – Alpha Municipalities Union</title>" in page


def test_strict_turns_fallback_warnings_into_a_failed_build(
    site_factory: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    site = site_factory({"content/pages/alpha/hakkimizda.en.md": ""})
    assert main(["build", "--site", str(site)]) == 0
    good = tree(site / "build")
    capsys.readouterr()
    assert main(["build", "--site", str(site), "--strict"]) == 1
    err = capsys.readouterr().err
    assert err.endswith("0 errors, 1 warning\nnothing was written: the last good site is unchanged\n")
    assert tree(site / "build") == good


def test_a_fallback_version_is_marked_in_the_switch_and_kept_out_of_the_alternates(
    site_factory: SiteFactory,
) -> None:
    site = site_factory(
        {
            "content/pages/alpha/hakkimizda.en.md": "",
            "content/organizations/gamma.yaml": "name: Gamma\nkinds: [network]\ndescription: {tr: Bir ağ.}\n",
        }
    )
    report = build(site)
    assert report.output is not None
    facts = site_facts(report.output)
    for folder in ("kuruluslar/alfa/hakkimizda", "kuruluslar/gamma"):
        turkish = facts[f"tr/{folder}/index.html"]
        assert (turkish.alternates, turkish.untranslated) == ({}, {"en"})
        english = facts[file_of(turkish.switch["en"], "/")]
        assert (english.lang, english.alternates, english.untranslated) == ("en", {}, set())
    translated = facts["tr/kuruluslar/beta-birligi/index.html"]
    assert sorted(translated.alternates) == ["en", "tr", "x-default"]
    switch = (report.output / "tr/kuruluslar/gamma/index.html").read_text("utf-8")
    assert (
        '<a href="/en/organizations/gamma/" hreflang="en" lang="en" title="English">EN</a> '
        '<span class="untranslated">(henüz çevrilmedi)</span>'
    ) in switch


def test_alternates_are_absolute_urls_under_the_base_and_404_pages_have_none(
    site_factory: SiteFactory,
) -> None:
    site = site_factory(
        {"site.yaml": "owner: alpha\nbase_url: https://example.org/birlik/\nlanguages: [tr, en]\n"}
    )
    report = build(site)
    assert report.output is not None
    facts = site_facts(report.output)
    assert facts["en/organizations/alfa/about-us/index.html"].alternates == {
        "tr": "https://example.org/birlik/tr/kuruluslar/alfa/hakkimizda/",
        "en": "https://example.org/birlik/en/organizations/alfa/about-us/",
        "x-default": "https://example.org/birlik/tr/kuruluslar/alfa/hakkimizda/",
    }
    assert facts["tr/index.html"].alternates["x-default"] == "https://example.org/birlik/"
    assert facts["tr/404.html"].alternates == facts["en/404.html"].alternates == {}
    assert facts["tr/404.html"].switch == {"tr": "/birlik/tr/404.html", "en": "/birlik/en/404.html"}


TURKISH_ORDER = ["Cezayir", "Çin", "Irak", "İran", "Özbekistan", "Suriye", "Şili", "Ürdün"]
ENGLISH_ORDER = ["Cezayir", "Çin", "Irak", "İran", "Özbekistan", "Şili", "Suriye", "Ürdün"]
COUNTRY_CODES = {"Cezayir": "DZ", "Çin": "CN", "Irak": "IQ", "İran": "IR", "Özbekistan": "UZ",
                 "Suriye": "SY", "Şili": "CL", "Ürdün": "JO"}  # fmt: skip


def test_list_pages_sort_names_by_the_alphabet_of_their_language(site_factory: SiteFactory) -> None:
    names = sorted(TURKISH_ORDER, key=lambda name: COUNTRY_CODES[name])  # any order but the right one
    organizations = {
        f"content/organizations/{COUNTRY_CODES[name].lower()}.yaml": f"name: {name}\nkinds: [union]\n"
        for name in names
    }
    countries = ", ".join(COUNTRY_CODES[name] for name in names)
    alpha = FIXTURE_CONTENT["content/organizations/alpha.yaml"] + f"member_countries: [{countries}]\n"
    report = build(site_factory({**organizations, "content/organizations/alpha.yaml": alpha}))
    assert report.output is not None

    output = report.output

    def listed(path: str, among: list[str]) -> list[str]:
        html = (output / path).read_text("utf-8")
        return sorted(among, key=lambda name: html.index(f">{name}<"))

    assert listed("tr/kuruluslar/index.html", names) == TURKISH_ORDER
    assert listed("en/organizations/index.html", names) == ENGLISH_ORDER
    countries_html = (output / "tr/kuruluslar/alfa/index.html").read_text("utf-8")
    members_from = re.search(r"<dt>Üyelerinin ülkeleri</dt>\n<dd>(.*)</dd>", countries_html)
    assert members_from is not None
    assert members_from.group(1).split(", ") == TURKISH_ORDER
    english = (output / "en/organizations/alfa/index.html").read_text("utf-8")
    assert "<dd>Algeria, Chile, China, Iran, Iraq, Jordan, Syria, Uzbekistan</dd>" in english


def test_the_link_check_finds_a_missing_page_a_missing_fragment_and_a_relative_link(
    fixture_site: Path,
) -> None:
    report = build(fixture_site)
    assert report.output is not None and broken_links(report.output, report.config.base_url, "/") == []
    page = report.output / "tr" / "index.html"
    bad = '<a href="/tr/yok/">x</a><a href="/tr/#yok">y</a><a href="#main">z</a><a href="../en/">w</a>'
    page.write_text(page.read_text("utf-8").replace("</main>", bad + "</main>"), "utf-8")
    assert broken_links(report.output, report.config.base_url, "/") == [
        ("tr/index.html", "/tr/yok/"),
        ("tr/index.html", "/tr/#yok"),
        ("tr/index.html", "../en/"),
    ]


def test_each_home_page_with_everything_it_loads_weighs_under_50_kb(real_site: BuildReport) -> None:
    output = real_site.output
    assert output is not None
    for home in ("tr/index.html", "en/index.html"):
        html = (output / home).read_text("utf-8")
        loaded = re.findall(r'<(?:link rel="(?:stylesheet|icon)" href|script[^>]* src)="/([^"]+)"', html)
        assert loaded, home
        weight = len(html.encode()) + sum((output / path).stat().st_size for path in loaded)
        assert weight < 50_000, (home, weight)


def test_a_date_of_the_past_after_today_is_a_warning_and_strict_fails(
    site_factory: SiteFactory, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767216600")  # 1 January 2026 in Istanbul
    site = site_factory(
        {
            "content/memberships/alpha-gamma.yaml": "member: alpha\norganization: gamma\nsince: 2099-01-01\n"
            "until: 2100\n",
            "content/agreements/alpha-beta.yaml": (
                "parties: [alpha, beta]\ntype: goodwill-agreement\nsigned: 2026-01\nscope: {tr: x, en: y}\n"
            ),
        }
    )
    warning = (
        "content/memberships/alpha-gamma.yaml:3:8: warning: 'since' records what has happened, but "
        "2099-01-01 is after today (2026-01-01): check the date\n"
        "    since: 2099-01-01\n"
        "           ^\n"
    )
    assert main(["build", "--site", str(site)]) == 0
    assert capsys.readouterr().err == warning + "0 errors, 1 warning\n"
    assert main(["build", "--site", str(site), "--strict"]) == 1
    assert capsys.readouterr().err == warning + "0 errors, 1 warning\n" + NOTHING_WRITTEN


def test_a_record_id_cannot_take_an_id_of_the_page_itself(site_factory: SiteFactory) -> None:
    """An agreement named 'main' once took the id the skip link leads to."""
    agreement = FIXTURE_CONTENT["content/agreements/alpha-beta.yaml"]
    site = site_factory({"content/agreements/alpha-beta.yaml": "", "content/agreements/main.yaml": agreement})
    report = build(site)
    assert report.output is not None
    for page in ("en/agreements/index.html", "en/organizations/alfa/index.html", "en/index.html"):
        html = (report.output / page).read_text(encoding="utf-8")
        assert html.count('id="main"') == 1, page
    assert 'id="agreement-main"' in (report.output / "en/agreements/index.html").read_text(encoding="utf-8")


def test_the_pages_of_a_long_list_lead_from_one_to_the_next_in_both_languages(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", long_lists(settings="page_size: {default: 50, memberships: 25}\n"))
    report = build(root)
    assert report.output is not None
    output = report.output
    for first, later, position in (("tr/uyelikler/", "tr/uyelikler/sayfa/", "Sayfa {} / 5"),
                                   ("en/memberships/", "en/memberships/page/", "Page {} of 5")):  # fmt: skip
        walked, page, previous = [], first, ""
        while page:
            html = (output / page / "index.html").read_text("utf-8")
            walked.append(page)
            number = len(walked)
            assert re.findall(r'<link rel="prev" href="/([^"]*)">', html) == ([previous] if previous else [])
            assert f'<p id="pager-position">{position.format(number)}</p>' in html
            assert f'<link rel="canonical" href="https://example.org/{page}">' in html
            current = re.findall(r'<a href="/([^"]*)" aria-current="page"><span', html)
            assert current == [page]
            previous, (page,) = page, re.findall(r'<link rel="next" href="/([^"]*)">', html) or [""]
        assert walked == [first, *(f"{later}{n}/" for n in range(2, 6))]
    assert not (output / "en/memberships/page/1").exists()
    assert not (output / "en/memberships/page/6").exists()
    titles = {re.search(r"<title>([^<]*)</title>", (output / f"{p}/index.html").read_text("utf-8"))[1]  # type: ignore[index]
              for p in ("tr/uyelikler", "tr/uyelikler/sayfa/2", "tr/uyelikler/sayfa/5")}  # fmt: skip
    assert len(titles) == 3
    sitemap = (output / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://example.org/en/memberships/page/5/</loc>" in sitemap
    assert broken_links(output, report.config.base_url, report.config.base_path) == []


def test_an_empty_list_says_so(site_factory: SiteFactory) -> None:
    report = build(site_factory({"content/memberships/alpha-gamma.yaml": ""}))
    assert report.output is not None
    html = (report.output / "tr/uyelikler/index.html").read_text("utf-8")
    assert "<p>Henüz kayıtlı üyelik yok.</p>" in html
    assert 'class="pager"' not in html and 'rel="next"' not in html


LINKING_PAGE = "content/pages/alpha/hakkimizda.en.md"
LINKING_BODY = "\nAlpha works with [Beta](@organization:beta).\n"


def test_a_renamed_link_target_is_never_served_from_the_markdown_cache(
    site_factory: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text's HTML holds its links' URLs: the cache on disk keys it by them too, and the texts
    rendered before the pages are exactly the ones the pages ask for."""
    site = site_factory({LINKING_PAGE: f"---\ntitle: About us\n---\n{LINKING_BODY}"})
    page = site / "build/en/organizations/alfa/about-us/index.html"
    build(site, workers=2)
    assert 'href="/en/organizations/beta-union/"' in page.read_text("utf-8")
    beta = site / "content/organizations/beta.yaml"
    beta.write_text(beta.read_text("utf-8").replace("en: Beta Union", "en: Beta Cities Union"), "utf-8")

    rendered: list[str] = []
    render = MarkdownRenderer.render

    def counted(renderer: MarkdownRenderer, text: str, links: Links = (), images: Images = ()) -> str:
        rendered.append(text)
        return render(renderer, text, links, images)

    monkeypatch.setattr(MarkdownRenderer, "render", counted)
    report = build(site, workers=1)
    assert rendered == [LINKING_BODY]  # the one text whose link leads elsewhere now, and no other
    assert report.markdown[1] == 1
    assert 'href="/en/organizations/beta-cities-union/"' in page.read_text("utf-8")
    build(site, output=str(tmp_path / "fresh"), cache=str(tmp_path / "empty-cache"))
    assert tree(site / "build") == tree(tmp_path / "fresh")
