"""parse: YAML with the position of every key and value."""

from __future__ import annotations

import pytest

from unionsite.errors import ContentError, SourceRef
from unionsite.parse import MAX_DEPTH, Parsed, parse_yaml


def parsed(text: str, first_line: int = 1) -> Parsed:
    result = parse_yaml(text, "x.yaml", first_line)
    assert isinstance(result, Parsed)
    return result


def test_positions_of_values_and_keys_are_one_based() -> None:
    result = parsed("name:\n  tr: Beta\nkinds: [union, network]\n")
    assert result.data == {"name": {"tr": "Beta"}, "kinds": ["union", "network"]}
    assert result.positions.of(("name", "tr")) == SourceRef("x.yaml", 2, 7)
    assert result.positions.key(("name", "tr")) == SourceRef("x.yaml", 2, 3)
    assert result.positions.of(("kinds", 1)) == SourceRef("x.yaml", 3, 16)


def test_an_unknown_path_falls_back_to_its_closest_parent() -> None:
    result = parsed("name:\n  tr: Beta\n")
    assert result.positions.of(("name", "en")) == SourceRef("x.yaml", 2, 3)


def test_front_matter_positions_are_shifted_to_the_file() -> None:
    assert parsed("title: X\n", first_line=2).positions.of(("title",)) == SourceRef("x.yaml", 2, 8)


def test_dates_stay_strings_so_the_schema_can_check_them() -> None:
    assert parsed("a: 2011-02-31\nb: 2010-12-13\nc: 2008\nd: true\n").data == {
        "a": "2011-02-31",
        "b": "2010-12-13",
        "c": 2008,
        "d": True,
    }


def test_a_key_given_twice_is_an_error_at_the_second() -> None:
    assert parse_yaml("name: A\nkinds: []\nname: B\n", "x.yaml") == ContentError(
        SourceRef("x.yaml", 3, 1), "key 'name' given twice (first on line 1)"
    )


def test_an_unsupported_tag_is_an_error_not_a_crash() -> None:
    assert parse_yaml("a: !python/object x\n", "x.yaml") == ContentError(
        SourceRef("x.yaml", 1, 4), "unsupported YAML tag '!python/object'"
    )


def test_an_unsupported_tag_on_a_key_is_an_error_too() -> None:
    assert parse_yaml("!weird name: x\n", "x.yaml") == ContentError(
        SourceRef("x.yaml", 1, 1), "a mapping key must be a plain name"
    )


ALIAS = "YAML aliases ('*name') are not supported: write the value out in full"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: &loop [1, *loop]\n", 1, 14),
        ("name: &n Alfa\nshort_name: *n\n", 2, 13),
        # nine levels of nine aliases each: 9**9 values from 341 bytes
        (
            "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            + "".join(
                f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
                for p, n in zip("abcdefghi", "bcdefghij", strict=True)
            ),
            2,
            8,
        ),
    ],
    ids=["recursive", "scalar", "billion-values"],
)
def test_an_alias_is_an_error_at_its_place_and_is_never_expanded(text: str, line: int, column: int) -> None:
    assert parse_yaml(text, "x.yaml") == ContentError(SourceRef("x.yaml", line, column), ALIAS)


def test_an_anchor_that_nothing_refers_to_is_harmless() -> None:
    parsed = parse_yaml("name: &n Alfa\n", "x.yaml")
    assert isinstance(parsed, Parsed)
    assert parsed.data == {"name": "Alfa"}


def test_nesting_deeper_than_any_record_needs_is_an_error_not_a_crash() -> None:
    deep = "a: " + "[" * 500 + "]" * 500 + "\n"
    assert parse_yaml(deep, "x.yaml") == ContentError(
        SourceRef("x.yaml", 1, 3 + MAX_DEPTH),
        f"nested more than {MAX_DEPTH} levels deep: no record needs that many",
    )


def test_two_documents_in_one_file_are_an_error() -> None:
    assert parse_yaml("a: 1\n---\nb: 2\n", "x.yaml") == ContentError(
        SourceRef("x.yaml", 2, 1), "a second YAML document: a file holds one, so remove this '---'"
    )
