"""What a record kind declares: one `Kind` a kind, plain data and small functions that the generic
stages read (load, validate, urls, site, render, open data, scaffold, schemas) instead of naming
kinds. Also `Records`, every record by kind, and `Views`, what a kind's view functions may ask
of the stage that builds the views.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from slugify import slugify

from ..config import SiteConfig
from ..errors import ContentError, SourceRef
from ..i18n import Localizer, LocalText
from ..schema import (
    BoolType,
    FieldSpec,
    Image,
    ImageType,
    ListType,
    RefType,
    SlugType,
    StampType,
    StructType,
    Translated,
    field_at,
    spec,
)

# A record, its language and the default language → its slug and where that slug comes from.
SlugMaker = Callable[[Any, str, str], tuple[str, SourceRef]]


@dataclass(frozen=True, slots=True)
class Records:
    """Every record of the content, by kind and id, in id order, and the kinds' declarations."""

    tables: Mapping[str, Mapping[str, Any]]
    model: Model
    # The records left out of the site (drafts, records scheduled after "today"), by kind and
    # id: why each is not published yet. A published page may not link to them.
    unpublished: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Those records themselves, by kind and id: their addresses are planned all the same, so
    # that a clash is reported now rather than on the day one of them is published.
    held: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def of(self, kind: str) -> Mapping[str, Any]:
        return self.tables.get(kind, {})

    def count(self) -> int:
        return sum(len(table) for table in self.tables.values())


class Views(Protocol):
    """What the views of one language read and share: records, relations and URLs through the
    stage's memo, each kind's views built once, the language's Localizer."""

    config: SiteConfig
    local: Localizer
    language: str

    def record(self, kind: str, record_id: str) -> Any: ...
    def ids(self, kind: str) -> tuple[str, ...]: ...
    def related(self, relation: str, record_id: str) -> tuple[str, ...]: ...
    # The address of a page: a record's own (its kind and id), a kind's list (its plural) or a
    # page every site has ('home', 'contact'); in this language unless another is named.
    def url(self, kind: str, key: str = "", language: str | None = None) -> str: ...
    def absolute(self, kind: str, key: str = "", language: str | None = None) -> str: ...
    def entry(self, kind: str, record_id: str) -> Any: ...
    # The address of the entry of a record of an anchored list: the list page that shows it,
    # with the entry's anchor.
    def listed_url(self, kind: str, record_id: str) -> str: ...
    # The ids on one of a kind's lists (its own: ''), in the list's order; none where the
    # kind, or the list, has none.
    def listed(self, kind: str, key: str = "") -> tuple[str, ...]: ...
    def today(self) -> datetime.date: ...
    def page_view(self, kind: str, record_id: str) -> Any: ...
    def remembered(self, name: str, key: str, compute: Callable[[str], Any]) -> Any: ...
    def prose(self, value: Translated) -> LocalText: ...
    def optional_prose(self, value: Translated | None) -> LocalText | None: ...
    # An image a record shows, described in the language (views.ImageView).
    def image(self, value: Image) -> Any: ...
    def optional_image(self, value: Image | None) -> Any: ...


@dataclass(frozen=True, slots=True)
class MarkdownFiles:
    """A kind written as one Markdown file per language with front matter, paired by a key
    (`<folder>/<owner id>/<key>.<language>.md`), rather than as one YAML file. Each language's
    file gives `language_fields` (its `title`, its `slug`); the default language's file also the
    `shared` ones; the others' the `translation` ones. The record is built with `owner` (an id
    of the kind `under`), `key`, `title` and `body` per language, and those fields."""

    under: str
    language_fields: tuple[FieldSpec, ...]
    translation_fields: tuple[FieldSpec, ...]
    shared_fields: tuple[FieldSpec, ...]
    starter: str  # a language's starting file: {extra}, {language_name}
    default_extra: str  # the commented fields of the default language's starting file
    translation_extra: str


@dataclass(frozen=True, slots=True)
class OwnPages:
    """Each record has a page of its own in every language, below its kind's folder (or below
    the page of the record `under` names), at its slug."""

    template: str
    slug: SlugMaker
    view: Callable[[Views, str], Any]
    # The (kind, id) whose page this one's folder is under; None: the kind's section folder.
    under: Callable[[Any], tuple[str, str]] | None = None
    # Whether the page shows its main text only by fallback in a language (marked, not indexed).
    fallback: Callable[[Any, str], bool] = lambda record, language: False
    searched: bool = True  # found by the site's search
    link_form: str = "<id>"  # how an internal link names a record: @<kind>:<link_form>
    paged: PagedList | None = None  # a list on the page that goes on over pages of its own


