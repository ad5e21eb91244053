"""The typed views templates see: frozen dataclasses of already localized text, never raw records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .i18n import LocalText
from .markdown import Picture


@dataclass(frozen=True, slots=True)
class ImageView:
    """An image a record shows (`image|picture` writes it): what the build made of its file, and
    its description in the page's language; None for a decorative one."""

    picture: Picture
    alt: LocalText | None


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    label: LocalText


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """A record in the Atom feed (a news item, an agreement, a membership). Its own date
    (signing, start) is in its text at the precision given; `updated` is when its record last
    changed in the repository, `published` when a publication (news) was published."""

    id: str  # a URN that stays the same from build to build
    url: str  # absolute: the record's own page, or the record on its list page
    updated: str  # RFC 3339: its file's last commit, or the build's "today" for uncommitted changes
    kind: str = ""
    view: Any = None  # the record's entry view
    template: str = ""  # the template whose macros show it (see kinds.base.Feed)
    published: str = ""  # RFC 3339, or ''


@dataclass(frozen=True, slots=True)
class FeedView:
    """A language's Atom feed of the records of the kinds declared with a feed, newest first."""

    id: str
    url: str  # absolute: the feed itself
    home_url: str  # absolute
    updated: str  # the latest entry's `updated`: no build time, so two builds are the same
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True, slots=True)
class Alternate:
    """A version of the page in one language, for the language switch; `fallback` when that
    version shows the original text because it is not translated yet."""

    language: str
    url: str
    fallback: bool = False

    @property
    def code(self) -> str:
        """The language switch's label: the ISO code in capitals ('TR', 'EN'), never a flag."""
        return self.language.upper()


@dataclass(frozen=True, slots=True)
class HrefLang:
    """A `<link rel="alternate">` of the page's head: an absolute URL per language, x-default."""

    hreflang: str
    href: str


@dataclass(frozen=True, slots=True)
class NotFoundView:
    """The 404 page of one language: the frame's navigation says where to go."""


@dataclass(frozen=True, slots=True)
class DataTable:
    """One CSV file of a dataset: its name (the file's, without .csv), address and columns."""

    name: str
    url: str
    columns: tuple[str, ...]
    title: str = ""  # in the page's language, from the labels its kind's template gives


@dataclass(frozen=True, slots=True)
class Dataset:
    """A dataset in one language: its JSON file and its CSV files, the records' own first."""

    name: str
    json: str
    tables: tuple[DataTable, ...]
    title: str = ""  # its first table's
    description: str = ""


@dataclass(frozen=True, slots=True)
class DataView:
    """The open data page: this language's files of each dataset, every column's name once (in
    the order of first use), the CSVW description of the CSV files, the catalog, the licence."""

    datasets: tuple[Dataset, ...]
    columns: tuple[tuple[str, str], ...]  # each column's name and description
    metadata: str
    catalog: str
    licence_url: str
    licence_name: str


@dataclass(frozen=True, slots=True)
class SearchView:
    """The search page of one language: the results are found and shown in the browser."""


@dataclass(frozen=True, slots=True)
class NavLink:
    """A link of the main navigation: `section` names a UI string, `label` is content."""

    url: str
    section: str | None = None
    label: LocalText | None = None


@dataclass(frozen=True, slots=True)
class PageLink:
    number: int  # 0: pages left out here ('…')
    url: str


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a list among its pages: 'page 2 of 40, entries 51–100 of 1,990'."""

    number: int
    count: int
    entries: int  # in the whole list
    first: int  # the place of this page's first entry in the list, from 1 (0: the list is empty)
    last: int
    previous: str  # the previous page's address, '' on the first page
    next: str  # '' on the last page
    links: tuple[PageLink, ...]  # the first and last pages and those near this one


@dataclass(frozen=True, slots=True)
class Shell:
    """What every page's frame needs: language, publisher, navigation, the other languages."""

    language: str
    url: str
    site_name: LocalText
    owner: Any  # the owner's entry view
    home_url: str
    search_url: str
    search_script: str  # '' when the site's assets have no search.js
    footer: tuple[NavLink, ...]  # the pages a public body must have, and the open data
    information_request: str  # where to apply for information (Law 4982)
    nav: tuple[NavLink, ...]
    alternates: tuple[Alternate, ...]
    hreflang: tuple[HrefLang, ...]
    stylesheet: str
    icon: str | None
    # The address search engines should index for this page: its own, or for a version that
    # only shows the untranslated text, the default language's; none for a 404 page.
    canonical: str | None = None
    feed: str = ""  # the language's Atom feed
    locale: str = ""  # og:locale, 'tr_TR'
    other_locales: tuple[str, ...] = ()  # og:locale:alternate: the translated other versions
    pager: Pager | None = None  # on a list's page: which of its pages it is
    fictional: bool = False  # an invented site (an example), which every page says it is


@dataclass(frozen=True, slots=True)
class RootView:
    """The root index.html: one way in per language."""

    homes: tuple[tuple[Alternate, LocalText], ...]
    hreflang: tuple[HrefLang, ...]
    stylesheet: str
    icon: str | None
    canonical: str = ""
    fictional: bool = False  # an invented site (an example), which it says
