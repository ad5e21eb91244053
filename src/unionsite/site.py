"""Validated records → the immutable Site: a URL per page and language from that language's
slugs (checked for collisions), the page's typed view, the inverse relations (members, parts,
founders) and the page's other-language versions."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, TypeVar

from .config import SiteConfig
from .i18n import Localizer, LocalText
from .schema import (
    INTERNAL_LINK,
    Agreement,
    Country,
    Membership,
    Organization,
    Page,
    Translated,
)
from .urls import SECTIONS, Urls, is_fallback
from .validate import Records
from .views import (
    AddressView,
    AgreementsView,
    AgreementView,
    Alternate,
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
    RootView,
    Shell,
    SourceView,
)

STYLESHEET = "assets/style.css"
TEMPLATES = {
    "home": "home.html",
    "organizations": "organizations.html",
    "memberships": "memberships.html",
    "agreements": "agreements.html",
    "organization": "organization.html",
    "page": "page.html",
    "not-found": "404.html",
}
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


@dataclass(frozen=True)
class Graph:
    """Relations in both directions, computed once for every language."""

    member_of: Mapping[str, tuple[Membership, ...]]
    members: Mapping[str, tuple[Membership, ...]]
    agreements: Mapping[str, tuple[Agreement, ...]]
    parts: Mapping[str, tuple[str, ...]]
    founder_of: Mapping[str, tuple[str, ...]]
    pages: Mapping[str, tuple[Page, ...]]

    @classmethod
    def of(cls, records: Records) -> Graph:
        memberships = sorted(records.memberships.values(), key=lambda m: (m.since.sort_key, m.id))
        agreements = sorted(records.agreements.values(), key=lambda a: (a.signed.sort_key, a.id))
        organizations = records.organizations.values()
        return cls(
            member_of=_group(memberships, lambda m: [m.member]),
            members=_group(memberships, lambda m: [m.organization]),
            agreements=_group(agreements, lambda a: list(dict.fromkeys(a.parties))),
            parts=_group([o.id for o in organizations], lambda i: _listed(records.organizations[i].part_of)),
            founder_of=_group(
                [o.id for o in organizations],
                lambda i: list(f.by) if (f := records.organizations[i].founded) else [],
            ),
            pages=_group(sorted(records.pages.values(), key=lambda p: (p.order, p.key)), lambda p: [p.owner]),
        )


def _maybe(function: Callable[[T], U], value: T | None) -> U | None:
    return None if value is None else function(value)


def _listed(value: str | None) -> list[str]:
    return [value] if value else []


def _group(items: Iterable[Any], keys: Callable[[Any], list[str]]) -> dict[str, tuple[Any, ...]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        for key in keys(item):
            groups[key].append(item)
    return {key: tuple(group) for key, group in groups.items()}


def _routes(records: Records, language: str, urls: Urls) -> list[Route]:
    def route(kind: str, key: str = "") -> Route:
        path = urls.folder(kind, key, language)
        return Route(kind, key, language, path + "index.html" if path.endswith("/") else path)

    routes = [route("home"), *(route(kind) for kind in SECTIONS), route("not-found")]
    routes += [route("organization", organization_id) for organization_id in records.organizations]
    routes += [route("page", page_id) for page_id in records.pages]
    return routes


# ---------------------------------------------------------------------------------------------
# The site


def build_site(records: Records, config: SiteConfig, urls: Urls) -> Site:
    graph = Graph.of(records)
    pages: list[PageOut] = []
    routes_by_language = {language: _routes(records, language, urls) for language in config.languages}
    for language, routes in routes_by_language.items():
        local = Localizer.for_language(config, language)
        builder = _ViewBuilder(records, graph, config, local, urls)
        pages += [builder.page_out(route) for route in routes]
    return Site(tuple(pages), _root(records, config, urls), urls)


def _root(records: Records, config: SiteConfig, urls: Urls) -> RootView:
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
        stylesheet=config.base_path + STYLESHEET,
    )


class _ViewBuilder:
    """Builds the views of one language; every text goes through its Localizer."""

    def __init__(
        self, records: Records, graph: Graph, config: SiteConfig, local: Localizer, urls: Urls
    ) -> None:
        self.records = records
        self.urls = urls
        self.graph = graph
        self.config = config
        self.local = local
        self.language = local.language
        # A record's view is the same wherever it appears (home, lists, every related page):
        # build it once per language.
        self.org_ref = cache(self._org_ref)
        self.source = cache(self._source)
        self._membership = cache(self._membership_view)
        self._agreement = cache(self._agreement_view)

    def url(self, kind: str, key: str = "", language: str | None = None) -> str:
        return self.config.base_path + self.urls.folder(kind, key, language or self.language)

    def page_out(self, route: Route) -> PageOut:
        template, view = self.view(route)
        return PageOut(route, self.url(route.kind, route.key), template, self.shell(route), view)

    def view(self, route: Route) -> tuple[str, Any]:
        """The template of the route's kind and its view."""
        builders: dict[str, Callable[[str], Any]] = {
            "home": lambda _: self.home(),
            "organizations": lambda _: OrganizationsView(
                self.sorted_orgs(map(self.org_ref, self.records.organizations))
            ),
            "memberships": lambda _: self.memberships(),
            "agreements": lambda _: AgreementsView(
                tuple(
                    self.agreement(a)
                    for a in sorted(self.records.agreements.values(), key=lambda a: (a.signed.sort_key, a.id))
                )
            ),
            "organization": self.organization,
            "page": lambda key: self.page(self.records.pages[key]),
            "not-found": lambda _: NotFoundView(),
        }
        return TEMPLATES[route.kind], builders[route.kind](route.key)

    def home(self) -> HomeView:
        others = [self.org_ref(i) for i in self.records.organizations if i != self.config.owner]
        owner = self.organization(self.config.owner)
        return HomeView(owner, self.sorted_orgs(others), self.url("agreements"))

    def memberships(self) -> MembershipsView:
        memberships = sorted(
            self.records.memberships.values(),
            key=lambda m: (self.name_key(m.organization), m.since.sort_key, m.id),
        )
        return MembershipsView(tuple(self.membership(m) for m in memberships))

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
                fallback=is_fallback(route.kind, route.key, language, self.records),
            )
            for language in self.config.languages
        )
        return Shell(
            language=self.language,
            url=self.url(route.kind, route.key),
            site_name=owner.name,
            owner=owner,
            home_url=self.url("home"),
            nav=nav,
            alternates=alternates,
            hreflang=self.hreflang(route, alternates),
            stylesheet=self.config.base_path + STYLESHEET,
        )

    def hreflang(self, route: Route, alternates: tuple[Alternate, ...]) -> tuple[HrefLang, ...]:
        """The versions search engines may show instead of this one: only translated versions,
        only where there are two or more, none for the 404 page. x-default is the page a reader
        without a matching language gets: the root's language choice for the home pages, else
        the default language's version."""
        real = [a for a in alternates if not a.fallback]
        if route.kind == "not-found" or len(real) < 2 or self.language not in {a.language for a in real}:
            return ()

        def absolute(language: str) -> str:
            return self.config.absolute(self.urls.folder(route.kind, route.key, language))

        links = [HrefLang(a.language, absolute(a.language)) for a in real]
        x_default = (
            self.config.absolute("") if route.kind == "home" else absolute(self.config.default_language)
        )
        return (*links, HrefLang("x-default", x_default))

    # -- pieces --------------------------------------------------------------------------------

    def prose(self, value: Translated) -> LocalText:
        """A Markdown text in this language, its internal links (@page:…) turned into URLs."""
        text = self.local.text(value)
        return replace(text, text=INTERNAL_LINK.sub(self.link_url, text.text))

    def optional_prose(self, value: Translated | None) -> LocalText | None:
        return _maybe(self.prose, value)

    def link_url(self, match: re.Match[str]) -> str:
        kind, key, fragment = match[1], match[2] or "", match[3] or ""
        return f"]({self.url(kind, key)}{fragment})"

    def name_key(self, organization_id: str) -> Any:
        return self.local.sort_key(self.local.text(self.records.organizations[organization_id].name).text)

    def sorted_orgs(self, refs: Iterable[OrgRef]) -> tuple[OrgRef, ...]:
        return tuple(sorted(refs, key=lambda r: (self.local.sort_key(r.name.text), r.id)))

    def _org_ref(self, organization_id: str) -> OrgRef:
        organization = self.records.organizations[organization_id]
        return OrgRef(
            organization.id,
            self.url("organization", organization.id),
            self.local.text(organization.name),
            self.local.optional(organization.short_name),
        )

    def _source(self, source_id: str) -> SourceView:
        source = self.records.sources[source_id]
        return SourceView(self.local.text(source.title), self.org_ref(source.publisher), source.url)

    def sources(self, ids: Iterable[str]) -> tuple[SourceView, ...]:
        return tuple(self.source(i) for i in ids)

    def membership(self, membership: Membership) -> MembershipView:
        return self._membership(membership.id)

    def agreement(self, agreement: Agreement) -> AgreementView:
        return self._agreement(agreement.id)

    def _membership_view(self, membership_id: str) -> MembershipView:
        membership = self.records.memberships[membership_id]
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
        )

    def _agreement_view(self, agreement_id: str) -> AgreementView:
        agreement = self.records.agreements[agreement_id]
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
        )

    def page_links(self, organization_id: str) -> tuple[Link, ...]:
        return tuple(
            Link(self.url("page", page.id), self.local.text(page.title))
            for page in self.graph.pages.get(organization_id, ())
        )

    def organization(self, organization_id: str) -> OrganizationView:
        organization = self.records.organizations[organization_id]
        graph, local = self.graph, self.local
        return OrganizationView(
            ref=self.org_ref(organization_id),
            kinds=organization.kinds,
            headquarters=tuple(p for p in map(local.place, organization.headquarters) if p),
            address=self.address(organization),
            founded=self.founding(organization),
            part_of=_maybe(self.org_ref, organization.part_of),
            parts=self.sorted_orgs(map(self.org_ref, graph.parts.get(organization_id, ()))),
            founder_of=self.sorted_orgs(map(self.org_ref, graph.founder_of.get(organization_id, ()))),
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
            member_of=tuple(map(self.membership, graph.member_of.get(organization_id, ()))),
            members=tuple(map(self.membership, graph.members.get(organization_id, ()))),
            agreements=tuple(map(self.agreement, graph.agreements.get(organization_id, ()))),
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
            note=self.local.optional(founded.note),
        )

    def page(self, page: Page) -> PageView:
        owner_memberships = self.graph.member_of.get(page.owner, ())
        owner_agreements = self.graph.agreements.get(page.owner, ())
        return PageView(
            title=self.local.text(page.title),
            owner=self.org_ref(page.owner),
            body=self.prose(page.body),
            memberships=tuple(map(self.membership, owner_memberships)) if "memberships" in page.shows else (),
            agreements=tuple(map(self.agreement, owner_agreements)) if "agreements" in page.shows else (),
            sources=self.sources(page.sources),
        )
