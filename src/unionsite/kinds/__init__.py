"""The record kinds of a union's site, each declared once in its own module, and the `Model`
the stages read: organizations, memberships, agreements, news, events, sources and free pages."""

from __future__ import annotations

from .agreement import AGREEMENT
from .base import Kind, Model, Records, Views
from .event import EVENT
from .membership import MEMBERSHIP
from .news import NEWS
from .organization import ORGANIZATION
from .owner import OWNER
from .page import PAGE
from .source import SOURCE

# In the order of the navigation's sections and of the open data.
MODEL = Model(kinds=(ORGANIZATION, MEMBERSHIP, AGREEMENT, NEWS, EVENT, SOURCE, PAGE), owner=OWNER)

__all__ = ["MODEL", "Kind", "Model", "Records", "Views"]
