"""Routes with their typed views → RenderedFiles: one Jinja environment (StrictUndefined,
autoescape, gettext catalogs, filters registered in one place), and the check that every UI
string the templates mark has a translation in every language's catalog."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import BaseLoader, Environment, StrictUndefined, select_autoescape
from markupsafe import Markup

from .errors import ContentError, SourceRef
from .i18n import Localizer
from .markdown import render_markdown
from .site import PageOut, Site
from .turkish import CASES


@dataclass(frozen=True)
class RenderedFile:
    path: str
    content: bytes


def make_environment(
    loader: BaseLoader, translations: Translations | None = None, local: Localizer | None = None
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
    environment.filters.update(
        markdown=lambda text: Markup(render_markdown(str(text))),
        language_name=language_name,
        display_url=display_url,
    )
    if local is not None:
        environment.filters.update(_language_filters(local))
    if translations is not None:
        environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return environment


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


def read_catalog(po_text: bytes, language: str) -> Catalog:
    return read_po(io.BytesIO(po_text), locale=language)


def compile_catalog(catalog: Catalog) -> Translations:
    """Translations straight from the .po catalog: no compiled .mo file is kept anywhere.
    Fuzzy entries are left out, as gettext's own tools do."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


# ---------------------------------------------------------------------------------------------
# UI strings


@dataclass(frozen=True)
class UiString:
    """A string a template marks for translation: its msgid (singular, plural) and where."""

    msgid: str | tuple[str, ...]
    at: SourceRef

    @property
    def singular(self) -> str:
        return self.msgid if isinstance(self.msgid, str) else self.msgid[0]


def ui_strings(environment: Environment, templates_dir: str) -> tuple[tuple[UiString, ...], dict[str, str]]:
    """Every marked string of every template, with the templates' texts for error messages."""
    assert environment.loader is not None
    strings: list[UiString] = []
    texts: dict[str, str] = {}
    for name in environment.loader.list_templates():
        source = environment.loader.get_source(environment, name)[0]
        path = f"{templates_dir}/{name}"
        texts[path] = source
        lines = source.splitlines()
        for line, _function, message in environment.extract_translations(source):  # type: ignore[attr-defined]
            msgid = _msgid(message)
            if msgid:
                strings.append(UiString(msgid, SourceRef(path, line, _column(lines, line, msgid))))
    return tuple(strings), texts


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


def check_catalog(
    strings: Iterable[UiString], catalog: Catalog, language: str, catalog_path: str
) -> list[ContentError]:
    """A problem for each UI string without a translation (absent, empty or fuzzy) in `catalog`,
    reported where the template uses it, and for each translation whose placeholders differ."""
    problems = []
    reported: set[str] = set()
    for string in strings:
        message = catalog.get(string.singular)
        if _translated(message) or string.singular in reported:
            continue
        reported.add(string.singular)
        problems.append(
            ContentError(
                string.at,
                f"UI string '{string.singular}' has no '{language}' translation in {catalog_path}: "
                "run 'make messages', then translate it",
            )
        )
    for message, errors in catalog.check():
        for error in errors:
            at = SourceRef(catalog_path, message.lineno or 1)
            problems.append(ContentError(at, f"translation of '{_singular(message)}': {error}"))
    return problems


def _translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def _singular(message: Message) -> str:
    return str(message.id if isinstance(message.id, str) else message.id[0])


def render_site(site: Site, environments: Mapping[str, Environment]) -> list[RenderedFile]:
    """Render every page in its language's environment, then the root page that offers them all."""
    files = [_render_page(page, environments[page.route.language]) for page in site.pages]
    first = next(iter(environments.values()))
    root = first.get_template("root.html").render(root=site.root)
    files.append(RenderedFile("index.html", root.encode("utf-8")))
    return files


def _render_page(page: PageOut, environment: Environment) -> RenderedFile:
    html = environment.get_template(page.template).render(shell=page.shell, view=page.view)
    return RenderedFile(page.route.output, html.encode("utf-8"))
