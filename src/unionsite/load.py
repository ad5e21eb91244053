"""content/ on disk → RawRecords (data, Markdown body, positions) and the text of every file read.

Loading checks only what it must to read a file: encoding, YAML syntax, front matter. The meaning
of the data is `validate`'s business.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, TemplateNotFound
from jinja2.loaders import split_template_path

from .config import SiteConfig
from .errors import ContentError, SourceRef, UnionsiteError, not_utf8
from .inputs import Refused, check_folder, read_input, skipped, walk_inputs
from .kinds import MODEL, Kind, Model
from .parse import Parsed, Positions, parse_yaml

LOCALE_FOLDER = "locale"
CATALOG_PATH = LOCALE_FOLDER + "/{language}/LC_MESSAGES/messages.po"
YAML_SUFFIXES = (".yaml", ".yml")
# The names of the images a record may show: what browsers show, and what cameras and drawing
# programs write that must be exported first (the build says so, rather than "unexpected file").
IMAGE_SUFFIXES = (
    *(".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"),
    *(".heic", ".heif", ".avif", ".tif", ".tiff", ".bmp"),
)
MARKDOWN_CACHE = "markdown.sqlite3"  # in the cache folder: cache key → HTML
IMAGE_CACHE = "images"  # in the cache folder: a folder for each image made (see image_cache_folder)
IMAGE_DESCRIPTION = "image.json"  # in it, beside its files, what they are
FRONT_MATTER_FENCE = "---"


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as written: kind, id, language (a kind written in Markdown files only), data,
    Markdown body, positions."""

    at: SourceRef
    kind: str
    id: str
    data: Any
    positions: Positions
    language: str | None = None
    body: str | None = None
    body_line: int = 0  # the 1-based line where the Markdown body starts


# What tells a file's versions apart without reading it: modification and change times, size and
# inode (an editor that saves by replacing the file gives it a new inode).
Signature = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Resource:
    """A file in a record's own folder besides the record (an image): listed, read only when a
    record shows it."""


RESOURCE = Resource()
BUNDLE_FILE = "index"  # a record with a folder of its own is written in its index.yaml (index.tr.md)
IMAGE_LIMIT = 64 * 1024 * 1024  # a photograph straight from a camera is a few tens of megabytes


@dataclass(frozen=True, slots=True)
class LoadedFile:
    signature: Signature
    text: str
    result: RawRecord | ContentError | Resource


@dataclass(frozen=True, slots=True)
class LoadedContent:
    records: tuple[RawRecord, ...]
    texts: Mapping[str, str]
    problems: tuple[ContentError, ...]
    # (kind, id) of record files that could not be read: references to them are not reported again.
    unreadable: frozenset[tuple[str, str]] = frozenset()
    files: Mapping[str, LoadedFile] = field(default_factory=dict)  # by path from the site root
    read: int = 0  # how many files were read rather than reused
    looked: int = 0  # how many files' signatures were looked at
    # The files read anew or gone since the previous load, by path from the site root; None
    # without one. Later stages redo only what these files make.
    changed: frozenset[str] | None = None
    # Where each record's file is in `records`: an edit swaps its record in there.
    places: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    # The files in records' own folders besides the records (images), by path from the site root.
    resources: frozenset[str] = frozenset()


