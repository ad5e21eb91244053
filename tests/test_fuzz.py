"""The build on mutated real content: byte flips, cuts, lines lost or doubled, values of another
type, wrong indentation, odd Unicode and control characters. Whatever the mutation, the build
either succeeds, or fails with every error at a path, line and column and the previous site
left as it was; it never ends in a traceback.

`make test` runs a fixed set of examples (derandomized); `make fuzz` runs many more.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionsite.cli import main

from .conftest import ROOT, tree

settings.register_profile(
    "test",
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = os.environ.get("UNIONSITE_FUZZ_PROFILE", "test")

CONTENT_FILES = sorted(
    path.relative_to(ROOT).as_posix() for path in (ROOT / "content").rglob("*") if path.is_file()
)
# A line of an error report: 'path:line:column: message' (the offending line and the caret
# under it are indented, and the report ends with a count and what was written).
LOCATED = re.compile(r"^\S+:\d+:\d+: \S")
ODD = "\u202e\ufeff\u200b\u00a0\u0307İıÇçĞğŞş😀\u0085\u2028"
CONTROL = "\x00\x01\x1b\x7f\x9b"
VALUES = ("[]", "{}", "[a, b]", "{x: 1}", "42", "-1.5", "true", "null", "~", "''", '"\\e"', "2011-02-31", "|")

Mutation = Callable[[bytes], bytes]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, Mutation]:
    """A content file and a change to make to its text."""
    path = draw(st.sampled_from(CONTENT_FILES))
    kind = draw(st.sampled_from(["flip", "cut", "drop", "double", "retype", "indent", "unicode", "control"]))
    at = draw(st.floats(min_value=0, max_value=1, exclude_max=True))
    value = draw(st.sampled_from(VALUES))
    character = draw(st.sampled_from(ODD + CONTROL if kind == "control" else ODD))
    shift = draw(st.sampled_from([" ", "  ", "\t", "-1"]))
    byte = draw(st.integers(min_value=0, max_value=255))

    def mutate(written: bytes) -> bytes:
        if kind == "flip":  # at the byte level: the result need not be UTF-8
            place = int(at * len(written))
            return written[:place] + bytes([byte]) + written[place + 1 :]
        change = Change(kind, at, value, character, shift)
        return _mutated(written.decode("utf-8"), change).encode("utf-8")

    return path, mutate


@dataclass(frozen=True)
class Change:
    """What to do to a text: the kind of change, where (0 to 1 through it), and with what."""

    kind: str
    at: float
    value: str  # a value of another type, for 'retype'
    character: str  # for 'unicode' and 'control'
    shift: str  # for 'indent': added before the line, or '-1' to take a character away


def _mutated(text: str, change: Change) -> str:
    kind, at, value, character, shift = change.kind, change.at, change.value, change.character, change.shift
    lines = text.splitlines(keepends=True)
    line = int(at * len(lines))
    place = int(at * len(text))
    if kind == "cut":
        return text[:place]
    if kind in ("unicode", "control"):
        return text[:place] + character + text[place:]
    if kind == "drop":
        return "".join(lines[:line] + lines[line + 1 :])
    if kind == "double":
        return "".join(lines[: line + 1] + lines[line:])
    if kind == "indent":
        changed = lines[line][1:] if shift == "-1" else shift + lines[line]
        return "".join([*lines[:line], changed, *lines[line + 1 :]])
    key, colon, _ = lines[line].partition(":")
    retyped = f"{key}: {value}\n" if colon else lines[line]
    return "".join([*lines[:line], retyped, *lines[line + 1 :]])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the real site, built once."""
    root = tmp_path_factory.mktemp("fuzz") / "site"
    shutil.copytree(
        ROOT, root, ignore=shutil.ignore_patterns(".git", ".venv", "build", ".cache", "node_modules")
    )
    assert _build(root)[0] == 0
    yield root


def _build(root: Path) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(["build", "--site", str(root)])
    return code, err.getvalue()


@settings(settings.get_profile(PROFILE))
@given(mutation=mutations())
def test_mutated_content_builds_or_fails_with_every_error_located(
    site: Path, mutation: tuple[str, Mutation]
) -> None:
    relative, mutate = mutation
    file = site / relative
    original = file.read_bytes()
    before = tree(site / "build")
    try:
        file.write_bytes(mutate(original))
        code, err = _build(site)
    finally:
        file.write_bytes(original)
    assert code in (0, 1), err
    if code == 1:
        heads = [line for line in err.splitlines() if not line.startswith(" ")]
        *reported, count, written = heads
        problems = [line for line in reported if ": warning: " not in line]
        assert re.fullmatch(r"\d+ errors?, \d+ warnings?", count), err
        assert written == "nothing was written: the last good site is unchanged", err
        assert problems, err
        assert all(LOCATED.match(line) for line in problems), err
        assert tree(site / "build") == before
