"""A path below the site's folder → its bytes, only if it is a regular file inside that folder.

Every file a build reads (site.yaml, content, templates, catalogs, assets) comes through here. A
symbolic link whose target is outside the site (`/proc/self/environ`, `/etc/passwd`) is refused
without reading it or naming its target, since whatever a build reads may end up in an error
message, the preview's banner or the published site. Pipes, devices and sockets are refused
without being opened (opening one can block or act), and a file over the size limit before it is
read. Links inside the site are followed, except one that leads back into its own folder.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

# Text inputs (records, pages, site.yaml, catalogs, templates) larger than this are refused: the
# longest real page is a few kilobytes, and a build reads every file whole.
TEXT_LIMIT = 1024 * 1024

_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


class Refused(Exception):
    """A file the build will not read; the message says why and what to do, never what a link
    points at."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_input(path: Path, root: Path, limit: int | None = TEXT_LIMIT) -> bytes:
    """The bytes of `path` (below `root`, the site's folder), or Refused."""
    real = _real_inside(path, root)
    try:
        info = os.stat(real)
    except FileNotFoundError:
        raise Refused("a link to nothing: its target does not exist; remove the link") from None
    _check_kind(info, path.is_symlink())
    if limit is not None and info.st_size > limit:
        raise Refused(_too_large(info.st_size, limit))
    try:  # the path was checked; refuse it if a link was put in its place since
        descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Refused(_SWAPPED) from None
        raise
    with os.fdopen(descriptor, "rb") as stream:
        _check_opened(stream.fileno(), real)
        _check_kind(os.fstat(stream.fileno()), linked=False)
        content = stream.read(limit + 1) if limit is not None else stream.read()
    if limit is not None and len(content) > limit:
        raise Refused(_too_large(len(content), limit))
    return content


_SWAPPED = "replaced by a symbolic link while the build read it: not read"


def _check_opened(descriptor: int, real: Path) -> None:
    """What was opened is the file that was checked: a folder on the way may have been swapped
    for a link since, and O_NOFOLLOW guards the last part of the path only."""
    try:
        opened = Path(os.readlink(f"/proc/self/fd/{descriptor}"))
    except OSError:
        return  # no /proc here: the check before opening stands alone
    if opened != real:
        raise Refused(_SWAPPED)


def check_folder(folder: Path, root: Path) -> None:
    """Refused unless `folder` (an input folder such as content/) is inside the site."""
    _real_inside(folder, root)


def walk_inputs(folder: Path, root: Path) -> Iterator[tuple[tuple[str, ...], Path]]:
    """Each entry below `folder` that is not a folder to descend into, with its path parts, in
    the order of the sorted paths. Links to folders inside the site are descended into unless
    they lead back into their own folder or somewhere a build does not read; anything else is
    yielded, for `read_input` to read or refuse. Hidden entries and editors' leftovers
    (`skipped`) are left out."""
    yield from _walk(folder, (), root.resolve(), (folder.resolve(),))


def _walk(
    folder: Path, parts: tuple[str, ...], root: Path, open_folders: tuple[Path, ...]
) -> Iterator[tuple[tuple[str, ...], Path]]:
    with os.scandir(folder) as entries:
        visible = sorted((entry for entry in entries if not skipped(entry.name)), key=lambda e: e.name)
    for entry in visible:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, (*parts, entry.name), root, (*open_folders, path.resolve()))
            continue
        real = _resolved(path) if entry.is_symlink() else None
        followed = real is not None and real.is_dir() and _target_refusal(real, root) is None
        if real is not None and followed and not any(open.is_relative_to(real) for open in open_folders):
            yield from _walk(path, (*parts, entry.name), root, (*open_folders, real))
            continue
        yield (*parts, entry.name), path


def _resolved(path: Path) -> Path | None:
    """Where a path leads, or None when its links go round in a circle."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python 3.11 says "Symlink loop" with a RuntimeError
        return None


def _target_refusal(real: Path, root: Path) -> str | None:
    """Why a link's target may not be read, if it may not: it is outside the site, in a hidden
    folder (.git, .env, the cache) or in a build's output, which a build never reads back."""
    if not real.is_relative_to(root):
        return _OUTSIDE
    if any(skipped(part) for part in real.relative_to(root).parts):
        return f"a symbolic link to a hidden file or folder, which a build does not read: {_ITSELF}"
    folders = (folder for folder in (real, *real.parents) if folder.is_relative_to(root))
    if any((folder / BUILD_MARKER).is_file() for folder in folders):
        return f"a symbolic link into a build's output, which a build does not read: {_ITSELF}"
    return None


# The file every build writes first into its output (see write.MARKER): a folder holding it is a
# build's output.
BUILD_MARKER = ".unionsite-build"
_ITSELF = "put the file itself here"
_OUTSIDE = f"a symbolic link that leads outside the site: not read; {_ITSELF}"


# What editors and their programs leave beside a file (a backup, an autosave, a swap file): not
# content, and skipped as git's usual ignore lists skip it.
_LEFT_BY_EDITORS = ("~", ".swp", ".swo", ".swx", ".bak", ".orig", ".tmp")


def skipped(name: str) -> bool:
    """Whether a file or folder is left out of a build: hidden, or left by an editor."""
    autosave = name.startswith("#") and name.endswith("#")
    return name.startswith(".") or autosave or name.endswith(_LEFT_BY_EDITORS)


def _real_inside(path: Path, root: Path) -> Path:
    """Where `path` leads, if a build may read it there."""
    real = _resolved(path)
    if real is None:
        raise Refused("a symbolic link that leads back to itself, round in a circle: remove the link")
    site = root.resolve()
    refusal = (
        _target_refusal(real, site) if path.absolute() != real or not real.is_relative_to(site) else None
    )
    if refusal is not None:
        raise Refused(refusal)
    return real


def _check_kind(info: os.stat_result, linked: bool) -> None:
    kind = stat.S_IFMT(info.st_mode)
    if kind == stat.S_IFREG:
        return
    if kind == stat.S_IFDIR and linked:
        raise Refused("a link to a folder that holds it, which would never end: remove the link")
    if kind == stat.S_IFDIR:
        raise Refused("a folder where a file is expected: not read; move it aside")
    name = _KINDS.get(kind, "not a regular file")
    raise Refused(f"{name}, not a regular file: not read; remove it")


def _too_large(size: int, limit: int) -> str:
    return f"{size:,} bytes, over the limit of {limit:,} for a text file: split it into smaller ones"
