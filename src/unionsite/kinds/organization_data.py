"""The organization kind's open-data rows and schema.org JSON-LD, and the cells of a row that
the other kinds' rows share (an organization named by id and name, a source, a date)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..i18n import DateText, LocalText
from ..linked_data import absolute, compact

if TYPE_CHECKING:
    from .organization import AddressView, FoundingView, OrganizationView, OrgRef

# Kinds whose members are public bodies: a municipal union is a public legal entity in Turkish
# law; intergovernmental organizations are governments' own.
GOVERNMENT_KINDS = frozenset({"union", "public-body", "international-organization"})

SOURCE_COLUMNS = ("source_title", "source_publisher", "source_publisher_name", "source_url")
TABLES = {
    "organizations": (
        "id", "name", "short_name",
        "address_street", "address_district", "address_city", "address_country", "address_directions",
        "founded", "founded_place", "founded_approved", "founded_in_force", "founded_note",
        "part_of", "part_of_name", "website", "description", "member_countries_partial",
    ),
    "organizations-kinds": ("organization", "kind", "kind_label"),
    "organizations-headquarters": ("organization", "headquarters"),
    "organizations-founders": ("organization", "founder", "founder_name"),
    "organizations-initiators": ("organization", "initiator", "initiator_name"),
    "organizations-member-countries": ("organization", "country"),
    "organizations-figures": ("organization", "figure", *SOURCE_COLUMNS),
    "organizations-sources": ("organization", *SOURCE_COLUMNS),
}  # fmt: skip
PARTIAL_DATE = {"base": "string", "format": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}


def data_row(view: OrganizationView, texts: Any) -> dict[str, Any]:
    founded = view.founded
    return {
        "id": view.ref.id,
        "name": view.ref.name.text,
        "short_name": text(view.ref.abbreviation),
        **_address_cells(view),
        "founded": date(founded.date) if founded else None,
        "founded_place": text(founded.place) if founded else None,
        "founded_approved": date(founded.approved) if founded else None,
        "founded_in_force": date(founded.in_force) if founded else None,
        "founded_note": text(founded.note) if founded else None,
        "part_of": view.part_of.id if view.part_of else None,
        "part_of_name": view.part_of.name.text if view.part_of else None,
        "website": view.website,
        "description": texts.plain(view.description.text) if view.description else None,
        # Said only of a list of member countries: no list, no claim that it is whole.
        "member_countries_partial": view.member_countries_partial if view.member_countries else None,
        "kinds": [{"kind": code, "kind_label": texts.labels.codes["KINDS"][code]} for code in view.kinds],
        "headquarters": [place.text for place in view.headquarters],
        "founders": ref_cells(founded.by if founded else (), "founder"),
        "initiators": ref_cells(founded.initiative if founded else (), "initiator"),
        "member_countries": [country.text for country in view.member_countries],
        "figures": [{"figure": figure.text.text, **source_cells(figure.source)} for figure in view.figures],
        "sources": [source_cells(source) for source in view.sources],
    }


def _address_cells(view: OrganizationView) -> dict[str, str | None]:
    address = view.address
    return {
        "address_street": address.street if address else None,
        "address_district": address.district if address else None,
        "address_city": address.city if address else None,
        "address_country": address.country.text if address else None,
        "address_directions": text(address.directions) if address else None,
    }


def ref_cells(refs: Iterable[OrgRef], column: str) -> list[dict[str, str]]:
    return [{column: ref.id, f"{column}_name": ref.name.text} for ref in refs]


def source_cells(source: Any) -> dict[str, str | None]:
    return {
        "source_title": source.title.text,
        "source_publisher": source.publisher.id,
        "source_publisher_name": source.publisher.name.text,
        "source_url": source.url,
    }


def text(value: LocalText | None) -> str | None:
    return value.text if value is not None else None


def date(value: DateText | None) -> str | None:
    """A date in ISO form at the precision given: 2008, 2009-12 or 2010-12-13."""
    return value.iso if value is not None else None


def ref_node(organization: OrgRef, page: str) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "@id": absolute(page, organization.url) + "#organization",
        "name": organization.name.text,
    }


def json_ld(view: OrganizationView, page: str, *, plain: Any, **labels: Any) -> dict[str, Any]:
    """The organization (a GovernmentOrganization when it is a union or a public body), its
    memberships both ways as OrganizationRoles with start dates and role names, its founding and
    address, its website as sameAs, and its agreements as DigitalDocuments. `labels`: role,
    agreement_type and milestone, each a code's label in the page's language."""
    node: dict[str, Any] = {
        **ref_node(view.ref, page),
        "@type": "GovernmentOrganization" if GOVERNMENT_KINDS & set(view.kinds) else "Organization",
        "url": absolute(page, view.ref.url),
        "inLanguage": view.ref.name.language,
    }
    if view.ref.abbreviation:
        node["alternateName"] = view.ref.abbreviation.text
    if view.description:
        node["description"] = plain(view.description.text)
    if view.website:
        node["sameAs"] = view.website
    if view.image is not None:
        node["image"] = image_node(view.image, page)
    if view.founded:
        node.update(_founding_node(view.founded, page, labels["milestone"]))
    if view.address:
        node["address"] = _address_node(view.address)
    if view.part_of:
        node["parentOrganization"] = ref_node(view.part_of, page)
    if view.parts:
        node["subOrganization"] = [ref_node(part, page) for part in view.parts]
    role = labels["role"]
    if view.member_of:
        node["memberOf"] = [_role(m, "memberOf", m.organization, page, role) for m in view.member_of]
    if view.members:
        node["member"] = [_role(m, "member", m.member, page, role) for m in view.members]
    if view.agreements:
        node["subjectOf"] = [
            _agreement_node(a, page, plain, labels["agreement_type"]) for a in view.agreements
        ]
    return node


def image_node(image: Any, page: str) -> dict[str, Any]:
    """The record's image (a views.ImageView): its largest size, and its description."""
    picture = image.picture
    node = {
        "@type": "ImageObject",
        "contentUrl": absolute(page, picture.src),
        "width": picture.width,
        "height": picture.height,
    }
    return {**node, "description": image.alt.text} if image.alt is not None else node


