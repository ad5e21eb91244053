"""Rendered files + assets → a temporary folder beside the output, swapped in only when complete.

The last good site is never damaged: until the swap, the old output stays where it was; a failure
before it leaves the old output untouched and removes the partial folder.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import UnionsiteError
from .render import RenderedFile

ASSETS_FOLDER = "assets"


def write_site(files: Iterable[RenderedFile], assets: Path, output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise UnionsiteError(f"{output} exists and is not a folder; remove it or choose another output")
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        _write_files(files, staging)
        if assets.is_dir():
            shutil.copytree(assets, staging / ASSETS_FOLDER, dirs_exist_ok=True)
        staging.chmod(0o755)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


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
