"""YAML text → plain data plus the SourceRef of every key and value in it.

Shared by `config` (site.yaml) and `load` (content); pure, it never touches the disk. Scalars keep
their YAML 1.1 types except timestamps, which stay strings so that the schema can check dates with
their precision and report an impossible one (2011-02-31) as an editor's error, not a crash.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import ContentError, SourceRef

try:  # libyaml is many times faster; PyYAML's wheels ship it
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - only on a PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
MERGE_MESSAGE = "YAML merge keys ('<<') are not supported: write the fields out in full"
_scalar_constructor = yaml.constructor.SafeConstructor()


@dataclass(frozen=True, slots=True)
class Positions:
    """Where each value (and each mapping key) of a parsed document stands in its file."""

    path: str
    values: Mapping[Path, SourceRef]
    keys: Mapping[Path, SourceRef]

    def of(self, at: Path) -> SourceRef:
        """The value at `at`, or the closest enclosing one that has a position."""
        for end in range(len(at), -1, -1):
            ref = self.values.get(at[:end])
            if ref is not None:
                return ref
        return SourceRef(self.path)

    def key(self, at: Path) -> SourceRef:
        """The key that introduced the value at `at` (falls back to the value's position)."""
        return self.keys.get(at) or self.of(at)


@dataclass(frozen=True, slots=True)
class Parsed:
    data: Any
    positions: Positions


def parse_yaml(text: str, path: str, first_line: int = 1) -> Parsed | ContentError:
    """Parse one YAML document; `first_line` shifts positions for front matter inside a file."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return _syntax_error(error, text, path, first_line)
    except yaml.YAMLError as error:  # e.g. two documents in one file
        return ContentError(SourceRef(path, first_line), f"invalid YAML: {error}")
    builder = _Builder(path, first_line - 1)
    if node is None:
        return Parsed(None, Positions(path, {}, {}))
    data = builder.build(node, ())
    if builder.aliased:
        return _alias_error(text, path, first_line)
    if builder.error is not None:
        return builder.error
    return Parsed(data, Positions(path, builder.values, builder.keys))


# Deeper than any record needs; Python's own recursion limit is not far beyond.
MAX_DEPTH = 64
ALIAS_MESSAGE = "YAML aliases ('*name') are not supported: write the value out in full"


def _alias_error(text: str, path: str, first_line: int) -> ContentError:
    """Where the first alias is. An alias repeats what its anchor holds, so a few hundred bytes
    of nested aliases stand for billions of values: records may not use them at all."""
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) and mark is not None:
            return ContentError(SourceRef(path, first_line + mark.line, mark.column + 1), ALIAS_MESSAGE)
    return ContentError(SourceRef(path, first_line), ALIAS_MESSAGE)  # pragma: no cover


def _syntax_error(error: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> ContentError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    tab = _indentation_tab(text, line)
    if tab is not None:
        line, column = tab
        message = "tab character in indentation (YAML indents with spaces only)"
    elif "another document" in (error.problem or ""):
        message = "a second YAML document: a file holds one, so remove this '---'"
    else:
        message = f"invalid YAML: {error.problem or error.context}"
        start = error.context_mark
        if error.problem and error.context and start is not None and start.line != line:
            message += f" ({error.context} started on line {first_line + start.line})"
    return ContentError(SourceRef(path, first_line + line, column + 1), message)


def _indentation_tab(text: str, line: int) -> tuple[int, int] | None:
    """The tab in the indentation of the failing line or the one before it, if there is one."""
    lines = text.splitlines()
    for number in (line, line - 1):
        if 0 <= number < len(lines):
            body = lines[number]
            indent = body[: len(body) - len(body.lstrip(" \t"))]
            if "\t" in indent:
                return number, indent.index("\t")
    return None


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording every position."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.line_offset = line_offset
        self.values: dict[Path, SourceRef] = {}
        self.keys: dict[Path, SourceRef] = {}
        self.error: ContentError | None = None
        self.built: set[int] = set()  # every node built: an alias is a node met twice
        self.aliased = False

    def ref(self, node: yaml.Node) -> SourceRef:
        mark = node.start_mark
        return SourceRef(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def build(self, node: yaml.Node, at: Path) -> Any:
        if id(node) in self.built or self.aliased:
            self.aliased = True  # stop at once: expanding it is what takes a machine down
            return None
        self.built.add(id(node))
        self.values[at] = self.ref(node)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if len(at) >= MAX_DEPTH:
                self.fail(node, f"nested more than {MAX_DEPTH} levels deep: no record needs that many")
                return None
            return self.collection(node, at)
        try:
            value = _scalar(node)
        except yaml.constructor.ConstructorError:
            self.fail(node, f"unsupported YAML tag '{node.tag}'")
            return None
        control = control_character(value) if isinstance(value, str) else None
        if control is not None:
            self.fail(node, f"the text holds the control character {control}: remove it")
        return value

    def collection(self, node: yaml.Node, at: Path) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, at)
        return [self.build(item, (*at, i)) for i, item in enumerate(node.value)]

    def mapping(self, node: yaml.MappingNode, at: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.fail(key_node, MERGE_MESSAGE)
                continue
            key = self.key(key_node)
            if key is None:
                self.fail(key_node, "a mapping key must be a plain name")
                continue
            if key in result:
                first = self.keys[(*at, key)]
                self.fail(key_node, f"key '{key}' given twice (first on line {first.line})")
                continue
            self.keys[(*at, key)] = self.ref(key_node)
            result[key] = self.build(value_node, (*at, key))
        return result

    def key(self, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            return None
        try:
            return str(_scalar(node))
        except yaml.constructor.ConstructorError:
            return None

    def fail(self, node: yaml.Node, message: str) -> None:
        if self.error is None:
            self.error = ContentError(self.ref(node), message)


def control_character(text: str) -> str | None:
    """The first character of `text` that no page or feed may hold (a NUL, an escape; tabs and
    line breaks are fine), as U+XXXX, if there is one. XML 1.0 forbids them, so a feed with one
    would not parse."""
    for character in text:
        if unicodedata.category(character) == "Cc" and character not in "\t\n\r":
            return f"U+{ord(character):04X}"
    return None


def _scalar(node: yaml.Node) -> Any:
    if node.tag in (_TIMESTAMP, _STR):
        return node.value
    return _scalar_constructor.construct_object(node)
