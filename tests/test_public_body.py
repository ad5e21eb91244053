"""The pages a public body's site must have: contact, accessibility statement, privacy notice (KVKK),
the right-to-information link in every footer; filled from site.yaml and the owner's record only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from unionsite.build import build
from unionsite.errors import ContentErrors

SiteFactory = Callable[[dict[str, str | bytes]], Path]
BARE = "owner: alpha\nbase_url: https://example.org/\nlanguages: [tr, en]\n"


def page(output: Path, path: str) -> str:
    return (output / path / "index.html").read_text("utf-8")


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
    assert 'href="/en/contact/">contact</a>' in page(report.output, "en/accessibility")


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
