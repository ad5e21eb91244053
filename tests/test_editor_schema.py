"""editor_schema: the JSON Schemas editors' tools use are the build's own specs, and current."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from unionsite.build import check
from unionsite.config import load_config
from unionsite.editor_schema import FILE_PATTERNS, json_schemas, schema_file
from unionsite.errors import ContentErrors
from unionsite.load import RECORD_FOLDERS
from unionsite.parse import Parsed, parse_yaml
from unionsite.schema import RECORD_SPECS, FieldSpec, RecordSpec, Source, TextType, Translated

from .conftest import ROOT

SiteFactory = Callable[[dict[str, str | bytes]], Path]


def validator(kind: str, root: Path = ROOT) -> Draft7Validator:
    schema = json.loads(json_schemas(load_config(root))[schema_file(kind)])
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
    assert settings["yaml.schemas"] == {f"./schemas/{schema_file(k)}": FILE_PATTERNS[k] for k in RECORD_SPECS}
    assert {f"content/{folder}/**/*.yaml" for folder in RECORD_FOLDERS} == set(FILE_PATTERNS.values())


def test_every_record_of_the_content_passes_its_schema() -> None:
    checked = 0
    for folder, kind in RECORD_FOLDERS.items():
        schema = validator(kind)
        for file in sorted((ROOT / "content" / folder).rglob("*.yaml")):
            errors = [error.message for error in schema.iter_errors(yaml_data(file.read_text("utf-8")))]
            assert errors == [], file
            checked += 1
    assert checked == 62


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

    spec = RECORD_SPECS["source"]
    noted = RecordSpec("source", NotedSource, (*spec.fields, FieldSpec("note", TextType())))
    monkeypatch.setitem(RECORD_SPECS, "source", noted)

    checked = check(site).records.sources["alpha-page"]
    assert checked == NotedSource(
        at=checked.at,
        id="alpha-page",
        title=Translated((("tr", "Hakkımızda"), ("en", "About us"))),
        publisher="alpha",
        note=Translated((("tr", "Not"),)),
    )
    assert validator("source", site).is_valid(record)
