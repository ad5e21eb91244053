"""site.yaml → a frozen SiteConfig (publisher, base URL, languages, folders)."""

from __future__ import annotations

import datetime
import functools
import importlib.resources
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .errors import ContentError, ContentErrors, ErrorReport, SourceRef, UnionsiteError
from .inputs import Refused, read_input
from .parse import Parsed, Positions, parse_yaml

CONFIG_FILE = "site.yaml"
OUTPUT_OPTION = "--output"  # where an output folder chosen on the command line comes from

# The Babel locale each site language is formatted with: British conventions for English.
DEFAULT_LOCALES = {"tr": "tr_TR", "en": "en_GB"}
# Entries on one list page when site.yaml sets no page size: small enough for a page a phone
# loads quickly, large enough that a list of a few dozen stays one page.
DEFAULT_PAGE_SIZE = 50
# site.yaml's `images:` settings, each with its default and its bounds: the widths a page may ask
# an image in (a phone's screen, a wide one, both at twice their pixels), the largest image
# accepted, in megapixels (decoding a 50-megapixel photo takes some 150 MB; Pillow itself takes
# one of over 89 megapixels for a decompression bomb), and the quality of lossy encodes.
IMAGE_WIDTHS = (480, 960, 1440)
IMAGE_WIDTH_RANGE = (16, 8192)
IMAGE_SETTINGS: dict[str, tuple[int, int, int]] = {"max_megapixels": (50, 1, 89), "quality": (80, 1, 100)}


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    owner: str
    base_url: str
    languages: tuple[str, ...]
    default_language: str
    locales: tuple[tuple[str, str], ...]
    content_dir: str = "content"
    templates_dir: str = "templates"
    assets_dir: str = "assets"
    output_dir: str = "build"
    # Where a build keeps what it may reuse next time (the HTML of Markdown texts): never needed,
    # safe to delete, not to be committed.
    cache_dir: str = ".cache"
    feed_entries: int = 50  # the newest agreements and memberships each language's feed shows
    # How many entries each list page shows before it goes on at …/sayfa/2/ (site.yaml's
    # `page_size`: one number for every list, or a number per list by its name, with `default`):
    # a list grows with the site, a page must not. By list name; "" is the default.
    page_sizes: tuple[tuple[str, int], ...] = (("", DEFAULT_PAGE_SIZE),)
    # Where each list name of `page_size` was written, for the error if no list has that name.
    page_size_at: tuple[tuple[str, SourceRef], ...] = field(default=(), compare=False)
    # site.yaml's `images:` (see IMAGE_WIDTHS and IMAGE_SETTINGS).
    image_widths: tuple[int, ...] = IMAGE_WIDTHS
    image_max_megapixels: int = IMAGE_SETTINGS["max_megapixels"][0]
    image_quality: int = IMAGE_SETTINGS["quality"][0]
    search: bool = True  # build the search index (Pagefind) and the search page's script
    # The licence of the open data under data/ (and named on the open data page).
    licence: str = "https://creativecommons.org/licenses/by/4.0/"
    # The owner's contact details as far as they are known (site.yaml's `contact:` mapping). The
    # contact, privacy and accessibility pages show what is given and invent nothing; a contact
    # form appears only when `form` names the address that receives it.
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_form: str | None = None
    # Where to apply for information under Law 4982 (Bilgi Edinme), linked from every footer:
    # CİMER, the state's channel for applications to any public body, unless site.yaml names
    # the union's own page.
    information_request: str = "https://www.cimer.gov.tr/"
    contact_at: SourceRef = field(default_factory=lambda: SourceRef(CONFIG_FILE, 0))
    # Where the owner was chosen (site.yaml or the command line), for the error if it is unknown.
    owner_at: SourceRef = field(default_factory=lambda: SourceRef(CONFIG_FILE))
    # Where the output folder was chosen (site.yaml or --output); None: the default. Not compared:
    # a rebuild names the output its build chose, wherever that was.
    output_at: SourceRef | None = field(default=None, compare=False)
    # The text of site.yaml, shown under errors that point into it.
    text: str = field(default="", repr=False, compare=False)
    # "Today" for the build: SOURCE_DATE_EPOCH, else the time of the commit being built, so
    # that one commit always builds the same site (see `today`). None: not known.
    today: datetime.date | None = field(default=None, compare=False)
    # The settings file, by path from the root: site.yaml, or an example site's.
    file: str = CONFIG_FILE
    # Build drafts and records scheduled after "today" too (`--drafts`): for a preview only.
    drafts: bool = False
    # An invented site (an example): every page says so.
    fictional: bool = False

    @cached_property  # asked for by every link of every page
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': every internal link starts with it."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def absolute(self, path: str) -> str:
        """The full URL of `path` below the base: search engines want hreflang links absolute."""
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return base + path

    def page_size(self, list_name: str) -> int:
        """How many entries one page of the list `list_name` shows."""
        sizes = dict(self.page_sizes)
        return sizes.get(list_name, sizes[""])

    def locale(self, language: str) -> str:
        return dict(self.locales)[language]

    def path(self, relative: str) -> Path:
        return self.root / relative


