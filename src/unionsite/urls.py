"""Validated records → Urls: the folder of every page in every language, from that language's
section names and slugs, with a problem for each URL two records claim."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .config import SiteConfig
from .errors import ContentError, SourceRef
from .kinds import Kind, Model
from .kinds.base import MAIN_LIST, NO_DAY, Relation, SlugMaker
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
# Where the images records show are written, below the site's root: the same files serve every
# language, and each file's name carries a digest of what it was made of.
IMAGE_FOLDER = "images"
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
    # How many pages a page that goes on over pages has, by (kind, key): a kind's list (its
    # plural, key ''), a record's own page with a long list. Only those with more than one.
    page_counts: Mapping[tuple[str, str], int] = field(default_factory=dict)
    # The folders of their later pages, by (kind, key, language, number from 2).
    later_pages: Mapping[tuple[str, str, str, int], str] = field(default_factory=dict)
    # How many records each list shows, by (plural, list key): every list a page is made for.
    lists: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def folder(self, kind: str, key: str, language: str, number: int = 1) -> str:
        if number == 1:
            return self.folders[(kind, key, language)]
        return self.later_pages[(kind, key, language, number)]

    def pages(self, kind: str, key: str) -> int:
        """How many pages the page of (kind, key) has: 1 unless it goes on over pages."""
        return self.page_counts.get((kind, key), 1)


def page_count(entries: int, page_size: int) -> int:
    """How many pages a list of `entries` takes: an empty list is one page, which says so."""
    return max(1, -(-entries // page_size))


def list_sizes(records: Records, config: SiteConfig) -> dict[tuple[str, str], int]:
    """How many records each list shows, by (plural, list key): every listed kind's lists in the
    navigation, however few, and each other list a record is on (a year of news)."""
    today = config.today or NO_DAY
    sizes: dict[tuple[str, str], int] = {}
    for kind in records.model.listed():
        assert kind.listing is not None
        if kind.listing.shown_empty or records.of(kind.name):
            sizes.update(((kind.plural, key), 0) for key in kind.listing.navigation)
        on = kind.listing.on
        if on is None:
            sizes[(kind.plural, MAIN_LIST)] = len(records.of(kind.name))
            continue
        for record in records.of(kind.name).values():
            for key in on(record, today):
                sizes[(kind.plural, key)] = sizes.get((kind.plural, key), 0) + 1
    return dict(sorted(sizes.items()))


def page_counts(
    records: Records, config: SiteConfig, lists: Mapping[tuple[str, str], int] | None = None
) -> dict[tuple[str, str], int]:
    """How many pages each page that goes on over pages has, where that is more than one: each
    list by its number of records, each own page with a paged list by the number of ids its
    relation groups under the record."""
    counts = {}
    model = records.model
    for (plural, key), size in (lists if lists is not None else list_sizes(records, config)).items():
        counts[(plural, key)] = page_count(size, config.page_size(plural))
    for kind in model.kinds:
        paged = kind.pages.paged if kind.pages else None
        if paged is None:
            continue
        declared = model.relation(paged.relation)
        assert declared is not None, "the model checks that a paged list's relation is declared"
        size = config.page_size(paged.field)
        for key, ids in _group_sizes(records, *declared).items():
            if key in records.of(kind.name):
                counts[(kind.name, key)] = page_count(ids, size)
    return {page: count for page, count in counts.items() if count > 1}


def _group_sizes(records: Records, kind: Kind, relation: Relation) -> dict[str, int]:
    """How many ids `relation` (of the records of `kind`) groups under each key."""
    sizes: dict[str, int] = {}
    for record in records.of(kind.name).values():
        for key in relation.keys(record):
            sizes[key] = sizes.get(key, 0) + 1
    return sizes


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
    lists = list_sizes(records, config)
    counts = page_counts(records, config, lists)
    planner = _Planner(config, counts, previous.slugs if previous is not None else {})
    model = records.model
    for language in config.languages:
        planner.folders[("home", "", language)] = f"{language}/"
        planner.folders[("not-found", "", language)] = f"{language}/{NOT_FOUND}"
        planner.folders[("feed", "", language)] = f"{language}/{FEED}"
        for kind in model.kinds:
            if kind.folders is not None and kind.listing is None:  # a kind with pages, no list
                folder = _folder(kind.folders, language)
                planner.folders[(kind.plural, "", language)] = f"{language}/{folder}/"
        for plural, key in lists:
            planner.claim_list(model.by_plural(plural), key, language)
        for kind in model.listed():
            for key in kind.listing.reserved if kind.listing else ():
                if (kind.plural, key) not in lists:
                    planner.reserve_list(kind, key, language)
        for name, names in SITE_PAGES.items():
            planner.folders[(name, "", language)] = f"{language}/{_folder(names, language)}/"
        for kind in _in_page_order(model):
            for record in records.of(kind.name).values():
                planner.claim_record(kind, record, language)
    problems = planner.problems + _unknown_lists(config, model)
    problems += _held_problems(records, config, problems)
    urls = Urls(planner.folders, planner.slugs, tuple(problems), planner.counts, planner.later_pages, lists)
    return urls, problems


class _Planner:
    """The folders planned so far, and who claimed each: a folder claimed twice is a problem."""

    def __init__(
        self, config: SiteConfig, counts: dict[tuple[str, str], int], known: Mapping[Any, Any]
    ) -> None:
        self.config = config
        self.counts = counts
        self.known = known  # the slugs of the last planning, reused for records not changed
        self.slugs: dict[tuple[str, str], tuple[Any, Mapping[str, tuple[str, SourceRef]]]] = {}
        self.folders: dict[tuple[str, str, str], str] = {}
        self.later_pages: dict[tuple[str, str, str, int], str] = {}
        self.claimed: dict[str, tuple[str, SourceRef]] = {}
        self.problems: list[ContentError] = []

    def claim_list(self, kind: Kind | None, key: str, language: str) -> None:
        """A list's folder: its kind's own, or the one its kind gives another list."""
        assert kind is not None
        page = (kind.plural, key, language)
        self.folders[page] = _list_folder(kind, key, language)
        what = f"the list of {kind.plural}" + (f" {key.rstrip('/')}" if key else "")
        self.claim(self.folders[page], what, SourceRef(self.config.file, 0))
        self.claim_later_pages(page, kind.plural, what)

    def reserve_list(self, kind: Kind, key: str, language: str) -> None:
        """The folder of a list that has no page yet, but will without an edit: taken all the same."""
        what = f"the list of {kind.plural} {key.rstrip('/')}, once it has any"
        self.claim(_list_folder(kind, key, language), what, SourceRef(self.config.file, 0))

    def claim_record(self, kind: Kind, record: Any, language: str) -> None:
        """The record's own page: below its kind's folder (or the page it is under), at its slug."""
        pages = kind.pages
        assert pages is not None
        under = pages.under(record) if pages.under is not None else None
        parent = (
            self.folders.get((*under, language)) if under else self.folders.get((kind.plural, "", language))
        )
        if parent is None:
            return  # the record its page is under is unknown or has errors, which are reported
        slug, at = self.slugs_of(kind.name, record, pages.slug)[language]
        what = f"{kind.name} '{record.id}'"
        if not slug:
            message = f"no '{language}' URL can be made from the name of {what}: give it a 'slug'"
            self.problems.append(ContentError(at, message))
            slug = record.id.rsplit("/", 1)[-1]
        page = (kind.name, record.id, language)
        self.folders[page] = f"{parent}{slug}/"
        self.claim(self.folders[page], what, at)
        if pages.paged is not None:
            self.claim_later_pages(page, pages.paged.field, what)

    def slugs_of(self, kind: str, record: Any, make: SlugMaker) -> Mapping[str, tuple[str, SourceRef]]:
        found = self.slugs.get((kind, record.id)) or self.known.get((kind, record.id))
        if found is None or found[0] is not record:
            languages, default = self.config.languages, self.config.default_language
            found = record, {language: make(record, language, default) for language in languages}
        self.slugs[(kind, record.id)] = found
        return found[1]

    def claim_later_pages(self, page: tuple[str, str, str], list_name: str, what: str) -> None:
        """The later pages of a page that goes on over pages: 'tr/uyelikler/sayfa/2/'."""
        kind, key, language = page
        count = self.counts.get((kind, key), 1)
        if count == 1:
            return
        at = dict(self.config.page_size_at).get(list_name, SourceRef(self.config.file, 0))
        for number in range(2, count + 1):
            folder = f"{self.folders[page]}{_folder(PAGE_FOLDER, language)}/{number}/"
            self.later_pages[(*page, number)] = folder
            self.claim(folder, f"page {number} of {what}", at)

    def claim(self, folder: str, what: str, at: SourceRef) -> None:
        first = self.claimed.setdefault(folder, (what, at))
        if first[1] != at:
            url = self.config.base_path + folder
            message = f"URL {url} of {what} is also the URL of {first[0]} ({first[1]})"
            message += ": give one of them its own 'slug'"
            self.problems.append(ContentError(at, message))


def _held_problems(records: Records, config: SiteConfig, found: list[ContentError]) -> list[ContentError]:
    """The clashes a record left out of the site (a draft, an item dated later) would make once
    published: with a published record's address, or with a list it would bring (its year's).
    Reported now, not on the day a scheduled build would fail without anyone having edited."""
    if not records.held:
        return []
    tables = {
        kind: dict(sorted({**records.of(kind), **records.held.get(kind, {})}.items()))
        for kind in records.tables
    }
    _, problems = plan_urls(replace(records, tables=tables, unpublished={}, held={}), config)
    seen = {(problem.source, problem.message) for problem in found}
    return [problem for problem in problems if (problem.source, problem.message) not in seen]


def _list_folder(kind: Kind, key: str, language: str) -> str:
    """The folder of one of a kind's lists: its own, or the one its kind gives another list."""
    assert kind.folders is not None and kind.listing is not None
    if key == MAIN_LIST:
        return f"{language}/{_folder(kind.folders, language)}/"
    assert kind.listing.folder is not None, "the model checks that other lists have folders"
    return f"{language}/{kind.listing.folder(key, language)}/"


