"""The straight, timed list of stage calls: config → load → validate → translations → urls →
site → render → the whole-site steps (sitemap, open data, search index) → write. `check` stops
before the site is made."""

from __future__ import annotations

import gc
import time
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateSyntaxError

from .assets import Assets, prepare_assets
from .catalogs import check_catalog, compile_catalog, read_catalog
from .config import CONFIG_FILE, OUTPUT_OPTION, SiteConfig, load_config
from .data_catalog import DataLabels, data_labels
from .errors import ContentError, ContentErrors, ErrorReport, Severity, SourceRef, UnionsiteError
from .fields import ImageUse
from .history import History, read_history
from .i18n import Localizer
from .kinds import MODEL, Model
from .load import (
    CATALOG_PATH,
    LOCALE_FOLDER,
    MARKDOWN_CACHE,
    LoadedContent,
    TemplateLoader,
    load_assets,
    load_catalogs,
    load_content,
    read_markdown_cache,
)
from .markdown import MarkdownRenderer, Source
from .open_data import OpenData, open_data
from .pictures import Pictures, prepare_pictures, prune_pictures
from .publish import download_files, whole_site_files
from .render import (
    ROOT_TEMPLATE,
    Rendered,
    RenderedFile,
    TemplateFailure,
    Templates,
    heading_ids,
    make_environment,
    read_templates,
    render_markdown_in_workers,
    render_site,
    template_keys,
)
from .search import SearchablePage, search_index
from .site import STYLESHEET, Route, Site, build_site, computed_imports, is_indexed, site_templates
from .translations import TranslationReport, Translations, check_translations
from .urls import Urls, plan_urls
from .validate import Records, Validated, validate
from .write import (
    SITE_WRITTEN,
    output_refusal,
    recover_output,
    store_markdown_cache,
    update_site,
    write_site,
)

# The stages that make files about the whole site rather than pages: sitemap and host files,
# open data, search index. Benchmarks report them apart from the pages' stages.
WHOLE_SITE_STAGES = ("sitemap", "open-data", "search-index")


@dataclass(frozen=True)
class Checked:
    """The content read and checked, with everything rendering needs; nothing written yet. It
    keeps what each stage made, so that a rebuild redoes only the part an edit touched."""

    config: SiteConfig
    content: LoadedContent
    validated: Validated
    translated: Translations  # the records with outdated texts marked, and the report
    urls: Urls
    ui: Ui
    assets: Assets
    warnings: ErrorReport
    texts: Mapping[str, str]
    history: History  # when each content file last changed, for the feeds
    pictures: Pictures  # the images records show, made
    model: Model = MODEL  # the record kinds

    @property
    def records(self) -> Records:
        return self.translated.records

    @property
    def translations(self) -> TranslationReport:
        return self.translated.report

    @property
    def environments(self) -> Mapping[str, Environment]:
        return self.ui.environments

    @property
    def template_keys(self) -> Mapping[tuple[str, str], str]:
        return self.ui.template_keys


@dataclass(frozen=True)
class Ui:
    """The templates and catalogs, and what is made of them: an environment per language, the
    digests that tell a rebuild which pages a template touches, and the UI strings missing."""

    templates: Templates
    catalogs: Mapping[str, bytes]
    environments: Mapping[str, Environment]
    template_keys: Mapping[tuple[str, str], str]
    problems: tuple[ContentError, ...]
    markdown: MarkdownRenderer  # shared by every language: a text is rendered once
    # The open data's labels in each language, from the templates the kinds name: made again
    # only with the environments (none while the templates or catalogs have problems).
    data_labels: Mapping[str, DataLabels] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchIndex:
    """The pages as the search index knows them, and the index's files."""

    pages: tuple[SearchablePage, ...]
    files: tuple[RenderedFile, ...]


