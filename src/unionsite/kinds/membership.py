"""The membership kind: who is a member of what, since when, in which role, with the offices
held. Shown in full on the memberships page, as a line elsewhere, in the feeds and open data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ContentError, SourceRef
from ..i18n import DateText, LocalText
from ..parse import Positions
from ..schema import (
    DateType,
    EnumType,
    ListType,
    MarkdownText,
    Office,
    PartialDate,
    RefType,
    StampType,
    StructType,
    Text,
    Translated,
    anchor,
    field_at,
    spec,
)
from .base import DataTables, Feed, Kind, ListPage, Records, Relation, Views, maybe
from .organization import OrgRef
from .organization_data import PARTIAL_DATE, SOURCE_COLUMNS, date, source_cells

# OICC's categories are active, observer and associate: "iştirakçi üye" is an associate member.
ROLES = ("full", "observer", "associate", "local-government")


@dataclass(frozen=True, slots=True)
class Membership:
    at: SourceRef
    id: str
    member: str
    organization: str
    since: PartialDate
    until: PartialDate | None = None
    role: str | None = None
    offices: tuple[Office, ...] = ()
    note: Translated | None = None
    sources: tuple[str, ...] = ()
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)


FIELDS = (
    spec("member", RefType("organization"), required=True),
    spec("organization", RefType("organization"), required=True),
    spec("since", DateType(past=True), required=True),
    spec("until", DateType()),
    spec("role", EnumType(ROLES)),
    spec(
        "offices",
        ListType(
            StructType(
                Office,
                (
                    spec("title", Text, required=True),
                    spec("since", DateType(past=True), required=True),
                    spec("until", DateType()),
                ),
            )
        ),
        default=(),
    ),
    spec("note", MarkdownText),
    spec("sources", ListType(RefType("source")), default=()),
    spec("translated_from", StampType()),
)


@dataclass(frozen=True, slots=True)
class OfficeView:
    title: LocalText
    since: DateText
    until: DateText | None


@dataclass(frozen=True, slots=True)
class MembershipView:
    id: str
    member: OrgRef
    organization: OrgRef
    since: DateText
    until: DateText | None
    role: str | None
    offices: tuple[OfficeView, ...]
    note: LocalText | None
    sources: tuple[Any, ...]  # SourceViews
    url: str = ""  # its entry on the memberships page, where it is shown in full

    @property
    def anchor(self) -> str:
        return anchor("membership", self.id)


@dataclass(frozen=True, slots=True)
class MembershipsView:
    """Every membership in full, by member: the one page that shows their notes and sources."""

    groups: tuple[tuple[OrgRef, tuple[MembershipView, ...]], ...]

    @property
    def memberships(self) -> tuple[MembershipView, ...]:
        return tuple(m for _, group in self.groups for m in group)


def membership_entry(views: Views, membership_id: str) -> MembershipView:
    membership: Membership = views.record("membership", membership_id)
    local = views.local
    offices = tuple(
        OfficeView(local.text(o.title), local.date(o.since), maybe(local.date, o.until))
        for o in membership.offices
    )
    return MembershipView(
        id=membership.id,
        member=views.entry("organization", membership.member),
        organization=views.entry("organization", membership.organization),
        since=local.date(membership.since),
        until=maybe(local.date, membership.until),
        role=membership.role,
        offices=offices,
        note=views.optional_prose(membership.note),
        sources=tuple(views.entry("source", i) for i in membership.sources),
        url=views.listed_url("membership", membership.id),
    )


def memberships_order(views: Views, key: str, ids: tuple[str, ...]) -> tuple[str, ...]:
    """By member, the owner first, then in the order of the names; each member's memberships
    in the order of the organizations' names."""

    def order(membership_id: str) -> tuple[Any, ...]:
        membership = views.record("membership", membership_id)
        name = views.entry("organization", membership.organization).name.text
        return (views.local.sort_key(name), membership.since.sort_key, membership_id)

    by_member: dict[str, list[str]] = {}
    for membership_id in sorted(ids, key=order):
        by_member.setdefault(views.record("membership", membership_id).member, []).append(membership_id)

    def member_order(member: OrgRef) -> tuple[Any, ...]:
        return (member.id != views.config.owner, views.local.sort_key(member.name.text), member.id)

    members = sorted((views.entry("organization", member) for member in by_member), key=member_order)
    return tuple(membership_id for member in members for membership_id in by_member[member.id])