def _unknown_lists(config: SiteConfig, model: Model) -> list[ContentError]:
    """A page size for a list the site does not have: a misspelt name would else be ignored."""
    names = model.list_names()
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
        before, old = previous.slugs[(kind, record_id)]
        if any(new[language][0] != old[language][0] for language in config.languages):
            return None
        if pages.under is not None and pages.under(record) != pages.under(before):
            return None  # the folder it is in (a news item's type) is another
        slugs[(kind, record_id)] = (record, new)
    if _may_change_lists(records.model, changed) and list_sizes(records, config) != previous.lists:
        return None
    if (
        _may_change_page_counts(records.model, changed)
        and page_counts(records, config) != previous.page_counts
    ):
        return None
    return Urls(previous.folders, slugs, (), previous.page_counts, previous.later_pages, previous.lists)


def _may_change_page_counts(model: Model, changed: frozenset[tuple[str, str]]) -> bool:
    """Whether an edit of these records, which kept every id, may change how many pages a page
    has: when they are of a kind whose relation groups a paged list (a membership's member)."""
    paged = {kind.pages.paged.relation for kind in model.kinds if kind.pages and kind.pages.paged}
    kinds = {kind for kind, _ in changed}
    return any(relation.name in paged for kind in kinds for relation in model.kind(kind).relations)


def _may_change_lists(model: Model, changed: frozenset[tuple[str, str]]) -> bool:
    """Whether an edit of these records may move one from list to list (a news item's year)."""
    kinds = [model.kind(name) for name in {kind for kind, _ in changed}]
    return any(kind.listing is not None and kind.listing.folder is not None for kind in kinds)


def _in_page_order(model: Model) -> list[Any]:
    """The kinds with pages of their own, each after the kind its pages are under."""
    kinds = [kind for kind in model.kinds if kind.pages is not None]
    return sorted(kinds, key=lambda kind: kind.pages.under is not None)


def _folder(names: Mapping[str, str], language: str) -> str:
    """The folder of a section or site page in `language`, else its English one."""
    return names.get(language, names["en"])