@dataclass(frozen=True)
class BuildReport:
    checked: Checked
    site: Site
    rendered: Rendered
    timings: tuple[tuple[str, float], ...]
    output: Path | None
    written: tuple[str, ...] = ()  # the files an incremental rebuild replaced or removed
    search: SearchIndex = SearchIndex((), ())  # the pages searched, and the index's files
    data: OpenData | None = None  # the open data files, and their rows for the next rebuild
    # A full build's Markdown texts: how many the cache on disk had, and how many were rendered.
    markdown: tuple[int, int] = (0, 0)
    # What the user should know of the write: leftovers of stopped builds restored or not removed.
    notes: tuple[str, ...] = ()

    @property
    def files(self) -> int:
        """How many files the site has: those rendered, and the images copied from the cache."""
        return len(self.rendered.files) + len(self.checked.pictures.files)

    @property
    def config(self) -> SiteConfig:
        return self.checked.config

    @property
    def records(self) -> Records:
        return self.checked.records

    @property
    def warnings(self) -> ErrorReport:
        return self.checked.warnings

    @property
    def texts(self) -> Mapping[str, str]:
        return self.checked.texts


class _Timer:
    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings.append((name, time.perf_counter() - start))


def check(
    root: Path,
    *,
    owner: str | None = None,
    output: str | None = None,
    strict: bool = False,
    timer: _Timer | None = None,
    previous: Checked | None = None,
    cache: str | None = None,
    changed: Collection[Path] | None = None,
    writing: bool = False,
    model: Model = MODEL,
    config_file: str = CONFIG_FILE,
    drafts: bool = False,
) -> Checked:
    """Read and check everything under `root`; raise ContentErrors listing every problem.
    With `previous` (a check of the same site), files and records that did not change since
    are not read or checked again: the outcome is the same as without it. `changed`: the
    content files a watcher saw change since `previous`, if it knows; only they are looked at.
    `writing`: a build will replace the output folder; refuse one it must not replace, first.
    `model`: the record kinds the content is made of. `config_file`: the settings file, if not
    site.yaml; `drafts`: build drafts and scheduled records too (a preview's choice)."""
    timer = timer or _Timer()
    with timer.stage("config"):
        config = load_config(
            root, owner=owner, output_dir=output, cache_dir=cache, config_file=config_file, drafts=drafts
        )
        if writing:
            _check_output(config)
            _check_drafts_output(config)
    if previous is not None and (previous.config != config or previous.config.today != config.today):
        previous = None  # every stage reads the configuration; a new day may publish or move records
    with timer.stage("load"):
        content = load_content(config, previous.content if previous else None, changed, model)
        history = read_history(
            config,
            content.files,
            previous.history if previous else None,
            content.changed if changed is not None else None,
        )
        catalogs, refused_catalogs = load_catalogs(config)
        asset_sources, refused_assets = load_assets(config)
    with timer.stage("validate"):
        validated = validate(content, config, previous.validated if previous else None, model)
        translations = check_translations(
            validated.records, config, previous.translated if previous else None, validated.changed
        )
        urls, url_problems = plan_urls(
            translations.records, config, previous.urls if previous else None, validated.changed
        )
        ui = _ui(config, catalogs, previous.ui if previous else None, model)
        assets = _assets(config, asset_sources, previous.assets if previous else None)
    with timer.stage("images"):
        uses, held = _image_uses(validated)
        pictures = prepare_pictures(config, content, uses, previous.pictures if previous else None, held=held)
    template_texts = {
        f"{config.templates_dir}/{name}": source for name, source in ui.templates.sources.items()
    }
    texts = {
        config.file: config.text,
        **content.texts,
        **template_texts,
        **_catalog_texts(catalogs),
        **_asset_texts(config, asset_sources),
    }
    report = ErrorReport.of(
        [
            *content.problems,
            *refused_catalogs,
            *refused_assets,
            *validated.problems,
            *translations.problems,
            *url_problems,
            *ui.problems,
            *assets.problems,
            *pictures.problems,
            *_public_body_gaps(config, translations.records),
        ]
    )
    if report.errors or (strict and report.warnings):
        raise ContentErrors(report, texts)
    return Checked(
        config, content, validated, translations, urls, ui, assets, report, texts, history, pictures, model
    )


