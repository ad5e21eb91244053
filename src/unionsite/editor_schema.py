"""The kinds' declared fields → JSON Schema documents (draft-07), one per kind written in YAML,
for editors' tools: completion and red underlines while typing a record.

They are made from the very declarations `validate` checks with, so the two cannot drift apart. What a
JSON Schema cannot know (whether an id exists, whether a date is real) stays the build's check.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .config import SiteConfig
from .fields import COUNTRY_CODES, DATE_PATTERN, ID_PATTERN, MOMENT_PATTERN, STAMP_PATTERN, URL_PATTERN
from .kinds import MODEL, Kind, Model
from .schema import (
    BoolType,
    CountryCodeType,
    CountryType,
    DateType,
    EnumType,
    FieldSpec,
    FieldType,
    ImageType,
    IntType,
    ListType,
    MomentType,
    NameType,
    RefType,
    SlugType,
    StampType,
    StrType,
    TextType,
    UrlType,
)

DRAFT = "http://json-schema.org/draft-07/schema#"
COUNTRY_CODE = "country-code"


def file_pattern(kind: Kind) -> str:
    """Where a kind's files are, for the editor settings that map schemas to files."""
    return f"content/{kind.plural}/**/*.yaml"


_DESCRIPTIONS: dict[type, str] = {
    NameType: "A name: one text for every language, or one per language.",
    StrType: "Text, the same in every language.",
    UrlType: "An address starting with http:// or https://{per_language}.",
    SlugType: "The last part of the page's address: a-z, 0-9 and '-'{per_language}.",
    DateType: "A date: 2008, 2009-12 or 2010-12-13.",
    BoolType: "true or false.",
    IntType: "A whole number.",
    CountryCodeType: "An ISO 3166 country code, such as TR.",
    CountryType: "A country code (TR), or {{code, name}} where the body's own name for it differs.",
    ImageType: "An image file in the record's own folder, with what it shows in every language.",
}


def _moment_description(type_: MomentType) -> str:
    if type_.site_zone:
        return "A date (2026-11-20), or a date and a time in Istanbul (2026-11-20 14:30)."
    return "A date (2027-03-10), or a date and a time with its zone (2027-03-10T09:30 Europe/Istanbul)."


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def json_schemas(config: SiteConfig, model: Model = MODEL) -> dict[str, str]:
    """Each YAML record kind's schema file name → its JSON text, for this site's languages. (A
    kind written in Markdown has front matter, which editors' YAML tools do not check.)"""
    maker = _SchemaMaker(config.languages, config.default_language)
    return {
        schema_file(kind.name): json.dumps(maker.record(kind), ensure_ascii=False, indent=2) + "\n"
        for kind in model.kinds
        if kind.markdown is None
    }