def memberships_view(views: Views, key: str, ids: tuple[str, ...]) -> MembershipsView:
    """The memberships in full, grouped by member in their order (a member's group may begin on
    the page before)."""
    groups: dict[str, list[MembershipView]] = {}
    for membership_id in ids:
        view = views.entry("membership", membership_id)
        groups.setdefault(view.member.id, []).append(view)
    return MembershipsView(tuple((group[0].member, tuple(group)) for group in groups.values()))


def checks(membership: Membership, records: Records) -> list[ContentError]:
    problems = []
    if membership.member == membership.organization:
        at = field_at(membership, ("organization",))
        problems.append(ContentError(at, "an organization cannot be a member of itself"))
    problems += period_problems(membership, (), membership.since, membership.until)
    for number, office in enumerate(membership.offices):
        problems += period_problems(membership, ("offices", number), office.since, office.until)
    return problems


def period_problems(
    record: Any, within: tuple[str | int, ...], since: PartialDate, until: PartialDate | None
) -> list[ContentError]:
    if until is not None and until.sort_key < since.sort_key:
        at = field_at(record, (*within, "until"))
        return [ContentError(at, f"'until' ({until.iso}) is before 'since' ({since.iso})")]
    return []


def data_row(m: MembershipView, texts: Any) -> dict[str, Any]:
    return {
        "id": m.id,
        "member": m.member.id,
        "member_name": m.member.name.text,
        "organization": m.organization.id,
        "organization_name": m.organization.name.text,
        "role": m.role,
        "role_label": texts.labels.codes["ROLES"][m.role or ""],  # a role-less member is "member"
        "since": m.since.iso,
        "until": date(m.until),
        "note": texts.plain(m.note.text) if m.note else None,
        "offices": [
            {"office": office.title.text, "since": office.since.iso, "until": date(office.until)}
            for office in m.offices
        ],
        "sources": [source_cells(source) for source in m.sources],
    }


TABLES = {
    "memberships": (
        "id", "member", "member_name", "organization", "organization_name",
        "role", "role_label", "since", "until", "note",
    ),
    "memberships-offices": ("membership", "office", "since", "until"),
    "memberships-sources": ("membership", *SOURCE_COLUMNS),
}  # fmt: skip

STARTER = """\
# Membership '{id}': who is a member of what, since when, in which role.
# Fill in what is empty, delete the commented lines you do not need, then run
# `make check-content`. Dates are 2008, 2008-05 or 2008-05-17.
member: ""                   # id of the member organization
organization: ""             # id of the organization it is a member of
since: ""
# until: 2015
# role: full                 # full, observer, associate or local-government
# offices:
#   - title: {{tr: Başkan Yardımcılığı, en: Vice-Presidency}}
#     since: 2012-05
#     until: 2013-05
# note:                      # Markdown
#   tr: ""
#   en: ""
# sources: [mbb-uluslararasi-isbirlikleri]
"""


def _order(membership: Membership) -> Any:
    return (membership.since.sort_key, membership.id)


MEMBERSHIP = Kind(
    name="membership",
    plural="memberships",
    cls=Membership,
    fields=FIELDS,
    description="Who is a member of what, since when, in which role, with the offices held.",
    folders={"tr": "uyelikler", "en": "memberships"},
    starter=STARTER,
    listing=ListPage(
        template="memberships.html", order=memberships_order, view=memberships_view, anchored=True
    ),
    entry=membership_entry,
    relations=(
        Relation("member_of", lambda m: [m.member], _order),
        Relation("members", lambda m: [m.organization], _order),
    ),
    checks=checks,
    feed=Feed(date=lambda m: m.since, template="_feed_membership.xml"),
    data=DataTables(
        tables=TABLES,
        view="entry",
        row=data_row,
        datatypes=dict.fromkeys(("since", "until"), PARTIAL_DATE),
        references={"membership": "memberships"},
    ),
    vocabularies={"ROLES": ("", *ROLES)},
)