def build(
    root: Path,
    *,
    owner: str | None = None,
    output: str | None = None,
    strict: bool = False,
    write: bool = True,
    workers: int | None = None,
    cache: str | None = None,
    model: Model = MODEL,
    config_file: str = CONFIG_FILE,
    drafts: bool = False,
) -> BuildReport:
    """Build the site under `root`; raise ContentErrors listing every problem, writing nothing.
    `workers`: processes to render pages in (None: one per core when the site is large);
    `cache`: the cache folder, if not site.yaml's; `model`: the record kinds."""
    with _collector_paused():
        timer = _Timer()
        checked = check(
            root,
            owner=owner,
            output=output,
            strict=strict,
            timer=timer,
            cache=cache,
            writing=write,
            model=model,
            config_file=config_file,
            drafts=drafts,
        )
        return _build(checked, timer, write=write, workers=workers)


def _check_drafts_output(config: SiteConfig) -> None:
    """Refuse to write a build with drafts where the published site is written: a preview of
    what is not published yet must never be the folder a host is given."""
    if config.drafts and (config.output_at is None or config.output_at.path != OUTPUT_OPTION):
        raise UnionsiteError(
            "--drafts builds a preview with what is not published yet: give it a folder of its own "
            f"with --output (such as {config.output_dir}-drafts), never the site's '{config.output_dir}'"
        )


def _check_output(config: SiteConfig) -> None:
    """Refuse an output folder a build must not replace: the site's own or one holding it, one
    overlapping what the build reads (or keeps: the cache), one with files no build made."""
    keep = {
        f"{config.content_dir}/": config.path(config.content_dir),
        f"{config.templates_dir}/": config.path(config.templates_dir),
        f"{config.assets_dir}/": config.path(config.assets_dir),
        f"{LOCALE_FOLDER}/": config.path(LOCALE_FOLDER),
        ".git/": config.path(".git"),
        f"the cache folder '{config.cache_dir}'": config.path(config.cache_dir),
    }
    refusal = output_refusal(config.path(config.output_dir), config.root, keep)
    if refusal is not None:
        at = config.output_at or SourceRef(config.output_dir, 0)
        problem = ContentError(at, f"the output folder '{config.output_dir}' {refusal}")
        raise ContentErrors(ErrorReport.of([problem]), {config.file: config.text})
    recover_output(config.path(config.output_dir))


def _build(checked: Checked, timer: _Timer, *, write: bool, workers: int | None) -> BuildReport:
    site, rendered, search, data, texts = _site_and_files(checked, timer, workers=workers)
    target = checked.config.path(checked.config.output_dir) if write else None
    notes: tuple[str, ...] = ()
    if target is not None:
        with timer.stage("write"):
            notes = write_site(rendered.files, target, checked.pictures.files)
            _store_markdown(checked, keep=texts.keys if texts else None)
            prune_pictures(checked.config, checked.pictures)
    counts = (texts.cached, texts.rendered) if texts else (0, 0)
    timings = tuple(timer.timings)
    return BuildReport(
        checked, site, rendered, timings, target, search=search, data=data, markdown=counts, notes=notes
    )


def rebuild(
    previous: BuildReport,
    *,
    owner: str | None = None,
    search: bool = True,
    changed: Collection[Path] | None = None,
) -> BuildReport:
    """Build again after an edit: everything is read and checked again in memory, but only the
    pages whose view or templates changed are rendered, and only files whose bytes changed are
    replaced (each atomically, once everything is rendered). The output equals a full build;
    with `search` False, but for the search index, which stays as it was (the preview's choice:
    indexing thousands of pages takes seconds, an edit's pages a fraction of one). `changed`:
    the content files a watcher saw change, when it knows them; else every file is looked at."""
    with _collector_paused():
        return _rebuild(previous, owner, search, changed)


def _rebuild(
    previous: BuildReport, owner: str | None, search: bool, changed: Collection[Path] | None
) -> BuildReport:
    assert previous.output is not None, "a rebuild follows a build that wrote its output"
    timer = _Timer()
    config = previous.config
    checked = check(
        config.root,
        owner=owner,
        output=config.output_dir,
        timer=timer,
        previous=previous.checked,
        cache=config.cache_dir,
        changed=changed,
        model=previous.checked.model,
        config_file=config.file,
        drafts=config.drafts,
    )
    site, rendered, index, data, _ = _site_and_files(checked, timer, previous, search)
    candidates = None
    if site.rebuilt is not None:  # the same pages as before: only these files can differ or go
        pages = len(site.pages) + 1  # with the root page; the files about the whole site follow
        others = (*rendered.files[pages:], *previous.rendered.files[pages:])
        candidates = rendered.rendered.union(file.path for file in others)
    with timer.stage("write"):
        copies = (checked.pictures.files, previous.checked.pictures.files)
        written = update_site(rendered.files, previous.rendered.files, previous.output, candidates, copies)
        _store_markdown(checked, keep=None)
    timings = tuple(timer.timings)
    return BuildReport(checked, site, rendered, timings, previous.output, written, search=index, data=data)


