"""urls: each language's slugs, Turkish letters included, and URLs two records claim."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from unionsite.config import load_config
from unionsite.load import load_content
from unionsite.urls import Urls, plan_urls
from unionsite.validate import validate

SiteFactory = Callable[[dict[str, str | bytes]], Path]


def urls_of(site_factory: SiteFactory, changes: dict[str, str | bytes]) -> tuple[Urls, list[str]]:
    config = load_config(site_factory(changes))
    content = load_content(config)
    records = validate(content, config).records
    urls, problems = plan_urls(records, config)
    return urls, [p.format(content.texts) for p in problems]


def test_slugs_come_from_the_short_name_or_name_of_each_language_turkish_letters_included(
    site_factory: SiteFactory,
) -> None:
    urls, problems = urls_of(
        site_factory,
        {
            "content/organizations/beta.yaml": (
                "name:\n  tr: Çağrı Işık İlçe Öğüt Şişli Üsküdar Birliği\n  en: Beta Union\nkinds: [union]\n"
            ),
            "content/organizations/gamma.yaml": (
                "name: Gamma\nshort_name: {tr: İKÖ, en: OIC}\nkinds: [network]\n"
            ),
        },
    )
    assert problems == []
    assert [urls.folder("organization", "beta", language) for language in ("tr", "en")] == [
        "tr/kuruluslar/cagri-isik-ilce-ogut-sisli-uskudar-birligi/",
        "en/organizations/beta-union/",
    ]
    assert [urls.folder("organization", "gamma", language) for language in ("tr", "en")] == [
        "tr/kuruluslar/iko/",
        "en/organizations/oic/",
    ]


def test_a_slug_of_the_record_wins_for_its_languages(site_factory: SiteFactory) -> None:
    urls, problems = urls_of(
        site_factory,
        {
            "content/organizations/beta.yaml": (
                "name: {tr: Beta Birliği, en: Beta Union}\nkinds: [union]\nslug: {en: beta}\n"
            ),
            "content/organizations/gamma.yaml": "name: Gamma Network\nkinds: [network]\nslug: gamma\n",
        },
    )
    assert problems == []
    assert urls.folder("organization", "beta", "tr") == "tr/kuruluslar/beta-birligi/"
    assert urls.folder("organization", "beta", "en") == "en/organizations/beta/"
    assert urls.folder("organization", "gamma", "tr") == "tr/kuruluslar/gamma/"


def test_pages_take_the_file_name_in_the_default_language_and_the_title_or_slug_in_others(
    site_factory: SiteFactory,
) -> None:
    urls, _ = urls_of(site_factory, {})
    assert urls.folder("page", "alpha/hakkimizda", "tr") == "tr/kuruluslar/alfa/hakkimizda/"
    assert urls.folder("page", "alpha/hakkimizda", "en") == "en/organizations/alfa/about-us/"
    urls, _ = urls_of(
        site_factory,
        {"content/pages/alpha/hakkimizda.en.md": "---\ntitle: About us\nslug: who-we-are\n---\n\nAlpha.\n"},
    )
    assert urls.folder("page", "alpha/hakkimizda", "en") == "en/organizations/alfa/who-we-are/"


def test_two_records_with_one_url_is_an_error_naming_both_files(site_factory: SiteFactory) -> None:
    _, problems = urls_of(
        site_factory,
        {"content/organizations/beta.yaml": "name: Beta\nshort_name: ALFA\nkinds: [union]\n"},
    )
    assert problems == [
        "content/organizations/beta.yaml:2:13: URL /tr/kuruluslar/alfa/ of organization 'beta' is also "
        "the URL of organization 'alpha' (content/organizations/alpha.yaml:4:13): give one of them its "
        "own 'slug'\n"
        "    short_name: ALFA\n"
        "                ^",
        "content/organizations/beta.yaml:2:13: URL /en/organizations/alfa/ of organization 'beta' is also "
        "the URL of organization 'alpha' (content/organizations/alpha.yaml:4:13): give one of them its "
        "own 'slug'\n"
        "    short_name: ALFA\n"
        "                ^",
    ]


def test_two_pages_with_one_title_in_a_language_collide_there(site_factory: SiteFactory) -> None:
    _, problems = urls_of(
        site_factory,
        {
            "content/pages/alpha/tarihce.tr.md": "---\ntitle: Tarihçe\n---\n\nTarih.\n",
            "content/pages/alpha/tarihce.en.md": "---\ntitle: About Us\n---\n\nHistory.\n",
        },
    )
    assert [p.splitlines()[0] for p in problems] == [
        "content/pages/alpha/tarihce.en.md:2:8: URL /en/organizations/alfa/about-us/ of page "
        "'alpha/tarihce' is also the URL of page 'alpha/hakkimizda' "
        "(content/pages/alpha/hakkimizda.en.md:2:8): give one of them its own 'slug'"
    ]


def test_a_name_that_makes_no_slug_is_an_error(site_factory: SiteFactory) -> None:
    _, problems = urls_of(site_factory, {"content/organizations/beta.yaml": "name: '***'\nkinds: [union]\n"})
    assert [p.splitlines()[0] for p in problems] == [
        "content/organizations/beta.yaml:1:7: no 'tr' URL can be made from the name of organization "
        "'beta': give it a 'slug'",
        "content/organizations/beta.yaml:1:7: no 'en' URL can be made from the name of organization "
        "'beta': give it a 'slug'",
    ]


def test_a_record_s_url_that_a_list_s_later_page_has_is_an_error(site_factory: SiteFactory) -> None:
    _, problems = urls_of(
        site_factory,
        {
            "site.yaml": "owner: alpha\nbase_url: https://example.org/\nlanguages: [tr, en]\npage_size: 1\n",
            "content/organizations/beta.yaml": "name: Beta\nshort_name: Sayfa\nkinds: [union]\n",
            "content/pages/beta/2.tr.md": "---\ntitle: İki\n---\n\nİki.\n",
        },
    )
    assert [p.splitlines()[0] for p in problems] == [
        "content/pages/beta/2.tr.md:2:1: URL /tr/kuruluslar/sayfa/2/ of page 'beta/2' is also the URL of "
        "page 2 of the list of organizations (site.yaml): give one of them its own 'slug'"
    ]


def test_a_page_size_for_a_list_the_site_does_not_have_is_an_error(site_factory: SiteFactory) -> None:
    _, problems = urls_of(
        site_factory,
        {
            "site.yaml": (
                "owner: alpha\nbase_url: https://example.org/\nlanguages: [tr, en]\n"
                "page_size:\n  default: 20\n  memberhsips: 10\n"
            )
        },
    )
    assert [p.splitlines()[0] for p in problems] == [
        "site.yaml:6:3: no list is called 'memberhsips' (lists: agreements, events, members, memberships, "
        "news, organizations, or 'default' for all)"
    ]
