"""The site's views → its records as open data under data/: in each language, every dataset
(organizations, memberships, agreements) as one JSON file and as CSV tables, the tables described
by CSVW metadata (data/<language>/csv-metadata.json), and a DCAT catalog (data/catalog.jsonld) of
every file, under the licence site.yaml names (CC BY 4.0 unless it says otherwise).

The data is what the pages show, taken from the same views, so the two cannot disagree: nothing
is added or computed. Codes (kinds, roles, agreement types) stay codes, each beside its label in
the file's language: the label the pages show (see `data_catalog.data_labels`).
Names and texts are in the file's language; Markdown texts are plain text on one line. Dates keep
the precision their source gives (2008, 2009-12, 2010-12-13). Ids are the records' own.

A CSV cell holds one value. A record's single values are a row of its dataset's first table; a
field with several values (kinds, offices, figures, sources, …) is a table of its own, a row per
value, keyed by the record's id in its first column (each kind's declaration names them). A dataset's
JSON file has an object per record: the first table's columns, and each other table's rows (without
the id) as a list under the field's name, a list of texts where a row has one value. Column names
are the same in every language, and are the JSON keys; the CSVW metadata and the open data page
describe each in their language. A value the record does not give is an empty cell, null in JSON.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .config import SiteConfig
from .data_catalog import DataLabels, catalog, csv_metadata
from .kinds import Kind
from .render import RenderedFile
from .site import CATALOG, CSV_METADATA, DATA_FOLDER, Site, data_tables


@dataclass(frozen=True)
class _Row:
    """One record's JSON object and the lines of each CSV table of its dataset, serialized, and
    the view and record id they were made from."""

    id: str
    view: Any
    csv: tuple[bytes, ...]
    json: bytes


_Table = tuple[tuple[_Row, ...], tuple[RenderedFile, ...]]


@dataclass(frozen=True)
class OpenData:
    files: tuple[RenderedFile, ...]
    # Each row by its view's identity: a rebuild serializes again only the rows whose view is
    # new (views of unchanged records are the very same objects from one build to the next),
    # and writes again only the files that have a new row. Rows are made with `labels`: other
    # labels (an edited catalog or template) make every row again.
    rows: Mapping[int, _Row] = field(default_factory=dict, repr=False)
    tables: Mapping[str, _Table] = field(default_factory=dict, repr=False)
    labels: Mapping[str, DataLabels] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class _Texts:
    """What a row needs besides its view: the language's labels, and Markdown as text."""

    labels: DataLabels
    plain: Callable[[str], str]


def open_data(
    site: Site,
    config: SiteConfig,
    plain: Callable[[str], str],
    labels: Mapping[str, DataLabels],
    previous: OpenData | None = None,
) -> OpenData:
    """The JSON and CSV files of every language, their CSVW metadata and the catalog. `plain`
    turns Markdown into text; `labels` are each language's (`data_catalog.data_labels`). With `previous`,
    a row whose view is the same object is not made again; when the site knows which pages an
    edit built again, only their rows are looked at."""
    if previous is not None and previous.labels != labels:
        previous = None
    texts = {language: _Texts(labels[language], plain) for language in config.languages}
    if previous is not None and site.data_rebuilt is not None:
        return _edited(site, config, texts, previous, site.data_rebuilt)
    tables = {
        f"{DATA_FOLDER}/{language}/{kind.plural}": _views(site, kind, language)
        for language in config.languages
        for kind in site.model.kinds
        if kind.data is not None
    }
    return _assembled(site, config, texts, previous, tables)


def _views(site: Site, kind: Kind, language: str) -> list[tuple[str, Any]]:
    """The ids and views of the kind's records, in the order of their ids."""
    return [(i, site.data_view(kind, language, i)) for i in sorted(site.records.of(kind.name))]


def _assembled(
    site: Site,
    config: SiteConfig,
    texts: Mapping[str, _Texts],
    previous: OpenData | None,
    views: Mapping[str, Iterable[tuple[str, Any]]],
) -> OpenData:
    """The files, each table made from its views in `views` (by stem): a row whose view is the
    same object as in `previous` is kept, and a table whose rows all are keeps its files."""
    known = previous.rows if previous is not None else {}
    rows: dict[int, _Row] = {}
    tables: dict[str, _Table] = {}
    for stem, table_views in views.items():
        _, language, name = stem.split("/")
        kind = _kind(site, name)
        made = tuple(_row(view, kind, texts[language], known, record_id) for record_id, view in table_views)
        rows.update((id(row.view), row) for row in made)
        before = previous.tables.get(stem) if previous is not None else None
        tables[stem] = _table(stem, made, before, kind)
    return _files(site, config, texts, rows, tables)


def _files(
    site: Site,
    config: SiteConfig,
    texts: Mapping[str, _Texts],
    rows: Mapping[int, _Row],
    tables: Mapping[str, _Table],
) -> OpenData:
    """The tables' files in a fixed order, each language's CSVW metadata, and the catalog."""
    labels = {language: text.labels for language, text in texts.items()}
    files = [file for stem in sorted(tables, key=_stem_order(site, config)) for file in tables[stem][1]]
    for language in config.languages:
        metadata = csv_metadata(site, config, language, labels)
        files.append(RenderedFile(f"{DATA_FOLDER}/{language}/{CSV_METADATA}", _json(metadata)))
    files.append(RenderedFile(CATALOG, _json(catalog(site, config, labels))))
    return OpenData(tuple(files), rows, tables, labels)


