"""The open data's tables (as each kind declares them) and the templates' labels → the data's descriptions:
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

from jinja2 import Environment, TemplateNotFound, nodes
from markupsafe import Markup

from .config import SiteConfig
from .errors import UnionsiteError
from .i18n import LocalText
from .kinds import Model
from .site import CATALOG, CSV_METADATA, DATA_FOLDER, Site, data_columns, data_tables

FORMATS = {"csv": ("text/csv", "CSV"), "json": ("application/json", "JSON")}
# The templates whose tables give the data's labels: the pages' own labels of codes, and the
# titles and descriptions of the datasets, tables and columns.
MACROS = "_macros.html"


@dataclass(frozen=True)
class DataLabels:
    """The UI strings of one language the data needs, as text."""

    codes: Mapping[str, Mapping[str, str]]  # each vocabulary's labels, by its table's name
    open_data: str  # the open data page's name
    tables: Mapping[str, str]  # each table's title; a dataset's is its first table's
    datasets: Mapping[str, str]  # each dataset's description
    columns: Mapping[str, str]  # each column's description


def data_labels(
    environments: Mapping[str, Environment], templates_dir: str, model: Model, sources: Mapping[str, str]
) -> dict[str, DataLabels]:
    """Each language's labels, from the tables of `MACROS` and of the templates the kinds name
    (`DataTables.labels`) as its environment translates them: the one source of the labels the
    pages show. The kinds declare their vocabularies of codes, each labelled by a table of
    `MACROS`. `sources`: each template's text, as the build read it."""
    return {
        language: _labels(environment, templates_dir, model, sources)
        for language, environment in environments.items()
    }


def _labels(
    environment: Environment, templates_dir: str, model: Model, sources: Mapping[str, str]
) -> DataLabels:
    macros = environment.get_template(MACROS).module

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

    vocabularies = {name: codes for kind in model.kinds for name, codes in kind.vocabularies.items()}
    tables: dict[str, str] = {}
    datasets: dict[str, str] = {}
    columns: dict[str, str] = {}
    for template, column_names in _by_template(data_columns(model)).items():
        own = _label_tables(environment, template, sources)
        kinds = [kind for kind in model.kinds if kind.data is not None and kind.data.labels == template]
        names = [name for kind in kinds if kind.data is not None for name in kind.data.tables]
        tables |= table(own, template, "TABLES", names)
        datasets |= table(own, template, "DATASETS", [kind.plural for kind in kinds])
        columns |= table(own, template, "COLUMNS", column_names)
    return DataLabels(
        codes={name: table(macros, MACROS, name, codes) for name, codes in vocabularies.items()},
        open_data=table(macros, MACROS, "SITE_PAGES", ["data"])["data"],
        tables=tables,
        datasets=datasets,
        columns={name: columns[name] for name in data_columns(model)},
    )


def _label_tables(environment: Environment, template: str, sources: Mapping[str, str]) -> Any:
    """The top-level `{% set %}` tables of a template, read without rendering it: a kind's page
    template may hold its data's labels beside the page, which cannot render without a page."""
    if template not in sources:
        raise TemplateNotFound(template)
    tree = environment.parse(sources[template], template)
    tables = [node for node in tree.body if isinstance(node, nodes.Assign)]
    return environment.from_string(nodes.Template(tables, lineno=1)).module


def _by_template(columns: Mapping[str, str]) -> dict[str, list[str]]:
    """The columns each template describes, by template."""
    found: dict[str, list[str]] = {}
    for column, template in columns.items():
        found.setdefault(template, []).append(column)
    return found


def _text_of(label: Any) -> str:
    """A label as text: the environment gives translations as escaped markup."""
    return label.unescape() if isinstance(label, Markup) else str(label)


def catalog(site: Site, config: SiteConfig, labels: Mapping[str, DataLabels]) -> dict[str, Any]:
    """A DCAT catalog of the datasets, in JSON-LD: each title and description in every language,
    each file a distribution in its language."""
    names = _owner_names(site, config)
    owner = site.model.owner.kind
    publisher = {
        "@id": config.absolute(site.urls.folder(owner, config.owner, config.default_language)) + f"#{owner}",
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
                    for table, suffix in ((name, "json"), *((table, "csv") for table in tables))
                ],
            }
            for name, tables in data_tables(site.model).items()
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


def _datatypes(model: Model) -> dict[str, Any]:
    """The columns that are not just text (CSVW datatypes), as the kinds declare them."""
    return {
        name: datatype for kind in model.kinds if kind.data for name, datatype in kind.data.datatypes.items()
    }


def _references(model: Model) -> dict[str, str]:
    """The columns that hold another dataset's id, and that dataset."""
    return {
        name: dataset for kind in model.kinds if kind.data for name, dataset in kind.data.references.items()
    }


def csv_metadata(
    site: Site, config: SiteConfig, language: str, labels: Mapping[str, DataLabels]
) -> dict[str, Any]:
    """CSVW metadata of one language's CSV files (W3C's Metadata Vocabulary for Tabular Data):
    each table's title, each column's name, description and datatype, the keys that join them."""
    own = labels[language]
    datasets = data_tables(site.model)
    datatypes, references = _datatypes(site.model), _references(site.model)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": language}],
        "dc:title": f"{_owner_names(site, config)[language].text}: {own.open_data}",
        "dc:license": {"@id": config.licence},
        "tables": [
            {
                "url": f"{table}.csv",
                "dc:title": own.tables[table],
                "tableSchema": _schema(table, columns, own, datasets, (datatypes, references)),
            }
            for tables in datasets.values()
            for table, columns in tables.items()
        ],
    }


def _schema(
    table: str,
    columns: tuple[str, ...],
    labels: DataLabels,
    datasets: Mapping[str, Any],
    types: tuple[Mapping[str, Any], Mapping[str, str]],
) -> dict[str, Any]:
    """A table's columns, the first (the id, or the id it belongs to) required; a record's
    table has its id as primary key. `types`: the columns' datatypes and references."""
    datatypes, references = types
    schema: dict[str, Any] = {
        "columns": [
            {
                "name": column,
                "titles": column,
                "dc:description": labels.columns[column],
                "datatype": datatypes.get(column, "string"),
                **({"required": True} if at == 0 else {}),
            }
            for at, column in enumerate(columns)
        ]
    }
    if table in datasets:
        schema["primaryKey"] = "id"
    keys = [
        {
            "columnReference": name,
            "reference": {"resource": f"{references[name]}.csv", "columnReference": "id"},
        }
        for name in columns
        if name in references
    ]
    if keys:
        schema["foreignKeys"] = keys
    return schema


def _owner_names(site: Site, config: SiteConfig) -> dict[str, LocalText]:
    """The publishing union's name in each language (its default-language name where it has
    no other), as the root page gives it."""
    return {alternate.language: name for alternate, name in site.root.homes}


def _lang(language: str, value: str) -> dict[str, str]:
    return {"@language": language, "@value": value}