def load_content(
    config: SiteConfig,
    previous: LoadedContent | None = None,
    changed: Collection[Path] | None = None,
    model: Model = MODEL,
) -> LoadedContent:
    """Read every file under the content folder, in a stable order. A file whose signature is
    the same as when `previous` read it is not read again: its record is reused, the same object.
    `changed` (with `previous`): the only files that may differ from it, as a file watcher
    reports them (changed, added or removed); only those are looked at."""
    try:
        check_folder(config.path(config.content_dir), config.root)
    except Refused as refused:
        return LoadedContent((), {}, (ContentError(SourceRef(config.content_dir, 0), refused.message),))
    known = previous.files if previous is not None else {}
    complete = previous is None or changed is None
    listed = list(_content_files(config)) if complete else _changed_files(config, changed or ())
    files, read = _updated(known, listed, config, complete, model)
    altered = None
    if previous is not None:
        altered = frozenset(known.keys() - files.keys()).union(
            relative for _, relative, *_ in listed if files.get(relative) is not known.get(relative)
        )
    if previous is not None and altered is not None and not complete:
        edited = _edited(previous, files, altered)
        if edited is not None:
            return replace(edited, read=read, looked=len(listed))
    records: list[RawRecord] = []
    problems: list[ContentError] = []
    resources: list[str] = []
    for relative, loaded in files.items():
        if isinstance(loaded.result, RawRecord):
            records.append(loaded.result)
        elif isinstance(loaded.result, Resource):
            resources.append(relative)
        else:
            problems.append(loaded.result)
    return LoadedContent(
        records=tuple(records),
        texts={relative: loaded.text for relative, loaded in files.items()},
        problems=tuple(problems),
        unreadable=frozenset(
            _kind_and_id(_parts_below_content(problem.source.path, config), model) for problem in problems
        ),
        files=files,
        read=read,
        looked=len(listed),
        changed=altered,
        places={record.at.path: place for place, record in enumerate(records)},
        resources=frozenset(resources),
    )


def _edited(
    previous: LoadedContent, files: dict[str, LoadedFile], altered: frozenset[str]
) -> LoadedContent | None:
    """`previous` with the records of the `altered` files swapped in their places, if each was
    a record before and is one now (else None: gather everything again)."""
    records = list(previous.records)
    texts = dict(previous.texts)
    for relative in altered:
        old, new = previous.files.get(relative), files.get(relative)
        if old is None or new is None:
            return None
        if not isinstance(old.result, RawRecord) or not isinstance(new.result, RawRecord):
            return None
        place = previous.places.get(relative)
        if place is None:
            return None
        records[place] = new.result
        texts[relative] = new.text
    return replace(previous, records=tuple(records), texts=texts, files=files, changed=altered)


FileState = tuple[str, str, tuple[str, ...], Signature | None]  # path, relative, parts, signature


def _updated(
    known: Mapping[str, LoadedFile], listed: list[FileState], config: SiteConfig, complete: bool, model: Model
) -> tuple[dict[str, LoadedFile], int]:
    """The files as `listed` says they are now, the others as `known` (or, when the list is
    `complete`, gone), in path order; and how many were read: only those whose signature changed."""
    files: dict[str, LoadedFile] = {} if complete else dict(known)
    read = 0
    for file, relative, parts, signature in listed:
        loaded = known.get(relative)
        if signature is None:
            files.pop(relative, None)
        elif loaded is None or loaded.signature != signature:
            files[relative] = LoadedFile(signature, *_read_file(file, relative, parts, config, model))
            read += 1
        else:
            files[relative] = loaded
    added_or_gone = len(files) != len(known) or any(relative not in known for _, relative, *_ in listed)
    if not complete and added_or_gone:
        files = dict(sorted(files.items(), key=lambda item: item[0].split("/")))
    return files, read


def _changed_files(config: SiteConfig, changed: Collection[Path]) -> list[FileState]:
    """The state now of each changed file below the content folder, hidden ones left out (an
    editor's swap files), as the full walk would see it; None for a file that is gone. A link
    is taken as the link, not as what it points at."""
    content = config.path(config.content_dir)
    prefix = content.relative_to(config.root).as_posix()
    states: list[FileState] = []
    below = {found for found in (_below(Path(path), content) for path in changed) if found is not None}
    for path, parts in sorted(below):
        if not parts or any(skipped(part) for part in parts):
            continue
        signature = _signature_of(path)
        if signature is None or not path.is_dir():
            states.append((str(path), "/".join((prefix, *parts)), parts, signature))
    return states


