"""Rendered files → a temporary folder beside the output, swapped in only when complete;
and single files (reports, stamped content) each replaced atomically.

The last good site is never damaged: until the swap, the old output stays where it was; a failure
before it leaves the old output untouched and removes the partial folder.
"""

from __future__ import annotations

import fcntl
import glob
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import UnionsiteError
from .render import RenderedFile

# Written into every output folder first: a folder that has it was made by a build, which may
# replace it; one that has files but not this is someone else's, and is never touched.
MARKER = ".unionsite-build"
MARKER_TEXT = "Made by 'unionsite build', which replaces this whole folder each time.\n"

# Added to an exception (Ctrl-C, a failure) raised after the new site was swapped in, so that the
# command line does not say that nothing was written.
SITE_WRITTEN = "the new site was written"


def output_refusal(output: Path, root: Path, inputs: Mapping[str, Path]) -> str | None:
    """Why a build must not replace the folder `output` (site root `root`; `inputs`: the folders
    a build reads or keeps, by the name to show), if it must not."""
    real, site = output.resolve(), root.resolve()
    if real == site:
        return "is the site's own folder, and a build replaces its output folder whole: " + _OWN_FOLDER
    if site.is_relative_to(real):
        return "holds the site's folder, and a build replaces its output folder whole: " + _OWN_FOLDER
    for name, folder in inputs.items():
        inside = folder.resolve()
        if real.is_relative_to(inside) or inside.is_relative_to(real):
            return f"overlaps {name}, which the build reads or keeps: {_OWN_FOLDER}"
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        return "is not a folder: remove it, or choose another output folder"
    if output.is_dir() and not (output / MARKER).is_file() and any(output.iterdir()):
        return (
            f"holds files that no build made (it has no {MARKER} file), and a build replaces its output "
            "folder whole: empty or remove it yourself, or choose another output folder"
        )
    return None


_OWN_FOLDER = "give the output a folder of its own, such as 'build'"


