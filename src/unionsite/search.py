"""The rendered pages → Pagefind's search index, one per language, under pagefind/.

Pagefind lower-cases the way most software does, which is wrong for Turkish: "İ" becomes "i"
plus a combining dot, and "I" becomes "i" where Turkish has "ı". So the index is not made from
the pages as they are: each page's main text is folded first (every i one letter, see
`turkish.search_fold`) into a stand-in page that Pagefind indexes, and the search box folds the
query the same way. Titles and descriptions travel as metadata, unfolded: results show those.

Pagefind (the pagefind_bin package) reads the stand-ins from a temporary folder and writes its
files there; they come back in memory and `write` writes them with the rest. (Its Python API
answers each request a tenth of a second late: 400 s for 4,000 pages.)
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

from .errors import UnionsiteError
from .markdown import text_of_html
from .render import RenderedFile
from .turkish import search_fold

SEARCH_FOLDER = "pagefind"
# What the browser loads: the search script, its worker and WebAssembly, and the index. Pagefind's
# ready-made interfaces are left out; assets/search.js shows the results.
_UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")
STAND_IN = """<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>
<meta data-pagefind-meta="title[content]" content="{title}">
<meta data-pagefind-meta="description[content]" content="{description}">
</head><body><main data-pagefind-body>{text}</main></body></html>
"""


@dataclass(frozen=True)
class SearchablePage:
    url: str  # starts with the site's base path and ends in '/'
    language: str
    html: bytes


@dataclass(frozen=True)
class _Record:
    url: str
    language: str
    content: str
    title: str
    description: str


def search_index(pages: Iterable[SearchablePage]) -> tuple[RenderedFile, ...]:
    """Pagefind's files for these pages."""
    executable = get_executable()
    if executable is None:
        raise UnionsiteError("the search index needs Pagefind: pip install 'pagefind[bin]'")
    with _work_folder() as folder:
        site, output = folder / "site", folder / "out"
        for record in map(_record, pages):
            stand_in = site / record.url.lstrip("/") / "index.html"
            stand_in.parent.mkdir(parents=True, exist_ok=True)
            stand_in.write_text(_stand_in(record), "utf-8")
        result = subprocess.run(
            [str(executable), "--site", str(site), "--output-path", str(output), "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise UnionsiteError(f"search index: Pagefind failed: {result.stderr.strip() or result.stdout}")
        return tuple(
            RenderedFile(f"{SEARCH_FOLDER}/{file.relative_to(output).as_posix()}", _in_order(file))
            for file in sorted(output.rglob("*"))
            if file.is_file() and not file.name.startswith(_UNUSED)
        )


ENTRY = "pagefind-entry.json"


def _in_order(file: Path) -> bytes:
    """The file's bytes; Pagefind's entry file with its languages sorted, since Pagefind writes
    them in an order of its own from run to run (whatever it is given), and a commit should
    build the same bytes every time. Its script looks languages up by name."""
    content = file.read_bytes()
    if file.name != ENTRY:
        return content
    entry = json.loads(content)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


WORK_PREFIX = "unionsite-search-"
# A work folder is created, then locked; a folder this young may be between the two.
_NEWBORN_SECONDS = 60


@contextmanager
def _work_folder() -> Iterator[Path]:
    """A temporary folder for Pagefind, locked while in use. Those of builds that were killed
    (their lock is free) are removed first: a killed process cleans up nothing itself."""
    _remove_abandoned(Path(tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as folder:
        descriptor = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield Path(folder)
        finally:
            os.close(descriptor)


def _remove_abandoned(temporary: Path) -> None:
    for folder in temporary.glob(WORK_PREFIX + "*"):
        try:
            info = folder.lstat()
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue
            if time.time() - info.st_mtime < _NEWBORN_SECONDS:
                continue
            descriptor = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue  # gone already, or not ours to open
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a live build's
        else:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(descriptor)


def _stand_in(record: _Record) -> str:
    return STAND_IN.format(
        language=html.escape(record.language),
        title=html.escape(record.title),
        description=html.escape(record.description),
        text=html.escape(search_fold(record.content)),
    )


def _record(page: SearchablePage) -> _Record:
    """The page's title and description from its head, and the text of its <main>."""
    text = page.html.decode("utf-8")
    start, end = text.find("<main"), text.rfind("</main>")
    main = text[start:end] if 0 <= start < end else ""
    content = text_of_html(main, tags_separate_words=True)
    return _Record(page.url, page.language, content, _meta(_TITLE, text), _meta(_DESCRIPTION, text))


def _meta(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    return html.unescape(found[1]) if found else ""


# The page's own Open Graph title and description tag, as templates/base.html writes them.
_TITLE = re.compile(r'<meta property="og:title" content="([^"]*)">')
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