def _site_and_files(
    checked: Checked,
    timer: _Timer,
    previous: BuildReport | None = None,
    search: bool = True,
    workers: int | None = 1,
) -> tuple[Site, Rendered, SearchIndex, OpenData, MarkdownTexts | None]:
    same_config = previous is not None and previous.config == checked.config
    labels = checked.ui.data_labels
    with timer.stage("site"):
        site = build_site(
            checked.records,
            checked.config,
            checked.urls,
            checked.assets.urls,
            previous.site if previous and same_config else None,
            changed=checked.validated.changed,
            history=checked.history,
            data_labels=labels,
            pictures=checked.pictures.pictures,
        )
    # The Markdown texts first, from the cache on disk or in workers on a large site, then open
    # data: both fill the shared renderer's memory, which forked page workers inherit instead
    # of each rendering the texts again. A rebuild renders the few texts an edit made as the
    # pages ask for them.
    with timer.stage("markdown"):
        texts = _prepare_markdown(checked, site, workers) if previous is None else None
    with timer.stage("open-data"), _template_errors(checked.config, checked.ui.templates.sources):
        plain = checked.ui.markdown.plain
        data = open_data(site, checked.config, plain, labels, previous.data if previous else None)
    with timer.stage("render"), _template_errors(checked.config, checked.ui.templates.sources):
        rendered = render_site(
            site,
            checked.environments,
            checked.template_keys,
            previous.rendered if previous else None,
            workers,
        )
    # The other steps over the whole site, each timed on its own (WHOLE_SITE_STAGES).
    with timer.stage("sitemap"):
        before = (previous.site, previous.rendered.files) if previous else None
        extra = whole_site_files(site, checked.config, rendered.files, before)
        extra += download_files(site, checked.config, plain)
    with timer.stage("search-index"):
        index = _search_index(checked.config, site, rendered.files, previous, search)
    assets = tuple(RenderedFile(file.path, file.content) for file in checked.assets.files)
    rendered = replace(rendered, files=rendered.files + extra + data.files + assets + index.files)
    return site, rendered, index, data, texts


@dataclass(frozen=True)
class MarkdownTexts:
    """A full build's Markdown texts: the cache keys of all it shows, how many of them the cache
    on disk had and how many were rendered."""

    keys: frozenset[bytes]
    cached: int
    rendered: int


def _prepare_markdown(checked: Checked, site: Site, workers: int | None) -> MarkdownTexts:
    """Give the shared renderer every Markdown text of the site: what the cache on disk holds
    is read back, the rest rendered (in workers, when there are enough)."""
    markdown = checked.ui.markdown
    texts = {markdown.cache_key(*source): source for source in dict.fromkeys(markdown_texts(site))}
    unrendered = set(markdown.unrendered(texts.values()))
    todo = {key: source for key, source in texts.items() if source in unrendered}
    stored = read_markdown_cache(checked.config, todo.keys())
    markdown.remember({todo[key]: html for key, html in stored.items()}, stored=True)
    render_markdown_in_workers(markdown, (text for key, text in todo.items() if key not in stored), workers)
    return MarkdownTexts(frozenset(texts), len(stored), len(todo) - len(stored))


def _store_markdown(checked: Checked, keep: frozenset[bytes] | None) -> None:
    """Keep the texts rendered in this build in the cache on disk, for the next build."""
    config = checked.config
    file = config.path(config.cache_dir) / MARKDOWN_CACHE
    try:
        store_markdown_cache(file, checked.ui.markdown.unstored(), keep)
    except UnionsiteError as error:
        error.add_note(SITE_WRITTEN)
        raise


