"""The agreement kind: an agreement between two or more organizations, its type, date, place and
scope. Shown in full on the agreements page, as a line elsewhere, in the feeds and open data."""

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
    PartialDate,
    Place,
    RefType,
    StampType,
    Translated,
    anchor,
    field_at,
    spec,
)
from .base import DataTables, Feed, Kind, ListPage, Records, Relation, Views, maybe
from .organization import PLACE, OrgRef
from .organization_data import PARTIAL_DATE, SOURCE_COLUMNS, ref_cells, source_cells, text

TYPES = (
    "goodwill-agreement",
    "goodwill-protocol",
    "cooperation-protocol",
    "friendship-and-cooperation-agreement",
    "supporting-structure-agreement",
)


@dataclass(frozen=True, slots=True)
class Agreement:
    at: SourceRef
    id: str
    parties: tuple[str, ...]
    type: str
    signed: PartialDate
    scope: Translated
    place: Place | None = None
    outcomes: Translated | None = None
    sources: tuple[str, ...] = ()
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)


FIELDS = (
    spec("parties", ListType(RefType("organization"), min_items=2), required=True),
    spec("type", EnumType(TYPES), required=True),
    spec("signed", DateType(past=True), required=True),
    spec("place", PLACE),
    spec("scope", MarkdownText, required=True),
    spec("outcomes", MarkdownText),
    spec("sources", ListType(RefType("source")), default=()),
    spec("translated_from", StampType()),
)


@dataclass(frozen=True, slots=True)
class AgreementView:
    id: str
    parties: tuple[OrgRef, ...]
    type: str
    signed: DateText
    place: LocalText | None
    scope: LocalText
    outcomes: LocalText | None
    sources: tuple[Any, ...]  # SourceViews
    url: str = ""  # its entry on the agreements page, where it is shown in full

    @property
    def anchor(self) -> str:
        return anchor("agreement", self.id)


@dataclass(frozen=True, slots=True)
class AgreementsView:
    agreements: tuple[AgreementView, ...]


def agreement_entry(views: Views, agreement_id: str) -> AgreementView:
    agreement: Agreement = views.record("agreement", agreement_id)
    local = views.local
    return AgreementView(
        id=agreement.id,
        parties=tuple(views.entry("organization", p) for p in agreement.parties),
        type=agreement.type,
        signed=local.date(agreement.signed),
        place=maybe(local.place, agreement.place),
        scope=views.prose(agreement.scope),
        outcomes=views.optional_prose(agreement.outcomes),
        sources=tuple(views.entry("source", i) for i in agreement.sources),
        url=views.listed_url("agreement", agreement.id),
    )


def agreements_order(views: Views, key: str, ids: tuple[str, ...]) -> tuple[str, ...]:
    """Every agreement by signing date, oldest first."""

    def order(agreement_id: str) -> tuple[Any, ...]:
        return (views.record("agreement", agreement_id).signed.sort_key, agreement_id)

    return tuple(sorted(ids, key=order))


def agreements_view(views: Views, key: str, ids: tuple[str, ...]) -> AgreementsView:
    """Agreements in full."""
    return AgreementsView(tuple(views.entry("agreement", i) for i in ids))


def checks(agreement: Agreement, records: Records) -> list[ContentError]:
    repeated = sorted({p for p in agreement.parties if agreement.parties.count(p) > 1})
    if not repeated:
        return []
    second = [i for i, party in enumerate(agreement.parties) if party == repeated[0]][1]
    at = field_at(agreement, ("parties", second))
    return [ContentError(at, f"party '{repeated[0]}' is listed twice")]


def data_row(a: AgreementView, texts: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "type": a.type,
        "type_label": texts.labels.codes["AGREEMENT_TYPES"][a.type],
        "signed": a.signed.iso,
        "place": text(a.place),
        "scope": texts.plain(a.scope.text),
        "outcomes": texts.plain(a.outcomes.text) if a.outcomes else None,
        "parties": ref_cells(a.parties, "party"),
        "sources": [source_cells(source) for source in a.sources],
    }


STARTER = """\
# Agreement '{id}': parties, type, date, place and scope.
# Fill in what is empty, delete the commented lines you do not need, then run
# `make check-content`. Dates are 2008, 2008-05 or 2008-05-17.
parties: []                  # ids of two or more organizations
type: ""                     # goodwill-agreement, goodwill-protocol, cooperation-protocol,
                             # friendship-and-cooperation-agreement or supporting-structure-agreement
signed: ""
# place: {{city: {{tr: İstanbul, en: Istanbul}}, country: TR}}
scope:                       # Markdown: what the parties agreed on
  tr: ""
  en: ""
# outcomes:                  # Markdown: what came of it
#   tr: ""
#   en: ""
# sources: [mbb-uluslararasi-isbirlikleri]
"""

AGREEMENT = Kind(
    name="agreement",
    plural="agreements",
    cls=Agreement,
    fields=FIELDS,
    description="An agreement between two or more organizations: type, date, place and scope.",
    folders={"tr": "anlasmalar", "en": "agreements"},
    starter=STARTER,
    listing=ListPage(template="agreements.html", order=agreements_order, view=agreements_view, anchored=True),
    entry=agreement_entry,
    relations=(
        Relation("agreements", lambda a: list(dict.fromkeys(a.parties)), lambda a: (a.signed.sort_key, a.id)),
    ),
    checks=checks,
    feed=Feed(date=lambda a: a.signed, template="_feed_agreement.xml"),
    data=DataTables(
        tables={
            "agreements": ("id", "type", "type_label", "signed", "place", "scope", "outcomes"),
            "agreements-parties": ("agreement", "party", "party_name"),
            "agreements-sources": ("agreement", *SOURCE_COLUMNS),
        },
        view="entry",
        row=data_row,
        datatypes={"signed": PARTIAL_DATE},
        references={"agreement": "agreements"},
    ),
    vocabularies={"AGREEMENT_TYPES": TYPES},
)