def _table(stem: str, made: tuple[_Row, ...], before: _Table | None, kind: Kind) -> _Table:
    """A dataset's files: its JSON file, then its CSV tables in their order."""
    if before is not None and len(before[0]) == len(made) and all(map(operator.is_, before[0], made)):
        return made, before[1]
    assert kind.data is not None
    folder = stem.rsplit("/", 1)[0]
    csv_files = (
        RenderedFile(f"{folder}/{table}.csv", _csv_file(columns, (row.csv[at] for row in made)))
        for at, (table, columns) in enumerate(kind.data.tables.items())
    )
    return made, (RenderedFile(f"{stem}.json", _json_file(made)), *csv_files)


def _kind(site: Site, dataset: str) -> Kind:
    kind = site.model.by_plural(dataset)
    assert kind is not None and kind.data is not None, "a dataset is a kind's"
    return kind


def _stem_order(site: Site, config: SiteConfig) -> Callable[[str], tuple[int, int]]:
    """Files in the order of the languages, then of the datasets."""
    datasets = list(data_tables(site.model))

    def order(stem: str) -> tuple[int, int]:
        _, language, name = stem.split("/")
        return config.languages.index(language), datasets.index(name)

    return order


def _edited(
    site: Site,
    config: SiteConfig,
    texts: Mapping[str, _Texts],
    previous: OpenData,
    rebuilt: Iterable[tuple[str, str, str]],
) -> OpenData:
    """`previous` with the rows of the views an edit built again, each found in its table by
    bisection on the record's id (an edit keeps every id)."""
    rows, tables = dict(previous.rows), dict(previous.tables)
    edited: dict[str, list[_Row]] = {}
    for name, language, record_id in rebuilt:
        kind = site.model.kind(name)
        stem = f"{DATA_FOLDER}/{language}/{kind.plural}"
        made = edited.setdefault(stem, list(tables[stem][0]))
        at = bisect.bisect_left(made, record_id, key=operator.attrgetter("id"))
        old, view = made[at], site.data_view(kind, language, record_id)
        assert old.id == record_id, "an edit that keeps every id"
        if old.view is view:
            continue  # built again, and came out the same
        made[at] = _row(view, kind, texts[language], previous.rows, record_id)
        rows.pop(id(old.view), None)
        rows[id(view)] = made[at]
    for stem, made in edited.items():
        tables[stem] = _table(stem, tuple(made), tables[stem], _kind(site, stem.rsplit("/", 1)[1]))
    return _files(site, config, texts, rows, tables)


def _row(view: Any, kind: Kind, texts: _Texts, known: Mapping[int, _Row], record_id: str) -> _Row:
    kept = known.get(id(view))
    if kept is not None and kept.view is view:
        return kept
    assert kind.data is not None
    record = kind.data.row(view, texts)
    encoded = json.dumps(record, ensure_ascii=False).encode("utf-8")
    return _Row(record_id, view, _csv_lines(record, kind.plural, kind.data.tables), encoded)


def _csv_lines(
    record: Mapping[str, Any], dataset: str, tables: Mapping[str, tuple[str, ...]]
) -> tuple[bytes, ...]:
    """The record's lines of each CSV table of its dataset: its row of the first, and in each
    other a row per value of the table's field, the record's id first."""
    assert tuple(record) == json_keys(dataset, tables), "the columns its kind declares"
    lines = []
    for table, columns in tables.items():
        if table == dataset:
            rows = [[record[column] for column in columns]]
        else:
            rows = [[record["id"], *_cells(value, columns[1:])] for value in record[_field(table)]]
        lines.append(_csv_text(rows))
    return tuple(lines)


def _field(table: str) -> str:
    """The JSON key of a table's rows in its records: 'organizations-member-countries' →
    'member_countries'."""
    return table.partition("-")[2].replace("-", "_")


def json_keys(dataset: str, tables: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The keys of a dataset's JSON objects: its first table's columns, then its other tables'
    fields."""
    return (*tables[dataset], *(_field(table) for table in tables if table != dataset))


def _cells(value: Any, columns: tuple[str, ...]) -> list[Any]:
    """A row's cells after the id: a text is the one cell of a row with one; an object's values
    are the cells of its keys, which are the table's columns."""
    if isinstance(value, Mapping):
        assert tuple(value) == columns, "a row's keys as its table's columns"
        return list(value.values())
    assert len(columns) == 1, "a text where the table has one column more than the id"
    return [value]


def _csv_text(rows: Iterable[Iterable[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(map(_cell, row))
    return out.getvalue().encode("utf-8")


# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection): such a
# cell gets an apostrophe first, as OWASP advises, and shows as the text it is. JSON keeps the
# value exactly; the open data page says so.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _csv_file(columns: Iterable[str], lines: Iterable[bytes]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte-order mark, so that spreadsheet programs read ç and ş
    right; the header row holds the columns' names."""
    header = ("\ufeff" + ",".join(columns) + "\r\n").encode("utf-8")
    return header + b"".join(lines)


def _json_file(rows: Iterable[_Row]) -> bytes:
    """A JSON array of the records, one to a line."""
    return b"[\n" + b",\n".join(row.json for row in rows) + b"\n]\n"


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
