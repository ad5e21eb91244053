"""Validated records → the immutable Site: a URL per page and language from that language's
slugs (checked for collisions), the page's typed view, the inverse relations (members, parts,
founders) and the page's other-language versions."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, TypeVar

from .config import SiteConfig
from .history import History
from .i18n import Localizer, LocalText
from .kinds import Kind, Model, Views
from .kinds.base import MAIN_LIST, NO_DAY
from .markdown import Picture, findings
from .memo import Gone, Inputs, Key, Memo
from .schema import Image, InternalLink, Translated, anchor, internal_link
from .urls import SITE_PAGES, Urls
from .validate import Records
from .views import (
    Alternate,
    Dataset,
    DataTable,
    DataView,
    FeedEntry,
    FeedView,
    HrefLang,
    ImageView,
    NavLink,
    NotFoundView,
    PageLink,
    Pager,
    RootView,
    SearchView,
    Shell,
)

# The open data under data/ (written by open_data), which the open data page links: each
# dataset's CSV tables with their columns, as its kind declares them. The first table has a row
# per record; each other one, named '<dataset>-<field>', a row per value of a field that holds
# several, keyed by the record's id in its first column. The dataset's JSON file holds the same,
# nested.
DATA_FOLDER = "data"
CATALOG = f"{DATA_FOLDER}/catalog.jsonld"
CSV_METADATA = "csv-metadata.json"  # CSVW's name for the description of the CSV files beside it


def data_tables(model: Model) -> dict[str, Mapping[str, tuple[str, ...]]]:
    """Each dataset's tables and their columns, by dataset (the plural of its kind), in order."""
    return {kind.plural: kind.data.tables for kind in model.kinds if kind.data is not None}


def data_columns(model: Model) -> dict[str, str]:
    """Every column's name once, in the order of first use, and the template that describes it:
    that of the first dataset that uses it."""
    columns: dict[str, str] = {}
    for kind in model.kinds:
        if kind.data is not None:
            for names in kind.data.tables.values():
                for name in names:
                    columns.setdefault(name, kind.data.labels)
    return columns


@dataclass(frozen=True)
class _NoLabels:
    """The labels of a site stage run without them (a test of the views alone)."""

    tables: Mapping[str, str] = field(default_factory=dict)
    datasets: Mapping[str, str] = field(default_factory=dict)
    columns: Mapping[str, str] = field(default_factory=dict)


_NO_LABELS = _NoLabels()
LICENCE_NAMES = {"https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0"}

# The assets every page links, by their names below assets/ (the icon is optional).
STYLESHEET = "style.css"
ICON = "favicon.svg"
SEARCH_SCRIPT = "search.js"
# The templates of the pages every site has; its kinds declare theirs.
TEMPLATES = {
    "home": "home.html",
    "not-found": "404.html",
    "feed": "feed.xml",
    "search": "search.html",
    "data": "data.html",
    "accessibility": "accessibility.html",
    "privacy": "privacy.html",
    "contact": "contact.html",
}
# The site's pages about its owner that show what the public-body view says.
PUBLIC_BODY_PAGES = ("contact", "accessibility", "privacy")
FOOTER = (*PUBLIC_BODY_PAGES, "data")


def computed_imports(model: Model) -> dict[str, frozenset[str]]:
    """The templates a site template imports by a name its view gives: the feed, each kind's
    feed-entry template."""
    return {TEMPLATES["feed"]: frozenset(kind.feed.template for kind in model.kinds if kind.feed is not None)}


def site_templates(model: Model) -> dict[str, str]:
    """Every template the pages are made with, and what needs it: '' for the site's own pages,
    else the kind that declares it (for its pages, list, feed entries or open-data labels)."""
    needs = dict.fromkeys(TEMPLATES.values(), "")
    for kind in model.kinds:
        declared = (
            kind.pages.template if kind.pages else None,
            kind.listing.template if kind.listing else None,
            kind.feed.template if kind.feed else None,
            kind.data.labels if kind.data else None,
        )
        for template in declared:
            if template is not None:
                needs.setdefault(template, kind.name)
    return needs


# Routes that are not web pages to index: no canonical address, no alternates.
NOT_INDEXED = frozenset({"not-found", "feed", "search"})
T = TypeVar("T")


@dataclass(frozen=True)
class Route:
    """One page in one language: what it shows (`kind`, `key`) and where it is written."""

    kind: str
    key: str
    language: str
    output: str
    number: int = 1  # of a page that goes on over pages (a list): which of its pages


