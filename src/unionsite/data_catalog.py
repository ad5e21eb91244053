"""The open data's tables (site.DATA_TABLES) and the templates' labels → the data's descriptions:
a DCAT catalog of every file of every language (data/catalog.jsonld), and each language's CSVW
metadata (data/<language>/csv-metadata.json), which names and describes each CSV table's columns,
gives their datatypes and the ids that join the tables. Every title and description is in the
language it is tagged with; `open_data` writes them beside the files.

The labels come from the templates, through each language's catalog, the way the pages get
theirs: the labels of codes from _macros.html, the data's own texts from _open_data.html.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .config import SiteConfig
from .errors import UnionsiteError
from .i18n import LocalText
from .schema import AGREEMENT_TYPES, MEMBERSHIP_ROLES, ORGANIZATION_KINDS
from .site import CATALOG, CSV_METADATA, DATA_COLUMNS, DATA_FOLDER, DATA_TABLES, Site

FORMATS = {"csv": ("text/csv", "CSV"), "json": ("application/json", "JSON")}
# The templates whose tables give the data's labels: the pages' own labels of codes, and the
# titles and descriptions of the datasets, tables and columns.
MACROS = "_macros.html"
DATA_TEMPLATE = "_open_data.html"


@dataclass(frozen=True)
class DataLabels:
    """The UI strings of one language the data needs, as text."""

    kinds: Mapping[str, str]
    roles: Mapping[str, str]
    agreement_types: Mapping[str, str]
    open_data: str  # the open data page's name
    tables: Mapping[str, str]  # each table's title; a dataset's is its first table's
    datasets: Mapping[str, str]  # each dataset's description
    columns: Mapping[str, str]  # each column's description


def data_labels(environments: Mapping[str, Environment], templates_dir: str) -> dict[str, DataLabels]:
    """Each language's labels, from the tables of the templates `MACROS` and `DATA_TEMPLATE` as
    its environment translates them: the one source of the labels the pages show."""
    return {language: _labels(environment, templates_dir) for language, environment in environments.items()}


def _labels(environment: Environment, templates_dir: str) -> DataLabels:
    macros = environment.get_template(MACROS).module
    own = environment.get_template(DATA_TEMPLATE).module

    def table(module: Any, template: str, name: str, keys: Collection[str]) -> dict[str, str]:
        """The labels of `keys` in the template's table `name`, each one required."""
        found = getattr(module, name, None)
        if not isinstance(found, Mapping):
            raise UnionsiteError(f"{templates_dir}/{template}: no table of labels named {name}")
        missing = [key for key in keys if key not in found]
        if missing:
            listed = ", ".join(f"'{key}'" for key in missing)
            raise UnionsiteError(f"{templates_dir}/{template}: {name} has no label for {listed}")
        return {key: _text_of(found[key]) for key in keys}

    tables = [table for tables in DATA_TABLES.values() for table in tables]
    return DataLabels(
        kinds=table(macros, MACROS, "KINDS", ORGANIZATION_KINDS),
        roles=table(macros, MACROS, "ROLES", ("", *MEMBERSHIP_ROLES)),
        agreement_types=table(macros, MACROS, "AGREEMENT_TYPES", AGREEMENT_TYPES),
        open_data=table(macros, MACROS, "SITE_PAGES", ["data"])["data"],
        tables=table(own, DATA_TEMPLATE, "TABLES", tables),
        datasets=table(own, DATA_TEMPLATE, "DATASETS", DATA_TABLES),
        columns=table(own, DATA_TEMPLATE, "COLUMNS", DATA_COLUMNS),
    )


def _text_of(label: Any) -> str:
    """A label as text: the environment gives translations as escaped markup."""
    return label.unescape() if isinstance(label, Markup) else str(label)


