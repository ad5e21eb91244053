"""The rendered Site → the files that describe the whole site to search engines and static hosts:
sitemap.xml (every page to index, with its language versions), robots.txt, and the files that
make a host serve each language's 404 page."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from .assets import ASSETS_FOLDER
from .config import SiteConfig
from .render import RenderedFile
from .site import Site, is_indexed
from .urls import IMAGE_FOLDER, NOT_FOUND
from .views import HrefLang

SITEMAP = "sitemap.xml"
# The headers every response should carry, for hosts that read a _headers file (Netlify,
# Cloudflare Pages); docs/hosting.md gives the same for nginx. The pages load nothing from
# elsewhere and have no inline script or style, so the policy allows the site's own files only;
# the search's WebAssembly needs 'wasm-unsafe-eval' (it allows compiling WebAssembly, not eval).
SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests",
    ),
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
# An asset's or an image's name changes with its content, so browsers may keep it for good.
ASSET_CACHING = "public, max-age=31536000, immutable"
SITEMAP_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def whole_site_files(
    site: Site,
    config: SiteConfig,
    pages: tuple[RenderedFile, ...],
    previous: tuple[Site, tuple[RenderedFile, ...]] | None = None,
) -> tuple[RenderedFile, ...]:
    """sitemap.xml, robots.txt, a root 404.html (the default language's, for hosts that read only
    that one), Netlify's _redirects sending each language's missing addresses to its 404, and
    _headers with the security headers. The sitemap of `previous` (a site and its files) is
    kept when every page's frame is as it was (mostly the very same object, which is quick to
    tell): nothing it lists can have changed."""
    default_404 = _content(
        pages,
        f"{config.default_language}/{NOT_FOUND}",
        site.page_place("not-found", "", config.default_language),
    )
    assert default_404 is not None, "every language has a 404 page"
    kept = _kept_sitemap(site, previous)
    return (
        RenderedFile(SITEMAP, kept if kept is not None else sitemap(site, config).encode("utf-8")),
        RenderedFile("robots.txt", robots(config).encode("utf-8")),
        RenderedFile(NOT_FOUND, default_404),
        RenderedFile("_redirects", redirects(config).encode("utf-8")),
        RenderedFile("_headers", headers(config).encode("utf-8")),
    )


def download_files(site: Site, config: SiteConfig, plain: Callable[[str], str]) -> tuple[RenderedFile, ...]:
    """The file each kind declares beside its records' own pages (an event's calendar), in every
    language, stamped with the build's "today"."""
    assert site.made_of is not None, "every site the site stage makes knows its inputs"
    today = site.made_of.history.today
    files = []
    for kind in site.model.kinds:
        download = kind.download
        if download is None:
            continue
        for record_id in site.records.of(kind.name):
            for language in config.languages:
                page = site.page(kind.name, record_id, language)
                folder = page.route.output.removesuffix("index.html")
                files.append(
                    RenderedFile(folder + download.name(folder), download.make(page.view, today, plain))
                )
    return tuple(files)


def _content(files: tuple[RenderedFile, ...], path: str, place: int | None = None) -> bytes | None:
    """The content of the file at `path`, looked for first at `place` (where it is expected)."""
    if place is not None and place < len(files) and files[place].path == path:
        return files[place].content
    return next((file.content for file in files if file.path == path), None)


def _kept_sitemap(site: Site, previous: tuple[Site, tuple[RenderedFile, ...]] | None) -> bytes | None:
    if previous is None:
        return None
    old, files = previous
    if old.root != site.root or len(old.pages) != len(site.pages):
        return None
    # After an edit whose pages the site knows, only those can have a new frame.
    places = range(len(site.pages)) if site.rebuilt is None else site.rebuilt
    same = all(
        site.pages[place].shell is old.pages[place].shell or site.pages[place].shell == old.pages[place].shell
        for place in places
    )
    return _content(files, SITEMAP, len(old.pages) + 1) if same else None  # after the pages and root


def sitemap(site: Site, config: SiteConfig) -> str:
    """One <url> per address to index: the root page and every page's canonical version (an
    untranslated version and the 404 pages are left out), each with its hreflang alternates."""
    entries = [(site.root.canonical, site.root.hreflang)]
    entries += [
        (page.shell.canonical or "", page.shell.hreflang) for page in site.pages if is_indexed(page, config)
    ]
    return SITEMAP_HEAD + "".join(_url(loc, links) for loc, links in sorted(entries)) + "</urlset>\n"


def _url(loc: str, links: tuple[HrefLang, ...]) -> str:
    return f"<url><loc>{_xml(loc)}</loc>{''.join(_alternates(links))}</url>\n"


def _alternates(links: tuple[HrefLang, ...]) -> Iterator[str]:
    for link in links:
        yield f'<xhtml:link rel="alternate" hreflang="{_xml(link.hreflang)}" href="{_xml(link.href)}"/>'


def _xml(value: str) -> str:
    """Text or an attribute value escaped for XML (html.escape's five entities are XML's)."""
    return html.escape(value)


def robots(config: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute(SITEMAP)}\n"


def redirects(config: SiteConfig) -> str:
    """Netlify's rules: a 404 rule applies only where no file exists. (Cloudflare Pages finds the
    nearest 404.html by itself; GitHub Pages uses the root one.)"""
    base = config.base_path
    return "".join(
        f"{base}{language}/*  {base}{language}/{NOT_FOUND}  404\n" for language in config.languages
    )


def security_headers(config: SiteConfig) -> tuple[tuple[str, str], ...]:
    """SECURITY_HEADERS, with the contact form's receiver allowed as a form target if there is one."""
    if config.contact_form is None:
        return SECURITY_HEADERS
    parts = urlsplit(config.contact_form)
    receiver = f"{parts.scheme}://{parts.netloc}"
    return tuple(
        (name, value.replace("form-action 'self'", f"form-action 'self' {receiver}"))
        for name, value in SECURITY_HEADERS
    )


def headers(config: SiteConfig) -> str:
    lines = "".join(f"  {name}: {value}\n" for name, value in security_headers(config))
    cached = "".join(
        f"{config.base_path}{folder}/*\n  Cache-Control: {ASSET_CACHING}\n"
        for folder in (ASSETS_FOLDER, IMAGE_FOLDER)
    )
    return f"{config.base_path}*\n{lines}\n{cached}"
