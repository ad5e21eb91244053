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
from .memo import Gone, Inputs, Key, Memo
from .schema import (
    ANCHORED_SECTIONS,
    Agreement,
    Country,
    InternalLink,
    Membership,
    Organization,
    Page,
    Translated,
    anchor,
    with_urls,
)
from .urls import SECTIONS, SITE_PAGES, Urls
from .validate import Records
from .views import (
    AddressView,
    AgreementsView,
    AgreementView,
    Alternate,
    Dataset,
    DataTable,
    DataView,
    FeedEntry,
    FeedView,
    FigureView,
    FoundingView,
    HomeView,
    HrefLang,
    Link,
    MembershipsView,
    MembershipView,
    NavLink,
    NotFoundView,
    OfficeView,
    OrganizationsView,
    OrganizationView,
    OrgRef,
    PageView,
    PublicBodyView,
    RootView,
    SearchView,
    Shell,
    SourceView,
)

# The open data under data/ (written by open_data), which the open data page links: each
# dataset's CSV tables with their columns. The first table has a row per record; each other one,
# named '<dataset>-<field>', a row per value of a field that holds several, keyed by the
# record's id in its first column. The dataset's JSON file holds the same, nested.
DATA_FOLDER = "data"
CATALOG = f"{DATA_FOLDER}/catalog.jsonld"
CSV_METADATA = "csv-metadata.json"  # CSVW's name for the description of the CSV files beside it
_SOURCE = ("source_title", "source_publisher", "source_publisher_name", "source_url")
DATA_TABLES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "organizations": {
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
        "organizations-figures": ("organization", "figure", *_SOURCE),
        "organizations-sources": ("organization", *_SOURCE),
    },
    "memberships": {
        "memberships": (
            "id", "member", "member_name", "organization", "organization_name",
            "role", "role_label", "since", "until", "note",
        ),
        "memberships-offices": ("membership", "office", "since", "until"),
        "memberships-sources": ("membership", *_SOURCE),
    },
    "agreements": {
        "agreements": ("id", "type", "type_label", "signed", "place", "scope", "outcomes"),
        "agreements-parties": ("agreement", "party", "party_name"),
        "agreements-sources": ("agreement", *_SOURCE),
    },
}  # fmt: skip
DATASET_NAMES = tuple(DATA_TABLES)
DATA_COLUMNS = tuple(  # every column's name once, in the order of first use
    dict.fromkeys(name for tables in DATA_TABLES.values() for columns in tables.values() for name in columns)
)
LICENCE_NAMES = {"https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0"}

# The assets every page links, by their names below assets/ (the icon is optional).
STYLESHEET = "style.css"
ICON = "favicon.svg"
SEARCH_SCRIPT = "search.js"
TEMPLATES = {
    "home": "home.html",
    "organizations": "organizations.html",
    "memberships": "memberships.html",
    "agreements": "agreements.html",
    "organization": "organization.html",
    "page": "page.html",
    "not-found": "404.html",
    "feed": "feed.xml",
    "search": "search.html",
    "data": "data.html",
    "accessibility": "accessibility.html",
    "privacy": "privacy.html",
    "contact": "contact.html",
}
# Routes that are not web pages to index: no canonical address, no alternates.
NOT_INDEXED = frozenset({"not-found", "feed", "search"})
T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Route:
    """One page in one language: what it shows (`kind`, `key`) and where it is written."""

    kind: str
    key: str
    language: str
    output: str


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

    def page(self, kind: str, key: str, language: str) -> PageOut:
        """The page of (kind, key) in `language`, found without a walk."""
        return self.pages[self.page_place(kind, key, language)]

    def page_place(self, kind: str, key: str, language: str) -> int:
        """Where the page of (kind, key) in `language` is in `pages` (and its file in a render's)."""
        assert self.made_of is not None, "every site the site stage makes knows its pages' places"
        return self.made_of.places[(kind, key, language)]


