"""A static host for tests: serves a built site from 127.0.0.1 the way a production host does,
with the security headers of its _headers file and each language's 404 page, so the browser
checks see what visitors see (a script the Content-Security-Policy refuses fails here too)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from unionsite.publish import SECURITY_HEADERS


class _Handler(SimpleHTTPRequestHandler):
    root: Path

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS:
            if name != "Strict-Transport-Security":  # plain HTTP on loopback
                self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        language = self.path.strip("/").split("/", 1)[0]
        page = self.root / language / "404.html"
        body = (page if page.is_file() else self.root / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_host(root: Path) -> Iterator[str]:
    """Serve `root` in a thread; yields the base address (no trailing slash)."""
    handler = type("Handler", (_Handler,), {"root": root})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