def markdown_texts(site: Site) -> Iterator[Source]:
    """Every Markdown text the pages show, in every language, as the kinds of the records' own
    pages say (an organization's description and its memberships' notes, a page's body), with
    the URLs of its links and its images; a text with links or images also without them, as its
    plain text asks for it."""
    model = site.model
    for page in site.pages:
        kind = model.page_kind(page.route.kind, page.route.key)
        if kind is not None and kind.pages is not None:
            for text in kind.markdown_texts(page.view):
                yield text.text, text.links, text.images
                if text.links or text.images:
                    yield text.text, (), ()


def _search_index(
    config: SiteConfig,
    site: Site,
    files: tuple[RenderedFile, ...],
    previous: BuildReport | None,
    update: bool,
) -> SearchIndex:
    """The searched pages and their search index: the previous index when it was made from the
    same pages, or when told not to `update` it."""
    if not config.search:
        return SearchIndex((), ())
    if previous is not None and not update:
        return previous.search
    pages = _searchable(config, site, files)
    if previous is not None and previous.config == config:
        before = previous.search.pages
        same = len(before) == len(pages) and all(
            a.html is b.html or a == b for a, b in zip(before, pages, strict=True)
        )
        if same:
            return SearchIndex(pages, previous.search.files)
    return SearchIndex(pages, search_index(pages))


