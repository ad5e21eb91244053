"""parse: YAML with the position of every key and value."""

from __future__ import annotations

from unionsite.errors import ContentError, SourceRef
from unionsite.parse import Parsed, parse_yaml


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


def test_a_recursive_alias_is_an_error_not_a_crash() -> None:
    assert parse_yaml("a: &loop [1, *loop]\n", "x.yaml") == ContentError(
        SourceRef("x.yaml", 1, 4), "an alias refers to a mapping or list that contains it"
    )


def test_two_documents_in_one_file_are_an_error() -> None:
    assert parse_yaml("a: 1\n---\nb: 2\n", "x.yaml") == ContentError(
        SourceRef("x.yaml", 2, 1), "a second YAML document: a file holds one, so remove this '---'"
    )
