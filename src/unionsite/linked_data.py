"""A page's view → schema.org JSON-LD for its page, through its kind's declaration, so that search
engines and data users read what the page says as data.

Only what the record says goes in; every address is absolute. The text is already localized: the
templates pass the labels (of roles, types and the like) in their own language.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

CONTEXT = "https://schema.org"


def json_ld_script(node: dict[str, Any]) -> Markup:
    """The <script type="application/ld+json"> body of a node. Compact: json's C encoder writes
    it; with an indent the pure-Python one would, at several times the cost on a large site."""
    document = {"@context": CONTEXT, **node}
    return Markup(_script_safe(json.dumps(document, ensure_ascii=False, separators=(",", ":"))))


def absolute(page: str, url: str) -> str:
    """`url` resolved against the page's address. Internal links are absolute paths; those are
    joined to the page's origin directly (urljoin parses both, for every link of every page)."""
    if url.startswith("/") and not url.startswith("//"):
        scheme_end = page.find("://")
        origin_end = page.find("/", scheme_end + 3) if scheme_end >= 0 else -1
        if origin_end >= 0:
            return page[:origin_end] + url
    return urljoin(page, url)


def compact(node: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in node.items() if value is not None}


def _script_safe(text: str) -> str:
    """JSON inside <script>: '<' and '>' and '&' escaped, so no text can close the element."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
