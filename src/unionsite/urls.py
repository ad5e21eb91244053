"""Validated records → Urls: the folder of every page in every language, from that language's
section names and slugs, with a problem for each URL two records claim."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .config import CONFIG_FILE, SiteConfig
from .errors import ContentError, SourceRef
from .kinds import Model
from .validate import Records

# Pages every site has, outside the main navigation, with their folder per language.
SITE_PAGES = {
    "search": {"tr": "ara", "en": "search"},
    "data": {"tr": "acik-veri", "en": "open-data"},
    "accessibility": {"tr": "erisilebilirlik", "en": "accessibility"},
    "privacy": {"tr": "gizlilik", "en": "privacy"},
    "contact": {"tr": "iletisim", "en": "contact"},
}
# The folder of a list's later pages, below the list's own: 'tr/kuruluslar/sayfa/2/'. The first
# page keeps the list's address.
PAGE_FOLDER = {"tr": "sayfa", "en": "page"}
NOT_FOUND = "404.html"
FEED = "feed.xml"


@dataclass(frozen=True)
class Urls:
    """The folder of every page below the base path, by (kind, key, language): each language has
    its own section names and slugs ('tr/kuruluslar/iko/', 'en/organizations/oic/'). The 404
    page, which hosts serve at any address, is a file ('tr/404.html')."""

    folders: Mapping[tuple[str, str, str], str]
    # (kind, id) → the record and its slug and slug's source per language, reused while the
    # record stays the same object: making slugs is most of the work of planning.
    slugs: Mapping[tuple[str, str], tuple[Any, Mapping[str, tuple[str, SourceRef]]]] = field(
        default_factory=dict
    )
    problems: tuple[ContentError, ...] = ()  # what planning found

    def folder(self, kind: str, key: str, language: str) -> str:
        return self.folders[(kind, key, language)]


def page_count(entries: int, page_size: int) -> int:
    """How many pages a list of `entries` takes: an empty list is one page, which says so."""
    return max(1, -(-entries // page_size))


def page_key(number: int) -> str:
    """The key of a list's page `number` (its first page is the list's own, key '')."""
    return "" if number == 1 else str(number)


def plan_urls(
    records: Records,
    config: SiteConfig,
    previous: Urls | None = None,
    changed: frozenset[tuple[str, str]] | None = None,
) -> tuple[Urls, list[ContentError]]:
    """Give every page of every language its folder; two pages wanting one folder is an error
    naming both records. `changed` (with `previous`): the (kind, id) of the only records that
    are not the same objects as before; when their slugs are as before, so is every folder."""
    if previous is not None and changed is not None and not previous.problems:
        kept = _same_slugs(records, config, previous, changed)
        if kept is not None:
            return kept, []
    known = previous.slugs if previous is not None else {}
    slugs: dict[tuple[str, str], tuple[Any, Mapping[str, tuple[str, SourceRef]]]] = {}

    def slugs_of(kind: str, record: Any, make: Callable[[Any, str, str], tuple[str, SourceRef]]) -> Any:
        found = slugs.get((kind, record.id)) or known.get((kind, record.id))
        if found is None or found[0] is not record:
            found = record, {language: make(record, language, default) for language in config.languages}
        slugs[(kind, record.id)] = found
        return found[1]

    folders: dict[tuple[str, str, str], str] = {}
    claimed: dict[str, tuple[str, SourceRef]] = {}
    problems: list[ContentError] = []

    def claim(
        page: tuple[str, str, str], parent: str, slug_and_source: tuple[str, SourceRef], what: str = ""
    ) -> None:
        (kind, key, language), (slug, at) = page, slug_and_source
        what = what or f"{kind} '{key}'"
        if not slug:
            message = f"no '{language}' URL can be made from the name of {what}: give it a 'slug'"
            problems.append(ContentError(at, message))
            slug = key.rsplit("/", 1)[-1]
        folder = folders[page] = f"{parent}{slug}/"
        first = claimed.setdefault(folder, (what, at))
        if first[1] != at:
            url = config.base_path + folder
            problems.append(
                ContentError(
                    at,
                    f"URL {url} of {what} is also the URL of {first[0]} ({first[1]}): "
                    "give one of them its own 'slug'",
                )
            )

    model, default = records.model, config.default_language
    for language in config.languages:
        folders[("home", "", language)] = f"{language}/"
        folders[("not-found", "", language)] = f"{language}/{NOT_FOUND}"
        folders[("feed", "", language)] = f"{language}/{FEED}"
        for kind in model.kinds:
            if kind.folders is not None:
                folders[(kind.plural, "", language)] = f"{language}/{_folder(kind.folders, language)}/"
        for kind in model.listed():
            pages = page_count(len(records.of(kind.name)), config.page_size(kind.plural))
            for number in range(2, pages + 1):
                at = dict(config.page_size_at).get(kind.plural, SourceRef(CONFIG_FILE, 0))
                claim(
                    (kind.plural, page_key(number), language),
                    f"{folders[(kind.plural, '', language)]}{_folder(PAGE_FOLDER, language)}/",
                    (str(number), at),
                    what=f"page {number} of the list of {kind.plural}",
                )
        for name, names in SITE_PAGES.items():
            folders[(name, "", language)] = f"{language}/{_folder(names, language)}/"
        for kind in _in_page_order(model):
            pages = kind.pages
            assert pages is not None
            for record in records.of(kind.name).values():
                under = pages.under(record) if pages.under is not None else None
                parent = (
                    folders.get((*under, language)) if under else folders.get((kind.plural, "", language))
                )
                if parent is None:
                    continue  # the record its page is under is unknown or has errors, which are reported
                claim(
                    (kind.name, record.id, language),
                    parent,
                    slugs_of(kind.name, record, pages.slug)[language],
                )
    problems += _unknown_lists(config, model)
    return Urls(folders, slugs, tuple(problems)), problems


def _unknown_lists(config: SiteConfig, model: Model) -> list[ContentError]:
    """A page size for a list the site does not have: a misspelt name would else be ignored."""
    names = sorted(kind.plural for kind in model.listed())
    return [
        ContentError(at, f"no list is called '{name}' (lists: {', '.join(names)}, or 'default' for all)")
        for name, at in config.page_size_at
        if name not in names
    ]


def _same_slugs(
    records: Records, config: SiteConfig, previous: Urls, changed: frozenset[tuple[str, str]]
) -> Urls | None:
    """`previous`, its folders the very same mapping, if the changed records' slugs are the
    same text as before in every language (where a slug comes from may have moved)."""
    slugs = dict(previous.slugs)
    for kind, record_id in changed:
        pages = records.model.kind(kind).pages
        if pages is None:
            continue  # a record without a page of its own (a membership) has no slug
        make = pages.slug
        record = records.of(kind)[record_id]
        new = {language: make(record, language, config.default_language) for language in config.languages}
        old = previous.slugs[(kind, record_id)][1]
        if any(new[language][0] != old[language][0] for language in config.languages):
            return None
        slugs[(kind, record_id)] = (record, new)
    return Urls(previous.folders, slugs)


def _in_page_order(model: Model) -> list[Any]:
    """The kinds with pages of their own, each after the kind its pages are under."""
    kinds = [kind for kind in model.kinds if kind.pages is not None]
    return sorted(kinds, key=lambda kind: kind.pages.under is not None)


def _folder(names: Mapping[str, str], language: str) -> str:
    """The folder of a section or site page in `language`, else its English one."""
    return names.get(language, names["en"])
