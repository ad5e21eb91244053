"""editor_schema: the JSON Schemas editors' tools use are the build's own specs, and current."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from unionsite.build import check
from unionsite.config import load_config
from unionsite.editor_schema import file_pattern, json_schemas, schema_file
from unionsite.errors import ContentErrors
from unionsite.kinds import MODEL, Model
from unionsite.kinds.source import Source
from unionsite.parse import Parsed, parse_yaml
from unionsite.schema import FieldSpec, TextType, Translated

from .conftest import ROOT

SiteFactory = Callable[[dict[str, str | bytes]], Path]


# The kinds written in YAML, which have a schema each.
YAML_KINDS = [kind for kind in MODEL.kinds if kind.markdown is None]


def validator(kind: str, root: Path = ROOT, model: Model = MODEL) -> Draft7Validator:
    schema = json.loads(json_schemas(load_config(root), model)[schema_file(kind)])
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def yaml_data(text: str) -> Any:
    parsed = parse_yaml(text, "record.yaml")
    assert isinstance(parsed, Parsed), parsed
    return parsed.data


def test_the_committed_schemas_are_current() -> None:
    """Fails when the specs changed without `make schemas`."""
    committed = {path.name: path.read_text("utf-8") for path in (ROOT / "schemas").glob("*.json")}
    assert committed == json_schemas(load_config(ROOT))


def test_the_editor_settings_give_each_kind_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    assert settings["yaml.schemas"] == {
        f"./schemas/{schema_file(k.name)}": file_pattern(k) for k in YAML_KINDS
    }
    assert [k.name for k in YAML_KINDS] == [
        "organization",
        "membership",
        "agreement",
        "news",
        "event",
        "source",
    ]


@pytest.mark.parametrize(("content", "count"), [("content", 62), ("examples/kiyi/content", 42)])
def test_every_record_of_the_content_passes_its_schema(content: str, count: int) -> None:
    """The real content, and the example's, which has news and events."""
    checked = 0
    for kind in YAML_KINDS:
        schema = validator(kind.name)
        for file in sorted((ROOT / content / kind.plural).rglob("*.yaml")):
            errors = [error.message for error in schema.iter_errors(yaml_data(file.read_text("utf-8")))]
            assert errors == [], file
            checked += 1
    assert checked == count


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("membership", "member: mbb\nsince: 2008\n", "'organization' is a required property"),
        ("organization", "name: X\nkinds: [union]\nwebsit: https://x.example/\n", "'websit' was unexpected"),
        (
            "agreement",
            "parties: mbb\ntype: goodwill-protocol\nsigned: 2010\nscope: {tr: X}\n",
            "is not of type 'array'",
        ),
        ("membership", "member: mbb\norganization: nalas\nsince: 13.12.2010\n", "is not valid under any"),
        ("source", "title: {en: About}\npublisher: mbb\n", "'tr' is a required property"),
    ],
    ids=["missing-field", "unknown-field", "wrong-type", "bad-date", "no-default-language"],
)
def test_the_schemas_reject_what_the_build_rejects(kind: str, text: str, message: str) -> None:
    errors = [error.message for error in validator(kind).iter_errors(yaml_data(text))]
    assert any(message in error for error in errors), errors


@dataclass(frozen=True)
class NotedSource(Source):
    note: Translated | None = None


def test_a_field_added_to_the_definition_reaches_both_the_build_and_the_schema(
    site_factory: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = "title: {tr: Hakkımızda, en: About us}\npublisher: alpha\nnote: {tr: Not}\n"
    site = site_factory({"content/sources/alpha-page.yaml": source})
    record = yaml_data((site / "content/sources/alpha-page.yaml").read_text("utf-8"))
    with pytest.raises(ContentErrors, match="unknown field 'note'"):
        check(site)
    assert not validator("source", site).is_valid(record)

    source_kind = MODEL.kind("source")
    noted = replace(source_kind, cls=NotedSource, fields=(*source_kind.fields, FieldSpec("note", TextType())))
    model = Model(tuple(noted if kind is source_kind else kind for kind in MODEL.kinds), MODEL.owner)

    checked = check(site, model=model).records.of("source")["alpha-page"]
    assert checked == NotedSource(
        at=checked.at,
        id="alpha-page",
        title=Translated((("tr", "Hakkımızda"), ("en", "About us"))),
        publisher="alpha",
        note=Translated((("tr", "Not"),)),
    )
    assert validator("source", site, model).is_valid(record)
