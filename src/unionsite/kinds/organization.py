"""The organization kind: every body the site talks about, the unions whose sites these are as
well as networks, institutions and partners; the site's owner is one (see `owner`). Its record,
its page, its line elsewhere (OrgRef) and its declaration; its open data and JSON-LD are in
`organization_data`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from slugify import slugify

from ..errors import ContentError, SourceRef
from ..i18n import DateText, LocalText
from ..parse import Positions
from ..schema import (
    Address,
    BoolType,
    Country,
    CountryCodeType,
    CountryType,
    DateType,
    EnumType,
    Figure,
    Founding,
    Image,
    ImageType,
    ListType,
    MarkdownText,
    NameType,
    Place,
    RefType,
    SlugType,
    StampType,
    StrType,
    StructType,
    Text,
    Translated,
    UrlType,
    field_at,
    spec,
)
from ..views import Link
from .base import DataTables, Kind, ListPage, OwnPages, PagedList, Records, Relation, Views, maybe
from .organization_data import PARTIAL_DATE, TABLES, data_row, json_ld

KINDS = (
    "union",
    "local-government-association",
    "network",
    "association",
    "international-organization",
    "regional-organization",
    "regional-section",
    "local-government-platform",
    "public-body",
)


@dataclass(frozen=True, slots=True)
class Organization:
    at: SourceRef
    id: str
    name: Translated
    kinds: tuple[str, ...]
    short_name: Translated | None = None
    headquarters: tuple[Place, ...] = ()
    address: Address | None = None
    founded: Founding | None = None
    part_of: str | None = None
    website: Translated | None = None
    description: Translated | None = None
    image: Image | None = None
    member_countries: tuple[Country, ...] = ()
    member_countries_partial: bool = False
    figures: tuple[Figure, ...] = ()
    slug: Translated | None = None
    sources: tuple[str, ...] = ()
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)


_PLACE = StructType(Place, (spec("city", NameType()), spec("country", CountryType())))
PLACE = _PLACE  # agreements have one too

FIELDS = (
    spec("name", NameType(), required=True),
    spec("short_name", NameType()),
    spec("kinds", ListType(EnumType(KINDS), min_items=1), required=True),
    spec("headquarters", ListType(_PLACE), default=()),
    spec(
        "address",
        StructType(
            Address,
            (
                spec("street", StrType(), required=True),
                spec("district", StrType()),
                spec("city", StrType(), required=True),
                spec("country", CountryCodeType(), required=True),
                spec("directions", Text),
            ),
        ),
    ),
    spec(
        "founded",
        StructType(
            Founding,
            (
                spec("date", DateType(past=True)),
                spec("place", _PLACE),
                spec("by", ListType(RefType("organization")), default=()),
                spec("initiative", ListType(RefType("organization")), default=()),
                spec("approved", DateType(past=True)),
                spec("in_force", DateType(past=True)),
                spec("note", Text),
            ),
        ),
    ),
    spec("part_of", RefType("organization")),
    spec("website", UrlType(per_language=True)),
    spec("description", MarkdownText),
    spec("image", ImageType()),
    spec("slug", SlugType(per_language=True)),
    spec("member_countries", ListType(CountryType()), default=()),
    spec("member_countries_partial", BoolType(), default=False),
    spec(
        "figures",
        ListType(
            StructType(
                Figure,
                (spec("text", Text, required=True), spec("source", RefType("source"), required=True)),
            )
        ),
        default=(),
    ),
    spec("sources", ListType(RefType("source")), default=()),
    spec("translated_from", StampType()),
)

# ---------------------------------------------------------------------------------------------
# Views


@dataclass(frozen=True, slots=True)
class OrgRef:
    """Enough of an organization to name it and link to its page."""

    id: str
    url: str
    name: LocalText
    short_name: LocalText | None

    @property
    def abbreviation(self) -> LocalText | None:
        """The short name when it adds something to the name: not when the name already says it
        ("Al-Fayhaa Belediyeler Birliği", short name Al-Fayhaa)."""
        if self.short_name is None or _says(self.name.text, self.short_name.text):
            return None
        return self.short_name

    @property
    def brief(self) -> LocalText:
        """What running text calls it after the first mention: the short name, else the name."""
        return self.short_name or self.name


def _says(name: str, short_name: str) -> bool:
    """Whether `short_name` stands in `name` as a whole word (or words)."""
    return re.search(rf"(?<!\w){re.escape(short_name)}(?!\w)", name) is not None


@dataclass(frozen=True, slots=True)
class FigureView:
    text: LocalText
    source: Any  # SourceView


@dataclass(frozen=True, slots=True)
class AddressView:
    street: str
    district: str | None
    city: str
    country: LocalText
    directions: LocalText | None


@dataclass(frozen=True, slots=True)
class FoundingView:
    date: DateText | None
    place: LocalText | None
    by: tuple[OrgRef, ...]
    initiative: tuple[OrgRef, ...]
    approved: DateText | None
    in_force: DateText | None
    note: LocalText | None


@dataclass(frozen=True, slots=True)
class OrganizationView:
    ref: OrgRef
    kinds: tuple[str, ...]
    headquarters: tuple[LocalText, ...]
    address: AddressView | None
    founded: FoundingView | None
    part_of: OrgRef | None
    parts: tuple[OrgRef, ...]
    founder_of: tuple[OrgRef, ...]
    initiated: tuple[OrgRef, ...]  # organizations founded on its initiative
    website: str | None
    description: LocalText | None
    image: Any  # ImageView | None
    member_countries: tuple[LocalText, ...]
    member_countries_partial: bool
    figures: tuple[FigureView, ...]
    member_of: tuple[Any, ...]  # MembershipViews
    members: tuple[Any, ...]
    agreements: tuple[Any, ...]  # AgreementViews
    pages: tuple[Link, ...]
    sources: tuple[Any, ...]  # SourceViews
    # The newest news items about it, and the events it organizes (the latest first): the
    # entries of those kinds' views, where the site has them.
    news: tuple[Any, ...] = ()
    events: tuple[Any, ...] = ()


# How many news items and events an organization's page names; their lists have them all.
ORGANIZATION_NEWS = 5
ORGANIZATION_EVENTS = 5


@dataclass(frozen=True, slots=True)
class OrganizationsView:
    organizations: tuple[OrgRef, ...]


def org_ref(views: Views, organization_id: str) -> OrgRef:
    organization: Organization = views.record("organization", organization_id)
    return OrgRef(
        organization.id,
        views.url("organization", organization.id),
        views.local.text(organization.name),
        views.local.optional(organization.short_name),
    )


def sorted_refs(views: Views, ids: Iterable[str]) -> tuple[OrgRef, ...]:
    """The organizations' entries in the language's order of their names."""
    refs = (views.entry("organization", i) for i in ids)
    return tuple(sorted(refs, key=lambda r: (views.local.sort_key(r.name.text), r.id)))


def organization_view(views: Views, organization_id: str) -> OrganizationView:
    organization: Organization = views.record("organization", organization_id)
    local = views.local
    ref = views.entry("organization", organization_id)
    return OrganizationView(
        ref=ref,
        kinds=organization.kinds,
        headquarters=tuple(p for p in map(local.place, organization.headquarters) if p),
        address=address_view(views, organization),
        founded=founding_view(views, organization),
        part_of=maybe(lambda i: views.entry("organization", i), organization.part_of),
        parts=sorted_refs(views, views.related("parts", organization_id)),
        founder_of=sorted_refs(views, views.related("founder_of", organization_id)),
        initiated=sorted_refs(views, views.related("initiated", organization_id)),
        website=maybe(lambda url: local.text(url).text, organization.website),
        description=views.optional_prose(organization.description),
        image=views.optional_image(organization.image),
        member_countries=tuple(
            sorted(map(local.country, organization.member_countries), key=lambda c: local.sort_key(c.text))
        ),
        member_countries_partial=organization.member_countries_partial,
        figures=tuple(
            FigureView(local.text(f.text), views.entry("source", f.source)) for f in organization.figures
        ),
        member_of=tuple(views.entry("membership", i) for i in views.related("member_of", organization_id)),
        members=tuple(views.entry("membership", i) for i in views.related("members", organization_id)),
        agreements=tuple(views.entry("agreement", i) for i in views.related("agreements", organization_id)),
        pages=page_links(views, organization_id),
        sources=tuple(views.entry("source", i) for i in organization.sources),
        news=_latest(views, "news", views.related("news_about", organization_id), ORGANIZATION_NEWS),
        events=_latest(views, "event", views.related("organized", organization_id), ORGANIZATION_EVENTS),
    )


def _latest(views: Views, kind: str, ids: tuple[str, ...], count: int) -> tuple[Any, ...]:
    """The entries of the last `count` of `ids` (a relation in date order), the latest first."""
    return tuple(views.entry(kind, i) for i in reversed(ids[-count:]))


def page_links(views: Views, organization_id: str) -> tuple[Link, ...]:
    """The links to the organization's own pages, in their order: built once, for its page and
    (the owner's) for every page's navigation."""
    links: tuple[Link, ...] = views.remembered("page-links", organization_id, lambda i: _page_links(views, i))
    return links


def _page_links(views: Views, organization_id: str) -> tuple[Link, ...]:
    return tuple(
        Link(views.url("page", page_id), views.local.text(views.record("page", page_id).title))
        for page_id in views.related("pages", organization_id)
    )


def address_view(views: Views, organization: Organization) -> AddressView | None:
    address = organization.address
    if address is None:
        return None
    country = views.local.country(Country(code=address.country))
    return AddressView(
        address.street, address.district, address.city, country, views.local.optional(address.directions)
    )


def founding_view(views: Views, organization: Organization) -> FoundingView | None:
    founded = organization.founded
    if founded is None:
        return None
    local = views.local
    return FoundingView(
        date=maybe(local.date, founded.date),
        place=maybe(local.place, founded.place),
        by=tuple(views.entry("organization", i) for i in founded.by),
        initiative=tuple(views.entry("organization", i) for i in founded.initiative),
        approved=maybe(local.date, founded.approved),
        in_force=maybe(local.date, founded.in_force),
        note=local.optional(founded.note),
    )


def organizations_order(views: Views, key: str, ids: tuple[str, ...]) -> tuple[str, ...]:
    """Every organization, in the language's order of their names."""
    return tuple(ref.id for ref in sorted_refs(views, ids))


def organizations_view(views: Views, key: str, ids: tuple[str, ...]) -> OrganizationsView:
    return OrganizationsView(tuple(views.entry("organization", i) for i in ids))


def markdown_texts(view: OrganizationView) -> Iterator[LocalText]:
    """Its description, its memberships' notes, its agreements' scopes and outcomes."""
    if view.description is not None:
        yield view.description
    for membership in (*view.member_of, *view.members):
        if membership.note is not None:
            yield membership.note
    for agreement in view.agreements:
        yield agreement.scope
        if agreement.outcomes is not None:
            yield agreement.outcomes


# ---------------------------------------------------------------------------------------------
# Addresses, relations, checks


def slug(organization: Organization, language: str, default: str) -> tuple[str, SourceRef]:
    """The record's own slug, else one made from its short name (or name) in `language`."""
    own = organization.slug.get(language) if organization.slug else None
    if own:
        return own, field_at(organization, ("slug", language))
    name_field = "short_name" if organization.short_name else "name"
    name = organization.short_name or organization.name
    text = name.get(language) or name.get(default) or ""
    return slugify(text), field_at(organization, (name_field, language))


def is_fallback(organization: Organization, language: str) -> bool:
    """An organization whose description is not translated shows the original's."""
    description = organization.description
    return description is not None and description.get(language) is None


def checks(organization: Organization, records: Records) -> list[ContentError]:
    """An organization that is, through 'part_of', part of itself, at its 'part_of' field."""
    organizations = records.of("organization")
    chain = [organization.id]
    parent = organization.part_of
    while parent is not None and parent in organizations and parent not in chain:
        chain.append(parent)
        parent = organizations[parent].part_of
    if parent != organization.id:
        return []
    path = " → ".join([*chain, organization.id])
    message = f"'part_of' leads back to '{organization.id}' ({path}): nothing can be part of itself"
    return [ContentError(field_at(organization, ("part_of",)), message)]


STARTER = """\
# Organization '{id}': a union, network, institution or other body the site talks about.
# Fill in what is empty, delete the commented lines you do not need, then run
# `make check-content`. Dates are 2008, 2008-05 or 2008-05-17; countries are codes such as TR.
name:
  tr: ""
  en: ""
# short_name: ABC            # the acronym; {{tr: İKÖ, en: OIC}} where it differs per language
kinds: []                    # one or more of the kinds below, as the sources call it
{kinds}
# headquarters:
#   - city: {{tr: İstanbul, en: Istanbul}}
#     country: TR
# founded:
#   date: 2001
#   place: {{city: {{tr: İstanbul, en: Istanbul}}, country: TR}}
#   by: [mbb]                # ids of the founding organizations
#   initiative: []           # ids of those on whose initiative it was founded, without founding it
#   approved: 2000-10-13     # a union set up by an approval: the approval's date, and
#   in_force: 2000-11-28     # the date it entered into force (neither is its founding date)
# part_of: council-of-europe # id of the organization this one belongs to
# website: https://www.example.org
# slug: {{tr: kisa-ad, en: short-name}}   # only to shorten or keep the address
description:                 # Markdown; delete the whole field if there is nothing to say
  tr: ""
  en: ""
# image:                     # a photograph or logo, in the record's own folder: write this
#   file: bina.jpg           # record as organizations/{id}/index.yaml, the image beside it
#   alt: {{tr: "…", en: "…"}}  # what it shows, in each language; alt: "" if only decoration
# sources: [mbb-calisma-alanlari]         # ids of the documents this is taken from
""".replace("{kinds}", "\n".join(f"#   {code}" for code in KINDS))

ORGANIZATION = Kind(
    name="organization",
    plural="organizations",
    cls=Organization,
    fields=FIELDS,
    description="A union, network, institution or other body the site talks about.",
    folders={"tr": "kuruluslar", "en": "organizations"},
    starter=STARTER,
    pages=OwnPages(
        template="organization.html",
        slug=slug,
        view=organization_view,
        fallback=is_fallback,
        paged=PagedList("members", relation="members"),
    ),
    listing=ListPage(template="organizations.html", order=organizations_order, view=organizations_view),
    entry=org_ref,
    relations=(
        Relation("parts", lambda o: [o.part_of] if o.part_of else [], lambda o: o.id),
        Relation("founder_of", lambda o: list(o.founded.by) if o.founded else [], lambda o: o.id),
        Relation("initiated", lambda o: list(o.founded.initiative) if o.founded else [], lambda o: o.id),
    ),
    checks=checks,
    data=DataTables(
        tables=TABLES,
        view="own",
        row=data_row,
        datatypes={
            **dict.fromkeys(("founded", "founded_approved", "founded_in_force"), PARTIAL_DATE),
            "website": "anyURI",
            "source_url": "anyURI",
            "member_countries_partial": "boolean",
        },
        references=dict.fromkeys(
            ("organization", "member", "part_of", "founder", "initiator", "party", "source_publisher"),
            "organizations",
        ),
    ),
    json_ld=json_ld,
    vocabularies={"KINDS": KINDS},
    markdown_texts=markdown_texts,
)