_FIELDS: dict[str, type | tuple[type, ...]] = {
    "owner": str,
    "base_url": str,
    "languages": list,
    "default_language": str,
    "locales": dict,
    "content_dir": str,
    "templates_dir": str,
    "assets_dir": str,
    "output_dir": str,
    "cache_dir": str,
    "feed_entries": int,
    "page_size": (int, dict),
    "images": dict,
    "search": bool,
    "licence": str,
    "contact": dict,
    "information_request": str,
    "fictional": bool,
}
CONTACT_FIELDS = ("email", "phone", "form")
# The folders a build reads, with their defaults: each must be inside the site.
INPUT_FOLDERS = {"content_dir": "content", "templates_dir": "templates", "assets_dir": "assets"}
_REQUIRED = ("owner", "base_url", "languages")


def load_config(
    root: Path,
    owner: str | None = None,
    output_dir: str | None = None,
    cache_dir: str | None = None,
    *,
    config_file: str = CONFIG_FILE,
    drafts: bool = False,
) -> SiteConfig:
    """Read `site.yaml` under `root` (or the settings file `config_file` names there, such as an
    example site's); command-line choices (`--owner`, `--output`, `--drafts`) win over it."""
    if not _inside(config_file):
        raise UnionsiteError(f"--config must name a file inside the site's folder, got '{config_file}'")
    file = root / config_file
    if not file.exists() and not file.is_symlink():
        raise UnionsiteError(f"{config_file} not found in {root}")
    try:
        text = read_input(file, root).decode("utf-8")
    except Refused as refused:
        raise UnionsiteError(f"{config_file}: {refused.message}") from None
    except UnicodeDecodeError as error:
        raise UnionsiteError(f"{config_file}: not valid UTF-8 ({error.reason})") from None
    parsed = parse_yaml(text, config_file)
    if isinstance(parsed, ContentError):
        raise ContentErrors(ErrorReport.of([parsed]), {config_file: text})
    config, problems = _config_from(parsed, root)
    if problems or config is None:
        raise ContentErrors(ErrorReport.of(problems), {config_file: text})
    config = replace(
        config,
        file=config_file,
        drafts=drafts,
        text=text,
        output_dir=output_dir or config.output_dir,
        output_at=SourceRef(OUTPUT_OPTION, 0) if output_dir else config.output_at,
        cache_dir=cache_dir or config.cache_dir,
    )
    if owner:
        config = replace(config, owner=owner, owner_at=SourceRef("--owner", 0, 0))
    return replace(config, today=today(root))