@dataclass(frozen=True)
class PageOut:
    route: Route
    url: str
    template: str
    shell: Shell
    view: Any


@dataclass(frozen=True)
class Site:
    pages: tuple[PageOut, ...]
    root: RootView
    urls: Urls
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)  # the views, for a rebuild
    # What the next rebuild starts from: what the views were built of, the memo's generation
    # then, and where each route's page is.
    made_of: SiteInputs | None = field(default=None, compare=False, repr=False)
    # After an edit whose changed records were known: the places in `pages` whose page was built
    # again (it may have come out as the same object); None when every page was looked at.
    rebuilt: tuple[int, ...] | None = field(default=None, compare=False, repr=False)
    # Then also the (kind, language, id) of the open data's views built again.
    data_rebuilt: tuple[tuple[str, str, str], ...] | None = field(default=None, compare=False, repr=False)

    def page(self, kind: str, key: str, language: str) -> PageOut:
        """The page of (kind, key) in `language`, found without a walk."""
        return self.pages[self.page_place(kind, key, language)]

    @property
    def records(self) -> Records:
        assert self.made_of is not None, "every site the site stage makes knows its records"
        return self.made_of.records

    @property
    def model(self) -> Model:
        return self.records.model

    def data_view(self, kind: Kind, language: str, record_id: str) -> Any:
        """The view the record's open-data row in `language` is made of (see `Kind.data`)."""
        return self.memo.value((_data_view_name(kind), language, record_id))

    def page_place(self, kind: str, key: str, language: str) -> int:
        """Where the page of (kind, key) in `language` is in `pages` (and its file in a render's)."""
        assert self.made_of is not None, "every site the site stage makes knows its pages' places"
        return self.made_of.places[(kind, key, language, 1)]


@dataclass(frozen=True)
class SiteInputs:
    records: Records
    graph: Graph
    assets: Mapping[str, str]
    generation: int
    places: Mapping[tuple[str, str, str, int], int]  # (kind, key, language, number) → place in Site.pages
    history: History
    data_labels: Mapping[str, Any]
    pictures: Mapping[str, Picture] = field(default_factory=dict)


@dataclass(frozen=True)
class Graph:
    """Relations in both directions, as ids, computed once for every language: each relation
    its kind declares (a member's memberships, an organization's parts), by name."""

    relations: Mapping[str, Mapping[str, tuple[str, ...]]]

    @classmethod
    def of(cls, records: Records) -> Graph:
        relations: dict[str, Mapping[str, tuple[str, ...]]] = {}
        for kind in records.model.kinds:
            for relation in kind.relations:
                ordered = sorted(records.of(kind.name).values(), key=relation.order)
                relations[relation.name] = _group(ordered, relation.keys)
        return cls(relations)


def _timestamp(moment: datetime.datetime) -> str:
    """An RFC 3339 time, to the second, with its offset from UTC."""
    return moment.isoformat(timespec="seconds")


def _files(record: Any) -> tuple[str, ...]:
    """The files a record is written in, by path from the site root: its own, or a page's one
    per language."""
    return tuple(positions.path for _, positions in getattr(record, "files", ())) or (record.at.path,)