def _searchable(
    config: SiteConfig, site: Site, files: tuple[RenderedFile, ...]
) -> tuple[SearchablePage, ...]:
    """The searched pages with their HTML: the rendered files start with the pages, in order.
    A search finds each record's own page, of the kinds declared as searched; the home and list
    pages only repeat, in short, what those say, and with thousands of records they are the
    largest pages of all. So do the later pages of a record's page that goes on over pages,
    which list what the records they name have pages for."""

    def searched(route: Route) -> bool:
        kind = site.model.page_kind(route.kind, route.key)
        return kind is not None and kind.pages is not None and kind.pages.searched and route.number == 1

    return tuple(
        SearchablePage(page.url, page.route.language, file.content)
        for page, file in zip(site.pages, files, strict=False)
        if searched(page.route) and is_indexed(page, config)
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold Python's cycle collector while building. Each of its full passes walks every live
    object, and a large site keeps millions (records, views kept for the next rebuild): one pass
    can cost more than a whole rebuild after an edit. A build makes few reference cycles, so
    nothing piles up; collection goes on as before once the build is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _image_uses(validated: Validated) -> tuple[tuple[ImageUse, ...], frozenset[str]]:
    """Every use of an image by a record, and the images only records left out of the site
    (drafts, records dated later) show."""
    unpublished = validated.records.unpublished
    uses: list[ImageUse] = []
    shown: set[str] = set()
    for outcome in validated.outcomes.values():
        record = outcome.record
        held = record is not None and record.id in unpublished.get(outcome.raws[0].kind, {})
        uses += outcome.images
        shown.update(() if held else (use.path for use in outcome.images))
    return tuple(uses), frozenset(use.path for use in uses) - shown


def _public_body_gaps(config: SiteConfig, records: Records) -> list[ContentError]:
    """Warnings for what the contact, privacy and accessibility pages would give but cannot: the
    pages say only what is known, and the editor should know what is missing."""
    gaps = []
    if config.contact_email is None:
        gaps.append(
            "contact.email: not set: the contact, privacy and accessibility pages give no e-mail address"
        )
    if config.contact_phone is None:
        gaps.append("contact.phone: not set: the contact page gives no phone number")
    warnings = [ContentError(config.contact_at, gap, Severity.WARNING) for gap in gaps]
    owner_pages = records.model.owner
    owner = records.of(owner_pages.kind).get(config.owner)
    if owner is not None:
        warnings += owner_pages.gaps(owner, config)
    return warnings


def _assets(config: SiteConfig, sources: Mapping[str, bytes], previous: Assets | None) -> Assets:
    """Minified and fingerprinted assets, unless every file is as in `previous`. Every page links
    the stylesheet, so a site without one is told so."""
    if previous is not None and previous.sources == sources:
        return previous
    assets = prepare_assets(sources, config.base_path, config.assets_dir)
    if STYLESHEET in assets.urls or any(p.source.path.endswith(STYLESHEET) for p in assets.problems):
        return assets
    missing = ContentError(
        SourceRef(f"{config.assets_dir}/{STYLESHEET}", 0),
        "missing: every page links this stylesheet; copy it from unionsite's own assets/",
    )
    return replace(assets, problems=(*assets.problems, missing))


def _asset_texts(config: SiteConfig, sources: Mapping[str, bytes]) -> dict[str, str]:
    """The stylesheets' text, shown under a CSS error."""
    return {
        f"{config.assets_dir}/{name}": content.decode("utf-8", "replace")
        for name, content in sources.items()
        if name.endswith(".css")
    }


def _catalog_texts(catalogs: Mapping[str, bytes]) -> dict[str, str]:
    return {CATALOG_PATH.format(language=k): v.decode("utf-8", "replace") for k, v in catalogs.items()}


def _ui(config: SiteConfig, catalogs: Mapping[str, bytes], previous: Ui | None, model: Model) -> Ui:
    """Read the templates, and make the environments unless the templates and catalogs are all
    as in `previous`. (An environment notices a changed template itself, but a template change
    may add a UI string that a catalog lacks.)"""
    loader = TemplateLoader(config)
    with _template_errors(config):
        templates = read_templates(
            make_environment(loader, model=model),
            config.templates_dir,
            previous.templates if previous else None,
        )
    if previous is not None and previous.templates is templates and previous.catalogs == catalogs:
        return previous
    environments: dict[str, Environment] = {}
    needs = {**site_templates(model), ROOT_TEMPLATE: ""}
    problems = [
        ContentError(SourceRef(f"{config.templates_dir}/{name}"), _missing_template(needs[name]))
        for name in sorted(needs.keys() - templates.sources.keys())
    ]
    markdown = MarkdownRenderer(heading_ids(model))  # shared: a text is rendered once, whatever pages show it
    for language in catalogs:
        path = CATALOG_PATH.format(language=language)
        catalog, unread = read_catalog(catalogs[language], language, path)
        problems += unread
        if catalog is None:
            continue  # the build stops on the problem before anything is rendered
        problems += check_catalog(templates.strings, catalog)
        local = Localizer.for_language(config, language)
        environments[language] = make_environment(loader, compile_catalog(catalog), local, markdown, model)
    keys = template_keys(templates, catalogs, computed_imports(model))
    labels = {}
    if not problems:  # else the build stops on them, listed with every other problem
        with _template_errors(config, templates.sources):
            labels = data_labels(environments, config.templates_dir, model, templates.sources)
    return Ui(templates, catalogs, environments, keys, tuple(problems), markdown, labels)


def _missing_template(kind: str) -> str:
    """Why a template must be there: the site's pages need every one unionsite ships, and a
    kind's declaration names its own."""
    if not kind:
        return "missing: the site needs this template; copy it from unionsite's own templates/"
    return f"missing: the {kind} kind declares this template; write it, or copy unionsite's own if it has one"


@contextmanager
def _template_errors(config: SiteConfig, sources: Mapping[str, str] | None = None) -> Iterator[None]:
    """A broken template becomes one message at the template's line, with the line shown, as a
    content error is, not a traceback. `sources`: the templates' text by name, if read."""
    try:
        yield
    except TemplateSyntaxError as error:
        where = _template_path(config, error.filename or error.name or "")
        text = error.source or (sources or {}).get(where.partition("/")[2], "")
        raise _template_error(where, error.lineno, f"template error: {error.message}", text) from None
    except TemplateFailure as failure:
        where = _template_path(config, failure.filename)
        text = (sources or {}).get(where.removeprefix(f"{config.templates_dir}/"), "")
        raise _template_error(where, failure.line, failure.message, text) from None
    except TemplateError as error:
        raise UnionsiteError(f"{config.templates_dir}: template error: {error.message}") from None


def _template_path(config: SiteConfig, filename: str) -> str:
    """A template's path from the site's root, from the name or file name Jinja gives it."""
    path = Path(filename)
    if path.is_absolute():
        return path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else filename
    prefix = f"{config.templates_dir}/"
    return filename if filename.startswith(prefix) else prefix + filename


def _template_error(path: str, line: int, message: str, text: str) -> ContentErrors:
    problem = ContentError(SourceRef(path, line), message)
    return ContentErrors(ErrorReport.of([problem]), {path: text})
