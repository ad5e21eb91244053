"""An organization's view → schema.org JSON-LD for its page, so that search engines and data users
read what the page says as data: the organization (a GovernmentOrganization when it is a union or
a public body), its memberships both ways as OrganizationRoles with start dates and role names,
its founding and address, its website as sameAs, and its agreements as DigitalDocuments.

Only what the record says goes in; every address is absolute. The text is already localized: the
templates pass the labels (role, agreement type) in their own language.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from .views import AgreementView, MembershipView, OrganizationView, OrgRef

CONTEXT = "https://schema.org"
# Kinds whose members are public bodies: a municipal union is a public legal entity in Turkish
# law; intergovernmental organizations are governments' own.
GOVERNMENT_KINDS = frozenset({"union", "public-body", "international-organization"})

Label = Callable[[str], Any]


def organization_json_ld(
    view: OrganizationView,
    page: str,
    *,
    plain: Callable[[str], str],
    role: Label,
    agreement_type: Label,
    milestone: Label,
) -> Markup:
    """The <script type="application/ld+json"> body for the page at absolute address `page`.
    `plain` turns Markdown into text; `role`, `agreement_type` and `milestone` give a code's label."""
    node: dict[str, Any] = {
        "@context": CONTEXT,
        **_ref(view.ref, page),
        "@type": "GovernmentOrganization" if GOVERNMENT_KINDS & set(view.kinds) else "Organization",
        "url": _absolute(page, view.ref.url),
        "inLanguage": view.ref.name.language,
    }
    if view.ref.abbreviation:
        node["alternateName"] = view.ref.abbreviation.text
    if view.description:
        node["description"] = plain(view.description.text)
    if view.website:
        node["sameAs"] = view.website
    if view.founded:
        node.update(_founding(view, page, milestone))
    if view.address:
        address = view.address
        node["address"] = _compact(
            {
                "@type": "PostalAddress",
                "streetAddress": address.street,
                "addressRegion": address.district,
                "addressLocality": address.city,
                "addressCountry": address.country.text,
            }
        )
    if view.part_of:
        node["parentOrganization"] = _ref(view.part_of, page)
    if view.parts:
        node["subOrganization"] = [_ref(part, page) for part in view.parts]
    if view.member_of:
        node["memberOf"] = [_role(m, "memberOf", m.organization, page, role) for m in view.member_of]
    if view.members:
        node["member"] = [_role(m, "member", m.member, page, role) for m in view.members]
    if view.agreements:
        node["subjectOf"] = [_agreement(a, page, plain, agreement_type) for a in view.agreements]
    # Compact: json's C encoder writes it; with an indent the pure-Python one would, at several
    # times the cost on a large site.
    return Markup(_script_safe(json.dumps(node, ensure_ascii=False, separators=(",", ":"))))


def _absolute(page: str, url: str) -> str:
    """`url` resolved against the page's address. Internal links are absolute paths; those are
    joined to the page's origin directly (urljoin parses both, for every link of every page)."""
    if url.startswith("/") and not url.startswith("//"):
        scheme_end = page.find("://")
        origin_end = page.find("/", scheme_end + 3) if scheme_end >= 0 else -1
        if origin_end >= 0:
            return page[:origin_end] + url
    return urljoin(page, url)


def _ref(organization: OrgRef, page: str) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "@id": _absolute(page, organization.url) + "#organization",
        "name": organization.name.text,
    }


def _founding(view: OrganizationView, page: str, milestone: Label) -> dict[str, Any]:
    """The founding as schema.org has it. The approval of a union and its entry into force have
    no property of their own and are not its founding date: they are events, named as such."""
    founded = view.founded
    assert founded is not None
    steps = [("approved", founded.approved), ("in_force", founded.in_force)]
    events = [
        {"@type": "Event", "name": str(milestone(code)).strip(), "startDate": date.iso}
        for code, date in steps
        if date is not None
    ]
    return _compact(
        {
            "foundingDate": founded.date.iso if founded.date else None,
            "foundingLocation": {"@type": "Place", "name": founded.place.text} if founded.place else None,
            "founder": [_ref(founder, page) for founder in founded.by] or None,
            "event": events or None,
        }
    )


def _role(membership: MembershipView, relation: str, other: OrgRef, page: str, role: Label) -> dict[str, Any]:
    """schema.org's Role pattern: the role stands in for the organization it links to."""
    return _compact(
        {
            "@type": "OrganizationRole",
            relation: _ref(other, page),
            "startDate": membership.since.iso,
            "endDate": membership.until.iso if membership.until else None,
            "roleName": str(role(membership.role)).strip() if membership.role else None,
        }
    )


def _agreement(
    agreement: AgreementView, page: str, plain: Callable[[str], str], label: Label
) -> dict[str, Any]:
    name = str(label(agreement.type)).strip()
    parties = ", ".join(party.name.text for party in agreement.parties)
    return _compact(
        {
            "@type": "DigitalDocument",
            "name": f"{name}: {parties}",
            "genre": name,
            "dateCreated": agreement.signed.iso,
            "locationCreated": {"@type": "Place", "name": agreement.place.text} if agreement.place else None,
            "author": [_ref(party, page) for party in agreement.parties],
            "abstract": plain(agreement.scope.text),
        }
    )


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in node.items() if value is not None}


def _script_safe(text: str) -> str:
    """JSON inside <script>: '<' and '>' and '&' escaped, so no text can close the element."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
