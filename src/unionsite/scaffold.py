"""A kind and an id → the commented starting files of a new record, in both languages.

Required fields are left empty on purpose: `unionsite check` points at each one until it is
filled in, so a half-written record cannot reach the site. Optional fields are commented out.
"""

from __future__ import annotations

from collections.abc import Collection

from .config import SiteConfig
from .errors import UnionsiteError, did_you_mean
from .fields import ID_PATTERN
from .load import PAGES_FOLDER, RECORD_FOLDERS
from .schema import ORGANIZATION_KINDS

KINDS = ("organization", "membership", "agreement", "source", "page")
_FOLDERS = {kind: folder for folder, kind in RECORD_FOLDERS.items()}

ORGANIZATION = """\
# Organization '{id}': a union, network, institution or other body the site talks about.
# Fill in what is empty, delete the commented lines you do not need, then run
# `make check-content`. Dates are 2008, 2008-05 or 2008-05-17; countries are codes such as TR.
name:
  tr: ""
  en: ""
# short_name: ABC            # the acronym; {{tr: İKÖ, en: OIC}} where it differs per language
kinds: []                    # one or more of the kinds below, as the sources call it
{kinds}
# headquarters:
#   - city: {{tr: İstanbul, en: Istanbul}}
#     country: TR
# founded:
#   date: 2001
#   place: {{city: {{tr: İstanbul, en: Istanbul}}, country: TR}}
#   by: [mbb]                # ids of the founding organizations
#   initiative: []           # ids of those on whose initiative it was founded, without founding it
#   approved: 2000-10-13     # a union set up by an approval: the approval's date, and
#   in_force: 2000-11-28     # the date it entered into force (neither is its founding date)
# part_of: council-of-europe # id of the organization this one belongs to
# website: https://www.example.org
# slug: {{tr: kisa-ad, en: short-name}}   # only to shorten or keep the address
description:                 # Markdown; delete the whole field if there is nothing to say
  tr: ""
  en: ""
# sources: [mbb-calisma-alanlari]         # ids of the documents this is taken from
"""

MEMBERSHIP = """\
# Membership '{id}': who is a member of what, since when, in which role.
# Fill in what is empty, delete the commented lines you do not need, then run
# `make check-content`. Dates are 2008, 2008-05 or 2008-05-17.
member: ""                   # id of the member organization
organization: ""             # id of the organization it is a member of
since: ""
# until: 2015
# role: full                 # full, observer, associate or local-government
# offices:
#   - title: {{tr: Başkan Yardımcılığı, en: Vice-Presidency}}
#     since: 2012-05
#     until: 2013-05
# note:                      # Markdown
#   tr: ""
#   en: ""
# sources: [mbb-uluslararasi-isbirlikleri]
"""

AGREEMENT = """\
# Agreement '{id}': parties, type, date, place and scope.
# Fill in what is empty, delete the commented lines you do not need, then run
# `make check-content`. Dates are 2008, 2008-05 or 2008-05-17.
parties: []                  # ids of two or more organizations
type: ""                     # goodwill-agreement, goodwill-protocol, cooperation-protocol,
                             # friendship-and-cooperation-agreement or supporting-structure-agreement
signed: ""
# place: {{city: {{tr: İstanbul, en: Istanbul}}, country: TR}}
scope:                       # Markdown: what the parties agreed on
  tr: ""
  en: ""
# outcomes:                  # Markdown: what came of it
#   tr: ""
#   en: ""
# sources: [mbb-uluslararasi-isbirlikleri]
"""

SOURCE = """\
# Source '{id}': a document content is taken from; records and figures cite it by this id.
title:
  tr: ""
  en: ""
publisher: ""                # id of the organization that published it
# url: https://www.example.org/page
"""

PAGE = """\
---
title: ""
{extra}---

<!-- The page's text in {language_name}, in Markdown, in place of this note. The guide in docs/
     shows how to link to other records and pages. -->
"""
PAGE_DEFAULT_EXTRA = """\
# order: 1                   # the page's place among its organization's pages
# shows: [memberships, agreements]   # lists of the organization's records under the text
# sources: [mbb-calisma-alanlari]
"""
PAGE_TRANSLATION_EXTRA = """\
# slug: short-name           # the page's address in this language (else made from the title)
# After translating, run `unionsite translations --stamp` with this file's path.
"""
LANGUAGE_NAMES = {"tr": "Turkish", "en": "English"}
_TEMPLATES = {
    "organization": ORGANIZATION,
    "membership": MEMBERSHIP,
    "agreement": AGREEMENT,
    "source": SOURCE,
}


# The organization kinds, listed in the comment under `kinds:` (from the schema, so never stale).
_KINDS_COMMENT = "\n".join(f"#   {kind}" for kind in ORGANIZATION_KINDS)


def scaffold(
    kind: str, record_id: str, config: SiteConfig, organizations: Collection[str] = ()
) -> dict[str, str]:
    """The new files, by path from the site's root; a page's organization must be among
    `organizations`, the ids the content has."""
    if kind not in KINDS:
        raise UnionsiteError(f"unknown kind '{kind}': expected one of {', '.join(KINDS)}")
    if kind == "page":
        return _page(record_id, config, organizations)
    _check_id(record_id, f"content/{_FOLDERS[kind]}/<id>.yaml")
    text = _TEMPLATES[kind].format(id=record_id, kinds=_KINDS_COMMENT)
    return {f"{config.content_dir}/{_FOLDERS[kind]}/{record_id}.yaml": text}


def _page(page_id: str, config: SiteConfig, organizations: Collection[str]) -> dict[str, str]:
    owner, _, key = page_id.partition("/")
    if not key:
        raise UnionsiteError(f"a page id is <organization id>/<key>, such as mbb/{page_id}")
    for part in (owner, key):
        _check_id(part, "content/pages/<organization id>/<key>.<language>.md")
    if owner not in organizations:
        hint = did_you_mean(owner, organizations)
        raise UnionsiteError(f"unknown organization '{owner}'{hint}: a page belongs to one the content has")
    files = {}
    for language in config.languages:
        extra = PAGE_DEFAULT_EXTRA if language == config.default_language else PAGE_TRANSLATION_EXTRA
        text = PAGE.format(extra=extra, language_name=LANGUAGE_NAMES.get(language, language))
        files[f"{config.content_dir}/{PAGES_FOLDER}/{owner}/{key}.{language}.md"] = text
    return files


def _check_id(record_id: str, where: str) -> None:
    if not ID_PATTERN.match(record_id):
        raise UnionsiteError(
            f"id '{record_id}' may hold only a-z, 0-9 and single '-' between them: it becomes {where}"
        )
