"""Routes with their typed views → RenderedFiles: one Jinja environment per language
(StrictUndefined, autoescape, its gettext catalog, filters registered in one place), and the
UI strings the templates mark, for `catalogs` to check."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from babel import Locale
from babel.support import Translations
from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    meta,
    select_autoescape,
)
from markupsafe import Markup, escape

from .catalogs import UiString
from .errors import SourceRef, UnionsiteError
from .i18n import Localizer, LocalText
from .kinds import MODEL, Model
from .linked_data import json_ld_script
from .markdown import HeadingIds, MarkdownRenderer, Source, outline, picture_html
from .site import PageOut, Site
from .turkish import CASES
from .views import ImageView, RootView

ROOT_TEMPLATE = "root.html"
ROOT_OUTPUT = "index.html"

# The ids the templates give parts of a page, and the first words of those they make from a
# code (data.html: dataset-<name>): a heading of a Markdown text never takes one. The ids made
# from records (membership-<id>, memberships-of-<id>) begin with a kind's name or plural, which
# `heading_ids` adds. A test checks every id of the built pages against them.
LAYOUT_IDS = frozenset(
    {
        "about",
        "contact-email",
        "contact-message",
        "contact-name",
        "contents",
        "data-layout",
        "figures",
        "main",
        "member-of",
        "members",
        "search-results",
        "search-status",
        "site-search-query",
    }
)
LAYOUT_ID_PREFIXES = ("dataset",)


def heading_ids(model: Model) -> HeadingIds:
    """How the headings of Markdown texts get ids that no part of a page has."""
    kinds = {name for kind in model.kinds for name in (kind.name, kind.plural)}
    return HeadingIds(LAYOUT_IDS, tuple(sorted({*LAYOUT_ID_PREFIXES, *kinds})))


@dataclass(frozen=True)
class RenderedFile:
    path: str
    content: bytes


def make_environment(
    loader: BaseLoader,
    translations: Translations | None = None,
    local: Localizer | None = None,
    markdown: MarkdownRenderer | None = None,
    model: Model = MODEL,
) -> Environment:
    """The environment of one language: its catalog is installed once, never swapped, because
    imported macro modules keep the globals they were first made with. Its filters follow the
    language's rules (`upper` in Turkish writes İ for i)."""
    environment = Environment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    markdown = markdown or MarkdownRenderer(heading_ids(model))
    environment.filters.update(
        markdown=functools.partial(_markdown_filter, markdown),
        plain=markdown.plain,
        lead=markdown.lead,
        headings=markdown.headings,
        outline=outline,
        picture=_picture_filter,
        language_name=language_name,
        display_url=display_url,
    )
    environment.globals["json_ld"] = functools.partial(_json_ld, model, markdown.plain)
    if local is not None:
        environment.filters.update(_language_filters(local))
    if translations is not None:
        _install_escaped(environment, translations)
    return environment


def _json_ld(
    model: Model, plain: Callable[[str], str], kind: str, view: Any, page: str, **labels: Any
) -> Markup:
    """`json_ld(kind, view, page address, label=macro, …)` in a template: the schema.org JSON-LD
    the kind declares for its page (a <script type="application/ld+json"> body). The labels are
    the template's macros that name codes in the page's language."""
    declared = model.kind(kind).json_ld
    if declared is None:
        raise UnionsiteError(f"the {kind} kind declares no JSON-LD for its pages")
    return json_ld_script(declared(view, page, plain=plain, **labels))


def _install_escaped(environment: Environment, translations: Translations) -> None:
    """The catalog's texts as plain text: Jinja takes a translation for markup, so that
    `<script>` in a msgstr would reach the page as a script. Markup a template passes as a
    value (`|safe`) stays markup."""

    def gettext(message: str) -> Markup:
        return escape(translations.gettext(message))

    def ngettext(singular: str, plural: str, count: int) -> Markup:
        return escape(translations.ngettext(singular, plural, count))

    environment.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]


def _markdown_filter(renderer: MarkdownRenderer, text: Any) -> Markup:
    """`t|markdown` for a LocalText (its links lead to their URLs) or a plain string."""
    if isinstance(text, LocalText):
        return Markup(renderer(text.text, text.links, text.images))
    return Markup(renderer(str(text)))


def _picture_filter(image: ImageView) -> Markup:
    """`image|picture`: the markup of an image a record shows, as a Markdown text's images are
    written, its description in the page's language (validation asks for one in every
    language), or none: decorative."""
    return Markup(picture_html(image.picture, image.alt.text if image.alt is not None else ""))


# The first image of a page is loaded at once, the others only when the reader nears them: the
# first is usually in view when the page opens (its largest content), the others below.
_LAZY = ' loading="lazy"'
_EAGER = ' fetchpriority="high"'