@dataclass(frozen=True)
class SiteInputs:
    records: Records
    graph: Graph
    assets: Mapping[str, str]
    generation: int
    places: Mapping[tuple[str, str, str], int]  # (kind, key, language) → place in Site.pages
    history: History


@dataclass(frozen=True)
class Graph:
    """Relations in both directions, as ids, computed once for every language."""

    member_of: Mapping[str, tuple[str, ...]]
    members: Mapping[str, tuple[str, ...]]
    agreements: Mapping[str, tuple[str, ...]]
    parts: Mapping[str, tuple[str, ...]]
    founder_of: Mapping[str, tuple[str, ...]]
    initiated: Mapping[str, tuple[str, ...]]
    pages: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, records: Records) -> Graph:
        memberships = sorted(records.memberships.values(), key=lambda m: (m.since.sort_key, m.id))
        agreements = sorted(records.agreements.values(), key=lambda a: (a.signed.sort_key, a.id))
        organizations = records.organizations.values()
        pages = sorted(records.pages.values(), key=lambda p: (p.order, p.key))
        return cls(
            member_of=_group(memberships, lambda m: [m.member]),
            members=_group(memberships, lambda m: [m.organization]),
            agreements=_group(agreements, lambda a: list(dict.fromkeys(a.parties))),
            parts=_group(organizations, lambda o: _listed(o.part_of)),
            founder_of=_group(organizations, lambda o: list(o.founded.by) if o.founded else []),
            initiated=_group(organizations, lambda o: list(o.founded.initiative) if o.founded else []),
            pages=_group(pages, lambda p: [p.owner]),
        )


def _timestamp(moment: datetime.datetime) -> str:
    """An RFC 3339 time, to the second, with its offset from UTC."""
    return moment.isoformat(timespec="seconds")


def _files(record: Any) -> tuple[str, ...]:
    """The files a record is written in, by path from the site root: its own, or a page's one
    per language."""
    return tuple(positions.path for _, positions in getattr(record, "files", ())) or (record.at.path,)


def _maybe(function: Callable[[T], U], value: T | None) -> U | None:
    return None if value is None else function(value)


def _listed(value: str | None) -> list[str]:
    return [value] if value else []


def _group(items: Iterable[Any], keys: Callable[[Any], list[str]]) -> dict[str, tuple[str, ...]]:
    """The ids of `items` under each key they have, in the order of `items`."""
    groups: dict[str, list[str]] = defaultdict(list)
    for item in items:
        for key in keys(item):
            groups[key].append(item.id)
    return {key: tuple(group) for key, group in groups.items()}


def _routes(records: Records, language: str, urls: Urls, search: bool) -> list[Route]:
    def route(kind: str, key: str = "") -> Route:
        path = urls.folder(kind, key, language)
        return Route(kind, key, language, path + "index.html" if path.endswith("/") else path)

    routes = [route("home"), *(route(kind) for kind in SECTIONS), route("not-found"), route("feed")]
    routes += [route(kind) for kind in SITE_PAGES if kind != "search" or search]
    routes += [route("organization", organization_id) for organization_id in records.organizations]
    routes += [route("page", page_id) for page_id in records.pages]
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
) -> Site:
    """Every page's view. `assets`: each asset's address by its name below assets/. With
    `previous` (the site of the same configuration, one edit ago), only the views that read
    something the edit changed are built again; `changed`: the (kind, id) of the only records
    that are not the same objects as then, if known, so that no other input is compared.
    `history`: when each content file last changed (None: not known, every file "today")."""
    if history is None:
        history = History.unknown(config.today or datetime.date(1970, 1, 1))
    memo = previous.memo if previous is not None and previous.memo.settled else Memo()
    if previous is not None and changed is not None:
        edited = _edited_site(records, config, urls, assets, history, previous=previous, changed=changed)
        if edited is not None:
            return edited
    pages: list[PageOut] = []
    graph = Graph.of(records)
    with memo.updating(_inputs(records, graph, urls, assets, history)):
        for language in config.languages:
            builder = _ViewBuilder(memo, config, Localizer.for_language(config, language))
            pages += [builder.page_out(route) for route in _routes(records, language, urls, config.search)]
    routes = (page.route for page in pages)
    places = {(route.kind, route.key, route.language): place for place, route in enumerate(routes)}
    made_of = SiteInputs(records, graph, assets, memo.generation, places, history)
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
        or (history is not before.history and history.retimed is None)
        or any(_relations(kind, getattr(before.records, f"{kind}s")[record_id])
               != _relations(kind, getattr(records, f"{kind}s")[record_id]) for kind, record_id in changed)
    ):  # fmt: skip
        return None
    keys: list[tuple[str, ...]] = [("record", kind, record_id) for kind, record_id in changed]
    if history is not before.history:
        keys += [("changed-at", path) for path in history.retimed or ()]
    pages = list(previous.pages)
    with memo.updating(_inputs(records, before.graph, urls, assets, history), changed=keys):
        routes = [key[1] for key in memo.computed if isinstance(key, tuple) and key[0] == "page-out"]
        rebuilt = tuple(before.places[(route.kind, route.key, route.language)] for route in routes)
        for place in rebuilt:
            pages[place] = memo.value(("page-out", pages[place].route))
    made_of = replace(before, records=records, generation=memo.generation, history=history)
    root = _root(records, config, urls, assets)
    return Site(tuple(pages), root if root != previous.root else previous.root, urls, memo, made_of, rebuilt)


