"""Routes with their typed views → RenderedFiles: one Jinja environment (StrictUndefined,
autoescape, gettext catalogs, filters registered in one place)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import BaseLoader, Environment, StrictUndefined, select_autoescape
from markupsafe import Markup

from .markdown import render_markdown
from .site import PageOut, Site


@dataclass(frozen=True)
class RenderedFile:
    path: str
    content: bytes


def make_environment(loader: BaseLoader, translations: Translations | None = None) -> Environment:
    """The environment of one language: its catalog is installed once, never swapped, because
    imported macro modules keep the globals they were first made with."""
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
    if translations is not None:
        environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return environment


def language_name(code: str) -> str:
    """A language's name in that language ('Türkçe', 'English'), for language switches."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def display_url(url: str) -> str:
    """A URL as people write it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


def compile_catalog(po_text: bytes, language: str) -> Translations:
    """A gettext catalog straight from its .po text: no compiled .mo file is kept anywhere."""
    catalog = read_po(io.BytesIO(po_text), locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


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
