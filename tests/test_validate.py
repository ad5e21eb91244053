"""validate: typed records, and every schema, reference and relation error at its place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from unionsite.config import load_config
from unionsite.errors import ErrorReport
from unionsite.load import load_content
from unionsite.schema import Country, PartialDate, Translated
from unionsite.validate import Validated, validate

from .conftest import FIXTURE_CONTENT

SiteFactory = Callable[[dict[str, str | bytes]], Path]
FIXTURE_AGREEMENT = FIXTURE_CONTENT["content/agreements/alpha-beta.yaml"]


def validated(site: Path) -> Validated:
    config = load_config(site)
    return validate(load_content(config), config)


def problems(site_factory: SiteFactory, changes: dict[str, str | bytes]) -> list[str]:
    result = validated(site_factory(changes))
    return sorted(f"{p.source}: {p.severity.value}: {p.message}" for p in result.problems)


def test_the_fixture_is_valid_and_typed(fixture_site: Path) -> None:
    result = validated(fixture_site)
    assert result.problems == ()
    records = result.records
    assert records.of("organization")["gamma"].name == Translated(
        (("tr", "Gamma Network"), ("en", "Gamma Network"))
    )
    assert records.of("organization")["beta"].headquarters[0].country == Country(code="TR")
    membership = records.of("membership")["alpha-gamma"]
    assert (membership.since, membership.offices[0].until) == (PartialDate(2008), PartialDate(2013, 5))
    page = records.of("page")["alpha/hakkimizda"]
    assert (page.owner, page.key, page.title.get("en")) == ("alpha", "hakkimizda", "About us")


def test_relations_between_records_are_checked(site_factory: SiteFactory) -> None:
    assert problems(
        site_factory,
        {
            "content/memberships/alpha-alpha.yaml": "member: alpha\norganization: alpha\nsince: 2010\n",
            "content/memberships/beta-gamma.yaml": (
                "member: beta\norganization: gamma\nsince: 2012-05\nuntil: 2011\n"
            ),
            "content/agreements/beta-beta.yaml": (
                "parties: [beta, beta]\ntype: goodwill-protocol\nsigned: 2011\nscope: {tr: x, en: y}\n"
            ),
            "content/agreements/alone.yaml": (
                "parties: [beta]\ntype: goodwill-protocol\nsigned: 2011-13\nscope: {tr: x, en: y}\n"
            ),
        },
    ) == [
        "content/agreements/alone.yaml:1:10: error: field 'parties' needs at least 2 items, has 1",
        "content/agreements/alone.yaml:3:9: error: impossible date '2011-13': there is no month 13",
        "content/agreements/beta-beta.yaml:1:17: error: party 'beta' is listed twice",
        "content/memberships/alpha-alpha.yaml:2:15: error: an organization cannot be a member of itself",
        "content/memberships/beta-gamma.yaml:4:8: error: 'until' (2011) is before 'since' (2012-05)",
    ]


FORMS = (
    "write @organization:<id>, @news:<id>, @event:<id>, @page:<owner>/<key>, @home, @organizations, "
    "@memberships, @agreements, @news or @events, "
    "with ids in lowercase (a-z, 0-9 and '-')"
)


def test_links_in_markdown_must_have_a_target(site_factory: SiteFactory) -> None:
    body = (
        "---\ntitle: Hakkımızda\n---\n\n"
        "Bkz. [Gamma](@organization:gamma),\n[ağ](@page:alpha/hakimizda) ve [x](@projects).\n"
    )
    assert problems(site_factory, {"content/pages/alpha/hakkimizda.tr.md": body}) == [
        "content/pages/alpha/hakkimizda.tr.md:6:36: error: link '@projects' is not one the build can follow: "
        + FORMS,
        "content/pages/alpha/hakkimizda.tr.md:6:6: error: link to unknown page 'alpha/hakimizda' "
        "(did you mean 'alpha/hakkimizda'?)",
    ]


LINKS = {
    "with-a-title": (
        '[z](@organization:gamm "Gamma")',
        "link to unknown organization 'gamm' (did you mean 'gamma'?)",
    ),
    "in-angle-brackets": (
        "[z](<@organization:gamm>)",
        "link to unknown organization 'gamm' (did you mean 'gamma'?)",
    ),
    "capitals": (
        "[z](@organization:GAMMA)",
        f"link '@organization:GAMMA' is not one the build can follow: {FORMS}",
    ),
    "no-id": ("[z](@organization:)", f"link '@organization:' is not one the build can follow: {FORMS}"),
    "climbing": (
        "[z](@page:../../etc/passwd)",
        f"link '@page:../../etc/passwd' is not one the build can follow: {FORMS}",
    ),
    "unknown-entry": (
        "[z](@agreements#alpha-gama)",
        "link '@agreements#alpha-gama' names no agreement 'alpha-gama' (did you mean 'alpha-beta'?)",
    ),
    "place-on-a-record": (
        "[z](@organization:gamma#x)",
        "link '@organization:gamma#x' names a place on a page: only @agreements#<agreement id> and "
        "@memberships#<membership id> may",
    ),
}


@pytest.mark.parametrize("case", sorted(LINKS))
def test_every_form_of_an_internal_link_is_checked(case: str, site_factory: SiteFactory) -> None:
    link, message = LINKS[case]
    body = f"---\ntitle: Hakkımızda\n---\n\nBkz. {link} burada.\n"
    column = 6 + link.index("@")
    assert problems(site_factory, {"content/pages/alpha/hakkimizda.tr.md": body}) == [
        f"content/pages/alpha/hakkimizda.tr.md:5:{column}: error: {message}"
    ]


def test_a_reference_style_link_is_checked_at_its_definition(site_factory: SiteFactory) -> None:
    body = "---\ntitle: Hakkımızda\n---\n\nBkz. [Gamma][g].\n\n[g]: @organization:gamm\n"
    assert problems(site_factory, {"content/pages/alpha/hakkimizda.tr.md": body}) == [
        "content/pages/alpha/hakkimizda.tr.md:7:6: error: link to unknown organization 'gamm' "
        "(did you mean 'gamma'?)"
    ]


def test_an_at_sign_in_code_is_text_and_an_image_cannot_show_a_record(site_factory: SiteFactory) -> None:
    body = (
        "---\ntitle: Hakkımızda\n---\n\n"
        "Yazım: `[x](@organization:yok)`.\n\n```\n[y](@page:yok)\n```\n\n    [z](@news)\n\n"
        "Logo: ![Gamma](@organization:gamma)\n"
    )
    assert problems(site_factory, {"content/pages/alpha/hakkimizda.tr.md": body}) == [
        "content/pages/alpha/hakkimizda.tr.md:13:16: error: image '@organization:gamma' names a record, "
        "not an image: give the image file's address"
    ]


def test_lettered_items_on_consecutive_lines_are_a_warning_at_the_item(site_factory: SiteFactory) -> None:
    body = "---\ntitle: Hakkımızda\n---\n\nGörevler:\n\na) eğitim,\nb) işbirliği.\n\nc) ayrı.\n"
    scope = "scope:\n  tr: |-\n    Kapsam:\n    a) bilgi paylaşımı.\n  en: Sharing knowledge.\n"
    agreement = FIXTURE_AGREEMENT.replace("scope:\n  tr: Bilgi paylaşımı.\n  en: Sharing knowledge.\n", scope)
    assert problems(
        site_factory,
        {"content/pages/alpha/hakkimizda.tr.md": body, "content/agreements/alpha-beta.yaml": agreement},
    ) == [
        "content/agreements/alpha-beta.yaml:6:7: warning: lettered item 'a)' runs on from the line before "
        "it, as one paragraph with it: leave a blank line before 'a)', so that each item is a paragraph of "
        "its own",
        "content/pages/alpha/hakkimizda.tr.md:8:1: warning: lettered item 'b)' runs on from the line before "
        "it, as one paragraph with it: leave a blank line before 'b)', so that each item is a paragraph of "
        "its own",
    ]


def test_a_bad_link_in_the_english_text_of_a_field_is_reported_at_that_text(
    site_factory: SiteFactory,
) -> None:
    gamma = (
        "name: Gamma Network\nkinds: [network]\n"
        "description:\n  tr: Gamma bir ağdır.\n  en: See [Alpha](@organization:alpah).\n"
    )
    assert problems(site_factory, {"content/organizations/gamma.yaml": gamma}) == [
        "content/organizations/gamma.yaml:5:7: error: link to unknown organization 'alpah' "
        "(did you mean 'alpha'?)"
    ]


def test_page_files_of_other_languages_hold_only_their_title(site_factory: SiteFactory) -> None:
    english = "---\ntitle: About us\norder: 2\n---\n\nAlpha is a union.\n"
    assert problems(site_factory, {"content/pages/alpha/hakkimizda.en.md": english}) == [
        "content/pages/alpha/hakkimizda.en.md:3:1: error: unknown field 'order'",
    ]


def test_a_page_needs_its_default_language_file(site_factory: SiteFactory) -> None:
    assert problems(site_factory, {"content/pages/alpha/hakkimizda.tr.md": ""}) == [
        "content/pages/alpha/hakkimizda.en.md:2:1: error: page 'alpha/hakkimizda' has no 'tr' file "
        "(the default language)",
    ]


def test_ids_come_from_file_names_and_must_be_plain(site_factory: SiteFactory) -> None:
    assert problems(
        site_factory, {"content/organizations/Delta Union.yaml": "name: D\nkinds: [union]\n"}
    ) == [
        "content/organizations/Delta Union.yaml:1:1: error: id 'Delta Union' (from the file name) may "
        "hold only a-z, 0-9 and single '-' between them; rename the file",
    ]


# Edits one after another (file, old text, new text), each with what validating only its file
# must say: the records whose objects change, or None where the edit changes a record's success
# and everything is checked again.
MEMBERSHIP, AGREEMENT = "content/memberships/alpha-gamma.yaml", "content/agreements/alpha-beta.yaml"
EDITS: list[tuple[str, str, str, frozenset[tuple[str, str]] | None]] = [
    (MEMBERSHIP, "since: 2008\n", "since: 2009\n", frozenset({("membership", "alpha-gamma")})),
    (MEMBERSHIP, "[alpha-page]\n", "[alpha-page]  # a comment changes nothing\n", frozenset()),
    # a reference to no one, and a relation that cannot be
    (MEMBERSHIP, "organization: gamma\n", "organization: gama\n", frozenset({("membership", "alpha-gamma")})),
    (
        AGREEMENT,
        "parties: [alpha, beta]\n",
        "parties: [alpha, alpha]\n",
        frozenset({("agreement", "alpha-beta")}),
    ),
    (MEMBERSHIP, "role: full\n", "role: ful\n", None),  # the membership no longer types
    (MEMBERSHIP, "role: ful\n", "role: full\n", None),  # and types again
    (
        "content/pages/alpha/hakkimizda.en.md",
        "Alpha is a union.\n",
        "Alpha is a union of towns.\n",
        frozenset({("page", "alpha/hakkimizda")}),
    ),
]


def test_validating_the_changed_files_alone_finds_what_validating_all_finds(fixture_site: Path) -> None:
    config = load_config(fixture_site)
    content = load_content(config)
    before = validate(content, config)
    for number, (relative, old, new, expected) in enumerate(EDITS):
        file = fixture_site / relative
        file.write_text(file.read_text("utf-8").replace(old, new), "utf-8")
        content = load_content(config, content, [file])
        after = validate(content, config, before)
        full = validate(load_content(config), config)
        assert after.changed == expected, number
        assert expected is None or after.typed == 1, number  # else the full check's count
        assert after.records == full.records, number
        assert ErrorReport.of(after.problems) == ErrorReport.of(full.problems), number
        before = after
    messages = sorted(problem.message for problem in before.problems)
    assert messages == [
        "party 'alpha' is listed twice",
        "unknown organization 'gama' (did you mean 'gamma'?)",
    ]


def test_a_page_with_a_bad_slug_is_one_error_not_also_a_link_to_an_unknown_page(
    site_factory: SiteFactory,
) -> None:
    page = "---\ntitle: Hakkımızda\nslug: 'Kötü slug!'\n---\n\nAlfa bir birliktir.\n"
    gamma = (
        "name: Gamma Network\nkinds: [network]\n"
        "description: {tr: '[a](@page:alpha/hakkimizda)', en: 'See it'}\n"
    )
    assert problems(
        site_factory,
        {"content/pages/alpha/hakkimizda.tr.md": page, "content/organizations/gamma.yaml": gamma},
    ) == [
        "content/pages/alpha/hakkimizda.tr.md:3:7: error: slug 'Kötü slug!' may hold only a-z, 0-9 and "
        "single '-' between them (did you mean 'kotu-slug'?)"
    ]


def test_part_of_in_a_circle_is_an_error(site_factory: SiteFactory) -> None:
    assert problems(
        site_factory,
        {
            "content/organizations/beta.yaml": "name: Beta\nkinds: [union]\npart_of: gamma\n",
            "content/organizations/gamma.yaml": "name: Gamma\nkinds: [network]\npart_of: beta\n",
        },
    ) == [
        "content/organizations/beta.yaml:3:10: error: 'part_of' leads back to 'beta' "
        "(beta → gamma → beta): nothing can be part of itself",
        "content/organizations/gamma.yaml:3:10: error: 'part_of' leads back to 'gamma' "
        "(gamma → beta → gamma): nothing can be part of itself",
    ]


# ---------------------------------------------------------------------------------------------
# Images: a file in the record's own folder, described in every language

GAMMA_FOLDER = "content/organizations/gamma/index.yaml"
GAMMA_TEXT = "name: Gamma Network\nkinds: [network]\n"
EVENT = "content/pages/alpha/etkinlik/index.tr.md"


def image_problems(site_factory: SiteFactory, changes: dict[str, str | bytes]) -> list[str]:
    """The problems of the fixture with gamma in a folder of its own, holding logo.png."""
    moved: dict[str, str | bytes] = {
        "content/organizations/gamma.yaml": "",
        "content/organizations/gamma/logo.png": b"\x89PNG",
    }
    return problems(site_factory, {**moved, **changes})


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (
            "image: {file: logo.png}\n",
            "content/organizations/gamma/index.yaml:3:8: error: image 'logo.png' has no description: "
            'give what it shows in every language, alt: {tr: …, en: …}, or alt: "" if it is only '
            "decoration",
        ),
        (
            "image: {file: logo.png, alt: {tr: Gamma ağının logosu}}\n",
            "content/organizations/gamma/index.yaml:3:30: error: no 'en' text for 'image.alt': every "
            "language's page needs a description",
        ),
        (
            "image: {file: logo.png, alt: Gamma logo}\n",
            "content/organizations/gamma/index.yaml:3:30: error: field 'image.alt' must be a description "
            "in every language ({tr: …, en: …}), or \"\" for decoration, got 'Gamma logo'",
        ),
        (
            "image: {file: logo.png, alt: {tr: Gamma ağının logosu, en: ''}}\n",
            "content/organizations/gamma/index.yaml:3:60: error: field 'image.alt.en' must be text, got ''",
        ),
        (
            "image: {file: lgo.png, alt: ''}\n",
            "content/organizations/gamma/index.yaml:3:15: error: image 'lgo.png' not found: there is no "
            "content/organizations/gamma/lgo.png (did you mean 'logo.png'?)",
        ),
        (
            "image: {file: ../beta/logo.png, alt: ''}\n",
            "content/organizations/gamma/index.yaml:3:15: error: image '../beta/logo.png' must be a file "
            "in the record's own folder, named from there (no '..', no leading '/')",
        ),
        (
            "image: {file: 'https://gamma.example/logo.png', alt: ''}\n",
            "content/organizations/gamma/index.yaml:3:15: error: image 'https://gamma.example/logo.png' "
            "is not a file of the site: put the image in the record's folder and give its name (an "
            "image from another site would tell that site who reads the page)",
        ),
        (
            "image: {file: logo.png, alt: '', caption: Logo}\n",
            "content/organizations/gamma/index.yaml:3:34: error: unknown field 'image.caption'",
        ),
    ],
    ids=[
        "no-alt",
        "no-english-alt",
        "alt-one-language",
        "empty-english-alt",
        "missing",
        "outside",
        "url",
        "unknown",
    ],
)
def test_an_image_field_names_a_file_beside_its_record_described_in_every_language(
    field: str, expected: str, site_factory: SiteFactory
) -> None:
    assert image_problems(site_factory, {GAMMA_FOLDER: GAMMA_TEXT + field}) == [expected]


def test_a_decorative_image_says_so_and_a_described_one_is_typed(site_factory: SiteFactory) -> None:
    field = "image:\n  file: logo.png\n  alt: {tr: Gamma ağının logosu, en: The Gamma network's logo}\n"
    assert image_problems(site_factory, {GAMMA_FOLDER: GAMMA_TEXT + field}) == []
    assert (
        image_problems(site_factory, {GAMMA_FOLDER: GAMMA_TEXT + "image: {file: logo.png, alt: ''}\n"}) == []
    )


def test_a_record_written_as_one_file_is_told_to_move_into_a_folder_for_its_images(
    site_factory: SiteFactory,
) -> None:
    changes: dict[str, str | bytes] = {
        "content/organizations/beta.yaml": "name: Beta\nkinds: [union]\nimage: {file: bina.jpg, alt: ''}\n"
    }
    assert problems(site_factory, changes) == [
        "content/organizations/beta.yaml:3:15: error: image 'bina.jpg': a record's images are kept in a "
        "folder of its own: move content/organizations/beta.yaml to content/organizations/beta/index.yaml "
        "and put 'bina.jpg' beside it"
    ]


def test_images_in_markdown_are_files_beside_the_record_with_a_description(site_factory: SiteFactory) -> None:
    body = (
        "---\ntitle: Etkinlik\n---\n\n"
        "![Salon](salon.jpg) ve ![](salon.jpg)\n\n"
        '![""](cizgi.png)\n\n'
        "![Harita](http://maps.example/a.png)\n\n"
        '<img src="salon.jpg" alt="Salon">\n\n'
        "Metin ![Yok](yok.png)\n"
    )
    changes: dict[str, str | bytes] = {
        EVENT: body,
        "content/pages/alpha/etkinlik/salon.jpg": b"\xff\xd8",
        "content/pages/alpha/etkinlik/cizgi.png": b"\x89PNG",
    }
    assert problems(site_factory, changes) == [
        f"{EVENT}:11:1: error: an image written in HTML: write ![what it shows](file name) with the image "
        "file in the record's folder, so that the build makes its sizes",
        f"{EVENT}:13:14: error: image 'yok.png' not found: there is no content/pages/alpha/etkinlik/yok.png",
        f"{EVENT}:2:1: warning: no 'en' file (index.en.md): 'en' pages show the 'tr' text, marked as not "
        "yet translated",
        f"{EVENT}:5:28: error: image 'salon.jpg' has no description: write what it shows between the "
        'brackets, ![…](salon.jpg), or ![""](salon.jpg) if it is only decoration',
        f"{EVENT}:9:11: error: image 'http://maps.example/a.png' is not a file of the site: put the image "
        "in the record's folder and give its name (an image from another site would tell that site who "
        "reads the page)",
    ]