def _address_node(address: AddressView) -> dict[str, Any]:
    return compact(
        {
            "@type": "PostalAddress",
            "streetAddress": address.street,
            "addressRegion": address.district,
            "addressLocality": address.city,
            "addressCountry": address.country.text,
        }
    )


def _founding_node(founded: FoundingView, page: str, milestone: Any) -> dict[str, Any]:
    """The founding as schema.org has it. The approval of a union and its entry into force have
    no property of their own and are not its founding date: they are events, named as such."""
    steps = [("approved", founded.approved), ("in_force", founded.in_force)]
    events = [
        {"@type": "Event", "name": str(milestone(code)).strip(), "startDate": moment.iso}
        for code, moment in steps
        if moment is not None
    ]
    return compact(
        {
            "foundingDate": founded.date.iso if founded.date else None,
            "foundingLocation": {"@type": "Place", "name": founded.place.text} if founded.place else None,
            "founder": [ref_node(founder, page) for founder in founded.by] or None,
            "event": events or None,
        }
    )


def _role(membership: Any, relation: str, other: OrgRef, page: str, role: Any) -> dict[str, Any]:
    """schema.org's Role pattern: the role stands in for the organization it links to."""
    return compact(
        {
            "@type": "OrganizationRole",
            relation: ref_node(other, page),
            "startDate": membership.since.iso,
            "endDate": membership.until.iso if membership.until else None,
            "roleName": str(role(membership.role)).strip() if membership.role else None,
        }
    )


def _agreement_node(agreement: Any, page: str, plain: Any, label: Any) -> dict[str, Any]:
    name = str(label(agreement.type)).strip()
    parties = ", ".join(party.name.text for party in agreement.parties)
    return compact(
        {
            "@type": "DigitalDocument",
            "name": f"{name}: {parties}",
            "genre": name,
            "dateCreated": agreement.signed.iso,
            "locationCreated": {"@type": "Place", "name": agreement.place.text} if agreement.place else None,
            "author": [ref_node(party, page) for party in agreement.parties],
            "abstract": plain(agreement.scope.text),
        }
    )