def _below(path: Path, content: Path) -> tuple[Path, tuple[str, ...]] | None:
    """A changed path as the walk of `content` names it, with its parts below it: watchers name
    a file by the path they watch, or by where its folder really is."""
    plain = Path(os.path.abspath(path))
    if plain.is_relative_to(content.absolute()):
        return plain, plain.relative_to(content.absolute()).parts
    try:
        real = plain.parent.resolve() / plain.name
    except (RuntimeError, OSError):
        return None
    if real.is_relative_to(content.resolve()):
        parts = real.relative_to(content.resolve()).parts
        return content.joinpath(*parts), parts
    return None


def _parts_below_content(relative: str, config: SiteConfig) -> tuple[str, ...]:
    return Path(relative).relative_to(config.content_dir).parts


def record_folder(path: str) -> str | None:
    """The folder of a record written in a folder of its own (by path from the site root), where
    its images are; None for a record written as one file beside others."""
    folder, _, name = path.rpartition("/")
    return folder if name.partition(".")[0] == BUNDLE_FILE else None


def bundle_path(path: str) -> str:
    """Where a record written as one file goes to have a folder of its own:
    content/organizations/mbb.yaml → content/organizations/mbb/index.yaml."""
    folder, _, name = path.rpartition("/")
    stem, _, suffix = name.partition(".")
    return f"{folder}/{stem}/{BUNDLE_FILE}.{suffix}"


def _kind_and_id(parts: tuple[str, ...], model: Model) -> tuple[str, str]:
    """The kind and id a file under content/ stands for, from its folder and name alone: a
    record with a folder of its own is named by its folder."""
    folder, name = parts[0], parts[-1]
    kind = model.by_plural(folder)
    if name.partition(".")[0] == BUNDLE_FILE and len(parts) > 2:
        parts, name = parts[:-1], parts[-2]
    if kind is not None and kind.markdown is not None:
        return kind.name, "/".join((*parts[1:-1], name.partition(".")[0]))
    return (kind.name if kind is not None else folder), Path(name).stem


def _is_resource(parts: tuple[str, ...], model: Model) -> bool:
    """Whether a file is one a record may show (an image) rather than a record: named as an
    image is, in a kind's folder. Its name says only what it is meant to be: what it holds is
    found from its bytes. Any other file there is a record, or a mistake (`nalas.yam`)."""
    return len(parts) >= 2 and model.by_plural(parts[0]) is not None and _is_image_name(parts[-1])


def _is_image_name(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES)


def load_catalogs(config: SiteConfig) -> tuple[dict[str, bytes], list[ContentError]]:
    """The .po text of each language's UI-string catalog (compiled in memory by `render`), and
    the catalogs refused (see `inputs`)."""
    catalogs, problems = {}, []
    for language in config.languages:
        relative = CATALOG_PATH.format(language=language)
        file = config.path(relative)
        if not file.exists() and not file.is_symlink():
            raise UnionsiteError(f"{relative}: missing: every language needs its catalog of UI strings")
        try:
            catalogs[language] = read_input(file, config.root)
        except Refused as refused:
            problems.append(ContentError(SourceRef(relative, 0), refused.message))
    return catalogs, problems


def load_assets(config: SiteConfig) -> tuple[dict[str, bytes], list[ContentError]]:
    """Each file below assets/ (hidden ones skipped) by its path there, and the files refused
    (see `inputs`). They are few and small: read every time."""
    folder = config.path(config.assets_dir)
    if not folder.is_dir():
        return {}, []
    result, problems = {}, []
    try:
        check_folder(folder, config.root)
        for parts, path in walk_inputs(folder, config.root):
            relative = "/".join(parts)
            try:
                result[relative] = read_input(path, config.root, limit=None)
            except Refused as refused:
                problems.append(
                    ContentError(SourceRef(f"{config.assets_dir}/{relative}", 0), refused.message)
                )
    except Refused as refused:
        problems.append(ContentError(SourceRef(config.assets_dir, 0), refused.message))
    return result, problems