def write_site(
    files: Iterable[RenderedFile], output: Path, copies: Mapping[str, Path] | None = None
) -> tuple[str, ...]:
    """Write the site into a new folder beside `output`, then swap it in. What an earlier build
    left behind (stopped by a signal or a crash) is cleaned up first, and restored if it is the
    last good site. One build at a time writes beside `output`. `copies`: files copied into the
    site rather than held in memory (images, from the cache), by their path there. Notes for the
    user: leftovers that could not be removed."""
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise UnionsiteError(f"{output} exists and is not a folder; remove it or choose another output")
    output.parent.mkdir(parents=True, exist_ok=True)
    with _folder_lock(output.parent):
        notes = _clean_leftovers(output)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
        try:
            (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            _write_files(files, staging)
            _copy_files(copies or {}, staging)
            staging.chmod(0o755)
            retired = _swap(staging, output)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if retired is not None:
            try:
                notes += _remove(retired, "the previous site")
            except BaseException as error:  # stopped while removing it: the next build will
                error.add_note(SITE_WRITTEN)
                raise
    return tuple(notes)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder` while a build writes into it: a second build waits."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _clean_leftovers(output: Path) -> list[str]:
    """Remove the folders an earlier build beside `output` left when it was stopped: its new site
    half written, or the previous site it was retiring. If it was stopped between its two
    renames, so that `output` is gone, the previous site is put back first."""
    notes = _put_back(output)
    for folder in (*_leftovers(output, "new"), *_leftovers(output, "old")):
        notes += _remove(folder, "a folder an earlier build left")
    return notes


def recover_output(output: Path) -> tuple[str, ...]:
    """Put back the last good site if a build was stopped between its two renames, leaving no
    output folder: before a build checks anything, so that a failed build, which writes
    nothing, truly leaves the last good site in place."""
    if output.exists() or output.is_symlink() or not output.parent.is_dir():
        return ()
    with _folder_lock(output.parent):
        return tuple(_put_back(output))


def _put_back(output: Path) -> list[str]:
    old = sorted(_leftovers(output, "old"), key=lambda folder: folder.stat().st_mtime)
    if not old or output.exists() or output.is_symlink():
        return []
    old[-1].rename(output)
    return [f"{output}: put back the last good site, which a stopped build had moved aside"]


def _leftovers(output: Path, kind: str) -> list[Path]:
    """Folders named as a build names its own beside `output`, and marked as made by one (or
    empty: stopped before it wrote anything); anything else is left alone."""
    found = []
    for folder in output.parent.glob(f".{glob.escape(output.name)}.{kind}-*"):
        if folder.is_symlink() or not folder.is_dir():
            continue
        if (folder / MARKER).is_file() or not any(folder.iterdir()):
            found.append(folder)
    return found


def _remove(folder: Path, what: str) -> list[str]:
    """Remove a folder of ours, its marker last, so that what cannot be removed now is still
    known as ours to the next build; a note naming what could not be removed, if anything."""
    failures: list[str] = []

    def failed(_function: object, path: str, info: tuple[type[BaseException], BaseException, object]) -> None:
        error = info[1]
        failures.append(f"{path}: {error.strerror if isinstance(error, OSError) else error}")

    for child in sorted(folder.iterdir()):
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, onerror=failed)  # Python 3.11 has no onexc yet
        else:
            _unlink(child, failed)
    if not failures:
        _unlink(folder / MARKER, failed)
        _unlink(folder, failed)
    if not failures:
        return []
    return [f"{folder}: could not remove {what} ({'; '.join(failures[:3])}): remove it by hand"]


def _unlink(path: Path, failed: Callable[[object, str, Any], None]) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        failed(None, str(path), (type(error), error, None))


def update_site(
    files: Iterable[RenderedFile],
    previous: Iterable[RenderedFile],
    output: Path,
    candidates: Collection[str] | None = None,
    copies: tuple[Mapping[str, Path], Mapping[str, Path]] = ({}, {}),
) -> tuple[str, ...]:
    """Bring an output written from `previous` up to date with `files`: replace each file whose
    bytes changed, one atomic replace each, and remove what is gone. The paths touched, sorted.
    `candidates`: the only paths that may have changed (or gone), if the caller knows. `copies`:
    the files copied into the site now and before (see `write_site`), each named by its content:
    one of a path that was there before is the same."""
    now, before = copies
    if not output.is_dir():
        write_site(files, output, now)
        return tuple(sorted([*(file.path for file in files), *now]))
    with _folder_lock(output.parent):
        touched = _update_files(files, previous, output, candidates)
        added = {path: source for path, source in now.items() if path not in before}
        _copy_files(added, output)
        gone = sorted(path for path in before if path not in now)
        for path in gone:
            (output / path).unlink(missing_ok=True)
        return tuple(sorted([*touched, *added, *gone]))


def _update_files(
    files: Iterable[RenderedFile],
    previous: Iterable[RenderedFile],
    output: Path,
    candidates: Collection[str] | None,
) -> tuple[str, ...]:
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


def _copy_files(copies: Mapping[str, Path], into: Path) -> None:
    """Copy each file into the site at its path, through a temporary file as `write_bytes` does."""
    for path, source in copies.items():
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(handle)
        try:
            shutil.copyfile(source, temporary)
            Path(temporary).chmod(0o644)
            Path(temporary).replace(target)
        except FileNotFoundError:
            Path(temporary).unlink(missing_ok=True)
            message = f"{source}: gone from the cache while the build copied it; build again"
            raise UnionsiteError(message) from None
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _swap(staging: Path, output: Path) -> Path | None:
    """Two renames on one file system: the old output aside, the new one in its place (or the
    old one back, if that fails). The old output's new name, to be removed; None if there was none."""
    if not output.exists():
        staging.rename(output)
        return None
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    return retired


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


def store_image(folder: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """Keep a made image in the cache: its `files` (name, bytes) written into a new folder beside
    `folder`, which is then renamed to it whole, so that a reader finds all of it or nothing. If
    `folder` is there already with every file (another thread made the same image), it stays as
    it is; one that lacks some (a damaged cache) is replaced."""
    if folder.is_dir() and all((folder / name).is_file() for name, _ in files):
        return
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as error:
        raise UnionsiteError(_image_cache_refusal(folder, error)) from None
    try:
        for name, data in files:
            (temporary / name).write_bytes(data)
        temporary.chmod(0o755)
        temporary.rename(folder)
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        if not folder.is_dir():  # else it was made meanwhile, whole
            raise UnionsiteError(_image_cache_refusal(folder, error)) from None


def _image_cache_refusal(folder: Path, error: OSError) -> str:
    return (
        f"{folder}: cannot write the image cache ({error.strerror or error}): images are made into it "
        "and copied into the site from there; make the folder writable, or name another with "
        "cache_dir in site.yaml"
    )


def prune_image_cache(root: Path, keep: Collection[str]) -> None:
    """Remove from the image cache (folders `root/<2 characters>/<key>`) every image whose key
    is not in `keep`, and what a stopped build left half written. What cannot be removed stays:
    the cache only ever saves time."""
    if not root.is_dir():
        return
    for group in root.iterdir():
        if not group.is_dir() or group.is_symlink():
            continue
        for entry in group.iterdir():
            if entry.name not in keep:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