def first_image_eager(html: str) -> str:
    """The page's HTML with its first image loaded at once, not lazily."""
    return html.replace(_LAZY, _EAGER, 1)


def _language_filters(local: Localizer) -> dict[str, Callable[..., Any]]:
    """Filters whose result depends on the language: casing, case suffixes, numbers."""

    def keeping_markup(function: Callable[[str], str]) -> Callable[[Any], Any]:
        def apply(value: Any) -> Any:
            result = function(str(value))
            return Markup(result) if isinstance(value, Markup) else result

        return apply

    filters: dict[str, Callable[..., Any]] = {
        name: keeping_markup(getattr(local, name)) for name in ("upper", "lower", "capitalize", "title")
    }

    def inflect(value: Any, case: str) -> Any:
        return keeping_markup(lambda text: local.inflect(text, case))(value)

    filters["inflect"] = inflect
    for case in CASES:
        filters[case] = functools.partial(inflect, case=case)
    filters["number"] = local.number
    return filters


def language_name(code: str) -> str:
    """A language's name in that language ('Türkçe', 'English'), for language switches."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def display_url(url: str) -> str:
    """A URL as people write it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


# ---------------------------------------------------------------------------------------------
# UI strings


@dataclass(frozen=True)
class Templates:
    """Every template, read and parsed once: its source, the templates it extends, includes and
    imports (None for a name computed at render time), and the UI strings it marks."""

    sources: Mapping[str, str]
    uses: Mapping[str, frozenset[str | None]]
    strings: tuple[UiString, ...]


def read_templates(
    environment: Environment, templates_dir: str, previous: Templates | None = None
) -> Templates:
    """Read every template; parse them unless their sources are all as in `previous`."""
    assert environment.loader is not None
    loader = environment.loader
    sources = {name: loader.get_source(environment, name)[0] for name in loader.list_templates()}
    if previous is not None and previous.sources == sources:
        return previous
    uses: dict[str, frozenset[str | None]] = {}
    strings: list[UiString] = []
    for name, source in sources.items():
        tree = environment.parse(source, name, f"{templates_dir}/{name}")
        uses[name] = frozenset(meta.find_referenced_templates(tree))
        path, lines = f"{templates_dir}/{name}", source.splitlines()
        for line, _function, message in environment.extract_translations(tree):  # type: ignore[attr-defined]
            msgid = _msgid(message)
            if msgid:
                strings.append(UiString(msgid, SourceRef(path, line, _column(lines, line, msgid))))
    return Templates(sources, uses, tuple(strings))


def _msgid(message: str | tuple[str | None, ...]) -> str | tuple[str, ...]:
    """A singular id, or (singular, plural); keyword arguments show up as None and are dropped."""
    if isinstance(message, str):
        return message
    parts = tuple(part for part in message if part is not None)
    return parts[0] if len(parts) == 1 else parts


def _column(lines: list[str], line: int, msgid: str | tuple[str, ...]) -> int:
    singular = msgid if isinstance(msgid, str) else msgid[0]
    found = lines[line - 1].find(singular) if 0 < line <= len(lines) else -1
    return found + 1 if found >= 0 else 1


# ---------------------------------------------------------------------------------------------
# Rendering, and rendering again only what changed


@dataclass(frozen=True)
class Rendered:
    """The files of a site, with what each was made from: a later render reuses a file whose
    inputs are equal, so after an edit only the pages it touches are rendered again."""

    files: tuple[RenderedFile, ...]
    inputs: Mapping[str, Any]  # output path → (template key, view) it was rendered from
    rendered: frozenset[str]  # the outputs rendered this time rather than reused
    workers: int = 1  # the processes they were rendered in
    template_keys: Mapping[tuple[str, str], str] | None = None  # what they were rendered with


# A full build renders in worker processes when it has at least this many pages to render and
# more than one core: below it, starting the workers costs more than they save.
PARALLEL_FROM = 400
Job = tuple[str, str, str, Any]  # output, language, template, the page (or the root view)