class _SchemaMaker:
    def __init__(self, languages: tuple[str, ...], default: str) -> None:
        self.languages = languages
        self.default = default

    def record(self, kind: Kind) -> dict[str, Any]:
        self.definitions: dict[str, Any] = {}
        body = self.object(kind.fields)
        head = {
            "$schema": DRAFT,
            "$id": schema_file(kind.name),
            "title": f"unionsite {kind.name}",
            "description": kind.description,
        }
        return {**head, **body, "definitions": self.definitions} if self.definitions else {**head, **body}

    def object(self, fields: tuple[FieldSpec, ...]) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {spec.name: self.field(spec.type) for spec in fields},
            "additionalProperties": False,
        }
        required = [spec.name for spec in fields if spec.required]
        if required:
            schema["required"] = required
        return schema

    def field(self, type_: FieldType) -> dict[str, Any]:
        schema = self.shape(type_)
        description = self.describe(type_)
        return {"description": description, **schema} if description else schema

    def describe(self, type_: FieldType) -> str:
        """What an editor sees when hovering the field."""
        per_language = ", or one per language" if getattr(type_, "per_language", False) else ""
        if isinstance(type_, TextType):
            markdown = " Markdown." if type_.markdown else ""
            return f"Text in each language: {{{self.default}: …, …}}; '{self.default}' is required.{markdown}"
        if isinstance(type_, StampType):
            return (
                f"Written by 'unionsite translations --stamp': the version of the '{self.default}' text "
                "a translation was made from."
            )
        if isinstance(type_, EnumType):
            return "One of: " + ", ".join(type_.values) + "."
        if isinstance(type_, RefType):
            article = "an" if type_.kind[0] in "aeiou" else "a"
            return f"The id of {article} {type_.kind}: its file name without .yaml."
        if isinstance(type_, MomentType):
            return _moment_description(type_)
        return _DESCRIPTIONS.get(type(type_), "").format(per_language=per_language)

    def shape(self, type_: FieldType) -> dict[str, Any]:  # noqa: PLR0911, PLR0912 (a branch per field type)
        if isinstance(type_, TextType):
            return self.per_language({"type": "string", "minLength": 1}, require_default=True)
        if isinstance(type_, NameType):
            text = {"type": "string", "minLength": 1}
            return {"oneOf": [text, self.per_language(text, require_default=True)]}
        if isinstance(type_, UrlType | SlugType | StampType):
            return self.pattern_value(type_)
        if isinstance(type_, StrType):
            return {"type": ["string", "number"]}
        if isinstance(type_, DateType):
            year = {"type": "integer", "minimum": 1000, "maximum": 9999}
            return {"oneOf": [year, {"type": "string", "pattern": DATE_PATTERN.pattern}]}
        if isinstance(type_, MomentType):
            # The same pattern without Python's group names, which JSON Schema's regexes lack.
            return {"type": "string", "pattern": re.sub(r"\?P<\w+>", "", MOMENT_PATTERN.pattern)}
        if isinstance(type_, BoolType | IntType):
            return {"type": "boolean" if isinstance(type_, BoolType) else "integer"}
        if isinstance(type_, CountryCodeType):  # a long list: written once, referred to
            self.definitions[COUNTRY_CODE] = {"type": "string", "enum": sorted(COUNTRY_CODES)}
            return {"$ref": f"#/definitions/{COUNTRY_CODE}"}
        if isinstance(type_, CountryType):
            return self.country()
        if isinstance(type_, EnumType):
            return {"enum": list(type_.values)}
        if isinstance(type_, RefType):
            return {"type": "string", "pattern": ID_PATTERN.pattern}
        if isinstance(type_, ListType):
            items = {"type": "array", "items": self.field(type_.item)}
            return {**items, "minItems": type_.min_items} if type_.min_items else items
        if isinstance(type_, ImageType):
            return self.image()
        return self.object(type_.fields)

    def image(self) -> dict[str, Any]:
        """{file, alt}: alt in every language, or "" for a decorative image."""
        text = {"type": "string", "minLength": 1}
        described = {**self.per_language(text, require_default=True), "required": list(self.languages)}
        return {
            "type": "object",
            "properties": {
                "file": {
                    "description": "The image file's name, in the record's own folder.",
                    "type": "string",
                    "minLength": 1,
                },
                "alt": {
                    "description": 'What the image shows, in every language; "" if it is only decoration.',
                    "oneOf": [described, {"const": ""}],
                },
            },
            "required": ["file", "alt"],
            "additionalProperties": False,
        }

    def pattern_value(self, type_: UrlType | SlugType | StampType) -> dict[str, Any]:
        pattern = {UrlType: URL_PATTERN, SlugType: ID_PATTERN, StampType: STAMP_PATTERN}[type(type_)]
        value = {"type": "string", "pattern": pattern.pattern}
        if not type_.per_language:
            return value
        if isinstance(type_, StampType):  # only the translated languages carry a stamp
            return self.per_language(value, require_default=False, languages=self.translated)
        mapping = self.per_language(value, require_default=isinstance(type_, UrlType))
        return {"oneOf": [value, mapping]}

    @property
    def translated(self) -> tuple[str, ...]:
        return tuple(language for language in self.languages if language != self.default)

    def per_language(
        self, value: dict[str, Any], *, require_default: bool, languages: tuple[str, ...] | None = None
    ) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {language: value for language in languages or self.languages},
            "additionalProperties": False,
        }
        if require_default:
            schema["required"] = [self.default]
        return schema

    def country(self) -> dict[str, Any]:
        code = self.shape(CountryCodeType())
        named = {
            "type": "object",
            "properties": {"code": code, "name": self.shape(NameType())},
            "additionalProperties": False,
            "minProperties": 1,
        }
        return {"oneOf": [code, named]}
