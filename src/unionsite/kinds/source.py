"""The source kind: a document content is taken from; figures and records cite it by its id."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SourceRef
from ..i18n import LocalText
from ..parse import Positions
from ..schema import RefType, StampType, TextType, Translated, UrlType, spec
from .base import Kind, Views


@dataclass(frozen=True, slots=True)
class Source:
    at: SourceRef
    id: str
    title: Translated
    publisher: str
    url: str | None = None
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class SourceView:
    title: LocalText
    publisher: object  # the publishing organization's entry (OrgRef)
    url: str | None


def source_entry(views: Views, source_id: str) -> SourceView:
    source: Source = views.record("source", source_id)
    return SourceView(
        views.local.text(source.title), views.entry("organization", source.publisher), source.url
    )


def sources(views: Views, ids: tuple[str, ...]) -> tuple[SourceView, ...]:
    return tuple(views.entry("source", source_id) for source_id in ids)


STARTER = """\
# Source '{id}': a document content is taken from; records and figures cite it by this id.
title:
  tr: ""
  en: ""
publisher: ""                # id of the organization that published it
# url: https://www.example.org/page
"""

SOURCE = Kind(
    name="source",
    plural="sources",
    cls=Source,
    fields=(
        spec("title", TextType(), required=True),
        spec("publisher", RefType("organization"), required=True),
        spec("url", UrlType()),
        spec("translated_from", StampType()),
    ),
    description="A document the content is taken from; figures and records cite it.",
    starter=STARTER,
    entry=source_entry,
)
