"""Source positions and content errors → one report an editor can click through."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from enum import Enum


class UnionsiteError(Exception):
    """An error the command line shows as its message alone, never as a traceback."""


@dataclass(frozen=True, order=True, slots=True)
class SourceRef:
    """Where something was written: a path relative to the site root, 1-based line and column.

    Line 0 stands for no line at all: a command-line option, say."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem in the content, at one place."""

    source: SourceRef
    message: str
    severity: Severity = Severity.ERROR

    def format(self, texts: Mapping[str, str]) -> str:
        """`path:line:column: message`, then the offending line with a caret under the column."""
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        head = visible(f"{self.source}: {prefix}{self.message}")
        line = _line_of(texts.get(self.source.path), self.source.line)
        if line is None or not line.strip():
            return head
        caret = " " * (self.source.column - 1) + "^"
        return f"{head}\n    {visible(line)}\n    {caret}"


# Line breaks as YAML counts them, so that the line shown is the line a position names.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def not_utf8(data: bytes, error: UnicodeDecodeError, path: str, what: str = "file") -> ContentError:
    """Where `data` stops being UTF-8, as an editor counts: line, and column in characters."""
    before = data[: error.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
    message = f"invalid UTF-8 (byte 0x{data[error.start]:02x}); save the {what} as UTF-8"
    return ContentError(SourceRef(path, line, column), message)


def _line_of(text: str | None, number: int) -> str | None:
    if text is None:
        return None
    lines = _LINE_BREAK.split(text)
    if not 1 <= number <= len(lines):
        return None
    return lines[number - 1].replace("\t", " ")


def visible(text: str) -> str:
    """`text` with each control character or line separator shown as one visible character
    (U+241B for an escape), so that a message stays on its line, keeps its caret aligned, and
    cannot send a terminal an escape sequence from the content."""
    return text.translate(_VISIBLE)


_VISIBLE = {
    **{code: 0x2400 + code for code in range(0x20) if code != 0x09},
    0x7F: 0x2421,
    **{code: 0xFFFD for code in (*range(0x80, 0xA0), 0x2028, 0x2029)},
}


@dataclass(frozen=True, slots=True)
class ErrorReport:
    """Every problem of a run, sorted by place, so that all of them are shown at once."""

    problems: tuple[ContentError, ...] = field(default=())

    @classmethod
    def of(cls, problems: Iterable[ContentError]) -> ErrorReport:
        return cls(tuple(sorted(problems, key=lambda p: (p.source, p.message))))

    @property
    def errors(self) -> tuple[ContentError, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[ContentError, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    def format(self, texts: Mapping[str, str]) -> str:
        blocks = [p.format(texts) for p in self.problems]
        blocks.append(_count_line(len(self.errors), len(self.warnings)))
        return "\n".join(blocks)


def _count_line(errors: int, warnings: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


class ContentErrors(UnionsiteError):
    """Raised once, after collecting, when the content has errors (or warnings under --strict)."""

    def __init__(self, report: ErrorReport, texts: Mapping[str, str]) -> None:
        self.report = report
        super().__init__(report.format(texts))


def did_you_mean(wrong: str, known: Iterable[str]) -> str:
    """A hint naming the closest known spelling, or nothing when none is close."""
    matches = get_close_matches(wrong, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
