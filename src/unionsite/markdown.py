"""Markdown text → sanitised HTML: one configured renderer, pure."""

from __future__ import annotations

import markdown as python_markdown
import nh3

EXTENSIONS = ("sane_lists", "attr_list")

# Raw HTML in Markdown is allowed only as far as it is harmless: nh3 drops scripts, event
# handlers and javascript: URLs, and marks every link rel="noopener noreferrer".
ALLOWED_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"lang", "id", "class", "title"},
}


def render_markdown(text: str) -> str:
    """Render Markdown to HTML that is safe to put on a page as it is."""
    html = python_markdown.markdown(text, extensions=list(EXTENSIONS), output_format="html")
    return nh3.clean(html, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer")