@dataclass(frozen=True, slots=True)
class PagedList:
    """A list in a record's own page view that may grow long (a network's members): the view's
    `field`, a tuple of the ids `relation` groups under the record, in that order. When it is
    longer than its page size (named `field` in site.yaml's `page_size`), the page goes on at
    …/sayfa/2/, each page showing its share of the list."""

    field: str
    relation: str


# The "today" of a run that was given none (a test of the stages alone).
NO_DAY = datetime.date(1970, 1, 1)
# The key of a kind's own list, in the main navigation: every listed kind has it.
MAIN_LIST = ""


def is_list_key(key: str) -> bool:
    """Whether a page key names one of a kind's lists ('' or ending in '/': '2026/', 'past/')
    rather than a record, whose id never ends so."""
    return key == MAIN_LIST or key.endswith("/")


@dataclass(frozen=True, slots=True)
class ListPage:
    """The lists of a kind's records, in the main navigation, each on as many pages as its
    page size (named by the kind's plural in site.yaml's `page_size`) asks for. Every listed
    kind has its own list (key ''); `on` may put records on others (news by type and year,
    events past), each a key ending in '/' whose folder `folder` gives. `order` puts the ids
    on a list in the language's order, `view` makes one page's view of the ids on it.
    With `anchored`, each entry has the id `<kind>-<record id>`, which links (@<plural>#<id>)
    and feeds point at, on whichever page shows it."""

    template: str
    order: Callable[[Views, str, tuple[str, ...]], tuple[str, ...]]
    view: Callable[[Views, str, tuple[str, ...]], Any]
    anchored: bool = False
    # The keys of the lists a record is on, given "today" (a record on none is on no list);
    # None: every record is on the kind's own list, and only there.
    on: Callable[[Any, datetime.date], tuple[str, ...]] | None = None
    # A list key other than '' and a language → its folder below the language's ('haberler/2026').
    folder: Callable[[str, str], str] | None = None
    # The lists in the main navigation, in order; each exists even with no record on it.
    navigation: tuple[str, ...] = (MAIN_LIST,)
    # Whether those lists exist while the kind has no record at all (else a site without news
    # has no empty news page, and no link to one).
    shown_empty: bool = True
    # Lists whose folders no record may take even while they have no page: one that a day
    # brings without an edit (events' past list, with the first event to end).
    reserved: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """Ids of records of the kind grouped under the ids `keys` gives (a member's memberships),
    in the order `order` gives; views ask for them by `name`."""

    name: str
    keys: Callable[[Any], Iterable[str]]
    order: Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class DataTables:
    """The open data of a kind: its CSV tables and their columns (the first table a row per
    record; each other one, named '<dataset>-<field>', a row per value of a field that holds
    several, keyed by the record's id), the view a record's row is made of (the one the pages
    show: its own page's, or its entry's where other pages show it) and the row itself, a JSON
    object whose keys are the tables' columns and fields."""

    tables: Mapping[str, tuple[str, ...]]
    view: Literal["own", "entry"]
    row: Callable[[Any, Any], dict[str, Any]]  # the view and the language's data texts
    # Columns that are not plain text (CSVW datatypes) and those that hold another dataset's id.
    datatypes: Mapping[str, Any] = field(default_factory=dict)
    references: Mapping[str, str] = field(default_factory=dict)
    # The template whose tables TABLES, DATASETS and COLUMNS give, in each language, the title
    # of each table, the dataset's description and that of each column it is the first to use.
    labels: str = "_open_data.html"


@dataclass(frozen=True, slots=True)
class Feed:
    """Records in the Atom feeds, newest first by `date` (anything with a `sort_key`: a
    PartialDate, a Moment); an entry links to the record's own page, else to its entry on the
    kind's list page (which must be anchored then). `template` shows an entry: its macros
    `title`, `summary` and `content` each take the record's entry view. `published`: when the
    record was published, for a kind whose records are publications (an entry is updated no
    earlier than that: an item written in advance is new on its day)."""

    date: Callable[[Any], Any]
    template: str
    published: Callable[[Any], datetime.datetime] | None = None


@dataclass(frozen=True, slots=True)
class Download:
    """A file beside each of a kind's own pages, in every language (an event's calendar file):
    its name from the page's folder, and its bytes from the page's view, the build's "today"
    (its start, a time) and the function that turns Markdown into plain text."""

    name: Callable[[str], str]
    make: Callable[[Any, datetime.datetime, Callable[[str], str]], bytes]


