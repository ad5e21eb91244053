"""The image files records show → the pictures pages show and the files written for them: each
read through `load`, made by `images` (or found in the cache on disk), the results kept for the
next build and stored in the cache through `write`.

Images are the heaviest work of a build: each is read and made in a thread of its own (Pillow
works outside Python's lock), one at a time per thread, so that only a few originals are in
memory at once. An image whose file has the same signature as in the previous build is taken
from it without being read again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from slugify import slugify

from .config import SiteConfig
from .errors import ContentError, Severity, SourceRef
from .fields import ImageUse
from .images import (
    ImageRefused,
    ImageSettings,
    Processed,
    Variant,
    cache_key,
    from_cache,
    process_image,
    to_cache,
)
from .inputs import Refused
from .load import IMAGE_CACHE, LoadedContent, Signature, read_image, read_image_cache
from .markdown import Picture
from .render import RenderedFile
from .write import store_image_cache

SVG = "image/svg+xml"
IMAGE_FOLDER = "images"  # below the output's root: the same files serve every language


@dataclass(frozen=True, slots=True)
class ImageEntry:
    """What became of one image file: made (or found in the cache), or refused with the end of
    a sentence that begins "image 'bina.jpg' "."""

    signature: Signature
    key: str = ""  # in the cache on disk ('' for a file refused before it was read whole)
    processed: Processed | None = None
    problem: str = ""
    fresh: bool = False  # made in this build: the cache on disk lacks it


@dataclass(frozen=True)
class Pictures:
    """Every image the records show: by path from the site root, what became of it and what
    pages show of it; the files to write; each use of an image that failed, as a problem."""

    settings: ImageSettings
    entries: Mapping[str, ImageEntry] = field(default_factory=dict)
    pictures: Mapping[str, Picture] = field(default_factory=dict)
    files: tuple[RenderedFile, ...] = ()
    problems: tuple[ContentError, ...] = ()
    made: int = 0  # how many were made in this build
    cached: int = 0  # how many the cache on disk had


def image_settings(config: SiteConfig) -> ImageSettings:
    return ImageSettings(config.image_widths, config.image_max_megapixels, config.image_quality)


def prepare_pictures(
    config: SiteConfig,
    content: LoadedContent,
    uses: Iterable[ImageUse],
    previous: Pictures | None = None,
    workers: int | None = None,
) -> Pictures:
    """Make every image `uses` names that is there (the others are validation's to report),
    reusing what `previous` made of a file with the same signature and the same settings."""
    settings = image_settings(config)
    uses = tuple(uses)
    known = previous.entries if previous is not None and previous.settings == settings else {}
    paths = sorted({use.path for use in uses if use.path in content.resources})
    signatures = {path: content.files[path].signature for path in paths}
    kept = {
        path: known[path] for path in paths if path in known and known[path].signature == signatures[path]
    }
    todo = [path for path in paths if path not in kept]
    with ThreadPoolExecutor(max_workers=_threads(workers, len(todo))) as pool:
        made = dict(
            zip(todo, pool.map(lambda p: _entry(config, p, signatures[p], settings), todo), strict=True)
        )
    entries = {path: kept.get(path) or made[path] for path in paths}
    problems = tuple(_problems(uses, entries)) + tuple(_unused(content, uses))
    if previous is not None and not todo and entries.keys() == previous.entries.keys():
        # The same images as before: the same objects, so that no page is compared for them.
        return replace(previous, entries=entries, problems=problems, made=0, cached=0)
    pictures, files = _pictures(config, entries)
    return Pictures(
        settings,
        entries,
        pictures,
        files,
        problems,
        made=sum(1 for entry in made.values() if entry.fresh),
        cached=sum(1 for entry in made.values() if entry.processed is not None and not entry.fresh),
    )


def _threads(workers: int | None, count: int) -> int:
    return max(1, min(workers or os.cpu_count() or 1, count))


def _entry(config: SiteConfig, path: str, signature: Signature, settings: ImageSettings) -> ImageEntry:
    """Read one image, then find it in the cache on disk or make it."""
    try:
        data = read_image(config, path)
    except Refused as refused:
        return ImageEntry(signature, problem=f"cannot be read: {refused.message}")
    key = cache_key(hashlib.sha256(data).hexdigest(), settings)
    stored = read_image_cache(config, key)
    if stored is not None:
        processed = _from_stored(*stored)
        if processed is not None:
            return ImageEntry(signature, key, processed)
    try:
        return ImageEntry(signature, key, process_image(data, settings), fresh=True)
    except ImageRefused as refused:
        return ImageEntry(signature, key, problem=refused.message)


def _from_stored(metadata: str, data: bytes) -> Processed | None:
    """A cached image as `_stored` wrote it; None if it does not read as one."""
    try:
        packed = json.loads(metadata)
        blobs, start = [], 0
        for size in packed["sizes"]:
            blobs.append(data[start : start + size])
            start += size
        return from_cache(packed["image"], blobs)
    except (ValueError, KeyError, TypeError):
        return None


def _stored(processed: Processed) -> tuple[str, bytes]:
    """An image as the cache on disk keeps it: its description, and its files' bytes one after
    the other, their sizes in the description."""
    metadata, blobs = to_cache(processed)
    return json.dumps({"image": metadata, "sizes": [len(blob) for blob in blobs]}), b"".join(blobs)


def _pictures(
    config: SiteConfig, entries: Mapping[str, ImageEntry]
) -> tuple[dict[str, Picture], tuple[RenderedFile, ...]]:
    """What pages show of each image that was made, and its files, named by the image's own name
    and a part of its key: a changed image gets new addresses, which a browser never confuses
    with the old ones it keeps."""
    pictures: dict[str, Picture] = {}
    files: dict[str, RenderedFile] = {}
    for path, entry in entries.items():
        if entry.processed is None:
            continue
        stem = slugify(PurePosixPath(path).stem) or "image"
        named = []
        for variant in entry.processed.variants:
            output = f"{IMAGE_FOLDER}/{stem}-{variant.width}.{entry.key[:10]}.{variant.extension}"
            files[output] = RenderedFile(output, variant.data)
            named.append((variant, config.base_path + output))
        pictures[path] = _picture(config, named)
    return pictures, tuple(files[name] for name in sorted(files))


def _picture(config: SiteConfig, named: list[tuple[Variant, str]]) -> Picture:
    """The sizes of each format as a srcset: the last format (the original's) is the `<img>`'s,
    the ones before it (the modern ones) its `<source>`s; `src` is the original's largest."""
    by_type: dict[str, list[tuple[Variant, str]]] = {}
    for variant, url in named:
        by_type.setdefault(variant.media_type, []).append((variant, url))
    groups = list(by_type.items())
    fallback_type, fallback = groups[-1]
    largest = max((variant for variant, _ in fallback), key=lambda v: v.width)
    src = next(url for variant, url in fallback if variant is largest)
    return Picture(
        sources=tuple((media_type, _srcset(variants)) for media_type, variants in groups[:-1]),
        src=src,
        srcset=_srcset(fallback) if fallback_type != SVG else "",
        width=largest.width,
        height=largest.height,
        shared=config.absolute(src.removeprefix(config.base_path)) if fallback_type != SVG else "",
    )


def _srcset(variants: list[tuple[Variant, str]]) -> str:
    return ", ".join(f"{url} {variant.width}w" for variant, url in variants)


def _problems(uses: Iterable[ImageUse], entries: Mapping[str, ImageEntry]) -> Iterable[ContentError]:
    """Each use of an image that could not be made, at the place that shows it."""
    for use in uses:
        entry = entries.get(use.path)
        if entry is not None and entry.problem:
            yield ContentError(use.at, f"image '{use.written}' {entry.problem}")


def _unused(content: LoadedContent, uses: Iterable[ImageUse]) -> Iterable[ContentError]:
    """A file in a record's folder that no record shows is not published: the editor may have
    mistyped its name where it is shown."""
    shown = {use.path for use in uses}
    for path in sorted(content.resources - shown):
        message = "no record shows this file, so it is not published: show it, or remove it"
        yield ContentError(SourceRef(path, 0), message, Severity.WARNING)


def store_pictures(config: SiteConfig, pictures: Pictures, *, full: bool) -> None:
    """Keep the images made in this build in the cache on disk; after a `full` build, only the
    images the site shows stay there."""
    fresh = {
        entry.key: _stored(entry.processed)
        for entry in pictures.entries.values()
        if entry.fresh and entry.processed is not None
    }
    keep = {entry.key for entry in pictures.entries.values() if entry.key} if full else None
    store_image_cache(config.path(config.cache_dir) / IMAGE_CACHE, fresh, keep)
