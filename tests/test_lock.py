"""The lock (requirements.txt) against pyproject.toml: every package the project asks for is
pinned inside its range, nothing is pinned that nothing asks for, and every pin has hashes."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT

REQUIREMENTS = ROOT / "requirements"


def read_requirements(text: str) -> list[tuple[Requirement, list[str]]]:
    """The requirements of a pip requirements file, each with its hashes: lines joined where they
    end in a backslash, comments and options of the file itself left out."""
    joined = text.replace("\\\n", " ")
    found = []
    for written in joined.splitlines():
        line = written.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        requirement, *options = line.split(" --")
        hashes = [option.removeprefix("hash=") for option in options if option.startswith("hash=")]
        found.append((Requirement(requirement), hashes))
    return found


def pins(text: str) -> dict[str, str]:
    """Each locked package by its normalized name, with its one version."""
    pinned: dict[str, str] = {}
    for requirement, _ in read_requirements(text):
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", requirement
        pinned[canonicalize_name(requirement.name)] = specifier.version
    return pinned


def asked_for(pyproject: Mapping[str, object], tools: str) -> list[Requirement]:
    """What the lock is made from: unionsite's dependencies with its dev and bench extras, and
    the tools."""
    project = pyproject["project"]
    assert isinstance(project, dict)
    extras = project["optional-dependencies"]
    named = [*project["dependencies"], *extras["dev"], *extras["bench"]]
    return [Requirement(text) for text in named] + [r for r, _ in read_requirements(tools)]


def needed(roots: Iterable[Requirement]) -> set[str]:
    """Every package the roots need on this interpreter, through the metadata of the packages
    installed here (from the lock). A requirement counts under the extra it was asked with."""
    todo = [(requirement, "") for requirement in roots]
    seen: set[tuple[str, str]] = set()
    while todo:
        requirement, under = todo.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": under}):
            continue
        name = canonicalize_name(requirement.name)
        for extra in ["", *sorted(requirement.extras)]:
            if (name, extra) not in seen:
                seen.add((name, extra))
                todo.extend((Requirement(text), extra) for text in metadata.requires(name) or [])
    return {name for name, _ in seen}


def disagreements(pyproject: Mapping[str, object], tools: str, lock: str) -> list[str]:
    """Why the lock does not match what pyproject.toml and the tools ask for, if it does not."""
    locked = pins(lock)
    roots = [r for r in asked_for(pyproject, tools) if r.marker is None or r.marker.evaluate({"extra": ""})]
    problems = []
    for requirement in roots:
        name = canonicalize_name(requirement.name)
        if name not in locked:
            problems.append(f"{requirement.name} is asked for but not in the lock: run 'make lock'")
        elif not requirement.specifier.contains(locked[name], prereleases=True):
            problems.append(
                f"{requirement.name} is locked at {locked[name]}, outside '{requirement.specifier}': "
                "run 'make lock'"
            )
    unasked = set(locked) - needed(r for r in roots if canonicalize_name(r.name) in locked)
    problems += [
        f"{name} is in the lock but nothing asks for it: run 'make lock'" for name in sorted(unasked)
    ]
    return problems


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _tools() -> str:
    return (REQUIREMENTS / "tools.in").read_text(encoding="utf-8")


def _lock() -> str:
    return (ROOT / "requirements.txt").read_text(encoding="utf-8")


def test_the_lock_pins_exactly_what_pyproject_and_the_tools_ask_for() -> None:
    assert disagreements(_pyproject(), _tools(), _lock()) == []


def test_every_pin_has_hashes_and_the_lock_holds_the_installer_and_the_lock_tool() -> None:
    entries = read_requirements(_lock())
    assert all(hashes and all(h.startswith("sha256:") for h in hashes) for _, hashes in entries)
    assert {"pip", "setuptools", "pip-tools", "babel", "pytest"} <= set(pins(_lock()))


def test_the_pip_installed_first_is_the_locks_pip() -> None:
    first = pins((REQUIREMENTS / "pip.txt").read_text(encoding="utf-8"))
    assert first == {"pip": pins(_lock())["pip"]}


def test_this_environment_runs_what_the_lock_pins() -> None:
    locked = pins(_lock())
    assert {name: metadata.version(name) for name in locked} == locked


def _without(lock: str, name: str) -> str:
    """The lock with one package's entry (its pin, hashes and comments) taken out."""
    changed = re.sub(rf"\n{name}==.*?(?=\n\S)", "", lock, count=1, flags=re.DOTALL)
    assert changed != lock
    return changed


def _repinned(lock: str, name: str, version: str) -> str:
    changed = re.sub(rf"\n{name}==\S+", f"\n{name}=={version}", lock, count=1)
    assert changed != lock
    return changed


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (lambda lock: _without(lock, "babel"), ["Babel is asked for but not in the lock: run 'make lock'"]),
        (
            lambda lock: _repinned(lock, "nh3", "0.2.0"),
            ["nh3 is locked at 0.2.0, outside '>=0.2.15': run 'make lock'"],
        ),
        (
            lambda lock: lock + "six==1.16.0 \\\n    --hash=sha256:00\n",
            ["six is in the lock but nothing asks for it: run 'make lock'"],
        ),
    ],
    ids=["missing", "outside-its-range", "asked-for-by-nothing"],
)
def test_a_lock_that_disagrees_with_pyproject_is_reported(
    change: Callable[[str], str], problems: list[str]
) -> None:
    assert disagreements(_pyproject(), _tools(), change(_lock())) == problems