def _relations(kind: str, record: Any) -> Any:
    """What of a record the relations between records (the Graph) are made of."""
    if isinstance(record, Membership):
        return record.member, record.organization, record.since.sort_key
    if isinstance(record, Agreement):
        return record.parties, record.signed.sort_key
    if isinstance(record, Organization):
        founded = record.founded
        return record.part_of, (founded.by, founded.initiative) if founded else ()
    if isinstance(record, Page):
        return record.owner, record.order, record.key
    return None


def _inputs(
    records: Records, graph: Graph, urls: Urls, assets: Mapping[str, str], history: History
) -> Inputs:
    """What views read, by key: ("record", kind, id), ("ids", kind), ("related", relation, id),
    ("url", kind, key, language), ("asset", name), ("changed-at", path): when the content file
    last changed, and ("today",)."""
    tables: dict[str, Mapping[str, Any]] = {
        "organization": records.organizations,
        "membership": records.memberships,
        "agreement": records.agreements,
        "source": records.sources,
        "page": records.pages,
    }

    def value(key: Key) -> Any:
        assert isinstance(key, tuple)
        if key[0] == "record":
            found = tables[key[1]].get(key[2])
        elif key[0] == "ids":
            found = tuple(tables[key[1]])
        elif key[0] == "related":
            found = getattr(graph, key[1]).get(key[2], ())
        elif key[0] == "asset":
            found = assets.get(key[1], "")
        elif key[0] == "changed-at":
            found = history.time(key[1])
        elif key[0] == "today":
            found = history.today
        else:
            found = urls.folders.get(key[1:])
        if found is None:
            raise Gone(key)
        return found

    return value


def _root(records: Records, config: SiteConfig, urls: Urls, assets: Mapping[str, str]) -> RootView:
    """The root index.html: the way in for every language, and the x-default of the home pages."""
    owner = records.organizations[config.owner]
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
    )


