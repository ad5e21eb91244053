"""The preview server: livereload watches site.yaml, content, templates, assets and catalogs; each
change rebuilds what it touches and reloads the browser. While the content has errors the last
good site stays on disk and in the browser, with the error list shown at the top of every page.

Only for editing on one's own machine: it listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import functools
import gc
import html
import mimetypes
import sys
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from livereload import Server

from .build import BuildReport, build, rebuild
from .config import CONFIG_FILE, SiteConfig, load_config
from .errors import UnionsiteError
from .load import CATALOG_PATH

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

ERROR_BANNER = """\
<aside role="alert" style="position:sticky;top:0;z-index:9999;margin:0;padding:1rem;\
background:#fff4d6;border:3px solid #8a1c1c;color:#1b1b1b;font:14px/1.45 system-ui,sans-serif">
<p style="margin:0 0 .5rem;font-weight:700" lang="tr">İçerikte hata var: gösterilen, son sağlam site. \
Hatalar düzeltilince site yeniden derlenir.</p>
<p style="margin:0 0 .5rem;font-weight:700" lang="en">The content has errors: this is the last good site. \
It is rebuilt once they are fixed.</p>
<pre style="margin:0;white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace">{errors}</pre>
</aside>
"""
NO_SITE_YET = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>unionsite: errors</title></head>
<body>
</body></html>
"""


class Preview:
    """One site being edited: its last good build, and the errors of the latest attempt."""

    def __init__(
        self,
        root: Path,
        owner: str | None = None,
        output: str | None = None,
        *,
        config_file: str = CONFIG_FILE,
        drafts: bool = False,
    ) -> None:
        self.root = root
        self.owner = owner
        self.output_dir = output
        self.config_file = config_file
        self.drafts = drafts
        self.report: BuildReport | None = None
        self.errors: str | None = None
        # The content files changed since the last good build, as far as the watcher named
        # them (None: not known, every file is looked at). A rebuild is made from the last good
        # build, so a failed one's files count again in the next.
        self.unbuilt: set[Path] | None = set()

    @property
    def config(self) -> SiteConfig:
        """The last good build's configuration; site.yaml only until there is one."""
        if self.report is not None:
            return self.report.config
        return load_config(self.root, config_file=self.config_file)

    @property
    def output(self) -> Path:
        if self.report is not None and self.report.output is not None:
            return self.report.output
        return self.root / (self.output_dir or self.config.output_dir)

    def watched(self) -> list[Path]:
        """What a change of rebuilds the site."""
        config = self.config
        catalogs = config.path(CATALOG_PATH.split("/", 1)[0])
        folders = (config.content_dir, config.templates_dir, config.assets_dir)
        return [config.path(config.file), *(config.path(folder) for folder in folders), catalogs]

    def refresh(self, changed: Collection[Path] | None = None) -> None:
        """Build (the first time) or rebuild; on errors keep the last good site and remember them.
        `changed`: the content files a watcher saw change, if it knows (else all are looked at)."""
        started = time.perf_counter()
        if changed is None or self.unbuilt is None:
            self.unbuilt = None
        else:
            self.unbuilt.update(changed)
        try:
            if self.report is None:
                self.report = build(
                    self.root,
                    owner=self.owner,
                    output=self.output_dir,
                    config_file=self.config_file,
                    drafts=self.drafts,
                )
                # What the first build made lives as long as the preview: keep the cycle
                # collector from walking it again on every pass.
                gc.freeze()
                done = f"built {self.report.files} files"
            else:
                # The search index stays as the first build made it: indexing a large site
                # takes seconds, and `make build` makes a current one.
                self.report = rebuild(self.report, owner=self.owner, search=False, changed=self.unbuilt)
                rendered, written = len(self.report.rendered.rendered), len(self.report.written)
                done = f"rendered {rendered} pages, wrote {written} files"
        except (UnionsiteError, OSError) as error:
            self.errors = str(error)
            print(f"{self.errors}\nthe last good site is still served", file=sys.stderr, flush=True)
            return
        self.errors = None
        self.unbuilt = set()
        print(f"{done} in {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)

    # -- serving -------------------------------------------------------------------------------

    def app(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """A WSGI application serving the output folder as a static host would."""
        path = unquote(environ.get("PATH_INFO") or "/")
        status, target = self.locate(path)
        if status.startswith("301"):
            start_response(status, [("Location", path + "/")])
            return [b""]
        if target is None or not target.is_file():
            body, kind = (NO_SITE_YET.encode(), "text/html") if self.errors else (b"not found", "text/plain")
            return self.respond(start_response, "404 Not Found", body, kind)
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return self.respond(start_response, status, target.read_bytes(), content_type)

    def locate(self, path: str) -> tuple[str, Path | None]:
        """The status and file for an address: a folder serves its index.html, an address
        outside the output nothing, and a missing page its language's 404 page."""
        output = self.output.resolve()
        if not path.isprintable():  # a NUL or a control character: no file has such a name
            return "404 Not Found", self.not_found_page(output, "/")
        target = (output / path.lstrip("/")).resolve()
        if not target.is_relative_to(output):
            return "404 Not Found", None
        if target.is_dir():
            if not path.endswith("/"):
                return "301 Moved Permanently", None
            target = target / "index.html"
        if target.is_file():
            return "200 OK", target
        return "404 Not Found", self.not_found_page(output, path)

    def respond(
        self, start_response: StartResponse, status: str, body: bytes, content_type: str
    ) -> list[bytes]:
        if content_type == "text/html":
            body = self.with_errors(body)
            content_type += "; charset=utf-8"
        start_response(status, [("Content-Type", content_type), ("Cache-Control", "no-store")])
        return [body]

    def not_found_page(self, output: Path, path: str) -> Path:
        """The 404 page of the language the address is in, else of the default language."""
        first = path.strip("/").split("/", 1)[0]
        config = self.config
        language = first if first in config.languages else config.default_language
        return output / language / "404.html"

    def with_errors(self, page: bytes) -> bytes:
        """The page with the current error list at the top of its body, if there are errors."""
        if not self.errors:
            return page
        banner = ERROR_BANNER.format(errors=html.escape(self.errors)).encode("utf-8")
        start = page.find(b"<body")
        end = page.find(b">", start) + 1 if start >= 0 else 0
        return page[:end] + b"\n" + banner + page[end:]


def refresh_content(preview: Preview, watcher: Any) -> None:
    """Rebuild after livereload's watcher saw a content file change. It names the file it found
    (one a pass; the next pass finds the next), so only that file is looked at. Of files removed
    it names only one: then every file is looked at."""
    found = watcher.filepath
    preview.refresh([Path(found)] if found and Path(found).is_file() else None)


def serve(preview: Preview, host: str, port: int) -> None:
    """Build, then serve until interrupted, rebuilding on every change."""
    preview.refresh()
    server = Server(preview.app)
    content = preview.config.path(preview.config.content_dir)
    for path in preview.watched():
        if path.exists():
            on_change = functools.partial(refresh_content, preview, server.watcher)
            server.watch(str(path), on_change if path == content else preview.refresh)
    print(f"serving http://{host}:{port}/ (Ctrl+C stops)", flush=True)
    server.serve(host=host, port=port, debug=False, restart_delay=0)
