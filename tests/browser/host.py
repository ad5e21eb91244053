"""A static host for tests: the preview's WSGI app (which serves a built site as a static host
does: folders, each language's 404 page) with the security headers of the site's _headers file
added, so the browser checks see what visitors see (a script the Content-Security-Policy refuses
fails here too). The preview's live reloading is not part of the app."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from unionsite.publish import SECURITY_HEADERS
from unionsite.serve import Preview, StartResponse

ROOT = Path(__file__).resolve().parents[2]
# Plain HTTP on loopback: a browser would ignore HSTS there anyway.
HEADERS = [(name, value) for name, value in SECURITY_HEADERS if name != "Strict-Transport-Security"]


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_host(output: Path) -> Iterator[str]:
    """Serve the built site in `output` in a thread; yields the base address (no trailing slash)."""
    preview = Preview(ROOT, output=str(output.resolve()))

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def with_headers(status: str, headers: list[tuple[str, str]]) -> Any:
            return start_response(status, headers + HEADERS)

        return preview.app(environ, with_headers)

    server = make_server("127.0.0.1", 0, app, server_class=_Server, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