class _ViewBuilder:
    """Builds the views of one language; every text goes through its Localizer. It reads records,
    relations and URLs only through the memo, and each view it makes is a value of the memo: a
    record's view is built once however many pages show it, and again only after an edit
    that changes what it read."""

    def __init__(self, memo: Memo, config: SiteConfig, local: Localizer) -> None:
        self.memo = memo
        self.config = config
        self.local = local
        self.language = local.language

    # -- what views read -----------------------------------------------------------------------

    def record(self, kind: str, record_id: str) -> Any:
        return self.memo.read(("record", kind, record_id))

    def ids(self, kind: str) -> tuple[str, ...]:
        ids: tuple[str, ...] = self.memo.read(("ids", kind))
        return ids

    def related(self, relation: str, organization_id: str) -> tuple[str, ...]:
        ids: tuple[str, ...] = self.memo.read(("related", relation, organization_id))
        return ids

    def url(self, kind: str, key: str = "", language: str | None = None) -> str:
        return self.config.base_path + self.folder(kind, key, language or self.language)

    def absolute(self, kind: str, key: str = "", language: str | None = None) -> str:
        """The full address, for search engines and feed readers."""
        return self.config.absolute(self.folder(kind, key, language or self.language))

    def asset(self, name: str) -> str:
        """The address of an asset ('' if there is none of that name)."""
        address: str = self.memo.read(("asset", name))
        return address

    def folder(self, kind: str, key: str, language: str) -> str:
        folder: str = self.memo.read(("url", kind, key, language))
        return folder

    def remembered(self, name: str, key: str, compute: Callable[[str], T]) -> T:
        """The view `name` of `key` in this language, built once and kept in the memo."""
        value: T = self.memo.get((name, self.language, key), partial(compute, key))
        return value

    # -- pages ---------------------------------------------------------------------------------

    def page_out(self, route: Route) -> PageOut:
        value: PageOut = self.memo.get(("page-out", route), partial(self._page_out, route))
        return value

    def _page_out(self, route: Route) -> PageOut:
        template, view = self.view(route)
        return PageOut(route, self.url(route.kind, route.key), template, self.shell(route), view)

    def view(self, route: Route) -> tuple[str, Any]:
        """The template of the route's kind and its view."""
        builders: dict[str, Callable[[str], Any]] = {
            "home": lambda _: self.home(),
            "organizations": lambda _: OrganizationsView(
                self.sorted_orgs(map(self.org_ref, self.ids("organization")))
            ),
            "memberships": lambda _: self.memberships(),
            "agreements": lambda _: self.agreements(),
            "organization": self.organization,
            "page": self.page,
            "not-found": lambda _: NotFoundView(),
            "search": lambda _: SearchView(),
            "data": lambda _: self.data(),
            "accessibility": lambda _: self.public_body(),
            "privacy": lambda _: self.public_body(),
            "contact": lambda _: self.public_body(),
            "feed": lambda _: self.feed(),
        }
        return TEMPLATES[route.kind], builders[route.kind](route.key)

    def home(self) -> HomeView:
        others = [self.org_ref(i) for i in self.ids("organization") if i != self.config.owner]
        owner = self.organization(self.config.owner)
        return HomeView(
            owner,
            self.sorted_orgs(others),
            self.url("agreements"),
            self.url("memberships"),
            self.url("organizations"),
        )

    def memberships(self) -> MembershipsView:
        """By member, the owner first, then in the order of the names; each member's memberships
        in the order of the organizations' names."""

        def order(membership_id: str) -> tuple[Any, ...]:
            membership = self.record("membership", membership_id)
            name = self.org_ref(membership.organization).name.text
            return (self.local.sort_key(name), membership.since.sort_key, membership_id)

        by_member: dict[str, list[MembershipView]] = {}
        for membership_id in sorted(self.ids("membership"), key=order):
            view = self.membership(membership_id)
            by_member.setdefault(view.member.id, []).append(view)

        def member_order(member: OrgRef) -> tuple[Any, ...]:
            return (member.id != self.config.owner, self.local.sort_key(member.name.text), member.id)

        members = sorted((group[0].member for group in by_member.values()), key=member_order)
        return MembershipsView(tuple((member, tuple(by_member[member.id])) for member in members))

    def agreements(self) -> AgreementsView:
        def order(agreement_id: str) -> tuple[Any, ...]:
            return (self.record("agreement", agreement_id).signed.sort_key, agreement_id)

        return AgreementsView(tuple(map(self.agreement, sorted(self.ids("agreement"), key=order))))

    def shell(self, route: Route) -> Shell:
        owner = self.org_ref(self.config.owner)
        nav = (
            NavLink(self.url("home"), section="home"),
            *(NavLink(link.url, label=link.label) for link in self.page_links(self.config.owner)),
            *(NavLink(self.url(kind), section=kind) for kind in SECTIONS),
        )
        alternates = tuple(
            Alternate(
                language,
                self.url(route.kind, route.key, language),
                fallback=self.is_fallback(route.kind, route.key, language),
            )
            for language in self.config.languages
        )
        return Shell(
            language=self.language,
            url=self.url(route.kind, route.key),
            site_name=owner.name,
            owner=owner,
            home_url=self.url("home"),
            search_url=self.url("search") if self.config.search else "",
            search_script=self.asset(SEARCH_SCRIPT),
            footer=tuple(
                NavLink(self.url(kind), section=kind)
                for kind in ("contact", "accessibility", "privacy", "data")
            ),
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
        return self.absolute(route.kind, route.key, language)

    def is_fallback(self, kind: str, key: str, language: str) -> bool:
        """Whether the page shows its main text only by fallback in `language`: a page whose text
        is not translated (no file, or a copy), an organization whose description is not."""
        if kind == "page":
            return self.record("page", key).body.get(language) is None
        if kind == "organization":
            description = self.record("organization", key).description
            return description is not None and description.get(language) is None
        return False

    def hreflang(self, route: Route, alternates: tuple[Alternate, ...]) -> tuple[HrefLang, ...]:
        """The versions search engines may show instead of this one: only translated versions,
        only where there are two or more, none for the 404 page. x-default is the page a reader
        without a matching language gets: the root's language choice for the home pages, else
        the default language's version."""
        real = [a for a in alternates if not a.fallback]
        if route.kind in NOT_INDEXED or len(real) < 2 or self.language not in {a.language for a in real}:
            return ()

        links = [HrefLang(a.language, self.absolute(route.kind, route.key, a.language)) for a in real]
        x_default = (
            self.config.absolute("")
            if route.kind == "home"
            else self.absolute(route.kind, route.key, self.config.default_language)
        )
        return (*links, HrefLang("x-default", x_default))

    def public_body(self) -> PublicBodyView:
        owner = self.record("organization", self.config.owner)
        return PublicBodyView(
            owner=self.org_ref(self.config.owner),
            address=self.address(owner),
            email=self.config.contact_email,
            phone=self.config.contact_phone,
            form=self.config.contact_form,
            contact_url=self.url("contact"),
            privacy_url=self.url("privacy"),
        )

    def data(self) -> DataView:
        base = f"{self.config.base_path}{DATA_FOLDER}/{self.language}"
        return DataView(
            datasets=tuple(
                Dataset(
                    name,
                    f"{base}/{name}.json",
                    tuple(DataTable(t, f"{base}/{t}.csv", columns) for t, columns in tables.items()),
                )
                for name, tables in DATA_TABLES.items()
            ),
            columns=DATA_COLUMNS,
            metadata=f"{base}/{CSV_METADATA}",
            catalog=f"{self.config.base_path}{CATALOG}",
            licence_url=self.config.licence,
            licence_name=LICENCE_NAMES.get(self.config.licence, self.config.licence),
        )

    def feed(self) -> FeedView:
        """Agreements by signing date and memberships by start, newest first, as many as the
        configuration says: a feed reader wants what is new, and a rename need not render a
        feed of every record. Each entry is updated when its record last changed; the feed when
        the latest of them did (with none, at the start of the build's "today")."""
        entries = [(self.record("agreement", i).signed, "agreement", i) for i in self.ids("agreement")] + [
            (self.record("membership", i).since, "membership", i) for i in self.ids("membership")
        ]
        entries.sort(key=lambda entry: (entry[0].sort_key, entry[1], entry[2]), reverse=True)
        newest = [(kind, i, self.changed_at(kind, i)) for _, kind, i in entries[: self.config.feed_entries]]
        latest: datetime.datetime = max((moment for *_, moment in newest), default=self.memo.read(("today",)))
        return FeedView(
            id=self.urn("feed", self.language),
            url=self.absolute("feed"),
            home_url=self.absolute("home"),
            updated=_timestamp(latest),
            entries=tuple(self.feed_entry(kind, i, moment) for kind, i, moment in newest),
        )

    def changed_at(self, kind: str, record_id: str) -> datetime.datetime:
        """When the record last changed: the latest time of its files (a page has one a language)."""
        files = _files(self.record(kind, record_id))
        moment: datetime.datetime = max(self.memo.read(("changed-at", path)) for path in files)
        return moment

    def feed_entry(self, kind: str, record_id: str, moment: datetime.datetime) -> FeedEntry:
        """The entry links to the record on its list page, where it has its id as anchor."""
        urn, updated = self.urn(kind, record_id), _timestamp(moment)
        if kind == "agreement":
            url = f"{self.absolute('agreements')}#{anchor('agreement', record_id)}"
            return FeedEntry(urn, url, updated, agreement=self.agreement(record_id))
        url = f"{self.absolute('memberships')}#{anchor('membership', record_id)}"
        return FeedEntry(urn, url, updated, membership=self.membership(record_id))

    def urn(self, kind: str, key: str) -> str:
        """An Atom id that stays as long as the site's address and the record's id do."""
        name = self.config.absolute(f"{self.language}/{kind}/{key}")
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"

    # -- pieces --------------------------------------------------------------------------------

    def prose(self, value: Translated) -> LocalText:
        """A Markdown text in this language, its internal links (@page:…) turned into URLs."""
        text = self.local.text(value)
        return replace(text, text=with_urls(text.text, self.link_url))

    def optional_prose(self, value: Translated | None) -> LocalText | None:
        return _maybe(self.prose, value)

    def link_url(self, link: InternalLink) -> str:
        """The address of a link that validate checked: a fragment names an entry of a list."""
        url = self.url(link.kind, link.key)
        if link.fragment:
            url += "#" + anchor(ANCHORED_SECTIONS[link.kind], link.fragment)
        return url

    def sorted_orgs(self, refs: Iterable[OrgRef]) -> tuple[OrgRef, ...]:
        return tuple(sorted(refs, key=lambda r: (self.local.sort_key(r.name.text), r.id)))

    def org_ref(self, organization_id: str) -> OrgRef:
        return self.remembered("org-ref", organization_id, self._org_ref)

    def _org_ref(self, organization_id: str) -> OrgRef:
        organization = self.record("organization", organization_id)
        return OrgRef(
            organization.id,
            self.url("organization", organization.id),
            self.local.text(organization.name),
            self.local.optional(organization.short_name),
        )

    def source(self, source_id: str) -> SourceView:
        return self.remembered("source", source_id, self._source)

    def _source(self, source_id: str) -> SourceView:
        source = self.record("source", source_id)
        return SourceView(self.local.text(source.title), self.org_ref(source.publisher), source.url)

    def sources(self, ids: Iterable[str]) -> tuple[SourceView, ...]:
        return tuple(self.source(i) for i in ids)

    def membership(self, membership_id: str) -> MembershipView:
        return self.remembered("membership", membership_id, self._membership)

    def agreement(self, agreement_id: str) -> AgreementView:
        return self.remembered("agreement", agreement_id, self._agreement)

    def _membership(self, membership_id: str) -> MembershipView:
        membership: Membership = self.record("membership", membership_id)
        local = self.local
        offices = tuple(
            OfficeView(local.text(o.title), local.date(o.since), _maybe(local.date, o.until))
            for o in membership.offices
        )
        return MembershipView(
            id=membership.id,
            member=self.org_ref(membership.member),
            organization=self.org_ref(membership.organization),
            since=local.date(membership.since),
            until=_maybe(local.date, membership.until),
            role=membership.role,
            offices=offices,
            note=self.optional_prose(membership.note),
            sources=self.sources(membership.sources),
            url=self.url("memberships") + "#" + anchor("membership", membership.id),
        )

    def _agreement(self, agreement_id: str) -> AgreementView:
        agreement: Agreement = self.record("agreement", agreement_id)
        local = self.local
        return AgreementView(
            id=agreement.id,
            parties=tuple(self.org_ref(p) for p in agreement.parties),
            type=agreement.type,
            signed=local.date(agreement.signed),
            place=_maybe(local.place, agreement.place),
            scope=self.prose(agreement.scope),
            outcomes=self.optional_prose(agreement.outcomes),
            sources=self.sources(agreement.sources),
            url=self.url("agreements") + "#" + anchor("agreement", agreement.id),
        )

    def page_links(self, organization_id: str) -> tuple[Link, ...]:
        return self.remembered("page-links", organization_id, self._page_links)

    def _page_links(self, organization_id: str) -> tuple[Link, ...]:
        return tuple(
            Link(self.url("page", page_id), self.local.text(self.record("page", page_id).title))
            for page_id in self.related("pages", organization_id)
        )

    def organization(self, organization_id: str) -> OrganizationView:
        return self.remembered("organization", organization_id, self._organization)

    def _organization(self, organization_id: str) -> OrganizationView:
        organization: Organization = self.record("organization", organization_id)
        local = self.local
        return OrganizationView(
            ref=self.org_ref(organization_id),
            kinds=organization.kinds,
            headquarters=tuple(p for p in map(local.place, organization.headquarters) if p),
            address=self.address(organization),
            founded=self.founding(organization),
            part_of=_maybe(self.org_ref, organization.part_of),
            parts=self.sorted_orgs(map(self.org_ref, self.related("parts", organization_id))),
            founder_of=self.sorted_orgs(map(self.org_ref, self.related("founder_of", organization_id))),
            initiated=self.sorted_orgs(map(self.org_ref, self.related("initiated", organization_id))),
            website=_maybe(lambda url: local.text(url).text, organization.website),
            description=self.optional_prose(organization.description),
            member_countries=tuple(
                sorted(
                    map(local.country, organization.member_countries), key=lambda c: local.sort_key(c.text)
                )
            ),
            member_countries_partial=organization.member_countries_partial,
            figures=tuple(
                FigureView(local.text(f.text), self.source(f.source)) for f in organization.figures
            ),
            member_of=tuple(map(self.membership, self.related("member_of", organization_id))),
            members=tuple(map(self.membership, self.related("members", organization_id))),
            agreements=tuple(map(self.agreement, self.related("agreements", organization_id))),
            pages=self.page_links(organization_id),
            sources=self.sources(organization.sources),
        )

    def address(self, organization: Organization) -> AddressView | None:
        address = organization.address
        if address is None:
            return None
        country = self.local.country(Country(code=address.country))
        return AddressView(
            address.street, address.district, address.city, country, self.local.optional(address.directions)
        )

    def founding(self, organization: Organization) -> FoundingView | None:
        founded = organization.founded
        if founded is None:
            return None
        return FoundingView(
            date=_maybe(self.local.date, founded.date),
            place=_maybe(self.local.place, founded.place),
            by=tuple(map(self.org_ref, founded.by)),
            initiative=tuple(map(self.org_ref, founded.initiative)),
            approved=_maybe(self.local.date, founded.approved),
            in_force=_maybe(self.local.date, founded.in_force),
            note=self.local.optional(founded.note),
        )

    def page(self, page_id: str) -> PageView:
        page: Page = self.record("page", page_id)
        memberships = self.related("member_of", page.owner) if "memberships" in page.shows else ()
        agreements = self.related("agreements", page.owner) if "agreements" in page.shows else ()
        return PageView(
            title=self.local.text(page.title),
            owner=self.org_ref(page.owner),
            body=self.prose(page.body),
            memberships=tuple(map(self.membership, memberships)),
            agreements=tuple(map(self.agreement, agreements)),
            sources=self.sources(page.sources),
        )