def render_site(
    site: Site,
    environments: Mapping[str, Environment],
    template_keys: Mapping[tuple[str, str], str],
    previous: Rendered | None = None,
    workers: int | None = 1,
) -> Rendered:
    """Render every page in its language's environment, then the root page that offers them all.
    `template_keys` ((language, template) → a digest of the template, the templates it uses and
    the language's catalog) lets a page whose view and template are unchanged since `previous`
    keep its file. `workers`: processes to render in (None: one per core, if there are enough
    pages); the files are the same whatever the number. When the site says which pages an
    edit built again, and the templates are as before, only those pages are looked at."""
    if previous is not None and site.rebuilt is not None and previous.template_keys is template_keys:
        return _edited(site, environments, template_keys, previous, site.rebuilt)
    old_files = {file.path: file.content for file in previous.files} if previous else {}
    old_inputs = previous.inputs if previous else {}
    pages = [*map(_page_job, site.pages), _root_job(site, environments)]
    inputs = {
        output: (template_keys[(language, template)], page) for output, language, template, page in pages
    }
    kept = {
        output: old_files[output]
        for output, *_ in pages
        if output in old_files and old_inputs.get(output) == inputs[output]
    }
    jobs = [job for job in pages if job[0] not in kept]
    count = _worker_count(workers, len(jobs))
    made = _render_in_workers(environments, jobs, count) if count > 1 else _render_jobs(environments, jobs)
    contents = {**kept, **dict(zip((job[0] for job in jobs), made, strict=True))}
    files = tuple(RenderedFile(output, contents[output]) for output, *_ in pages)
    return Rendered(files, inputs, frozenset(job[0] for job in jobs), count, template_keys)


def _edited(
    site: Site,
    environments: Mapping[str, Environment],
    template_keys: Mapping[tuple[str, str], str],
    previous: Rendered,
    rebuilt: Iterable[int],
) -> Rendered:
    """`previous` with the pages at the `rebuilt` places (and the root page) rendered again
    where their view is a new object; each file keeps its place, the root page's last."""
    jobs: list[tuple[int, Job]] = [
        (place, _page_job(site.pages[place]))
        for place in sorted(set(rebuilt))
        if previous.inputs[site.pages[place].route.output][1] is not site.pages[place]
    ]
    if previous.inputs[ROOT_OUTPUT][1] is not site.root:
        jobs.append((len(site.pages), _root_job(site, environments)))
    # The pages' files and the root page's come first; the build adds the others after them.
    files, inputs = list(previous.files[: len(site.pages) + 1]), dict(previous.inputs)
    for (place, job), content in zip(jobs, _render_jobs(environments, [job for _, job in jobs]), strict=True):
        output, language, template, page = job
        files[place] = RenderedFile(output, content)
        inputs[output] = (template_keys[(language, template)], page)
    return Rendered(tuple(files), inputs, frozenset(job[0] for _, job in jobs), 1, template_keys)


def _page_job(page: PageOut) -> Job:
    return page.route.output, page.route.language, page.template, page


def _root_job(site: Site, environments: Mapping[str, Environment]) -> Job:
    """The root page, rendered in the first language's environment."""
    return ROOT_OUTPUT, next(iter(environments)), ROOT_TEMPLATE, site.root


def render_markdown_in_workers(
    markdown: MarkdownRenderer, texts: Iterable[Source], workers: int | None
) -> int:
    """Render the texts `markdown` has not rendered yet, in forked workers when there are enough,
    and give it the results, so that rendering pages (in this process or workers forked from
    it) finds them all done. The number of processes used: 1 means none were started."""
    todo = markdown.unrendered(texts)
    count = _worker_count(workers, len(todo) // 4)  # a text is about a quarter of a page's work
    if count == 1:
        for source in todo:
            markdown(*source)
    else:
        for share in _in_forked_workers(_markdown_share, (markdown, todo), count):
            markdown.remember(share)
    return count


def _markdown_share(work: tuple[MarkdownRenderer, list[Source]], start: int, step: int) -> dict[Source, str]:
    markdown, sources = work
    return {source: markdown(*source) for source in sources[start::step]}


def _render_jobs(environments: Mapping[str, Environment], jobs: Iterable[Job]) -> list[bytes]:
    rendered = []
    for output, language, template, page in jobs:
        context = {"root": page} if isinstance(page, RootView) else {"shell": page.shell, "view": page.view}
        environment = environments[language]
        try:
            html = environment.get_template(template).render(context)
            rendered.append(first_image_eager(html).encode("utf-8"))
        except Exception as error:  # a template's own mistake: located, as content's are
            raise _failure(error, environment, template, output) from None
    return rendered


class TemplateFailure(UnionsiteError):
    """A template that failed while a page was rendered: the file and line where it failed, as
    its loader names the file, and why. Plain values, so that it survives a worker's pipe."""

    def __init__(self, filename: str, line: int, message: str) -> None:
        super().__init__(filename, line, message)
        self.filename, self.line, self.message = filename, line, message


def _failure(error: Exception, environment: Environment, template: str, output: str) -> TemplateFailure:
    """Where in the templates `error` happened: Jinja gives each template line its own frame in
    the traceback, named after the template's file."""
    if isinstance(error, TemplateSyntaxError):
        return TemplateFailure(error.filename or error.name or template, error.lineno, error.message or "")
    folders = tuple(getattr(environment.loader, "searchpath", ()))
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(folders) and not frame.filename.endswith(".py")
    ]
    filename, line = (frames[-1].filename, frames[-1].lineno or 1) if frames else (template, 1)
    reason = error.message if isinstance(error, TemplateError) and error.message else str(error)
    if isinstance(error, TemplateNotFound):
        reason = f"no template '{error.name}' to include"
    return TemplateFailure(filename, line, f"{reason} (while rendering {output})")


