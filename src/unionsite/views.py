"""The typed views templates see: frozen dataclasses of already localized text, never raw records."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .i18n import DateText, LocalText
from .schema import anchor


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    label: LocalText


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
class SourceView:
    title: LocalText
    publisher: OrgRef
    url: str | None


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
    sources: tuple[SourceView, ...]
    url: str = ""  # its entry on the memberships page, where it is shown in full

    @property
    def anchor(self) -> str:
        return anchor("membership", self.id)


@dataclass(frozen=True, slots=True)
class AgreementView:
    id: str
    parties: tuple[OrgRef, ...]
    type: str
    signed: DateText
    place: LocalText | None
    scope: LocalText
    outcomes: LocalText | None
    sources: tuple[SourceView, ...]
    url: str = ""  # its entry on the agreements page, where it is shown in full

    @property
    def anchor(self) -> str:
        return anchor("agreement", self.id)


@dataclass(frozen=True, slots=True)
class FigureView:
    text: LocalText
    source: SourceView


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
    member_countries: tuple[LocalText, ...]
    member_countries_partial: bool
    figures: tuple[FigureView, ...]
    member_of: tuple[MembershipView, ...]
    members: tuple[MembershipView, ...]
    agreements: tuple[AgreementView, ...]
    pages: tuple[Link, ...]
    sources: tuple[SourceView, ...]


@dataclass(frozen=True, slots=True)
class PageView:
    title: LocalText
    owner: OrgRef
    body: LocalText
    memberships: tuple[MembershipView, ...]
    agreements: tuple[AgreementView, ...]
    sources: tuple[SourceView, ...]


@dataclass(frozen=True, slots=True)
class HomeView:
    """The owner in brief: its facts and pages, and the way to the full lists."""

    owner: OrganizationView
    organizations: tuple[OrgRef, ...]
    agreements_url: str
    memberships_url: str = ""
    organizations_url: str = ""


@dataclass(frozen=True, slots=True)
class OrganizationsView:
    organizations: tuple[OrgRef, ...]


@dataclass(frozen=True, slots=True)
class MembershipsView:
    """Every membership in full, by member: the one page that shows their notes and sources."""

    groups: tuple[tuple[OrgRef, tuple[MembershipView, ...]], ...]

    @property
    def memberships(self) -> tuple[MembershipView, ...]:
        return tuple(m for _, group in self.groups for m in group)


@dataclass(frozen=True, slots=True)
class AgreementsView:
    agreements: tuple[AgreementView, ...]


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """An agreement or a membership in the Atom feed. Its own date (signing, start) is in its text
    at the precision given; `updated` is when its record last changed in the repository."""

    id: str  # a URN that stays the same from build to build
    url: str  # absolute: the record on its list page
    updated: str  # RFC 3339: its file's last commit, or the build's "today" for uncommitted changes
    agreement: AgreementView | None = None
    membership: MembershipView | None = None


@dataclass(frozen=True, slots=True)
class FeedView:
    """A language's Atom feed of agreements and memberships, newest first."""

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


@dataclass(frozen=True, slots=True)
class Dataset:
    """A dataset in one language: its JSON file and its CSV files, the records' own first."""

    name: str
    json: str
    tables: tuple[DataTable, ...]


@dataclass(frozen=True, slots=True)
class DataView:
    """The open data page: this language's files of each dataset, every column's name once (in
    the order of first use), the CSVW description of the CSV files, the catalog, the licence."""

    datasets: tuple[Dataset, ...]
    columns: tuple[str, ...]
    metadata: str
    catalog: str
    licence_url: str
    licence_name: str


@dataclass(frozen=True, slots=True)
class PublicBodyView:
    """What the accessibility statement, the privacy notice and the contact page say of the
    publishing union: only what site.yaml and its record give."""

    owner: OrgRef
    address: AddressView | None
    email: str | None
    phone: str | None
    form: str | None  # the address a contact form posts to
    contact_url: str
    privacy_url: str

    @property
    def reachable(self) -> bool:
        """Whether the contact page gives any way to reach the owner: the other pages send
        readers there only then."""
        return bool(self.address or self.email or self.phone or self.form)


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
class Shell:
    """What every page's frame needs: language, publisher, navigation, the other languages."""

    language: str
    url: str
    site_name: LocalText
    owner: OrgRef
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


@dataclass(frozen=True, slots=True)
class RootView:
    """The root index.html: one way in per language."""

    homes: tuple[tuple[Alternate, LocalText], ...]
    hreflang: tuple[HrefLang, ...]
    stylesheet: str
    icon: str | None
    canonical: str = ""