@dataclass(frozen=True, slots=True)
class Kind:
    """One record kind, declared once. `name` is the kind's name in references (RefType),
    internal links (@organization:…) and messages; `plural` its folder under content/, its
    dataset and its list section."""

    name: str
    plural: str
    cls: type
    fields: tuple[FieldSpec, ...]
    description: str  # for the editors' JSON Schema
    # The folder of its pages per language (a language missing here uses the English one): its
    # list page's, and its records' own pages' below it.
    folders: Mapping[str, str] | None = None
    starter: str = ""  # the commented file `unionsite new` writes ({id} is the record's id)
    markdown: MarkdownFiles | None = None
    pages: OwnPages | None = None
    listing: ListPage | None = None
    # The record's view where other pages show it (a line, an entry of a list): built once.
    entry: Callable[[Views, str], Any] | None = None
    relations: tuple[Relation, ...] = ()
    # Relations that cannot be (a member of itself), each at the field that makes it so.
    checks: Callable[[Any, Records], list[ContentError]] = lambda record, records: []
    feed: Feed | None = None
    data: DataTables | None = None
    # schema.org JSON-LD of the record's page: view, page address, Markdown → text, labels.
    json_ld: Callable[..., dict[str, Any]] | None = None
    # Code vocabularies with labels: the name of the label table in the templates' macros →
    # the codes each must label (the open data writes a label beside each code).
    vocabularies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The Markdown texts a page view of this kind shows, rendered before the pages are.
    markdown_texts: Callable[[Any], Iterable[LocalText]] = lambda view: ()
    # Why a record is not to be published on "today" ('a draft', 'scheduled for 2027-01-15'),
    # or None: such records are left out of the site unless a build asks for drafts.
    unpublished: Callable[[Any, datetime.date], str | None] = lambda record, today: None
    download: Download | None = None

    def relation_fields(self, record: Any) -> tuple[Any, ...]:
        """What of a record its relations are made of (each relation's keys and order): an edit
        that keeps it keeps every relation."""
        return tuple((tuple(relation.keys(record)), relation.order(record)) for relation in self.relations)

    def fields_of(self, language: str | None, default: str) -> tuple[FieldSpec, ...]:
        """The fields a file of the record gives: a YAML record's all, a Markdown file's by its
        language."""
        if self.markdown is None:
            return self.fields
        extra = self.markdown.shared_fields if language == default else self.markdown.translation_fields
        return self.markdown.language_fields + extra


@dataclass(frozen=True, slots=True)
class OwnerPages:
    """The site's pages about its owner, a record of `kind`: the home page, and the contact,
    privacy and accessibility pages (one view for the three), and what those cannot say."""

    kind: str
    home: Callable[[Views], Any]
    public_body: Callable[[Views], Any]
    nav: Callable[[Views], tuple[Any, ...]]  # Links after the home page in the navigation
    gaps: Callable[[Any, SiteConfig], list[ContentError]]


@dataclass(frozen=True, slots=True)
class Model:
    """Every kind of a site, in the order of the navigation and the data, and its owner's pages."""

    kinds: tuple[Kind, ...]
    owner: OwnerPages
    by_name: Mapping[str, Kind] = field(init=False, repr=False, compare=False)
    _by_plural: Mapping[str, Kind] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {kind.name: kind for kind in self.kinds})
        object.__setattr__(self, "_by_plural", {kind.plural: kind for kind in self.kinds})
        mistakes = declaration_mistakes(self)
        if mistakes:
            raise ValueError("record kinds declared wrong:\n" + "\n".join(mistakes))

    def kind(self, name: str) -> Kind:
        return self.by_name[name]

    def list_kind(self, kind: str, key: str) -> Kind | None:
        """The kind whose list the page (kind, key) is: `kind` is its plural, `key` a list key."""
        declared = self._by_plural.get(kind)
        if declared is None or declared.listing is None or not is_list_key(key):
            return None
        return declared

    def page_kind(self, kind: str, key: str) -> Kind | None:
        """The kind whose record has the page (kind, key) as its own; None for a list (a kind
        may name its lists as it names its records: news) or a page every site has."""
        declared = self.by_name.get(kind)
        if declared is None or declared.pages is None or (declared.plural == kind and is_list_key(key)):
            return None
        return declared

    def relation(self, name: str) -> tuple[Kind, Relation] | None:
        """The relation of that name and the kind that declares it (whose records it groups)."""
        return next(((kind, r) for kind in self.kinds for r in kind.relations if r.name == name), None)

    def list_names(self) -> tuple[str, ...]:
        """The names of the lists that go on over pages, as site.yaml's `page_size` names them:
        the listed kinds' plurals and the paged lists of own pages."""
        paged = (kind.pages.paged.field for kind in self.kinds if kind.pages and kind.pages.paged)
        return tuple(sorted({*(kind.plural for kind in self.listed()), *paged}))

    def listed(self) -> tuple[Kind, ...]:
        """The kinds with a list page, in order."""
        return tuple(kind for kind in self.kinds if kind.listing is not None)

    def by_plural(self, plural: str) -> Kind | None:
        return self._by_plural.get(plural)


