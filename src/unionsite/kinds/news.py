"""The news kind: what a union publishes, dated, as news or as an announcement (`type`). Each
type has its own list, newest first, with an archive per year; every item has a page of its
own, is in the Atom feeds and is a schema.org NewsArticle. A draft, or an item dated after
"today", is left out of the site until its day (unless a build asks for drafts)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..config import start_of
from ..errors import SourceRef
from ..i18n import DateText, LocalText
from ..linked_data import compact
from ..parse import Positions
from ..schema import (
    EnumType,
    Image,
    ListType,
    MarkdownText,
    Moment,
    MomentType,
    RefType,
    Text,
    Translated,
    spec,
)
from .base import MAIN_LIST, PUBLISHED_FIELDS, Feed, Kind, ListPage, OwnPages, Relation, Views, title_slug
from .organization import OrgRef, sorted_refs
from .organization_data import image_node, ref_node

TYPES = ("news", "announcement")
# The folder of each type's list and items, per language.
FOLDERS = {
    "news": {"tr": "haberler", "en": "news"},
    "announcement": {"tr": "duyurular", "en": "announcements"},
}
# The list key of each type's list: news have the kind's own, announcements theirs.
LISTS = {"news": MAIN_LIST, "announcement": "announcements/"}


@dataclass(frozen=True, slots=True)
class News:
    at: SourceRef
    id: str
    type: str
    date: Moment
    title: Translated
    summary: Translated
    body: Translated
    slug: Translated | None = None
    image: Image | None = None
    organizations: tuple[str, ...] = ()
    topics: tuple[Translated, ...] = ()
    draft: bool = False
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)


FIELDS = (
    spec("type", EnumType(TYPES), required=True),
    spec("date", MomentType(site_zone=True), required=True),
    spec("title", Text, required=True),
    spec("summary", Text, required=True),
    spec("body", MarkdownText, required=True),
    spec("organizations", ListType(RefType("organization")), default=()),
    spec("topics", ListType(Text), default=()),
    *PUBLISHED_FIELDS,
)


@dataclass(frozen=True, slots=True)
class NewsView:
    id: str
    type: str
    date: DateText
    day: DateText  # its date without the time, as lists show it
    title: LocalText
    summary: LocalText
    body: LocalText
    image: Any  # ImageView | None
    organizations: tuple[OrgRef, ...]
    topics: tuple[LocalText, ...]
    publisher: OrgRef  # the site's owner
    url: str
    list_url: str  # the list of its type
    draft: bool  # shown only in a build with drafts
    scheduled: bool = False  # dated after "today": shown only in a build with drafts


@dataclass(frozen=True, slots=True)
class YearLink:
    year: int
    url: str


@dataclass(frozen=True, slots=True)
class NewsListView:
    type: str  # the type the list shows
    year: int | None  # the year of an archive page; None: every year
    items: tuple[NewsView, ...]
    years: tuple[YearLink, ...]  # the type's archive, newest year first
    list_url: str  # the type's whole list


def news_view(views: Views, news_id: str) -> NewsView:
    news: News = views.record("news", news_id)
    local = views.local
    return NewsView(
        id=news.id,
        type=news.type,
        date=local.moment(news.date),
        day=local.moment(Moment(news.date.day)),
        title=local.text(news.title),
        summary=local.text(news.summary),
        body=views.prose(news.body),
        image=views.optional_image(news.image),
        organizations=sorted_refs(views, dict.fromkeys(news.organizations)),
        topics=tuple(local.text(topic) for topic in news.topics),
        publisher=views.entry("organization", views.config.owner),
        url=views.url("news", news.id),
        list_url=views.url("news", LISTS[news.type]),
        draft=news.draft,
        scheduled=news.date.day > views.today(),
    )


def lists_of(news: News, today: datetime.date) -> tuple[str, ...]:
    """The list of its type, and that type's archive of its year ('2026/', 'announcements/2026/')."""
    own = LISTS[news.type]
    return (own, f"{own}{news.date.day.year}/")


def list_folder(key: str, language: str) -> str:
    """'announcements/2026/' → 'duyurular/2026' in Turkish; '2026/' → 'haberler/2026'."""
    parts = key.strip("/").split("/")
    kind = "announcement" if parts[0] == LISTS["announcement"].strip("/") else "news"
    year = [part for part in parts if part.isdigit()]
    names = FOLDERS[kind]
    return "/".join([names.get(language, names["en"]), *year])