@functools.cache
def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`, from the locked tzdata package rather than the system's
    database, so that every machine builds the same times and the same calendar files."""
    path = importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
    with path.open("rb") as data:
        return ZoneInfo.from_file(data, key=name)


@functools.cache
def time_zone_names() -> frozenset[str]:
    """Every zone name the locked tzdata package knows."""
    return frozenset(importlib.resources.files("tzdata").joinpath("zones").read_text("utf-8").split())


# The time zone a build's "today" is taken in: the unions' own.
# A time written without a zone (a news item's) is there too.
SITE_TIME_ZONE_NAME = "Europe/Istanbul"
SITE_TIME_ZONE = time_zone(SITE_TIME_ZONE_NAME)


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in Istanbul: "today" as a time, or a day's first moment."""
    return datetime.datetime.combine(day, datetime.time(), SITE_TIME_ZONE)


def today(root: Path, environment: Mapping[str, str] = os.environ) -> datetime.date:
    """The build's "today": SOURCE_DATE_EPOCH when set (the reproducible-builds convention),
    else the commit time of the site's HEAD, else the clock's date, in Istanbul. A commit
    builds the same site whenever it is built; a daily scheduled build moves "today" on."""
    epoch = environment.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        if not epoch.strip().isdigit():
            raise UnionsiteError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got '{epoch}'")
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    else:
        moment = _commit_time(root) or datetime.datetime.now(tz=datetime.UTC)
    return moment.astimezone(SITE_TIME_ZONE).date()


def _commit_time(root: Path) -> datetime.datetime | None:
    seconds = (git_output(root, "log", "-1", "--format=%ct") or "").strip()
    return datetime.datetime.fromtimestamp(int(seconds), tz=datetime.UTC) if seconds.isdigit() else None


GIT_TIMEOUT = 60  # seconds, for each git command a build runs


def git_output(root: Path, *arguments: str) -> str | None:
    """What a git command run in the site's folder printed, or None if git is missing, the
    command failed or took too long. It takes no lock on the index (GIT_OPTIONAL_LOCKS=0): a
    build never writes into the repository."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *arguments],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "surrogateescape") if done.returncode == 0 else None


def _config_from(parsed: Parsed, root: Path) -> tuple[SiteConfig | None, list[ContentError]]:
    data, where = parsed.data, parsed.positions
    if not isinstance(data, dict):
        return None, [ContentError(where.of(()), f"{where.path} must be a mapping of settings")]
    problems = _check_fields(data, where)
    if problems:
        return None, problems
    languages = tuple(str(language) for language in data["languages"])
    default = data.get("default_language", languages[0] if languages else "")
    locales = {**DEFAULT_LOCALES, **{str(k): str(v) for k, v in data.get("locales", {}).items()}}
    problems += _check_languages(languages, default, locales, where)
    problems += [
        ContentError(
            where.key(("contact", key)),
            f"unknown contact detail '{key}' (known: {', '.join(CONTACT_FIELDS)})",
        )
        for key in data.get("contact", {})
        if key not in CONTACT_FIELDS
    ]
    problems += [
        ContentError(where.of(("contact", key)), f"contact detail '{key}' must be text")
        for key, value in data.get("contact", {}).items()
        if not isinstance(value, str)
    ]
    problems += [
        ContentError(
            where.of((key,)), f"setting '{key}' must name a folder inside the site, like '{default}'"
        )
        for key, default in INPUT_FOLDERS.items()
        if key in data and not _inside(data[key])
    ]
    problems += _address_problems(data, where)
    if data.get("feed_entries", 1) < 1:
        problems.append(ContentError(where.of(("feed_entries",)), "setting 'feed_entries' must be 1 or more"))
    sizes, size_problems = _page_sizes(data.get("page_size", DEFAULT_PAGE_SIZE), where)
    problems += size_problems
    images, image_problems = _image_settings(data.get("images", {}), where)
    problems += image_problems
    if problems:
        return None, problems
    config = SiteConfig(
        root=root,
        owner=data["owner"],
        owner_at=where.of(("owner",)),
        base_url=data["base_url"],
        languages=languages,
        default_language=default,
        locales=tuple((language, locales[language]) for language in languages),
        contact_at=where.key(("contact",)) if "contact" in data else SourceRef(where.path, 0),
        output_at=where.of(("output_dir",)) if "output_dir" in data else None,
        page_sizes=tuple(sizes.items()),
        page_size_at=tuple((name, where.key(("page_size", name))) for name in sizes if name),
        **images,
        **{f"contact_{key}": value for key, value in data.get("contact", {}).items()},
        **{
            k: data[k]
            for k in (
                "content_dir",
                "templates_dir",
                "assets_dir",
                "output_dir",
                "cache_dir",
                "feed_entries",
                "search",
                "licence",
                "information_request",
                "fictional",
            )
            if k in data
        },
    )
    return config, []


def _page_sizes(setting: Any, where: Positions) -> tuple[dict[str, int], list[ContentError]]:
    """`page_size` as sizes by list name ("" for the default), each a whole number from 1: one
    number for every list, or a mapping of list names (and `default`) to numbers. Which list
    names exist is the kinds' business: the URL stage checks them (`page_size_at`)."""
    by_name = setting if isinstance(setting, dict) else {"default": setting}
    sizes, problems = {"": DEFAULT_PAGE_SIZE}, []
    for name, size in by_name.items():
        at = where.of(("page_size", name)) if isinstance(setting, dict) else where.of(("page_size",))
        setting_name = f"page_size.{name}" if isinstance(setting, dict) else "page_size"
        if not isinstance(name, str):
            problems.append(ContentError(where.key(("page_size", name)), "a list's name must be text"))
        elif isinstance(size, bool) or not isinstance(size, int) or size < 1:
            problems.append(ContentError(at, f"setting '{setting_name}' must be a whole number, 1 or more"))
        else:
            sizes["" if name == "default" else name] = size
    return sizes, problems


def _image_settings(setting: dict[str, Any], where: Positions) -> tuple[dict[str, Any], list[ContentError]]:
    """`images:` as SiteConfig's fields: `widths`, a list of whole numbers in IMAGE_WIDTH_RANGE
    (kept in ascending order, each once), and the numbers of IMAGE_SETTINGS, each in its bounds."""
    values: dict[str, Any] = {}
    problems = [
        ContentError(
            where.key(("images", key)),
            f"unknown setting 'images.{key}' (known: widths, {', '.join(IMAGE_SETTINGS)})",
        )
        for key in setting
        if key != "widths" and key not in IMAGE_SETTINGS
    ]
    low, high = IMAGE_WIDTH_RANGE
    widths = setting.get("widths", list(IMAGE_WIDTHS))
    if not isinstance(widths, list) or not widths or not all(_is_whole(w, low, high) for w in widths):
        problems.append(
            ContentError(
                where.of(("images", "widths")),
                f"setting 'images.widths' must be a list of whole numbers from {low} to {high}, "
                "the widths in pixels a page may show an image at",
            )
        )
    else:
        values["image_widths"] = tuple(sorted(set(widths)))
    for name, (_, low, high) in IMAGE_SETTINGS.items():
        if name in setting and not _is_whole(setting[name], low, high):
            problems.append(
                ContentError(
                    where.of(("images", name)),
                    f"setting 'images.{name}' must be a whole number from {low} to {high}",
                )
            )
        elif name in setting:
            values[f"image_{name}"] = setting[name]
    return values, problems


def _is_whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check_fields(data: dict[str, Any], where: Positions) -> list[ContentError]:
    problems = [
        ContentError(where.key((key,)), f"unknown setting '{key}'") for key in data if key not in _FIELDS
    ]
    problems += [
        ContentError(where.of(()), f"missing required setting '{key}'")
        for key in _REQUIRED
        if key not in data
    ]
    problems += [
        ContentError(where.of((key,)), f"setting '{key}' must be {_type_names(_FIELDS[key])}")
        for key, value in data.items()
        if key in _FIELDS and not _is_of(value, _FIELDS[key])
    ]
    return problems


# What each type of setting is called in a message to an editor.
_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a mapping"}


def _is_of(value: Any, types: type | tuple[type, ...]) -> bool:
    """Whether a setting's value has one of its types; YAML's true is no number of entries."""
    if isinstance(value, bool):
        return bool in (types if isinstance(types, tuple) else (types,))
    return isinstance(value, types)


def _type_names(types: type | tuple[type, ...]) -> str:
    """'text', 'a whole number or a mapping': what a setting of these types must be."""
    return " or ".join(_TYPE_NAMES[type_] for type_ in (types if isinstance(types, tuple) else (types,)))


def _check_languages(
    languages: tuple[str, ...], default: str, locales: dict[str, str], where: Positions
) -> list[ContentError]:
    problems = []
    if not languages:
        problems.append(ContentError(where.of(("languages",)), "list at least one language"))
    if languages and default not in languages:
        problems.append(
            ContentError(where.of(("default_language",)), f"'{default}' is not one of the languages")
        )
    problems += [
        ContentError(where.of(("languages",)), f"no Babel locale known for language '{language}'")
        for language in languages
        if language not in locales
    ]
    return problems


# Settings that hold a web address, which the pages publish as links or a form's action.
ADDRESS_SETTINGS: tuple[tuple[str, ...], ...] = (
    ("base_url",),
    ("licence",),
    ("information_request",),
    ("contact", "form"),
)


def _address_problems(data: dict[str, Any], where: Positions) -> list[ContentError]:
    """Each address setting must be an absolute http(s) address; base_url must end in '/'."""
    problems = []
    for at in ADDRESS_SETTINGS:
        value: Any = data
        for key in at:
            value = value.get(key) if isinstance(value, dict) else None
        if not isinstance(value, str):
            continue
        name = ".".join(at)
        if not _is_web_address(value):
            example = "https://www.birlik.example/" if name == "base_url" else "https://…"
            message = f"setting '{name}' must be a full web address starting with https:// or http://"
            problems.append(ContentError(where.of(at), f"{message}, such as '{example}'; got '{value}'"))
        elif name == "base_url" and not value.endswith("/"):
            message = f"setting 'base_url' must end in '/', as in '{value}/': pages are addressed below it"
            problems.append(ContentError(where.of(at), message))
    return problems


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    plain = value.isprintable() and not any(character.isspace() for character in value)
    return plain and parts.scheme in ("http", "https") and bool(parts.hostname)


def _inside(folder: str) -> bool:
    """Whether a folder setting names a folder below the site's own: relative, without '..'."""
    path = PurePosixPath(folder)
    return (
        bool(folder.strip())
        and not path.is_absolute()
        and ".." not in path.parts
        and path != PurePosixPath(".")
    )
