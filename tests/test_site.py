"""site: routes per language and the typed views, inverse relations included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from unionsite import turkish
from unionsite.config import load_config
from unionsite.kinds.organization import OrganizationView
from unionsite.kinds.owner import HomeView
from unionsite.kinds.page import PageView
from unionsite.load import load_content
from unionsite.markdown import MarkdownRenderer
from unionsite.site import PageOut, Site, build_site
from unionsite.urls import plan_urls
from unionsite.validate import validate
from unionsite.views import PageLink

from .conftest import make_site
from .long_lists import long_lists

SiteFactory = Callable[[dict[str, str | bytes]], Path]


def site_of(root: Path) -> Site:
    config = load_config(root)
    records = validate(load_content(config), config).records
    urls, problems = plan_urls(records, config)
    assert problems == []
    return build_site(records, config, urls, {"style.css": "/assets/style.css"})


def view(site: Site, output: str) -> object:
    (page,) = [p for p in site.pages if p.route.output == output]
    return page.view


def test_every_page_exists_in_every_language_with_localized_folders(fixture_site: Path) -> None:
    outputs = [page.route.output for page in site_of(fixture_site).pages]
    assert outputs == [
        "tr/index.html",
        "tr/kuruluslar/index.html",
        "tr/uyelikler/index.html",
        "tr/anlasmalar/index.html",
        "tr/404.html",
        "tr/feed.xml",
        "tr/ara/index.html",
        "tr/acik-veri/index.html",
        "tr/erisilebilirlik/index.html",
        "tr/gizlilik/index.html",
        "tr/iletisim/index.html",
        "tr/kuruluslar/alfa/index.html",
        "tr/kuruluslar/beta-birligi/index.html",
        "tr/kuruluslar/gamma-network/index.html",
        "tr/kuruluslar/alfa/hakkimizda/index.html",
        "en/index.html",
        "en/organizations/index.html",
        "en/memberships/index.html",
        "en/agreements/index.html",
        "en/404.html",
        "en/feed.xml",
        "en/search/index.html",
        "en/open-data/index.html",
        "en/accessibility/index.html",
        "en/privacy/index.html",
        "en/contact/index.html",
        "en/organizations/alfa/index.html",
        "en/organizations/beta-union/index.html",
        "en/organizations/gamma-network/index.html",
        "en/organizations/alfa/about-us/index.html",
    ]


def test_memberships_show_in_both_directions(fixture_site: Path) -> None:
    site = site_of(fixture_site)
    alpha = view(site, "en/organizations/alfa/index.html")
    gamma = view(site, "en/organizations/gamma-network/index.html")
    assert isinstance(alpha, OrganizationView) and isinstance(gamma, OrganizationView)
    assert [m.organization.name.text for m in alpha.member_of] == ["Gamma Network"]
    assert [m.member.name.text for m in gamma.members] == ["Alpha Municipalities Union"]
    assert alpha.member_of[0].since.text == "2008"
    assert [a.id for a in alpha.agreements] == ["alpha-beta"]


def test_the_home_page_focuses_on_the_owner(fixture_site: Path) -> None:
    home = view(site_of(fixture_site), "tr/index.html")
    assert isinstance(home, HomeView)
    assert home.owner.ref.id == "alpha"
    assert (home.organization_count, home.agreement_count) == (3, 1)
    assert [link.label.text for link in home.owner.pages] == ["Hakkımızda"]


def test_every_page_knows_its_other_language_versions(fixture_site: Path) -> None:
    site = site_of(fixture_site)
    (page,) = [p for p in site.pages if p.route.output == "tr/kuruluslar/alfa/hakkimizda/index.html"]
    assert [(a.language, a.url) for a in page.shell.alternates] == [
        ("tr", "/tr/kuruluslar/alfa/hakkimizda/"),
        ("en", "/en/organizations/alfa/about-us/"),
    ]


def test_internal_links_become_urls_of_the_page_language(site_factory: object) -> None:
    assert callable(site_factory)
    root = site_factory(
        {
            "content/pages/alpha/hakkimizda.en.md": (
                "---\ntitle: About us\n---\n\n"
                "See [Gamma](@organization:gamma) and [deals](@agreements#alpha-beta),\n"
                '[Gamma](<@organization:gamma> "Gamma") and [Beta][b].\n\n[b]: @organization:beta\n'
            )
        }
    )
    page = view(site_of(root), "en/organizations/alfa/about-us/index.html")
    assert isinstance(page, PageView)
    assert page.body.links == (
        ("@agreements#alpha-beta", "/en/agreements/#agreement-alpha-beta"),
        ("@organization:beta", "/en/organizations/beta-union/"),
        ("@organization:gamma", "/en/organizations/gamma-network/"),
    )
    assert MarkdownRenderer()(page.body.text, page.body.links) == (
        '<p>See <a href="/en/organizations/gamma-network/" rel="noopener noreferrer">Gamma</a> and '
        '<a href="/en/agreements/#agreement-alpha-beta" rel="noopener noreferrer">deals</a>,\n'
        '<a href="/en/organizations/gamma-network/" title="Gamma" rel="noopener noreferrer">Gamma</a> and '
        '<a href="/en/organizations/beta-union/" rel="noopener noreferrer">Beta</a>.</p>'
    )


# ---------------------------------------------------------------------------------------------
# Lists over several pages


def _list_pages(site: Site, list_name: str, language: str) -> list[PageOut]:
    pages = [p for p in site.pages if p.route.kind == list_name and p.route.language == language]
    assert [p.route.number for p in pages] == list(range(1, len(pages) + 1))
    return pages


def test_a_long_list_goes_on_over_pages_each_language_in_its_own_order(tmp_path: Path) -> None:
    site = site_of(make_site(tmp_path / "site", long_lists()))
    orders = {}
    for language, first, later in (("tr", "/tr/kuruluslar/", "/tr/kuruluslar/sayfa/"),
                                   ("en", "/en/organizations/", "/en/organizations/page/")):  # fmt: skip
        pages = _list_pages(site, "organizations", language)
        assert [p.url for p in pages] == [first, f"{later}2/", f"{later}3/"]  # 123 by 50
        shown = [o.id for p in pages for o in p.view.organizations]
        assert [len(p.view.organizations) for p in pages] == [50, 50, 23]
        assert sorted(shown) == sorted(site.records.of("organization"))
        names = [o.name.text for p in pages for o in p.view.organizations]
        sort_key = turkish.sort_key if language == "tr" else str.casefold
        assert names == sorted(names, key=sort_key)
        orders[language] = shown
    assert orders["tr"][:50] != orders["en"][:50]


def test_each_page_of_a_list_knows_its_place_and_links_the_others(tmp_path: Path) -> None:
    site = site_of(make_site(tmp_path / "site", long_lists(settings="page_size: {memberships: 10}\n")))
    pages = _list_pages(site, "memberships", "en")
    pagers = [p.shell.pager for p in pages if p.shell.pager is not None]
    assert len(pagers) == len(pages)
    first, third, last = pagers[0], pagers[2], pagers[-1]
    assert (len(pages), first.entries) == (13, 121)  # 120 and Alpha's in Gamma
    assert (first.number, first.count, first.first, first.last) == (1, 13, 1, 10)
    assert (first.previous, first.next) == ("", "/en/memberships/page/2/")
    assert (third.previous, third.next) == ("/en/memberships/page/2/", "/en/memberships/page/4/")
    assert (last.first, last.last, last.next) == (121, 121, "")
    # the first and last pages and two on each side, with gaps marked by 0
    assert [link.number for link in third.links] == [1, 2, 3, 4, 5, 0, 13]
    assert third.links[0].url == "/en/memberships/"
    assert [link.number for link in pagers[6].links] == [1, 0, 5, 6, 7, 8, 9, 0, 13]
    # each page its own canonical address, its other language's page N as alternate
    assert pages[2].shell.canonical == "https://example.org/en/memberships/page/3/"
    assert [(a.language, a.url) for a in pages[2].shell.alternates] == [
        ("tr", "/tr/uyelikler/sayfa/3/"),
        ("en", "/en/memberships/page/3/"),
    ]


def test_an_entry_is_linked_on_the_page_of_the_list_that_shows_it(tmp_path: Path) -> None:
    files = long_lists(settings="page_size: 7\n")
    files["content/pages/alpha/hakkimizda.en.md"] = (
        "---\ntitle: About us\n---\n\n[Deal](@agreements#alpha-city-077)\n"
    )
    site = site_of(make_site(tmp_path / "site", files))
    for language in ("tr", "en"):
        for page in _list_pages(site, "memberships", language):
            for membership in page.view.memberships:
                assert membership.url == f"{page.url}#membership-{membership.id}"
        for page in _list_pages(site, "agreements", language):
            for agreement in page.view.agreements:
                assert agreement.url == f"{page.url}#agreement-{agreement.id}"
    about = view(site, "en/organizations/alfa/about-us/index.html")
    assert isinstance(about, PageView)
    (holder,) = [
        p
        for p in _list_pages(site, "agreements", "en")
        if any(a.id == "alpha-city-077" for a in p.view.agreements)
    ]
    assert about.body.links == (("@agreements#alpha-city-077", f"{holder.url}#agreement-alpha-city-077"),)
    assert holder.route.number > 1


def test_an_empty_list_is_one_page(site_factory: SiteFactory) -> None:
    site = site_of(site_factory({"content/memberships/alpha-gamma.yaml": ""}))
    (page,) = _list_pages(site, "memberships", "tr")
    assert page.shell.pager is not None
    assert (page.shell.pager.count, page.shell.pager.entries, page.shell.pager.links) == (
        1,
        0,
        (PageLink(1, "/tr/uyelikler/"),),
    )
    assert page.view.groups == ()


def test_a_network_s_page_goes_on_over_pages_of_its_members(tmp_path: Path) -> None:
    site = site_of(make_site(tmp_path / "site", long_lists(settings="page_size: {members: 50}\n")))
    pages = [p for p in site.pages if p.route.kind == "organization" and p.route.key == "gamma"]
    assert [(p.route.language, p.url) for p in pages] == [
        ("tr", "/tr/kuruluslar/gamma-network/"),
        ("tr", "/tr/kuruluslar/gamma-network/sayfa/2/"),
        ("tr", "/tr/kuruluslar/gamma-network/sayfa/3/"),
        ("en", "/en/organizations/gamma-network/"),
        ("en", "/en/organizations/gamma-network/page/2/"),
        ("en", "/en/organizations/gamma-network/page/3/"),
    ]
    members = [[m.id for m in p.view.members] for p in pages[3:]]
    assert [len(shown) for shown in members] == [50, 50, 21]  # 120 cities and Alpha
    whole = site.page("organization", "gamma", "en").view
    assert whole.members == pages[3].view.members  # the first page keeps its place
    gamma = [i for i, m in site.records.of("membership").items() if m.organization == "gamma"]
    assert sorted(i for shown in members for i in shown) == sorted(gamma)  # each once, on one page
    pager = pages[4].shell.pager
    assert pager is not None
    assert (pager.number, pager.count, pager.entries, pager.previous, pager.next) == (
        2,
        3,
        121,
        "/en/organizations/gamma-network/",
        "/en/organizations/gamma-network/page/3/",
    )
    # a record with a short list has one page and no pager
    (alpha,) = [
        p
        for p in site.pages
        if p.route.kind == "organization" and p.route.key == "alpha" and p.route.language == "en"
    ]
    assert alpha.shell.pager is None