def declaration_mistakes(model: Model) -> list[str]:
    """What makes the declarations unusable together, found once when the model is made rather
    than as a puzzling error in some stage: a name or folder twice, a reference to a kind not
    declared, pages or a list without folders, a feed whose entries have nowhere to point."""
    mistakes = []
    names = [name for kind in model.kinds for name in {kind.name, kind.plural}]
    mistakes += [f"'{name}' names two kinds" for name in sorted({n for n in names if names.count(n) > 1})]
    for kind in model.kinds:
        mistakes += [f"{kind.name}: {mistake}" for mistake in _kind_mistakes(kind, model)]
    if model.owner.kind not in model.by_name:
        mistakes.append(f"the owner's kind '{model.owner.kind}' is not declared")
    return mistakes


def _kind_mistakes(kind: Kind, model: Model) -> list[str]:
    mistakes = [
        f"field '{name}' refers to the kind '{target}', which is not declared"
        for name, target in _references(kind.fields)
        if target not in model.by_name
    ]
    if kind.markdown is not None and kind.markdown.under not in model.by_name:
        mistakes.append(f"its files are under the kind '{kind.markdown.under}', which is not declared")
    if kind.markdown is None and not kind.starter:
        mistakes.append("no starting file (starter) for 'unionsite new'")
    if (kind.listing is not None or (kind.pages and kind.pages.under is None)) and kind.folders is None:
        mistakes.append("its pages need folders per language")
    anchored = kind.listing is not None and kind.listing.anchored
    if kind.feed is not None and (kind.entry is None or (kind.pages is None and not anchored)):
        mistakes.append("a feed entry points at its own page or its entry on an anchored list page")
    if kind.download is not None and kind.pages is None:
        mistakes.append("a download is written beside its own pages, which it lacks")
    listing = kind.listing
    if listing is not None and listing.folder is None and (listing.on or listing.navigation != (MAIN_LIST,)):
        mistakes.append("lists other than its own need folders")
    if kind.data is not None and kind.data.view == "own" and kind.pages is None:
        mistakes.append("its open data is made of the view of its own page, which it lacks")
    if kind.data is not None and kind.data.view == "entry" and kind.entry is None:
        mistakes.append("its open data is made of its entry view, which it lacks")
    if kind.data is not None and kind.plural not in kind.data.tables:
        mistakes.append(f"its first open-data table must be named '{kind.plural}'")
    paged = kind.pages.paged if kind.pages else None
    if paged is not None and model.relation(paged.relation) is None:
        mistakes.append(
            f"its pages' list '{paged.field}' is of the relation '{paged.relation}', not declared"
        )
    return mistakes


def _references(fields: Iterable[FieldSpec]) -> Iterator[tuple[str, str]]:
    """(field, kind) of every reference among `fields`, in lists and nested fields too."""
    for declared in fields:
        type_: Any = declared.type
        while isinstance(type_, ListType):
            type_ = type_.item
        if isinstance(type_, RefType):
            yield declared.name, type_.kind
        elif isinstance(type_, StructType):
            yield from ((f"{declared.name}.{name}", kind) for name, kind in _references(type_.fields))


# The last fields of a record that has a page of its own and is published when ready (news, an
# event): an image under its title, its address per language, whether it is a draft, and the
# version of the default language its translations were made from.
PUBLISHED_FIELDS = (
    spec("image", ImageType()),
    spec("slug", SlugType(per_language=True)),
    spec("draft", BoolType(), default=False),
    spec("translated_from", StampType()),
)


def title_slug(record: Any, language: str, default: str) -> tuple[str, SourceRef]:
    """A record's own slug in the language, else one made from its title there."""
    own = record.slug.get(language) if record.slug else None
    if own:
        return own, field_at(record, ("slug", language))
    text = record.title.get(language) or record.title.get(default) or ""
    return slugify(text), field_at(record, ("title", language))


def maybe(function: Callable[[Any], Any], value: Any) -> Any:
    return None if value is None else function(value)
