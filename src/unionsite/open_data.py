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
value, keyed by the record's id in its first column (site.DATA_TABLES names them all). A dataset's
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
from .i18n import DateText, LocalText
from .render import RenderedFile
from .site import CATALOG, CSV_METADATA, DATA_FOLDER, DATA_TABLES, Site
from .views import (
    AgreementsView,
    AgreementView,
    MembershipsView,
    MembershipView,
    OrganizationView,
    OrgRef,
    SourceView,
)


@dataclass(frozen=True)
class _Row:
    """One record's JSON object and the lines of each CSV table of its dataset, serialized, and
    the view they were made from."""

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
    if previous is not None and site.rebuilt is not None:
        return _edited(site, config, texts, previous, site.rebuilt)
    tables = {
        f"{DATA_FOLDER}/{language}/{name}": views
        for language in config.languages
        for name, views in _tables(site, language).items()
    }
    return _assembled(site, config, texts, previous, tables)


def _assembled(
    site: Site,
    config: SiteConfig,
    texts: Mapping[str, _Texts],
    previous: OpenData | None,
    views: Mapping[str, Iterable[Any]],
) -> OpenData:
    """The files, each table made from its views in `views` (by stem): a row whose view is the
    same object as in `previous` is kept, and a table whose rows all are keeps its files."""
    known = previous.rows if previous is not None else {}
    rows: dict[int, _Row] = {}
    tables: dict[str, _Table] = {}
    for stem, table_views in views.items():
        _, language, name = stem.split("/")
        made = tuple(_row(view, name, texts[language], known) for view in table_views)
        rows.update((id(row.view), row) for row in made)
        tables[stem] = _table(stem, made, previous.tables.get(stem) if previous is not None else None)
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
    files = [file for stem in sorted(tables, key=_stem_order(config)) for file in tables[stem][1]]
    for language in config.languages:
        metadata = csv_metadata(site, config, language, labels)
        files.append(RenderedFile(f"{DATA_FOLDER}/{language}/{CSV_METADATA}", _json(metadata)))
    files.append(RenderedFile(CATALOG, _json(catalog(site, config, labels))))
    return OpenData(tuple(files), rows, tables, labels)


def _table(stem: str, made: tuple[_Row, ...], before: _Table | None) -> _Table:
    """A dataset's files: its JSON file, then its CSV tables in their order."""
    if before is not None and len(before[0]) == len(made) and all(map(operator.is_, before[0], made)):
        return made, before[1]
    folder, name = stem.rsplit("/", 1)
    csv_files = (
        RenderedFile(f"{folder}/{table}.csv", _csv_file(columns, (row.csv[at] for row in made)))
        for at, (table, columns) in enumerate(DATA_TABLES[name].items())
    )
    return made, (RenderedFile(f"{stem}.json", _json_file(made)), *csv_files)


def _stem_order(config: SiteConfig) -> Callable[[str], tuple[int, int]]:
    """Files in the order of the languages, then of the datasets."""

    def order(stem: str) -> tuple[int, int]:
        _, language, name = stem.split("/")
        return config.languages.index(language), list(DATA_TABLES).index(name)

    return order


def _edited(
    site: Site, config: SiteConfig, texts: Mapping[str, _Texts], previous: OpenData, rebuilt: Iterable[int]
) -> OpenData:
    """`previous` with the rows of the pages an edit built again: an organization's page changes
    its row, found by bisection; a list page (all memberships, all agreements) its whole table."""
    rows, tables = dict(previous.rows), dict(previous.tables)
    edited: dict[str, list[_Row]] = {}
    for place in rebuilt:
        page = site.pages[place]
        kind, language = page.route.kind, page.route.language
        if kind == "organization":
            stem = f"{DATA_FOLDER}/{language}/organizations"
            made = edited.setdefault(stem, list(tables[stem][0]))
            at = bisect.bisect_left(made, page.view.ref.id, key=lambda row: row.view.ref.id)
            old = made[at]
            assert old.view.ref.id == page.view.ref.id, "an edit that keeps every id"
            if old.view is page.view:
                continue  # built again, and came out the same
            made[at] = _row(page.view, "organizations", texts[language], previous.rows)
            rows.pop(id(old.view), None)
            rows[id(page.view)] = made[at]
        elif kind in ("memberships", "agreements"):
            stem = f"{DATA_FOLDER}/{language}/{kind}"
            listed = sorted(getattr(page.view, kind), key=operator.attrgetter("id"))
            made = edited[stem] = [_row(view, kind, texts[language], previous.rows) for view in listed]
            for row in tables[stem][0]:
                rows.pop(id(row.view), None)
            rows.update((id(row.view), row) for row in made)
    for stem, made in edited.items():
        tables[stem] = _table(stem, tuple(made), tables[stem])
    return _files(site, config, texts, rows, tables)


def _row(view: Any, dataset: str, texts: _Texts, known: Mapping[int, _Row]) -> _Row:
    kept = known.get(id(view))
    if kept is not None and kept.view is view:
        return kept
    record = _ROW_MAKERS[dataset](view, texts)
    return _Row(view, _csv_lines(record, dataset), json.dumps(record, ensure_ascii=False).encode("utf-8"))


