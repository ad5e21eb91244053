"""fields: each field type's checks and the wording of their messages."""

from __future__ import annotations

from unionsite.schema import Translated

from .test_validate import SiteFactory, problems, validated


def test_field_errors(site_factory: SiteFactory) -> None:
    organization = (
        "name: {en: Beta}\n"
        "kinds: [unoin]\n"
        "headquarters:\n  - country: NO\n  - country: XX\n"
        "website: www.beta.example\n"
        "member_countries: []\n"
        "description: Beta\n"
    )
    assert problems(site_factory, {"content/organizations/beta.yaml": organization}) == [
        "content/organizations/beta.yaml:1:7: error: field 'name' has no 'tr' text (the default language)",
        "content/organizations/beta.yaml:2:9: error: field 'kinds[0]' must be one of: union, "
        "local-government-association, network, association, international-organization, "
        "regional-organization, regional-section, local-government-platform, public-body; got 'unoin' "
        "(did you mean 'union'?)",
        "content/organizations/beta.yaml:4:14: error: field 'headquarters[0].country' must be a country "
        "code; quote it: YAML reads NO, YES, ON and OFF as true/false",
        "content/organizations/beta.yaml:5:14: error: unknown country code 'XX'",
        "content/organizations/beta.yaml:6:10: error: field 'website' must be an absolute URL starting with "
        "http:// or https://, got 'www.beta.example'",
        "content/organizations/beta.yaml:8:14: error: field 'description' must be a mapping of languages "
        "({tr: …, en: …}), got 'Beta'",
    ]


def test_a_website_may_differ_per_language(site_factory: SiteFactory) -> None:
    organization = "name: Delta\nkinds: [network]\nwebsite: {tr: 'https://delta.example/tr', en: 'https://delta.example/'}\n"
    result = validated(site_factory({"content/organizations/delta.yaml": organization}))
    assert result.records.of("organization")["delta"].website == Translated(
        (("tr", "https://delta.example/tr"), ("en", "https://delta.example/"))
    )


def test_slug_errors_suggest_a_slug(site_factory: SiteFactory) -> None:
    files: dict[str, str | bytes] = {
        "content/organizations/beta.yaml": "name: Beta\nkinds: [union]\nslug: {tr: Beta Birliği, de: beta}\n",
        "content/organizations/gamma.yaml": "name: Gamma\nkinds: [network]\nslug: [gamma]\n",
        "content/pages/alpha/hakkimizda.en.md": "---\ntitle: About us\nslug: {en: about}\n---\n\nAlpha.\n",
    }
    assert problems(site_factory, files) == [
        "content/organizations/beta.yaml:3:12: error: slug 'Beta Birliği' may hold only a-z, 0-9 and "
        "single '-' between them (did you mean 'beta-birligi'?)",
        "content/organizations/beta.yaml:3:26: error: unknown language 'de' in 'slug'",
        "content/organizations/gamma.yaml:3:7: error: field 'slug' must be a slug such as "
        "'local-diplomacy', or a mapping of languages, got a list",
        "content/pages/alpha/hakkimizda.en.md:3:7: error: field 'slug' must be a slug such as "
        "'local-diplomacy', got a mapping",
    ]


def test_stamp_errors(site_factory: SiteFactory) -> None:
    files: dict[str, str | bytes] = {
        "content/organizations/beta.yaml": (
            "name: Beta\nkinds: [union]\ntranslated_from: {tr: 'abcdefabcdef'}\n"
        ),
        "content/organizations/gamma.yaml": (
            "name: Gamma\nkinds: [network]\ntranslated_from: {en: 123456789012}\n"
        ),
        "content/pages/alpha/hakkimizda.tr.md": (
            "---\ntitle: Hakkımızda\ntranslated_from: 'abcdefabcdef'\n---\n"
        ),
    }
    assert problems(site_factory, files) == [
        "content/organizations/beta.yaml:3:19: error: 'translated_from' names the languages translated from "
        "'tr' (en), not 'tr'",
        "content/organizations/gamma.yaml:3:23: error: field 'translated_from.en' must be a stamp written by "
        "'unionsite translations --stamp' (12 hex digits, quoted), got 123456789012",
        "content/pages/alpha/hakkimizda.tr.md:3:1: error: unknown field 'translated_from'",
    ]
