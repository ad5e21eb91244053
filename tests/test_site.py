"""site: routes per language and the typed views, inverse relations included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from unionsite.config import load_config
from unionsite.kinds.organization import OrganizationView
from unionsite.kinds.owner import HomeView
from unionsite.kinds.page import PageView
from unionsite.load import load_content
from unionsite.markdown import MarkdownRenderer
from unionsite.site import Site, build_site
from unionsite.urls import plan_urls
from unionsite.validate import validate

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
    assert [o.id for o in home.organizations] == ["beta", "gamma"]
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
