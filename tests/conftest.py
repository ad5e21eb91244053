"""Shared fixtures: the real site built once, and small fixture sites written into tmp_path."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from unionsite.build import BuildReport, build

ROOT = Path(__file__).resolve().parent.parent

# A small content set that touches every record kind: two unions, a network, a source,
# a membership with an office, an agreement and a page pair.
FIXTURE_CONTENT = {
    "site.yaml": (
        "owner: alpha\nbase_url: https://example.org/\nlanguages: [tr, en]\n"
        "contact: {email: bilgi@alfa.example, phone: +90 212 000 00 00}\n"
    ),
    "content/organizations/alpha.yaml": (
        "name:\n  tr: Alfa Belediyeler Birliği\n  en: Alpha Municipalities Union\n"
        "short_name: ALFA\nkinds: [union]\n"
        "address: {street: Örnek Caddesi 1, city: İstanbul, country: TR}\n"
    ),
    "content/organizations/beta.yaml": (
        "name:\n  tr: Beta Birliği\n  en: Beta Union\nkinds: [union]\n"
        "headquarters:\n  - city: {tr: İstanbul, en: Istanbul}\n    country: TR\n"
    ),
    "content/organizations/gamma.yaml": (
        "name: Gamma Network\nkinds: [network]\nwebsite: https://gamma.example/\n"
        "description:\n  tr: Gamma, yerel yönetimlerin ağıdır.\n"
        "  en: Gamma is a network of local governments.\n"
    ),
    "content/sources/alpha-page.yaml": "title: {tr: Hakkımızda, en: About us}\npublisher: alpha\n",
    "content/memberships/alpha-gamma.yaml": (
        "member: alpha\norganization: gamma\nrole: full\nsince: 2008\n"
        "offices:\n  - title: {tr: Başkanlık, en: Presidency}\n    since: 2012-05\n    until: 2013-05\n"
        "sources: [alpha-page]\n"
    ),
    "content/agreements/alpha-beta.yaml": (
        "parties: [alpha, beta]\ntype: goodwill-agreement\nsigned: 2010-12-13\n"
        "place: {city: {tr: İstanbul, en: Istanbul}, country: TR}\n"
        "scope:\n  tr: Bilgi paylaşımı.\n  en: Sharing knowledge.\n"
    ),
    "content/pages/alpha/hakkimizda.tr.md": "---\ntitle: Hakkımızda\n---\n\nAlfa bir birliktir.\n",
    "content/pages/alpha/hakkimizda.en.md": "---\ntitle: About us\n---\n\nAlpha is a union.\n",
}


def make_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """A site folder with the project's templates, catalogs and assets and the given files."""
    for folder in ("templates", "locale", "assets"):
        shutil.copytree(ROOT / folder, root / folder)
    for relative, content in files.items():
        write_file(root / relative, content)
    return root


def write_file(target: Path, content: str | bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", dict(FIXTURE_CONTENT))


@pytest.fixture
def site_factory(tmp_path: Path) -> Iterator[Callable[[dict[str, str | bytes]], Path]]:
    """Fixture sites from the base content plus changes (a value of '' deletes the file)."""
    count = 0

    def factory(changes: dict[str, str | bytes]) -> Path:
        nonlocal count
        count += 1
        files: dict[str, str | bytes] = {**FIXTURE_CONTENT, **changes}
        return make_site(tmp_path / f"site{count}", {k: v for k, v in files.items() if v != ""})

    yield factory


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The shipped content, built once for the whole session into a temporary folder."""
    output = tmp_path_factory.mktemp("real") / "build"
    return build(ROOT, output=str(output))


# The fictional example site, and the day it is built as of: its news and events are told from
# 2026-12-01 (00:00 UTC), so that which are past, to come or not yet published stays the same.
EXAMPLE_CONFIG = "examples/kiyi/site.yaml"
EXAMPLE_DAY = "1796083200"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The example site, built once for the whole session into a temporary folder."""
    folder = tmp_path_factory.mktemp("example")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EXAMPLE_DAY)
        return build(
            ROOT,
            output=str(folder / "build"),
            cache=str(folder / "cache"),
            config_file=EXAMPLE_CONFIG,
        )


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, for byte-for-byte comparisons."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def snapshot(folder: Path) -> dict[str, object]:
    """Everything below `folder`, hidden files included, without following a link or opening a
    pipe: a file's bytes, a link's target, a folder or a pipe by its kind. Two snapshots are equal
    when nothing there was added, removed or changed."""
    found: dict[str, object] = {}
    for top, folders, files in os.walk(folder):
        for name in sorted([*folders, *files]):
            path = Path(top) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[relative] = ("link", os.readlink(path))
            elif path.is_dir():
                found[relative] = "folder"
            elif path.is_file():
                found[relative] = path.read_bytes()
            else:
                found[relative] = ("special", stat.S_IFMT(path.lstat().st_mode))
    return found