def catalog(site: Site, config: SiteConfig, labels: Mapping[str, DataLabels]) -> dict[str, Any]:
    """A DCAT catalog of the datasets, in JSON-LD: each title and description in every language,
    each file a distribution in its language."""
    names = _owner_names(site, config)
    publisher = {
        "@id": config.absolute(site.urls.folder("organization", config.owner, config.default_language))
        + "#organization",
        "foaf:name": [_lang(name.language, name.text) for name in names.values() if not name.fallback],
    }
    licence = {"@id": config.licence}
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@id": config.absolute(CATALOG),
        "@type": "dcat:Catalog",
        "dct:title": [
            _lang(language, f"{names[language].text}: {labels[language].open_data}")
            for language in config.languages
        ],
        "dct:publisher": publisher,
        "dct:license": licence,
        "foaf:homepage": {"@id": config.absolute("")},
        "dcat:dataset": [
            {
                "@id": config.absolute(f"{DATA_FOLDER}/{name}"),
                "@type": "dcat:Dataset",
                "dct:title": [
                    _lang(language, labels[language].tables[name]) for language in config.languages
                ],
                "dct:description": [
                    _lang(language, labels[language].datasets[name]) for language in config.languages
                ],
                "dct:publisher": publisher,
                "dct:license": licence,
                "dcat:distribution": [
                    {
                        **_distribution(config, language, table, suffix, labels[language]),
                        "dct:license": licence,
                    }
                    for language in config.languages
                    for table, suffix in ((name, "json"), *((table, "csv") for table in DATA_TABLES[name]))
                ],
            }
            for name in DATA_TABLES
        ],
    }


def _distribution(
    config: SiteConfig, language: str, table: str, suffix: str, labels: DataLabels
) -> dict[str, Any]:
    """A file of one language: a dataset's JSON file, or one of its tables as CSV."""
    media_type, label = FORMATS[suffix]
    url = config.absolute(f"{DATA_FOLDER}/{language}/{table}.{suffix}")
    distribution = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _lang(language, f"{labels.tables[table]} ({label})"),
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        "dct:format": label,
        "dct:language": {"@id": f"http://id.loc.gov/vocabulary/iso639-1/{language}"},
    }
    if suffix == "csv":  # its columns, described by the CSVW metadata beside it
        distribution["dct:conformsTo"] = {"@id": config.absolute(f"{DATA_FOLDER}/{language}/{CSV_METADATA}")}
    return distribution


# The columns that are not just text (CSVW datatypes), and those that hold another table's id.
PARTIAL_DATE = {"base": "string", "format": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}
DATATYPES: Mapping[str, Any] = {
    **dict.fromkeys(
        ("since", "until", "signed", "founded", "founded_approved", "founded_in_force"), PARTIAL_DATE
    ),
    "website": "anyURI",
    "source_url": "anyURI",
    "member_countries_partial": "boolean",
}
REFERENCES = {
    **dict.fromkeys(
        ("organization", "member", "part_of", "founder", "initiator", "party", "source_publisher"),
        "organizations",
    ),
    "membership": "memberships",
    "agreement": "agreements",
}


def csv_metadata(
    site: Site, config: SiteConfig, language: str, labels: Mapping[str, DataLabels]
) -> dict[str, Any]:
    """CSVW metadata of one language's CSV files (W3C's Metadata Vocabulary for Tabular Data):
    each table's title, each column's name, description and datatype, the keys that join them."""
    own = labels[language]
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": language}],
        "dc:title": f"{_owner_names(site, config)[language].text}: {own.open_data}",
        "dc:license": {"@id": config.licence},
        "tables": [
            {
                "url": f"{table}.csv",
                "dc:title": own.tables[table],
                "tableSchema": _schema(table, columns, own),
            }
            for tables in DATA_TABLES.values()
            for table, columns in tables.items()
        ],
    }


def _schema(table: str, columns: tuple[str, ...], labels: DataLabels) -> dict[str, Any]:
    """A table's columns, the first (the id, or the id it belongs to) required; a record's
    table has its id as primary key."""
    schema: dict[str, Any] = {
        "columns": [
            {
                "name": column,
                "titles": column,
                "dc:description": labels.columns[column],
                "datatype": DATATYPES.get(column, "string"),
                **({"required": True} if at == 0 else {}),
            }
            for at, column in enumerate(columns)
        ]
    }
    if table in DATA_TABLES:
        schema["primaryKey"] = "id"
    keys = [
        {
            "columnReference": name,
            "reference": {"resource": f"{REFERENCES[name]}.csv", "columnReference": "id"},
        }
        for name in columns
        if name in REFERENCES
    ]
    if keys:
        schema["foreignKeys"] = keys
    return schema


def _owner_names(site: Site, config: SiteConfig) -> dict[str, LocalText]:
    """The publishing union's name in each language (its default-language name where it has
    no other)."""
    return {
        language: site.page("organization", config.owner, language).view.ref.name
        for language in config.languages
    }


def _lang(language: str, value: str) -> dict[str, str]:
    return {"@language": language, "@value": value}