def _worker_count(workers: int | None, jobs: int) -> int:
    if not hasattr(os, "fork"):
        return 1  # workers inherit the environments by fork; elsewhere, render in one process
    if workers is None:
        return min(os.cpu_count() or 1, 8) if jobs >= PARALLEL_FROM else 1
    return max(1, min(workers, jobs))


def _render_in_workers(
    environments: Mapping[str, Environment], jobs: Sequence[Job], count: int
) -> list[bytes]:
    """The jobs in `count` forked processes, each taking every count-th job (list pages, the
    largest, are spread out that way); the results in the jobs' order."""
    shares = _in_forked_workers(_render_share, (environments, jobs), count)
    rendered: list[bytes] = [b""] * len(jobs)
    for start, share in enumerate(shares):
        rendered[start::count] = share
    return rendered


def _render_share(
    work: tuple[Mapping[str, Environment], Sequence[Job]], start: int, step: int
) -> list[bytes]:
    environments, jobs = work
    return _render_jobs(environments, jobs[start::step])


T = TypeVar("T")
W = TypeVar("W")


def _in_forked_workers(share: Callable[[W, int, int], T], work: W, count: int) -> list[T]:
    """`share(work, start, count)` in each of `count` forked processes, for start 0..count-1.
    Forking is the one way to hand them what cannot be pickled (Jinja environments); each
    result comes back pickled through a pipe of its own. If the build is stopped (Ctrl-C,
    SIGTERM) or fails, every worker still running is killed: a pool of workers that share a
    queue can hang for ever when one of them dies holding its lock."""
    children: list[tuple[int, int]] = []
    try:
        for start in range(count):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                _work_and_exit(share, work, start, count, write)
            os.close(write)
            children.append((pid, read))
        return [_result_of(pid, read) for pid, read in children]
    finally:
        for pid, read in children:
            _end_worker(pid, read)


def _work_and_exit(share: Callable[[W, int, int], T], work: W, start: int, count: int, write: int) -> None:
    """In a worker: do its share, send the result (or the error) to the parent, and exit
    without running anything of the parent's on the way out."""
    code = 1
    try:
        # Ctrl-C reaches every process of the terminal's group: the parent stops the workers.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            payload = pickle.dumps((True, share(work, start, count)))
            code = 0
        except Exception as error:  # handed to the parent, which raises it
            payload = pickle.dumps((False, _picklable(error)))
        with os.fdopen(write, "wb") as stream:
            stream.write(payload)
    finally:
        os._exit(code)


def _picklable(error: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # Jinja's errors, among others, do not survive pickling
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _result_of(pid: int, read: int) -> Any:
    with os.fdopen(read, "rb", closefd=False) as stream:
        data = stream.read()
    os.waitpid(pid, 0)
    if not data:
        raise UnionsiteError("a rendering worker ended without a result: run the build again")
    succeeded, value = pickle.loads(data)
    if not succeeded:
        raise value
    return value


def _end_worker(pid: int, read: int) -> None:
    """Kill a worker if it is still at work, and wait for it, so that none is left behind."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    with contextlib.suppress(OSError):
        os.close(read)


def template_keys(
    templates: Templates,
    catalogs: Mapping[str, bytes],
    declared: Mapping[str, frozenset[str]] | None = None,
) -> dict[tuple[str, str], str]:
    """(language, template) → a digest of everything rendering that template in that language
    reads: its source, the sources of the templates it extends, includes and imports, and the
    language's catalog. Equal digests and equal views make equal pages. `declared`: the
    templates a template imports by a name computed at render time, where the kinds say which
    they can be (the feed imports each kind's feed-entry template)."""
    uses = {
        name: used - {None} | declared[name] if declared and name in declared else used
        for name, used in templates.uses.items()
    }
    keys = {}
    for name in templates.sources:
        digest = hashlib.sha256()
        for used in sorted(_closure(name, uses)):
            digest.update(used.encode() + b"\0" + templates.sources.get(used, "").encode() + b"\0")
        for language, catalog in catalogs.items():
            keys[(language, name)] = hashlib.sha256(digest.digest() + catalog).hexdigest()
    return keys


def _closure(name: str, uses: Mapping[str, frozenset[str | None]]) -> set[str]:
    """`name` and every template it uses, directly or through others. A name computed at render
    time (None) cannot be followed: it makes every template count."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for used in uses.get(current, frozenset()):
            if used is None:
                return set(uses)
            todo.append(used)
    return seen
