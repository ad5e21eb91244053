"""Rendered files → a temporary folder beside the output, swapped in only when complete;
and single files (reports, stamped content) each replaced atomically.

The last good site is never damaged: until the swap, the old output stays where it was; a failure
before it leaves the old output untouched and removes the partial folder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from .errors import UnionsiteError
from .render import RenderedFile


def write_site(files: Iterable[RenderedFile], output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise UnionsiteError(f"{output} exists and is not a folder; remove it or choose another output")
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        _write_files(files, staging)
        staging.chmod(0o755)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def update_site(
    files: Iterable[RenderedFile],
    previous: Iterable[RenderedFile],
    output: Path,
    candidates: Collection[str] | None = None,
) -> tuple[str, ...]:
    """Bring an output written from `previous` up to date with `files`: replace each file whose
    bytes changed, one atomic replace each, and remove what is gone. The paths touched, sorted.
    `candidates`: the only paths that may have changed (or gone), if the caller knows."""
    if not output.is_dir():
        write_site(files, output)
        return tuple(sorted(file.path for file in files))
    new = {file.path: file.content for file in files if candidates is None or file.path in candidates}
    old = {file.path: file.content for file in previous if candidates is None or file.path in candidates}
    changed = sorted(path for path, content in new.items() if old.get(path) != content)
    removed = sorted(path for path in old if path not in new)
    for path in changed:
        write_bytes(output / path, new[path])
    for path in removed:
        (output / path).unlink(missing_ok=True)
    return tuple(sorted([*changed, *removed]))


def _write_files(files: Iterable[RenderedFile], into: Path) -> None:
    for file in files:
        target = into / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content)


def _swap(staging: Path, output: Path) -> None:
    """Two renames on one file system; the old output is deleted only once the new one is in place."""
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    shutil.rmtree(retired)


def write_file(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def write_bytes(target: Path, content: bytes) -> None:
    """Write `content` to `target` through a temporary file beside it, so that a reader never
    sees half a file and a failure leaves the old one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        if target.exists():
            shutil.copymode(target, temporary)
        else:
            Path(temporary).chmod(0o644)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def replace_files(root: Path, texts: Mapping[str, str]) -> None:
    """Replace each file (a path below `root`) with its new text, one atomic replace each."""
    for relative, text in texts.items():
        write_file(root / relative, text)


def create_files(root: Path, texts: Mapping[str, str]) -> None:
    """Create new files below `root`; if any of them exists already, write none of them."""
    existing = sorted(relative for relative in texts if (root / relative).exists())
    if existing:
        raise UnionsiteError(f"{', '.join(existing)}: exists already; nothing was written")
    for relative, text in texts.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="") as stream:
            stream.write(text)


def store_markdown_cache(file: Path, entries: Mapping[bytes, str], keep: Collection[bytes] | None) -> None:
    """Add `entries` (cache key → HTML) to the cache file; with `keep` (a full build's keys),
    drop every entry not among them, so the cache holds what the site uses and no more. A
    damaged cache file is replaced."""
    if not entries and keep is None:
        return
    try:
        try:
            _store(file, entries, keep)
        except sqlite3.OperationalError:
            raise  # locked or not writable: the file may be sound
        except sqlite3.DatabaseError:  # not a database any more: start a new one
            file.unlink(missing_ok=True)
            _store(file, entries, keep)
    except (sqlite3.Error, OSError) as error:
        message = f"{file}: cannot write the Markdown cache ({error}); the site itself was written"
        raise UnionsiteError(message) from None


def _store(file: Path, entries: Mapping[bytes, str], keep: Collection[bytes] | None) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(file, timeout=30)
    try:
        # A cache needs no flush to the disk per commit: if a crash damages it, it is replaced.
        connection.execute("PRAGMA synchronous = OFF")
        with connection:  # one transaction: a reader sees the cache before or after, never between
            connection.execute("CREATE TABLE IF NOT EXISTS html (key BLOB PRIMARY KEY, html TEXT NOT NULL)")
            connection.executemany("INSERT OR REPLACE INTO html VALUES (?, ?)", entries.items())
            if keep is not None:
                connection.execute("CREATE TEMP TABLE keep (key BLOB PRIMARY KEY)")
                connection.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((key,) for key in keep))
                connection.execute("DELETE FROM html WHERE key NOT IN (SELECT key FROM keep)")
    finally:
        connection.close()
