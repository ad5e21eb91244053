"""The files of assets/ → the files a visitor's browser fetches: stylesheets checked and minified
by Lightning CSS, and every file given a name with its content's digest in it (style.3f2a….css),
so that a host may let browsers keep it for a year and a changed file still reaches them at once.
Templates ask for an asset by its own name; `Assets.urls` says where it went."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import lightningcss

from .errors import ContentError, SourceRef

ASSETS_FOLDER = "assets"
DIGEST_LENGTH = 10
# Lightning CSS ends its messages with "at <file>:<line from 0>:<column from 1>".
_POSITION = re.compile(r"^(?P<message>.*) at .*:(?P<line>\d+):(?P<column>\d+)$", re.DOTALL)


@dataclass(frozen=True)
class AssetFile:
    path: str  # in the output
    content: bytes


@dataclass(frozen=True)
class Assets:
    files: tuple[AssetFile, ...]
    urls: Mapping[str, str]  # an asset's name below assets/ → its address on the site
    problems: tuple[ContentError, ...] = ()
    sources: Mapping[str, bytes] = field(default_factory=dict)  # what they were made from


def prepare_assets(sources: Mapping[str, bytes], base_path: str, folder: str = ASSETS_FOLDER) -> Assets:
    """`sources`: each file below assets/ by its path there. `folder` is the assets folder's
    name below the site root, for messages."""
    files: list[AssetFile] = []
    urls: dict[str, str] = {}
    problems: list[ContentError] = []
    for name, source in sorted(sources.items()):
        content = _minified_css(source, f"{folder}/{name}") if name.endswith(".css") else source
        if isinstance(content, ContentError):
            problems.append(content)
            continue
        path = f"{ASSETS_FOLDER}/{fingerprinted(name, content)}"
        files.append(AssetFile(path, content))
        urls[name] = base_path + path
    return Assets(tuple(files), urls, tuple(problems), dict(sources))


def fingerprinted(name: str, content: bytes) -> str:
    """style.css → style.<digest>.css; a name without a suffix gets the digest at its end."""
    digest = hashlib.sha256(content).hexdigest()[:DIGEST_LENGTH]
    folder, _, file = name.rpartition("/")
    stem, dot, suffix = file.partition(".")
    renamed = f"{stem}.{digest}{dot}{suffix}" if dot else f"{stem}.{digest}"
    return f"{folder}/{renamed}" if folder else renamed


def _minified_css(content: bytes, path: str) -> bytes | ContentError:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        return ContentError(SourceRef(path, 0), f"not UTF-8 text ({error.reason} at byte {error.start})")
    try:
        return lightningcss.process_stylesheet(text, filename=path, minify=True).encode("utf-8")
    except ValueError as error:
        return _css_error(str(error).removeprefix("Parsing stylesheet failed: "), path)


def _css_error(message: str, path: str) -> ContentError:
    found = _POSITION.match(message)
    if found is None:
        return ContentError(SourceRef(path, 0), f"CSS error: {message}")
    where = SourceRef(path, int(found["line"]) + 1, max(int(found["column"]), 1))
    return ContentError(where, f"CSS error: {found['message']}")