def _group(items: Iterable[Any], keys: Callable[[Any], Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """The ids of `items` under each key they have, in the order of `items`."""
    groups: dict[str, list[str]] = defaultdict(list)
    for item in items:
        for key in keys(item):
            groups[key].append(item.id)
    return {key: tuple(group) for key, group in groups.items()}


def _routes(records: Records, language: str, urls: Urls, search: bool) -> list[Route]:
    def route(kind: str, key: str = "", number: int = 1) -> Route:
        path = urls.folder(kind, key, language, number)
        return Route(kind, key, language, path + "index.html" if path.endswith("/") else path, number)

    def pages(kind: str, key: str = "") -> list[Route]:
        """The page, and its later pages if it goes on over pages."""
        return [route(kind, key, number) for number in range(1, urls.pages(kind, key) + 1)]

    model = records.model
    routes = [route("home")]
    for kind in model.listed():
        routes += [page for plural, key in urls.lists if plural == kind.plural for page in pages(plural, key)]
    routes += [route("not-found"), route("feed")]
    routes += [route(name) for name in SITE_PAGES if name != "search" or search]
    for kind in model.kinds:
        if kind.pages is not None:
            routes += [page for record_id in records.of(kind.name) for page in pages(kind.name, record_id)]
    return routes


# ---------------------------------------------------------------------------------------------
# The site


def is_indexed(page: PageOut, config: SiteConfig) -> bool:
    """Whether search engines and the site's search should see this page: a web page that is its
    own canonical version (not an untranslated copy, not a 404 page, feed or search page)."""
    canonical = page.shell.canonical
    return canonical is not None and canonical == config.absolute(page.url[len(config.base_path) :])


def build_site(
    records: Records,
    config: SiteConfig,
    urls: Urls,
    assets: Mapping[str, str],
    previous: Site | None = None,
    *,
    changed: frozenset[tuple[str, str]] | None = None,
    history: History | None = None,
    data_labels: Mapping[str, Any] | None = None,
    pictures: Mapping[str, Picture] | None = None,
) -> Site:
    """Every page's view. `assets`: each asset's address by its name below assets/. With
    `previous` (the site of the same configuration, one edit ago), only the views that read
    something the edit changed are built again; `changed`: the (kind, id) of the only records
    that are not the same objects as then, if known, so that no other input is compared.
    `history`: when each content file last changed (None: not known, every file "today").
    `data_labels`: each language's labels of the open data (`data_catalog.DataLabels`), which
    the open data page shows. `pictures`: what the build made of each image file records show,
    by path from the site root."""
    data_labels = data_labels or {}
    pictures = pictures if pictures is not None else {}
    if history is None:
        history = History.unknown(config.today or NO_DAY)
    memo = previous.memo if previous is not None and previous.memo.settled else Memo()
    if previous is not None and changed is not None:
        edited = _edited_site(
            records,
            config,
            urls,
            assets,
            history,
            previous=previous,
            changed=changed,
            data_labels=data_labels,
            pictures=pictures,
        )
        if edited is not None:
            return edited
    pages: list[PageOut] = []
    graph = Graph.of(records)
    with memo.updating(
        _inputs(records, graph, urls, assets, history, data_labels=data_labels, pictures=pictures)
    ):
        for language in config.languages:
            builder = _ViewBuilder(memo, config, Localizer.for_language(config, language), records.model)
            pages += [builder.page_out(route) for route in _routes(records, language, urls, config.search)]
            for kind in records.model.kinds:  # built already for the pages: the open data's views
                if kind.data is not None:
                    for record_id in records.of(kind.name):
                        builder.data_view(kind, record_id)
    routes = (page.route for page in pages)
    places = {(r.kind, r.key, r.language, r.number): place for place, r in enumerate(routes)}
    made_of = SiteInputs(records, graph, assets, memo.generation, places, history, data_labels, pictures)
    return Site(tuple(pages), _root(records, config, urls, assets), urls, memo, made_of)


def _edited_site(
    records: Records,
    config: SiteConfig,
    urls: Urls,
    assets: Mapping[str, str],
    history: History,
    *,
    previous: Site,
    changed: frozenset[tuple[str, str]],
    data_labels: Mapping[str, Any],
    pictures: Mapping[str, Picture],
) -> Site | None:
    """`previous` with the views that read a changed record or a file's new time built again,
    when the edit left the ids, relations, URLs and assets as they were, the history says which
    files' times it changed, and the memo still holds `previous`'s inputs (else None: compare
    every input)."""
    before, memo = previous.made_of, previous.memo
    if (
        before is None
        or not memo.settled
        or memo.generation != before.generation
        or urls.folders is not previous.urls.folders
        or assets is not before.assets
        or data_labels != before.data_labels
        or pictures is not before.pictures
        or (history is not before.history and history.retimed is None)
        or any(_relations(before.records, key) != _relations(records, key) for key in changed)
    ):  # fmt: skip
        return None
    keys: list[tuple[str, ...]] = [("record", kind, record_id) for kind, record_id in changed]
    if history is not before.history:
        keys += [("changed-at", path) for path in history.retimed or ()]
    pages = list(previous.pages)
    with memo.updating(
        _inputs(records, before.graph, urls, assets, history, data_labels=data_labels, pictures=pictures),
        changed=keys,
    ):
        routes = [key[1] for key in memo.computed if isinstance(key, tuple) and key[0] == "page-out"]
        rebuilt = tuple(before.places[(r.kind, r.key, r.language, r.number)] for r in routes)
        data_rebuilt = _data_rebuilt(memo.computed, records.model)
        for place in rebuilt:
            pages[place] = memo.value(("page-out", pages[place].route))
    made_of = replace(before, records=records, generation=memo.generation, history=history)
    root = _root(records, config, urls, assets)
    root = root if root != previous.root else previous.root
    return Site(tuple(pages), root, urls, memo, made_of, rebuilt, data_rebuilt)


def _data_rebuilt(computed: Iterable[Key], model: Model) -> tuple[tuple[str, str, str], ...]:
    """The (kind, language, id) of the open data's views among the memo's `computed` values."""
    names = {_data_view_name(kind): kind.name for kind in model.kinds if kind.data is not None}
    return tuple(
        (names[key[0]], key[1], key[2])
        for key in computed
        if isinstance(key, tuple) and len(key) == 3 and key[0] in names
    )


def _relations(records: Records, key: tuple[str, str]) -> Any:
    """What of the record (kind, id) the relations between records (the Graph) are made of."""
    kind, record_id = key
    return records.model.kind(kind).relation_fields(records.of(kind)[record_id])


def _inputs(
    records: Records,
    graph: Graph,
    urls: Urls,
    assets: Mapping[str, str],
    history: History,
    *,
    data_labels: Mapping[str, Any],
    pictures: Mapping[str, Picture],
) -> Inputs:
    """What views read, by key: ("record", kind, id), ("ids", kind), ("related", relation, id),
    ("url", kind, key, language), ("asset", name), ("changed-at", path): when the content file
    last changed, ("image", path): what the build made of an image file, ("today",), and
    ("lists",): the (plural, key) of every list that has pages."""
    tables = records.tables
    lists = tuple(urls.lists)
    lookups: dict[str, Callable[[tuple[Any, ...]], Any]] = {
        "record": lambda key: tables[key[1]].get(key[2]),
        "ids": lambda key: tuple(tables[key[1]]),
        "related": lambda key: graph.relations.get(key[1], {}).get(key[2], ()),
        "asset": lambda key: assets.get(key[1], ""),
        "image": lambda key: pictures.get(key[1]),
        "changed-at": lambda key: history.time(key[1]),
        "today": lambda key: history.today,
        "data-labels": lambda key: data_labels.get(key[1], _NO_LABELS),
        "lists": lambda key: lists,
        "page-count": lambda key: urls.pages(key[1], key[2]),
        "later-page": lambda key: urls.later_pages.get(key[1:]),
        "url": lambda key: urls.folders.get(key[1:]),
    }

    def value(key: Key) -> Any:
        assert isinstance(key, tuple)
        found = lookups[key[0]](key)
        if found is None:
            raise Gone(key)
        return found

    return value


def _root(records: Records, config: SiteConfig, urls: Urls, assets: Mapping[str, str]) -> RootView:
    """The root index.html: the way in for every language, and the x-default of the home pages."""
    owner = records.of(records.model.owner.kind)[config.owner]
    homes = {language: urls.folder("home", "", language) for language in config.languages}
    return RootView(
        homes=tuple(
            (
                Alternate(language, config.base_path + home),
                Localizer.for_language(config, language).text(owner.name),
            )
            for language, home in homes.items()
        ),
        hreflang=(
            *(HrefLang(language, config.absolute(home)) for language, home in homes.items()),
            HrefLang("x-default", config.absolute("")),
        ),
        stylesheet=assets[STYLESHEET],
        icon=assets.get(ICON),
        canonical=config.absolute(""),
        fictional=config.fictional,
    )


class _ViewBuilder:
    """Builds the views of one language; every text goes through its Localizer. It reads records,
    relations and URLs only through the memo, and each view it makes is a value of the memo: a
    record's view is built once however many pages show it, and again only after an edit
    that changes what it read. The kinds' declarations say what each view holds."""

    def __init__(self, memo: Memo, config: SiteConfig, local: Localizer, model: Model) -> None:
        self.memo = memo
        self.config = config
        self.local = local
        self.language = local.language
        self.model = model

    # -- what views read -----------------------------------------------------------------------

    def record(self, kind: str, record_id: str) -> Any:
        return self.memo.read(("record", kind, record_id))

    def ids(self, kind: str) -> tuple[str, ...]:
        ids: tuple[str, ...] = self.memo.read(("ids", kind))
        return ids

    def related(self, relation: str, record_id: str) -> tuple[str, ...]:
        ids: tuple[str, ...] = self.memo.read(("related", relation, record_id))
        return ids

    def url(self, kind: str, key: str = "", language: str | None = None, number: int = 1) -> str:
        return self.config.base_path + self.folder(kind, key, language or self.language, number)

    def absolute(self, kind: str, key: str = "", language: str | None = None, number: int = 1) -> str:
        """The full address, for search engines and feed readers."""
        return self.config.absolute(self.folder(kind, key, language or self.language, number))

    def asset(self, name: str) -> str:
        """The address of an asset ('' if there is none of that name)."""
        address: str = self.memo.read(("asset", name))
        return address

    def folder(self, kind: str, key: str, language: str, number: int = 1) -> str:
        """The folder of the page, or of its later page `number`."""
        if number > 1:
            later: str = self.memo.read(("later-page", kind, key, language, number))
            return later
        folder: str = self.memo.read(("url", kind, key, language))
        return folder

    def remembered(self, name: str, key: str, compute: Callable[[str], T]) -> T:
        """The view `name` of `key` in this language, built once and kept in the memo."""
        value: T = self.memo.get((name, self.language, key), partial(compute, key))
        return value

    def list_order(self, kind: Kind, key: str = MAIN_LIST) -> tuple[str, ...]:
        """The ids of the records on one of a listed kind's lists, in its order in this language."""
        listing = kind.listing
        assert listing is not None, f"the {kind.name} kind declares a list"

        def order(_: str) -> tuple[str, ...]:
            ids, on = self.ids(kind.name), listing.on
            if on is not None:  # which list a record is on is in the record, and "today"
                today = self.today()
                ids = tuple(i for i in ids if key in on(self.record(kind.name, i), today))
            return listing.order(self.views, key, ids)

        ordered: tuple[str, ...] = self.remembered("list-order", f"{kind.plural}:{key}", order)
        return ordered

    def today(self) -> datetime.date:
        """The build's "today" in Istanbul, read through the memo: what depends on it (which
        list an event is on) is made again on a new day."""
        moment: datetime.datetime = self.memo.read(("today",))
        return moment.date()

    def listed(self, kind: str, key: str = MAIN_LIST) -> tuple[str, ...]:
        declared = self.model.by_name.get(kind)
        if declared is None or declared.listing is None:
            return ()
        return self.list_order(declared, key)

    def list_page(self, kind: str, record_id: str) -> int:
        """The number of the page of its kind's list that shows the record. Each record's page
        is a value of its own: when a rename reorders the list, only the records that move to
        another page change the pages that link to them."""
        declared = self.model.kind(kind)

        def compute(record_id: str) -> int:
            places = self.remembered("list-places", declared.plural, self._list_places)
            # A record added by an edit may be asked for before the memo has brought the list
            # up to date; its place is then computed again, with the list that holds it.
            return places.get(record_id, 0) // self.config.page_size(declared.plural) + 1

        number: int = self.remembered(f"{kind}-list-page", record_id, compute)
        return number

    def _list_places(self, plural: str) -> dict[str, int]:
        declared = self.model.by_plural(plural)
        assert declared is not None
        return {record_id: place for place, record_id in enumerate(self.list_order(declared))}

    def listed_url(self, kind: str, record_id: str, *, absolute: bool = False) -> str:
        plural, number = self.model.kind(kind).plural, self.list_page(kind, record_id)
        address = self.absolute if absolute else self.url
        return f"{address(plural, '', number=number)}#{anchor(kind, record_id)}"

    def pager(self, route: Route, entries: int, size: int) -> Pager:
        """Where the page of `route` is among the pages of a list of `entries`, by `size`."""
        number, count = route.number, self.pages(route.kind, route.key)

        def url(number: int) -> str:
            return self.url(route.kind, route.key, number=number) if 1 <= number <= count else ""

        return Pager(
            number=number,
            count=count,
            entries=entries,
            first=min((number - 1) * size + 1, entries),
            last=min(number * size, entries),
            previous=url(number - 1),
            next=url(number + 1),
            links=tuple(PageLink(n, url(n)) for n in _pages_to_link(number, count)),
        )

    def entry(self, kind: str, record_id: str) -> Any:
        """The record's view where other pages show it (a line, an entry of a list)."""
        declared = self.model.kind(kind)
        assert declared.entry is not None, f"the {kind} kind declares how other pages show it"
        return self.remembered(entry_view_name(kind), record_id, partial(declared.entry, self.views))

    def page_view(self, kind: str, record_id: str) -> Any:
        """The view of the record's own page."""
        pages = self.model.kind(kind).pages
        assert pages is not None, f"the {kind} kind declares pages of its own"
        return self.remembered(kind, record_id, partial(pages.view, self.views))

    @property
    def views(self) -> Views:
        """This builder as the kinds' view functions see it (typed, so that it is checked)."""
        return self

    # -- pages ---------------------------------------------------------------------------------

    def page_out(self, route: Route) -> PageOut:
        value: PageOut = self.memo.get(("page-out", route), partial(self._page_out, route))
        return value

    def _page_out(self, route: Route) -> PageOut:
        template, view = self.view(route)
        url = self.url(route.kind, route.key, number=route.number)
        return PageOut(route, url, template, self.shell(route), view)

    def view(self, route: Route) -> tuple[str, Any]:
        """The template of the route and its view: a kind's list or record page, or one of the
        pages every site has."""
        name = route.kind
        listed = self.model.list_kind(name, route.key)
        if listed is not None and listed.listing is not None:
            shown = _share(self.list_order(listed, route.key), route.number, self.config.page_size(name))
            return listed.listing.template, listed.listing.view(self.views, route.key, shown)
        kind = self.model.page_kind(name, route.key)
        if kind is not None and kind.pages is not None:
            return kind.pages.template, self.own_page_view(kind, route)
        builders: dict[str, Callable[[], Any]] = {
            "home": lambda: self.model.owner.home(self.views),
            "not-found": NotFoundView,
            "search": SearchView,
            "data": self.data,
            "feed": self.feed,
            **dict.fromkeys(PUBLIC_BODY_PAGES, lambda: self.model.owner.public_body(self.views)),
        }
        return TEMPLATES[name], builders[name]()

    def own_page_view(self, kind: Kind, route: Route) -> Any:
        """A record's page; one that goes on over pages shows its share of its paged list."""
        view = self.page_view(kind.name, route.key)
        paged = kind.pages.paged if kind.pages else None
        if paged is None or self.pages(kind.name, route.key) == 1:
            return view
        shown = _share(getattr(view, paged.field), route.number, self.config.page_size(paged.field))
        return replace(view, **{paged.field: shown})

    def pages(self, kind: str, key: str) -> int:
        """How many pages the page of (kind, key) has (more than one: it goes on over pages)."""
        count: int = self.memo.read(("page-count", kind, key))
        return count

    def route_pager(self, route: Route) -> Pager | None:
        """Where a list's page, or the page of a record with a long list, is among its pages."""
        listed = self.model.list_kind(route.kind, route.key)
        if listed is not None:
            entries = len(self.list_order(listed, route.key))
            return self.pager(route, entries, self.config.page_size(route.kind))
        kind = self.model.page_kind(route.kind, route.key)
        paged = kind.pages.paged if kind is not None and kind.pages is not None else None
        if paged is None or self.pages(route.kind, route.key) == 1:
            return None
        entries = len(self.related(paged.relation, route.key))
        return self.pager(route, entries, self.config.page_size(paged.field))

    def shell(self, route: Route) -> Shell:
        owner = self.entry(self.model.owner.kind, self.config.owner)
        lists = self.memo.read(("lists",))  # a kind without records may have no list
        nav = (
            NavLink(self.url("home"), section="home"),
            *(NavLink(link.url, label=link.label) for link in self.model.owner.nav(self.views)),
            *(
                NavLink(self.url(kind.plural, key), section=key.rstrip("/") or kind.plural)
                for kind in self.model.listed()
                for key in (kind.listing.navigation if kind.listing else ())
                if (kind.plural, key) in lists
            ),
        )
        alternates = tuple(
            Alternate(
                language,
                self.url(route.kind, route.key, language, route.number),
                fallback=self.is_fallback(route.kind, route.key, language),
            )
            for language in self.config.languages
        )
        return Shell(
            pager=self.route_pager(route),
            fictional=self.config.fictional,
            language=self.language,
            url=self.url(route.kind, route.key, number=route.number),
            site_name=owner.name,
            owner=owner,
            home_url=self.url("home"),
            search_url=self.url("search") if self.config.search else "",
            search_script=self.asset(SEARCH_SCRIPT),
            footer=tuple(NavLink(self.url(name), section=name) for name in FOOTER),
            information_request=self.config.information_request,
            nav=nav,
            alternates=alternates,
            hreflang=self.hreflang(route, alternates),
            stylesheet=self.asset(STYLESHEET),
            icon=self.asset(ICON) or None,
            canonical=self.canonical(route, alternates),
            feed=self.url("feed"),
            locale=self.config.locale(self.language),
            other_locales=tuple(
                self.config.locale(a.language)
                for a in alternates
                if a.language != self.language and not a.fallback and route.kind not in NOT_INDEXED
            ),
        )

    def canonical(self, route: Route, alternates: tuple[Alternate, ...]) -> str | None:
        """This page's absolute address; for an untranslated version, the original's."""
        if route.kind in NOT_INDEXED:
            return None
        own = next(a for a in alternates if a.language == self.language)
        language = self.config.default_language if own.fallback else self.language
        return self.absolute(route.kind, route.key, language, route.number)

    def is_fallback(self, kind: str, key: str, language: str) -> bool:
        """Whether the page shows its main text only by fallback in `language` (a page whose text
        is not translated, an organization whose description is not), as its kind says."""
        declared = self.model.page_kind(kind, key)
        if declared is None or declared.pages is None:
            return False
        return declared.pages.fallback(self.record(kind, key), language)

    def hreflang(self, route: Route, alternates: tuple[Alternate, ...]) -> tuple[HrefLang, ...]:
        """The versions search engines may show instead of this one: only translated versions,
        only where there are two or more, none for the 404 page. x-default is the page a reader
        without a matching language gets: the root's language choice for the home pages, else
        the default language's version."""
        real = [a for a in alternates if not a.fallback]
        if route.kind in NOT_INDEXED or len(real) < 2 or self.language not in {a.language for a in real}:
            return ()

        links = [
            HrefLang(a.language, self.absolute(route.kind, route.key, a.language, route.number)) for a in real
        ]
        x_default = (
            self.config.absolute("")
            if route.kind == "home"
            else self.absolute(route.kind, route.key, self.config.default_language, route.number)
        )
        return (*links, HrefLang("x-default", x_default))

    def data(self) -> DataView:
        """The open data page: each dataset's files and every column, with the labels of this
        language (the build checks that the kinds' templates give every one)."""
        base = f"{self.config.base_path}{DATA_FOLDER}/{self.language}"
        labels = self.memo.read(("data-labels", self.language))
        return DataView(
            datasets=tuple(
                Dataset(
                    kind.plural,
                    f"{base}/{kind.plural}.json",
                    tuple(
                        DataTable(t, f"{base}/{t}.csv", columns, labels.tables.get(t, ""))
                        for t, columns in kind.data.tables.items()
                    ),
                    labels.tables.get(kind.plural, ""),
                    labels.datasets.get(kind.plural, ""),
                )
                for kind in self.model.kinds
                if kind.data is not None
            ),
            columns=tuple((name, labels.columns.get(name, "")) for name in data_columns(self.model)),
            metadata=f"{base}/{CSV_METADATA}",
            catalog=f"{self.config.base_path}{CATALOG}",
            licence_url=self.config.licence,
            licence_name=LICENCE_NAMES.get(self.config.licence, self.config.licence),
        )

    def data_view(self, kind: Kind, record_id: str) -> Any:
        """The view a record's open-data row is made of: the one its own page shows, else the one
        other pages show."""
        assert kind.data is not None
        if kind.data.view == "own":
            return self.page_view(kind.name, record_id)
        return self.entry(kind.name, record_id)

    def feed(self) -> FeedView:
        """The records of the kinds declared with a feed (agreements by signing date,
        memberships by start), newest first, as many as the configuration says: a feed reader
        wants what is new, and a rename need not render a feed of every record. Each entry is
        updated when its record last changed; the feed when the latest of them did (with none,
        at the start of the build's "today")."""
        entries = [
            (kind.feed.date(self.record(kind.name, i)), kind.name, i)
            for kind in self.model.kinds
            if kind.feed is not None
            for i in self.ids(kind.name)
        ]
        entries.sort(key=lambda entry: (entry[0].sort_key, entry[1], entry[2]), reverse=True)
        newest = [(kind, i, self.updated_at(kind, i)) for _, kind, i in entries[: self.config.feed_entries]]
        latest: datetime.datetime = max((moment for *_, moment in newest), default=self.memo.read(("today",)))
        return FeedView(
            id=self.urn("feed", self.language),
            url=self.absolute("feed"),
            home_url=self.absolute("home"),
            updated=_timestamp(latest),
            entries=tuple(self.feed_entry(kind, i, moment) for kind, i, moment in newest),
        )

    def updated_at(self, kind: str, record_id: str) -> datetime.datetime:
        """When the record last changed, or was published if that is later (an item written
        in advance and published on its day is new then)."""
        changed = self.changed_at(kind, record_id)
        feed = self.model.kind(kind).feed
        if feed is None or feed.published is None:
            return changed
        return max(changed, feed.published(self.record(kind, record_id)))

    def changed_at(self, kind: str, record_id: str) -> datetime.datetime:
        """When the record last changed: the latest time of its files (a page has one a language)."""
        files = _files(self.record(kind, record_id))
        moment: datetime.datetime = max(self.memo.read(("changed-at", path)) for path in files)
        return moment

    def feed_entry(self, kind: str, record_id: str, moment: datetime.datetime) -> FeedEntry:
        """The entry links to the record's own page, else to the record on its list page, where
        it has its id as anchor."""
        urn, updated = self.urn(kind, record_id), _timestamp(moment)
        declared = self.model.kind(kind)
        feed = declared.feed
        assert feed is not None, "only records of kinds with a feed are in it"
        if declared.pages is not None:
            url = self.absolute(kind, record_id)
        else:
            url = self.listed_url(kind, record_id, absolute=True)
        published = _timestamp(feed.published(self.record(kind, record_id))) if feed.published else ""
        return FeedEntry(urn, url, updated, kind, self.entry(kind, record_id), feed.template, published)

    def urn(self, kind: str, key: str) -> str:
        """An Atom id that stays as long as the site's address and the record's id do."""
        name = self.config.absolute(f"{self.language}/{kind}/{key}")
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"

    # -- pieces --------------------------------------------------------------------------------

    def prose(self, value: Translated) -> LocalText:
        """A Markdown text in this language, with the URL of each of its internal links
        (@page:…) and what the build made of each of its images (its files in the text's
        folder), which rendering puts in their place."""
        text = self.local.text(value)
        found = findings(text.text)  # one parse for both
        links = {(link.written, self.link_url(link)) for link in map(internal_link, found.destinations)}
        shown = {image.written for image in found.images}
        images = tuple(sorted((name, self.picture(f"{value.folder}/{name}")) for name in shown))
        if links or images:
            return replace(text, links=tuple(sorted(links)), images=images)
        return text

    def optional_prose(self, value: Translated | None) -> LocalText | None:
        return None if value is None else self.prose(value)

    def picture(self, path: str) -> Picture:
        picture: Picture = self.memo.read(("image", path))
        return picture

    def image(self, value: Image) -> ImageView:
        """An image a record shows, described in this language."""
        return ImageView(self.picture(value.path), self.local.optional(value.alt))

    def optional_image(self, value: Image | None) -> ImageView | None:
        return None if value is None else self.image(value)

    def link_url(self, link: InternalLink) -> str:
        """The address of a link that validate checked: a fragment names an entry of a list."""
        listed = self.model.by_plural(link.kind)
        if link.fragment and listed is not None:
            return self.listed_url(listed.name, link.fragment)
        return self.url(link.kind, link.key)


def _share(items: tuple[T, ...], number: int, size: int) -> tuple[T, ...]:
    """The items page `number` of a list in pages of `size` shows."""
    return items[(number - 1) * size : number * size]


# Pages linked on each side of the current one, besides the first and the last.
NEAR_PAGES = 2


def _pages_to_link(number: int, count: int) -> list[int]:
    """The page numbers a list's page links: the first, the last and the NEAR_PAGES on each side
    of this one, in order, with 0 where pages are left out ('1 … 4 5 6 7 8 … 40')."""
    shown = sorted({1, count, *range(max(1, number - NEAR_PAGES), min(count, number + NEAR_PAGES) + 1)})
    numbers: list[int] = []
    for n in shown:
        if numbers and n > numbers[-1] + 1:
            numbers.append(0)
        numbers.append(n)
    return numbers


def entry_view_name(kind: str) -> str:
    """The name under which the memo keeps a kind's entry views ('organization-entry')."""
    return f"{kind}-entry"


def _data_view_name(kind: Kind) -> str:
    """The name under which the memo keeps the views a kind's open-data rows are made of: its
    own pages' views (under the kind's name, see `_ViewBuilder.page_view`) or its entries'."""
    assert kind.data is not None
    return kind.name if kind.data.view == "own" else entry_view_name(kind.name)
