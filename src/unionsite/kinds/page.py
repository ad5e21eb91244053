"""The page kind: a free Markdown page of one organization, one file per language paired by its
key (`pages/<organization id>/<key>.<language>.md`), with the lists of the organization's records
it shows under its text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from slugify import slugify

from ..errors import SourceRef
from ..i18n import LocalText
from ..parse import Path, Positions
from ..schema import (
    EnumType,
    Image,
    ImageType,
    IntType,
    ListType,
    RefType,
    SlugType,
    StampType,
    StrType,
    Translated,
    spec,
)
from .base import Kind, MarkdownFiles, OwnPages, Relation, Views
from .organization import OrgRef

# The lists of its organization's records a page may show under its text.
LISTINGS = ("memberships", "agreements")


@dataclass(frozen=True, slots=True)
class Page:
    """A free Markdown page of one organization, paired across languages by its key."""

    at: SourceRef
    id: str
    owner: str
    key: str
    title: Translated
    body: Translated
    slug: Translated | None = None
    order: int = 0
    shows: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    image: Image | None = None
    translated_from: Translated | None = None
    # The front matter of each language's file, by language.
    files: tuple[tuple[str, Positions], ...] = field(default=(), compare=False, repr=False)

    def file_at(self, language: str, at: Path = ()) -> SourceRef:
        """Where `at` stands in the front matter of the page's file for `language`."""
        positions = dict(self.files).get(language)
        return positions.of(at) if positions is not None else self.at


@dataclass(frozen=True, slots=True)
class PageView:
    title: LocalText
    owner: OrgRef
    body: LocalText
    image: Any  # ImageView | None: shown under the title
    memberships: tuple[Any, ...]  # MembershipViews
    agreements: tuple[Any, ...]  # AgreementViews
    sources: tuple[Any, ...]  # SourceViews


def page_view(views: Views, page_id: str) -> PageView:
    page: Page = views.record("page", page_id)
    memberships = views.related("member_of", page.owner) if "memberships" in page.shows else ()
    agreements = views.related("agreements", page.owner) if "agreements" in page.shows else ()
    return PageView(
        title=views.local.text(page.title),
        owner=views.entry("organization", page.owner),
        body=views.prose(page.body),
        image=views.optional_image(page.image),
        memberships=tuple(views.entry("membership", i) for i in memberships),
        agreements=tuple(views.entry("agreement", i) for i in agreements),
        sources=tuple(views.entry("source", i) for i in page.sources),
    )


def slug(page: Page, language: str, default: str) -> tuple[str, SourceRef]:
    """The file's own slug; else the file name in the default language and the title in others.
    A language without its own file (a fallback page) keeps the file name."""
    own = page.slug.get(language) if page.slug else None
    if own:
        return own, page.file_at(language, ("slug",))
    title = page.title.get(language)
    if language == default or title is None or language not in dict(page.files):
        return page.key, page.at
    return slugify(title), page.file_at(language, ("title",))


def markdown_texts(view: PageView) -> Iterator[LocalText]:
    yield view.body


STARTER = """\
---
title: ""
{extra}---

<!-- The page's text in {language_name}, in Markdown, in place of this note. The guide in docs/
     shows how to link to other records and pages. -->
"""
DEFAULT_EXTRA = """\
# order: 1                   # the page's place among its organization's pages
# shows: [memberships, agreements]   # lists of the organization's records under the text
# sources: [mbb-calisma-alanlari]
# image:                     # an image under the title, in the page's own folder (see the guide)
#   file: bina.jpg
#   alt: {tr: "…", en: "…"}
"""
TRANSLATION_EXTRA = """\
# slug: short-name           # the page's address in this language (else made from the title)
# After translating, run `unionsite translations --stamp` with this file's path.
"""

PAGE = Kind(
    name="page",
    plural="pages",
    cls=Page,
    fields=(),
    description="A free Markdown page of one organization.",
    markdown=MarkdownFiles(
        under="organization",
        language_fields=(spec("title", StrType(), required=True), spec("slug", SlugType())),
        # Only in the files of other languages than the default: the version of the
        # default-language file the translation was made from.
        translation_fields=(spec("translated_from", StampType(per_language=False)),),
        # What is the same in every language is written once, in the default language's file.
        shared_fields=(
            spec("order", IntType(), default=0),
            spec("shows", ListType(EnumType(LISTINGS)), default=()),
            spec("sources", ListType(RefType("source")), default=()),
            spec("image", ImageType()),
        ),
        starter=STARTER,
        default_extra=DEFAULT_EXTRA,
        translation_extra=TRANSLATION_EXTRA,
    ),
    pages=OwnPages(
        template="page.html",
        slug=slug,
        view=page_view,
        under=lambda page: ("organization", page.owner),
        fallback=lambda page, language: page.body.get(language) is None,
        link_form="<owner>/<key>",
    ),
    relations=(Relation("pages", lambda p: [p.owner], lambda p: (p.order, p.key)),),
    markdown_texts=markdown_texts,
)