def _csv_lines(record: Mapping[str, Any], dataset: str) -> tuple[bytes, ...]:
    """The record's lines of each CSV table of its dataset: its row of the first, and in each
    other a row per value of the table's field, the record's id first."""
    assert tuple(record) == JSON_KEYS[dataset], "the columns site.DATA_TABLES declares"
    lines = []
    for table, columns in DATA_TABLES[dataset].items():
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


# The keys of a dataset's JSON objects: its first table's columns, then its other tables' fields.
JSON_KEYS = {
    dataset: (*tables[dataset], *(_field(table) for table in tables if table != dataset))
    for dataset, tables in DATA_TABLES.items()
}


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


# ---------------------------------------------------------------------------------------------
# The rows: a record's JSON object, whose keys are JSON_KEYS[dataset]


def _tables(site: Site, language: str) -> dict[str, list[Any]]:
    """Each dataset's views, in the order of their records' ids."""
    views = _views(site, language)
    memberships: MembershipsView = views["memberships"][0]
    agreements: AgreementsView = views["agreements"][0]
    return {
        "organizations": sorted(views["organization"], key=lambda o: o.ref.id),
        "memberships": sorted(memberships.memberships, key=lambda m: m.id),
        "agreements": sorted(agreements.agreements, key=lambda a: a.id),
    }


def _organization(view: OrganizationView, texts: _Texts) -> dict[str, Any]:
    founded = view.founded
    return {
        "id": view.ref.id,
        "name": view.ref.name.text,
        "short_name": _text(view.ref.abbreviation),
        **_address(view),
        "founded": _date(founded.date) if founded else None,
        "founded_place": _text(founded.place) if founded else None,
        "founded_approved": _date(founded.approved) if founded else None,
        "founded_in_force": _date(founded.in_force) if founded else None,
        "founded_note": _text(founded.note) if founded else None,
        "part_of": view.part_of.id if view.part_of else None,
        "part_of_name": view.part_of.name.text if view.part_of else None,
        "website": view.website,
        "description": texts.plain(view.description.text) if view.description else None,
        # Said only of a list of member countries: no list, no claim that it is whole.
        "member_countries_partial": view.member_countries_partial if view.member_countries else None,
        "kinds": [{"kind": code, "kind_label": texts.labels.kinds[code]} for code in view.kinds],
        "headquarters": [place.text for place in view.headquarters],
        "founders": _organizations(founded.by if founded else (), "founder"),
        "initiators": _organizations(founded.initiative if founded else (), "initiator"),
        "member_countries": [country.text for country in view.member_countries],
        "figures": [{"figure": figure.text.text, **_source(figure.source)} for figure in view.figures],
        "sources": [_source(source) for source in view.sources],
    }


def _address(view: OrganizationView) -> dict[str, str | None]:
    address = view.address
    return {
        "address_street": address.street if address else None,
        "address_district": address.district if address else None,
        "address_city": address.city if address else None,
        "address_country": address.country.text if address else None,
        "address_directions": _text(address.directions) if address else None,
    }


def _membership(m: MembershipView, texts: _Texts) -> dict[str, Any]:
    return {
        "id": m.id,
        "member": m.member.id,
        "member_name": m.member.name.text,
        "organization": m.organization.id,
        "organization_name": m.organization.name.text,
        "role": m.role,
        "role_label": texts.labels.roles[m.role or ""],  # the pages call a role-less member "member"
        "since": m.since.iso,
        "until": _date(m.until),
        "note": texts.plain(m.note.text) if m.note else None,
        "offices": [
            {"office": office.title.text, "since": office.since.iso, "until": _date(office.until)}
            for office in m.offices
        ],
        "sources": [_source(source) for source in m.sources],
    }


def _agreement(a: AgreementView, texts: _Texts) -> dict[str, Any]:
    return {
        "id": a.id,
        "type": a.type,
        "type_label": texts.labels.agreement_types[a.type],
        "signed": a.signed.iso,
        "place": _text(a.place),
        "scope": texts.plain(a.scope.text),
        "outcomes": texts.plain(a.outcomes.text) if a.outcomes else None,
        "parties": _organizations(a.parties, "party"),
        "sources": [_source(source) for source in a.sources],
    }


def _organizations(refs: Iterable[OrgRef], column: str) -> list[dict[str, str]]:
    return [{column: ref.id, f"{column}_name": ref.name.text} for ref in refs]


def _source(source: SourceView) -> dict[str, str | None]:
    return {
        "source_title": source.title.text,
        "source_publisher": source.publisher.id,
        "source_publisher_name": source.publisher.name.text,
        "source_url": source.url,
    }


def _text(value: LocalText | None) -> str | None:
    return value.text if value is not None else None


def _date(value: DateText | None) -> str | None:
    """A date in ISO form at the precision given: 2008, 2009-12 or 2010-12-13."""
    return value.iso if value is not None else None


def _views(site: Site, language: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {"organization": [], "memberships": [], "agreements": []}
    for page in site.pages:
        if page.route.language == language and page.route.kind in found:
            found[page.route.kind].append(page.view)
    return found


_ROW_MAKERS: dict[str, Callable[[Any, _Texts], dict[str, Any]]] = {
    "organizations": _organization,
    "memberships": _membership,
    "agreements": _agreement,
}


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