class TemplateLoader(FileSystemLoader):
    """Jinja's loader of the templates folder, reading each template through `inputs`: a link out
    of the site, a pipe or a device in templates/ is refused with its name, never read."""

    def __init__(self, config: SiteConfig) -> None:
        self.folder = config.path(config.templates_dir)
        self.config = config
        super().__init__(self.folder)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        if not path.exists() and not path.is_symlink():
            raise TemplateNotFound(template)
        where = f"{self.config.templates_dir}/{template}"
        try:
            check_folder(self.folder, self.config.root)
            data = read_input(path, self.config.root)
        except Refused as refused:
            raise UnionsiteError(f"{where}: {refused.message}") from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as error:
            problem = not_utf8(data, error, where, what="template")
            raise UnionsiteError(f"{problem.source}: {problem.message}") from None
        modified = path.stat().st_mtime
        return source, str(path), lambda: path.exists() and path.stat().st_mtime == modified

    def list_templates(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return ["/".join(parts) for parts, _ in walk_inputs(self.folder, self.config.root)]


def read_image(config: SiteConfig, relative: str) -> bytes:
    """The bytes of an image a record shows (by path from the site root), or Refused."""
    return read_input(config.path(relative), config.root, limit=IMAGE_LIMIT)


def image_cache_folder(config: SiteConfig, key: str) -> Path:
    """Where the image cache keeps what was made of the image with this cache key: its
    description (IMAGE_DESCRIPTION) and its files, which builds copy into the site."""
    return config.path(config.cache_dir) / IMAGE_CACHE / key[:2] / key


def read_cached_image(config: SiteConfig, key: str) -> tuple[str, frozenset[str]] | None:
    """The description of a made image in the cache, and the names of the files beside it;
    None if the cache has none (or it cannot be read: the cache only ever saves time)."""
    folder = image_cache_folder(config, key)
    try:
        description = (folder / IMAGE_DESCRIPTION).read_text("utf-8")
        return description, frozenset(entry.name for entry in os.scandir(folder) if entry.is_file())
    except (OSError, UnicodeDecodeError):
        return None


def read_markdown_cache(config: SiteConfig, keys: Collection[bytes]) -> dict[bytes, str]:
    """The HTML the cache on disk holds for each of `keys` it has. A cache that is missing or
    unreadable (another version's, or damaged) holds nothing: it only ever saves time."""
    file = config.path(config.cache_dir) / MARKDOWN_CACHE
    if not keys or not file.is_file():
        return {}
    found: dict[bytes, str] = {}
    wanted = list(keys)
    try:
        connection = sqlite3.connect(f"{file.absolute().as_uri()}?mode=ro", uri=True)
        try:
            for start in range(0, len(wanted), _KEYS_PER_QUERY):
                chunk = wanted[start : start + _KEYS_PER_QUERY]
                query = f"SELECT key, html FROM html WHERE key IN ({','.join('?' * len(chunk))})"
                found.update(connection.execute(query, chunk).fetchall())
        finally:
            connection.close()
    except sqlite3.Error:
        return {}
    return found


_KEYS_PER_QUERY = 900  # below SQLite's oldest limit on parameters (999)


def _content_files(config: SiteConfig) -> Iterator[FileState]:
    """Each file, in path order: its path, its path from the site root, its parts below
    content/ and its signature. Hidden files and folders (an editor's swap files) are skipped."""
    content = config.path(config.content_dir)
    if not content.is_dir():
        return
    prefix = content.relative_to(config.root).as_posix()
    for parts, path in walk_inputs(content, config.root):
        yield str(path), "/".join((prefix, *parts)), parts, _signature_of(path)


def _signature_of(path: Path) -> Signature | None:
    """The signature of what `path` leads to (of the link itself if it leads nowhere); None if
    there is nothing there."""
    try:
        return _signature(path.stat())
    except OSError:
        try:
            return _signature(path.lstat())
        except FileNotFoundError:
            return None


def _signature(info: os.stat_result) -> Signature:
    return info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino


def _read_file(
    file: str, relative: str, parts: tuple[str, ...], config: SiteConfig, model: Model
) -> tuple[str, RawRecord | ContentError | Resource]:
    """The file's text (shown under error messages) and its record, or why there is none. A
    file `inputs` refuses has no text: nothing of it is shown anywhere. A record's own files
    beside it (images) are not read here: only those a record shows are, when it shows them."""
    if _is_resource(parts, model):
        return "", RESOURCE
    try:
        data = read_input(Path(file), config.root)
    except Refused as refused:
        return "", ContentError(SourceRef(relative, 0), refused.message)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return data.decode("utf-8", errors="replace"), not_utf8(data, error, relative)
    return text, _record_from(text, relative, parts, config, model)


def _record_from(
    text: str, relative: str, parts: tuple[str, ...], config: SiteConfig, model: Model
) -> RawRecord | ContentError:
    kind = model.by_plural(parts[0]) if len(parts) >= 2 else None
    if kind is None:
        expected = ", ".join(f"{kind.plural}/" for kind in model.kinds)
        return _unexpected(relative, f"a file in one of {expected}")
    if kind.markdown is not None:
        if len(parts) != 3 and (len(parts) != 4 or not parts[-1].startswith(f"{BUNDLE_FILE}.")):
            return _unexpected(relative, _markdown_layout(kind))
        return _markdown_record(text, relative, parts, config, kind=kind, model=model)
    if not parts[-1].endswith(YAML_SUFFIXES):
        return _unexpected(relative, "a .yaml file")
    return _yaml_record(text, relative, *_kind_and_id(parts, model))


def _markdown_layout(kind: Kind) -> str:
    """Where a kind written in Markdown files keeps them: 'pages/<organization id>/<key>.<language>.md'."""
    assert kind.markdown is not None
    under = f"{kind.plural}/<{kind.markdown.under} id>"
    return f"{under}/<key>.<language>.md, or {under}/<key>/index.<language>.md"


def _unexpected(relative: str, expected: str) -> ContentError:
    return ContentError(SourceRef(relative), f"unexpected file: expected {expected}")


def _yaml_record(text: str, relative: str, kind: str, record_id: str) -> RawRecord | ContentError:
    if not text.strip():
        return ContentError(SourceRef(relative), "empty record file")
    parsed = parse_yaml(text, relative)
    if isinstance(parsed, ContentError):
        return parsed
    return _raw(parsed, kind, record_id)


def _raw(parsed: Parsed, kind: str, record_id: str, **extra: Any) -> RawRecord:
    at = parsed.positions.of(())
    return RawRecord(at, kind, record_id, parsed.data, parsed.positions, **extra)


def _markdown_record(
    text: str, relative: str, parts: tuple[str, ...], config: SiteConfig, *, kind: Kind, model: Model
) -> RawRecord | ContentError:
    key, _, suffix = parts[-1].partition(".")
    language, _, extension = suffix.partition(".")
    if extension != "md" or not key:
        return _unexpected(relative, _markdown_layout(kind))
    if language not in config.languages:
        known = ", ".join(config.languages)
        return ContentError(SourceRef(relative), f"unknown language '{language}' (expected {known})")
    split = _front_matter(text, relative, kind.name)
    if isinstance(split, ContentError):
        return split
    front, body, body_line = split
    parsed = parse_yaml(front, relative, first_line=2)
    if isinstance(parsed, ContentError):
        return parsed
    name, record_id = _kind_and_id(parts, model)
    return _raw(parsed, name, record_id, language=language, body=body, body_line=body_line)


def _front_matter(text: str, relative: str, kind: str) -> tuple[str, str, int] | ContentError:
    """Split `---` front matter from the Markdown body that follows it."""
    if not text.strip():
        return ContentError(SourceRef(relative), "empty record file")
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != FRONT_MATTER_FENCE:
        return ContentError(
            SourceRef(relative), f"a {kind} must start with front matter: a line '---', its fields, '---'"
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FRONT_MATTER_FENCE:
            return "".join(lines[1:number]), "".join(lines[number + 1 :]), number + 2
    return ContentError(SourceRef(relative), "front matter is not closed: add a line '---' after it")
