"""The pages a public body's site must have: contact, accessibility statement, privacy notice (KVKK),
the right-to-information link in every footer; filled from site.yaml and the owner's record only."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from unionsite.build import build
from unionsite.errors import ContentErrors

SiteFactory = Callable[[dict[str, str | bytes]], Path]
BARE = "owner: alpha\nbase_url: https://example.org/\nlanguages: [tr, en]\n"


def page(output: Path, path: str) -> str:
    return (output / path / "index.html").read_text("utf-8")


class _Blocks(HTMLParser):
    """The text of each heading, paragraph and list item in <main>, tags dropped."""

    BLOCKS = frozenset({"h1", "h2", "p", "li"})

    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.blocks: list[tuple[str, str]] = []
        self.open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main = True
        elif self.in_main and tag in self.BLOCKS:
            self.open = tag
            self.blocks.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        elif tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def blocks(html: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(html)
    return [(tag, " ".join(text.split())) for tag, text in parser.blocks]


# A sentence ends at . ! or ? (not the dot of a Turkish ordinal, "11. madde") before a space.
SENTENCE_END = re.compile(r"(?<=[^\d][.!?])\s+")


def lower_case_starts(texts: list[str]) -> list[str]:
    """The sentences of `texts` whose first letter is a lower-case one."""
    sentences = (sentence for text in texts for sentence in SENTENCE_END.split(text) if sentence)
    return [sentence for sentence in sentences if sentence[0].isalpha() and sentence[0].islower()]


def test_the_lower_case_check_finds_a_sentence_begun_by_an_inserted_link_label() -> None:
    written_before = "Verilerin silinmesini isteyebilirsiniz. iletişim sayfasını kullanın."
    assert lower_case_starts([written_before]) == ["iletişim sayfasını kullanın."]
    assert lower_case_starts(["KVKK'nın 11. maddesi uyarınca. 6698 sayılı Kanun."]) == []


def test_what_is_known_is_shown_and_nothing_else(fixture_site: Path) -> None:
    report = build(fixture_site)
    assert report.output is not None and report.warnings.problems == ()
    contact = page(report.output, "tr/iletisim")
    assert "Örnek Caddesi 1, İstanbul, Türkiye" in contact
    assert 'href="mailto:bilgi@alfa.example"' in contact and 'href="tel:+902120000000"' in contact
    assert "contact-form" not in contact  # no endpoint named, no form
    assert "bilgi@alfa.example" in page(report.output, "en/accessibility")
    assert "Veri sorumlusu: Alfa Belediyeler Birliği" in page(report.output, "tr/gizlilik")
    for path in ("tr", "en/organizations", "tr/iletisim"):
        html = page(report.output, path)
        assert 'href="https://www.cimer.gov.tr/" rel="noopener"' in html  # Bilgi Edinme in every footer
        assert "/erisilebilirlik/" in html or "/accessibility/" in html


def test_missing_contact_details_are_warned_about_and_not_invented(site_factory: SiteFactory) -> None:
    site = site_factory({"site.yaml": BARE})
    (site / "content/organizations/alpha.yaml").write_text(
        "name:\n  tr: Alfa Belediyeler Birliği\n  en: Alpha Municipalities Union\nkinds: [union]\n", "utf-8"
    )
    report = build(site)
    assert [(str(w.source), w.message.split(":")[0]) for w in report.warnings.problems] == [
        ("content/organizations/alpha.yaml:1:1", "address"),
        ("site.yaml", "contact.email"),
        ("site.yaml", "contact.phone"),
    ]
    assert report.output is not None
    contact = page(report.output, "en/contact")
    assert "The contact details of Alpha Municipalities Union are not yet published on this site." in contact
    assert "mailto:" not in contact and "tel:" not in contact
    # No page sends the reader to a contact page that gives no way to reach anyone.
    accessibility = page(report.output, "en/accessibility")
    assert 'href="/en/contact/"' not in accessibility.split("<main", 1)[1].split("</main>", 1)[0]
    assert "No contact details are published on this site yet" in accessibility
    assert "where to report a barrier" not in accessibility
    assert '<meta name="description" content="The contact details of Alpha Municipalities Union' in contact


def test_a_contact_form_appears_only_with_its_endpoint_and_its_notice(site_factory: SiteFactory) -> None:
    site = site_factory(
        {
            "site.yaml": BARE
            + "contact: {email: a@alfa.example, phone: '1', form: 'https://forms.example/alfa'}\n"
            + "information_request: https://alfa.example/bilgi-edinme/\n"
        }
    )
    report = build(site)
    assert report.output is not None
    contact = page(report.output, "tr/iletisim")
    assert '<form class="contact-form" method="post" action="https://forms.example/alfa">' in contact
    assert 'href="/tr/gizlilik/">aydınlatma</a>' in contact  # the KVKK notice beside the form
    assert "İletişim formu" in page(report.output, "tr/gizlilik")
    assert 'href="https://alfa.example/bilgi-edinme/"' in contact
    headers = (report.output / "_headers").read_text("utf-8")
    assert "form-action 'self' https://forms.example;" in headers


def test_unknown_contact_details_are_errors(site_factory: SiteFactory) -> None:
    site = site_factory({"site.yaml": BARE + "contact: {mail: a@b.c, phone: 5}\n"})
    with pytest.raises(ContentErrors) as raised:
        build(site)
    assert [e.message for e in raised.value.report.errors] == [
        "unknown contact detail 'mail' (known: email, phone, form)",
        "contact detail 'phone' must be text",
    ]


KVKK_ARTICLE_11 = {
    # Each right of article 11 (a)–(ğ) of Law No. 6698, in its order, as the notice words it.
    "tr": [
        "Kişisel verilerinizin işlenip işlenmediğini öğrenme",
        "Kişisel verileriniz işlenmişse buna ilişkin bilgi talep etme",
        "Kişisel verilerinizin işlenme amacını ve bunların amacına uygun kullanılıp kullanılmadığını öğrenme",
        "Yurt içinde veya yurt dışında kişisel verilerinizin aktarıldığı üçüncü kişileri bilme",
        "Kişisel verilerinizin eksik veya yanlış işlenmiş olması hâlinde bunların düzeltilmesini isteme",
        "KVKK'nın 7. maddesinde öngörülen şartlar çerçevesinde kişisel verilerinizin silinmesini veya yok "
        "edilmesini isteme",
        "Yukarıdaki düzeltme, silme veya yok etme işlemlerinin kişisel verilerinizin aktarıldığı üçüncü "
        "kişilere bildirilmesini isteme",
        "İşlenen verilerin münhasıran otomatik sistemler vasıtasıyla analiz edilmesi suretiyle aleyhinize "
        "bir sonucun ortaya çıkmasına itiraz etme",
        "Kişisel verilerinizin kanuna aykırı olarak işlenmesi sebebiyle zarara uğramanız hâlinde zararın "
        "giderilmesini talep etme",
    ],
    "en": [
        "learn whether your personal data is processed",
        "request information about your personal data, if it has been processed",
        "learn the purpose for which your personal data is processed and whether it is used in keeping with "
        "that purpose",
        "know the third parties in Türkiye or abroad to whom your personal data has been transferred",
        "ask for your personal data to be corrected if it has been processed incompletely or wrongly",
        "ask for your personal data to be erased or destroyed under the conditions set out in article 7 of "
        "the KVKK",
        "ask for the third parties to whom your personal data has been transferred to be told of the "
        "corrections, erasures or destructions above",
        "object to a result to your detriment that arises from the analysis of the processed data "
        "exclusively by automated systems",
        "claim compensation for the damage if you suffer damage because your personal data has been "
        "processed unlawfully",
    ],
}
PRIVACY = {"tr": "tr/gizlilik", "en": "en/privacy"}
ACCESSIBILITY = {"tr": "tr/erisilebilirlik", "en": "en/accessibility"}


def _bare_site(site_factory: SiteFactory, contact: str = "") -> Path:
    """A site whose owner publishes no e-mail address, and only the `contact` details given."""
    site = site_factory({"site.yaml": BARE + contact})
    (site / "content/organizations/alpha.yaml").write_text(
        "name:\n  tr: Alfa Belediyeler Birliği\n  en: Alpha Municipalities Union\nkinds: [union]\n", "utf-8"
    )
    return site


def test_the_privacy_notice_lists_every_right_of_kvkk_article_11_and_no_other(fixture_site: Path) -> None:
    output = build(fixture_site).output
    assert output is not None
    for language, path in PRIVACY.items():
        items = [text for tag, text in blocks(page(output, path)) if tag == "li"]
        assert items == KVKK_ARTICLE_11[language], language
    turkish = " ".join(text for _, text in blocks(page(output, PRIVACY["tr"])))
    lead = (
        "KVKK'nın 11. maddesi uyarınca veri sorumlusuna başvurarak aşağıdaki haklarınızı kullanabilirsiniz:"
    )
    assert lead in turkish
    assert "işlenmesine itiraz" not in turkish  # article 11 gives no general right to object
    english = " ".join(text for _, text in blocks(page(output, PRIVACY["en"])))
    assert "object to its processing" not in english


@pytest.mark.parametrize("reach", ["email", "phone", "nothing"])
def test_no_sentence_of_the_public_body_pages_starts_with_a_lower_case_letter(
    fixture_site: Path, site_factory: SiteFactory, reach: str
) -> None:
    sites = {
        "email": lambda: fixture_site,
        "phone": lambda: _bare_site(site_factory, "contact: {phone: '+90 212 000 00 00'}\n"),
        "nothing": lambda: _bare_site(site_factory),
    }
    output = build(sites[reach]()).output
    assert output is not None
    for path in (PRIVACY["tr"], ACCESSIBILITY["tr"]):
        assert lower_case_starts([text for _, text in blocks(page(output, path))]) == [], path
    for path in (PRIVACY["en"], ACCESSIBILITY["en"]):
        # English list items run on from the sentence that leads into the list.
        assert lower_case_starts([text for tag, text in blocks(page(output, path)) if tag != "li"]) == []
    last = {language: blocks(page(output, path))[-1][1] for language, path in PRIVACY.items()}
    expected = {
        "email": {
            "tr": "Bu haklarınızla ilgili olarak bize bilgi@alfa.example adresinden ulaşabilirsiniz.",
            "en": "You can reach us about these rights at bilgi@alfa.example.",
        },
        "phone": {
            "tr": "Bu haklarınızla ilgili olarak bize iletişim sayfasından ulaşabilirsiniz.",
            "en": "You can reach us about these rights through the contact page.",
        },
        "nothing": {
            "tr": "Veri sorumlusunun iletişim bilgileri bu sitede henüz yayımlanmadı.",
            "en": "The data controller's contact details are not yet published on this site.",
        },
    }
    assert last == expected[reach]


def test_the_accessibility_statement_claims_only_what_the_site_does(fixture_site: Path) -> None:
    output = build(fixture_site).output
    assert output is not None
    turkish = " ".join(text for _, text in blocks(page(output, ACCESSIBILITY["tr"])))
    english = " ".join(text for _, text in blocks(page(output, ACCESSIBILITY["en"])))
    aim = (
        "Site, Web İçeriği Erişilebilirlik Yönergeleri (WCAG) 2.2 sürümünün AA düzeyini karşılamayı hedefler."
    )
    assert aim in turkish
    assert "The site aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA." in english
    # No legal text is named whose requirements were not checked (the 2025 circular's were not).
    assert "genelge" not in turkish.lower() and "circular" not in english.lower()
    # The pages are checked by the tests, not by every build.
    assert "derlendiğinde" not in turkish and "whenever the site is built" not in english
