"""The site's pages about its owner, an organization: the home page, its own pages in the
navigation, and the contact, privacy and accessibility pages (and what those cannot say)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..config import SiteConfig
from ..errors import ContentError, Severity
from ..views import Link
from .base import OwnerPages, Views
from .organization import (
    AddressView,
    Organization,
    OrganizationView,
    OrgRef,
    address_view,
    page_links,
)

# The owner's agreements the home page names, newest first; the list has them all. So for the
# site's newest news and announcements and its next events.
HOME_AGREEMENTS = 3
HOME_NEWS = 3
HOME_EVENTS = 3


@dataclass(frozen=True, slots=True)
class HomeList:
    """The first entries of one of the site's lists (news, events), and the way to the rest."""

    items: tuple[Any, ...]
    url: str


@dataclass(frozen=True, slots=True)
class HomeView:
    """The owner in brief: its facts and pages, and the way to the full lists. It holds only what
    the page shows (its newest agreements, how many organizations there are), so that an edit
    elsewhere, such as a rename, renders the home page again only if the page shows it."""

    owner: OrganizationView  # with its HOME_AGREEMENTS newest agreements only
    organization_count: int
    agreement_count: int
    agreements_url: str
    memberships_url: str = ""
    organizations_url: str = ""
    news: HomeList | None = None
    announcements: HomeList | None = None
    events: HomeList | None = None  # those to come


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


def owner_nav(views: Views) -> tuple[Link, ...]:
    """The owner's own pages, in the main navigation after the home page."""
    return page_links(views, views.config.owner)


def home_view(views: Views) -> HomeView:
    owner: OrganizationView = views.page_view("organization", views.config.owner)
    return HomeView(
        replace(owner, agreements=owner.agreements[-HOME_AGREEMENTS:]),
        len(views.ids("organization")),
        len(owner.agreements),
        views.url("agreements"),
        views.url("memberships"),
        views.url("organizations"),
        news=_home_list(views, "news", "news", "", HOME_NEWS),
        announcements=_home_list(views, "news", "news", "announcements/", HOME_NEWS),
        events=_home_list(views, "event", "events", "", HOME_EVENTS),
    )


def _home_list(views: Views, kind: str, plural: str, key: str, count: int) -> HomeList | None:
    """The first entries of a list, when it has any (a site without news has no news list)."""
    ids = views.listed(kind, key)
    if not ids:
        return None
    return HomeList(tuple(views.entry(kind, i) for i in ids[:count]), views.url(plural, key))


def public_body_view(views: Views) -> PublicBodyView:
    config = views.config
    return PublicBodyView(
        owner=views.entry("organization", config.owner),
        address=address_view(views, views.record("organization", config.owner)),
        email=config.contact_email,
        phone=config.contact_phone,
        form=config.contact_form,
        contact_url=views.url("contact"),
        privacy_url=views.url("privacy"),
    )


def owner_gaps(owner: Organization, config: SiteConfig) -> list[ContentError]:
    """What the contact page cannot give for want of the owner's record saying it."""
    if owner.address is not None:
        return []
    message = (
        f"address: not set for '{config.owner}', the site's owner: the contact page gives no postal address"
    )
    return [ContentError(owner.at, message, Severity.WARNING)]


OWNER = OwnerPages(
    kind="organization",
    home=home_view,
    public_body=public_body_view,
    nav=owner_nav,
    gaps=owner_gaps,
)