def newest_first(views: Views, key: str, ids: tuple[str, ...]) -> tuple[str, ...]:
    def order(news_id: str) -> tuple[Any, ...]:
        return (views.record("news", news_id).date.sort_key, news_id)

    return tuple(sorted(ids, key=order, reverse=True))


def news_list_view(views: Views, key: str, ids: tuple[str, ...]) -> NewsListView:
    """A page of a type's list or of its archive of one year, with the links to every year."""
    type_ = "announcement" if key.startswith(LISTS["announcement"]) else "news"
    own = LISTS[type_]
    year = key[len(own) :].strip("/")
    years = sorted({views.record("news", i).date.day.year for i in views.listed("news", own)}, reverse=True)
    return NewsListView(
        type=type_,
        year=int(year) if year else None,
        items=tuple(views.entry("news", i) for i in ids),
        years=tuple(YearLink(y, views.url("news", f"{own}{y}/")) for y in years),
        list_url=views.url("news", own),
    )


def unpublished(news: News, today: datetime.date) -> str | None:
    if news.draft:
        return "a draft"
    if news.date.day > today:
        return f"dated {news.date.day.isoformat()}, after today ({today.isoformat()})"
    return None


def published(news: News) -> datetime.datetime:
    """When it was published: its time, or the start of its day, in Istanbul."""
    return news.date.moment or start_of(news.date.day)


def json_ld(view: NewsView, page: str, *, plain: Any, **labels: Any) -> dict[str, Any]:
    """A NewsArticle: headline, dates, summary, image, the union that publishes it and the
    organizations it is about."""
    return compact(
        {
            "@type": "NewsArticle",
            "headline": view.title.text,
            "description": view.summary.text,
            "datePublished": view.date.iso,
            "inLanguage": view.title.language,
            "url": page,
            "mainEntityOfPage": page,
            "image": image_node(view.image, page) if view.image is not None else None,
            "publisher": ref_node(view.publisher, page),
            "about": [ref_node(o, page) for o in view.organizations] or None,
            "keywords": ", ".join(topic.text for topic in view.topics) or None,
            "articleBody": plain(view.body.text),
        }
    )


def markdown_texts(view: NewsView) -> Iterator[LocalText]:
    yield view.body


STARTER = """\
# News item '{id}': a piece of news or an announcement of the union, dated.
# Fill in what is empty, delete the commented lines you do not need, then run
# `make check-content`. An item dated after today appears on its day (with a daily build).
type: news                   # news or announcement
date: ""                     # the day it is published: 2026-11-20, or with the time: 2026-11-20 14:30
title:
  tr: ""
  en: ""
summary:                     # one or two sentences, shown in lists and the feed
  tr: ""
  en: ""
body:                        # Markdown
  tr: |

  en: |

# organizations: [mbb]       # ids of the organizations it is about
# topics:
#   - {{tr: Enerji, en: Energy}}
# image:                     # an image under the title: make the item a folder (see the guide)
#   file: bina.jpg
#   alt: {{tr: "…", en: "…"}}
# slug: {{tr: kisa-ad, en: short-name}}   # its address (else made from the title)
# draft: true                # kept out of the site until this line is removed
"""

NEWS = Kind(
    name="news",
    plural="news",
    cls=News,
    fields=FIELDS,
    description="A piece of news or an announcement of the union: date, title, summary and text.",
    folders=FOLDERS["news"],
    starter=STARTER,
    pages=OwnPages(
        template="news_item.html",
        slug=title_slug,
        view=news_view,
        under=lambda news: ("news", LISTS[news.type]),
        fallback=lambda news, language: news.body.get(language) is None,
    ),
    listing=ListPage(
        template="news.html",
        order=newest_first,
        view=news_list_view,
        on=lists_of,
        folder=list_folder,
        navigation=(LISTS["news"], LISTS["announcement"]),
        shown_empty=False,
    ),
    entry=news_view,
    # The organizations an item is about, each with its items in date order (their pages name
    # the newest).
    relations=(
        Relation(
            "news_about",
            lambda news: dict.fromkeys(news.organizations),
            lambda news: (news.date.sort_key, news.id),
        ),
    ),
    feed=Feed(date=lambda news: news.date, template="_feed_news.xml", published=published),
    json_ld=json_ld,
    markdown_texts=markdown_texts,
    unpublished=unpublished,
)
