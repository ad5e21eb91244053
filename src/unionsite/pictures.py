"""The image files records show → the pictures pages show and the files copied into the site for
them: each read through `load`, made by `images` into the cache (through `write`) or found there.

Images are the heaviest work of a build: each is read and made in a thread of its own (Pillow
works outside Python's lock), one at a time per thread, so that only a few originals are in
memory at once; what is made goes straight into the cache folder, and the site's copies are made
from there, so that no image's bytes stay in memory. An image whose file has the same signature
as in the previous build is taken from it without being read again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from slugify import slugify

from .config import SiteConfig
from .errors import ContentError, Severity, SourceRef
from .fields import ImageUse
from .images import ImageRefused, ImageSettings, Shape, Variant, cache_key, describe, process_image, shapes
from .inputs import Refused
from .load import (
    IMAGE_CACHE,
    IMAGE_DESCRIPTION,
    LoadedContent,
    Signature,
    image_cache_folder,
    read_cached_image,
    read_image,
)
from .markdown import Picture
from .urls import IMAGE_FOLDER
from .write import prune_image_cache, store_image

SVG = "image/svg+xml"


@dataclass(frozen=True, slots=True)
class ImageEntry:
    """What became of one image file: made (or found in the cache), its files there described by
    `shapes`, in order; or refused, with the end of a sentence that begins "image 'bina.jpg' "."""

    signature: Signature
    key: str = ""  # in the cache ('' for a file refused before it was read whole)
    shapes: tuple[Shape, ...] = ()
    problem: str = ""
    fresh: bool = False  # made in this build, not found in the cache


@dataclass(frozen=True)
class Pictures:
    """Every image the records show: by path from the site root, what became of it and what
    pages show of it; the files to copy into the site from the cache, by their path there; each
    use of an image that failed, as a problem. No image's bytes are held: a site may have
    thousands of photographs."""

    settings: ImageSettings
    entries: Mapping[str, ImageEntry] = field(default_factory=dict)
    pictures: Mapping[str, Picture] = field(default_factory=dict)
    files: Mapping[str, Path] = field(default_factory=dict)
    problems: tuple[ContentError, ...] = ()
    made: int = 0  # how many were made in this build
    cached: int = 0  # how many the cache had
    # The images only records left out of the site show (drafts): made and checked, not published.
    held: frozenset[str] = frozenset()


def image_settings(config: SiteConfig) -> ImageSettings:
    return ImageSettings(config.image_widths, config.image_max_megapixels, config.image_quality)


def prepare_pictures(
    config: SiteConfig,
    content: LoadedContent,
    uses: Iterable[ImageUse],
    previous: Pictures | None = None,
    *,
    workers: int | None = None,
    held: frozenset[str] = frozenset(),
) -> Pictures:
    """Make every image `uses` names that is there (the others are validation's to report) into
    the cache, reusing what `previous` made of a file with the same signature and settings.
    `held`: the images only records left out of the site show, which are checked like the
    others but neither shown nor published: a draft's photograph is not on the site before it."""
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
    same = entries.keys() == previous.entries.keys() and held == previous.held if previous else False
    if previous is not None and not todo and same:
        # The same images as before: the same objects, so that no page is compared for them.
        return replace(previous, entries=entries, problems=problems, made=0, cached=0)
    pictures, files = _pictures(config, {path: entry for path, entry in entries.items() if path not in held})
    return Pictures(
        settings,
        entries,
        pictures,
        files,
        problems,
        made=sum(1 for entry in made.values() if entry.fresh),
        cached=sum(1 for entry in made.values() if entry.shapes and not entry.fresh),
        held=held,
    )


def _threads(workers: int | None, count: int) -> int:
    return max(1, min(workers or os.cpu_count() or 1, count))


def _entry(config: SiteConfig, path: str, signature: Signature, settings: ImageSettings) -> ImageEntry:
    """Read one image, then find it in the cache or make it into the cache. Only this image's
    bytes are held meanwhile, and none after."""
    try:
        data = read_image(config, path)
    except Refused as refused:
        return ImageEntry(signature, problem=f"cannot be read: {refused.message}")
    key = cache_key(hashlib.sha256(data).hexdigest(), settings)
    cached = _cached(config, key)
    if cached is not None:
        return ImageEntry(signature, key, cached)
    try:
        processed = process_image(data, settings)
    except ImageRefused as refused:
        return ImageEntry(signature, key, problem=refused.message)
    description = describe(processed)
    files = [(_file_name(place, variant), variant.data) for place, variant in enumerate(processed.variants)]
    store_image(image_cache_folder(config, key), [*files, (IMAGE_DESCRIPTION, description.encode())])
    return ImageEntry(signature, key, shapes(description), fresh=True)


def _cached(config: SiteConfig, key: str) -> tuple[Shape, ...] | None:
    """The variants the cache holds of the image with this key, if it holds all of them."""
    found = read_cached_image(config, key)
    if found is None:
        return None
    description, names = found
    try:
        described = shapes(description)
    except ValueError:
        return None
    whole = all(_file_name(i, shape) in names for i, shape in enumerate(described))
    return described if whole else None


def _file_name(place: int, shape: Shape | Variant) -> str:
    """A variant's file in the cache: its place among the image's variants, and its extension."""
    return f"{place}.{shape.extension}"


def _pictures(
    config: SiteConfig, entries: Mapping[str, ImageEntry]
) -> tuple[dict[str, Picture], dict[str, Path]]:
    """What pages show of each image that was made, and its files in the cache by their path in
    the site, named by the image's own name and a part of its key: a changed image gets new
    addresses, which a browser never confuses with the old ones it keeps."""
    pictures: dict[str, Picture] = {}
    files: dict[str, Path] = {}
    for path, entry in entries.items():
        if not entry.shapes:
            continue
        stem = slugify(PurePosixPath(path).stem) or "image"
        folder = image_cache_folder(config, entry.key)
        named = []
        for place, shape in enumerate(entry.shapes):
            output = f"{IMAGE_FOLDER}/{stem}-{shape.width}.{entry.key[:10]}.{shape.extension}"
            files[output] = folder / _file_name(place, shape)
            named.append((shape, config.base_path + output))
        pictures[path] = _picture(config, named)
    return pictures, dict(sorted(files.items()))


def _picture(config: SiteConfig, named: list[tuple[Shape, str]]) -> Picture:
    """The sizes of each format as a srcset: the last format (the original's) is the `<img>`'s,
    the ones before it (the modern ones) its `<source>`s; `src` is the original's largest."""
    by_type: dict[str, list[tuple[Shape, str]]] = {}
    for shape, url in named:
        by_type.setdefault(shape.media_type, []).append((shape, url))
    groups = list(by_type.items())
    fallback_type, fallback = groups[-1]
    largest = max((shape for shape, _ in fallback), key=lambda shape: shape.width)
    src = next(url for shape, url in fallback if shape is largest)
    return Picture(
        sources=tuple((media_type, _srcset(shapes)) for media_type, shapes in groups[:-1]),
        src=src,
        srcset=_srcset(fallback) if fallback_type != SVG else "",
        width=largest.width,
        height=largest.height,
        shared=config.absolute(src.removeprefix(config.base_path)) if fallback_type != SVG else "",
    )


def _srcset(variants: list[tuple[Shape, str]]) -> str:
    return ", ".join(f"{url} {shape.width}w" for shape, url in variants)


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


def prune_pictures(config: SiteConfig, pictures: Pictures) -> None:
    """After a full build, keep in the cache only the images the site shows."""
    keep = {entry.key for entry in pictures.entries.values() if entry.key}
    prune_image_cache(config.path(config.cache_dir) / IMAGE_CACHE, keep)
