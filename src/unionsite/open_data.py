"""The site's views → its records as open data under data/: organizations, memberships and
agreements as CSV and JSON in each language, and a DCAT catalog (data/catalog.jsonld) that
describes every file, under the licence site.yaml names (CC BY 4.0 unless it says otherwise).

The data is what the pages show, taken from the same views, so the two cannot disagree. Codes
(kinds, roles, agreement types) stay codes: they are the same in every language and documented
in the editors' guide; names and texts are in the file's language. Ids are the records' own.
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
from .render import RenderedFile
from .site import CATALOG, DATA_FOLDER, DATASET_NAMES, Site
from .views import AgreementsView, AgreementView, MembershipsView, MembershipView, OrganizationView, OrgRef

# Each dataset's title and description, per language (a language missing here uses English).
DATASETS = {
    "organizations": {
        "tr": ("Kuruluşlar", "Birliğin birlikte çalıştığı kuruluşlar: türleri, merkezleri, kuruluşları."),
        "en": ("Organizations", "The organizations the union works with: kinds, seats, founding."),
    },
    "memberships": {
        "tr": ("Üyelikler", "Kim neye üye: rolü, başlangıç ve bitiş tarihleriyle."),
        "en": ("Memberships", "Who is a member of what, in which role, since and until when."),
    },
    "agreements": {
        "tr": ("Anlaşmalar", "Kuruluşlar arasındaki anlaşmalar: taraflar, tür, tarih, yer ve kapsam."),
        "en": ("Agreements", "Agreements between the organizations: parties, type, date, place and scope."),
    },
}
COLUMNS = {
    "organizations": (
        "id", "name", "short_name", "kinds", "headquarters", "founded", "part_of", "website", "description",
    ),
    "memberships": (
        "id", "member", "member_name", "organization", "organization_name", "role", "since", "until",
    ),
    "agreements": ("id", "type", "parties", "party_names", "signed", "place", "scope"),
}  # fmt: skip
FORMATS = (("csv", "text/csv", "CSV"), ("json", "application/json", "JSON"))


@dataclass(frozen=True)
class _Row:
    """One record's row, serialized, and the view it was made from."""

    view: Any
    csv: bytes
    json: bytes


_Table = tuple[tuple["_Row", ...], tuple[RenderedFile, RenderedFile]]


@dataclass(frozen=True)
class OpenData:
    files: tuple[RenderedFile, ...]
    # Each row by its view's identity: a rebuild serializes again only the rows whose view is
    # new (views of unchanged records are the very same objects from one build to the next),
    # and writes again only the files that have a new row.
    rows: Mapping[int, _Row] = field(default_factory=dict, repr=False)
    tables: Mapping[str, tuple[tuple[_Row, ...], tuple[RenderedFile, RenderedFile]]] = field(
        default_factory=dict, repr=False
    )


def open_data(
    site: Site, config: SiteConfig, plain: Callable[[str], str], previous: OpenData | None = None
) -> OpenData:
    """The CSV and JSON files of every language and the catalog. `plain` turns Markdown into text.
    With `previous`, a row whose view is the same object is not made again; when the site knows
    which pages an edit built again, only their rows are looked at."""
    if previous is not None and site.rebuilt is not None:
        return _edited(site, config, plain, previous, site.rebuilt)
    tables = {
        f"{DATA_FOLDER}/{language}/{name}": views
        for language in config.languages
        for name, views in _tables(site, language).items()
    }
    return _assembled(site, config, plain, previous, tables)


def _assembled(
    site: Site,
    config: SiteConfig,
    plain: Callable[[str], str],
    previous: OpenData | None,
    views: Mapping[str, Iterable[Any]],
) -> OpenData:
    """The files, each table made from its views in `views` (by stem): a row whose view is the
    same object as in `previous` is kept, and a table whose rows all are keeps its files."""
    known = previous.rows if previous is not None else {}
    rows: dict[int, _Row] = {}
    tables: dict[str, _Table] = {}
    for stem, table_views in views.items():
        made = tuple(_row(view, stem.rsplit("/", 1)[1], plain, known) for view in table_views)
        rows.update((id(row.view), row) for row in made)
        tables[stem] = _table(stem, made, previous.tables.get(stem) if previous is not None else None)
    return _files(site, config, rows, tables)


def _files(
    site: Site, config: SiteConfig, rows: Mapping[int, _Row], tables: Mapping[str, _Table]
) -> OpenData:
    """The tables' files in a fixed order, and the catalog."""
    files = [file for stem in sorted(tables, key=_stem_order(config)) for file in tables[stem][1]]
    files.append(RenderedFile(CATALOG, _json(catalog(site, config))))
    return OpenData(tuple(files), rows, tables)


def _table(stem: str, made: tuple[_Row, ...], before: _Table | None) -> _Table:
    if before is not None and len(before[0]) == len(made) and all(map(operator.is_, before[0], made)):
        return made, before[1]
    name = stem.rsplit("/", 1)[1]
    pair = (
        RenderedFile(f"{stem}.csv", _csv_file(made, COLUMNS[name])),
        RenderedFile(f"{stem}.json", _json_file(made)),
    )
    return made, pair


def _stem_order(config: SiteConfig) -> Callable[[str], tuple[int, int]]:
    """Files in the order of the languages, then of the datasets."""

    def order(stem: str) -> tuple[int, int]:
        _, language, name = stem.split("/")
        return config.languages.index(language), list(COLUMNS).index(name)

    return order


def _edited(
    site: Site, config: SiteConfig, plain: Callable[[str], str], previous: OpenData, rebuilt: Iterable[int]
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
            made[at] = _row(page.view, "organizations", plain, previous.rows)
            rows.pop(id(old.view), None)
            rows[id(page.view)] = made[at]
        elif kind in ("memberships", "agreements"):
            stem = f"{DATA_FOLDER}/{language}/{kind}"
            listed = sorted(getattr(page.view, kind), key=operator.attrgetter("id"))
            made = edited[stem] = [_row(view, kind, plain, previous.rows) for view in listed]
            for row in tables[stem][0]:
                rows.pop(id(row.view), None)
            rows.update((id(row.view), row) for row in made)
    for stem, made in edited.items():
        tables[stem] = _table(stem, tuple(made), tables[stem])
    return _files(site, config, rows, tables)


def _row(view: Any, table: str, plain: Callable[[str], str], known: Mapping[int, _Row]) -> _Row:
    kept = known.get(id(view))
    if kept is not None and kept.view is view:
        return kept
    values = _ROW_MAKERS[table](view, plain)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(
        _cell("; ".join(value) if isinstance(value, list) else value) for value in values.values()
    )
    return _Row(view, out.getvalue().encode("utf-8"), json.dumps(values, ensure_ascii=False).encode("utf-8"))


# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection): such a
# cell gets an apostrophe first, as OWASP advises, and shows as the text it is. JSON keeps the
# value exactly; the open data page says so.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def catalog(site: Site, config: SiteConfig) -> dict[str, Any]:
    """A DCAT catalog of the datasets, in JSON-LD, its titles in every language."""
    owner = _owner(site, config)
    publisher = {
        "@id": config.absolute(site.urls.folder("organization", config.owner, config.default_language))
        + "#organization",
        "foaf:name": owner.name.text,
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
            {"@language": language, "@value": f"{owner.name.text}: {_open_data_title(language)}"}
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
                    _text(language, _described(name, language)[0]) for language in config.languages
                ],
                "dct:description": [
                    _text(language, _described(name, language)[1]) for language in config.languages
                ],
                "dct:publisher": publisher,
                "dct:license": licence,
                "dcat:distribution": [
                    {**_distribution(config, name, language, file_format), "dct:license": licence}
                    for language in config.languages
                    for file_format in FORMATS
                ],
            }
            for name in DATASET_NAMES
        ],
    }


def _distribution(
    config: SiteConfig, name: str, language: str, file_format: tuple[str, str, str]
) -> dict[str, Any]:
    suffix, media_type, label = file_format
    return {
        "@id": config.absolute(f"{DATA_FOLDER}/{language}/{name}.{suffix}"),
        "@type": "dcat:Distribution",
        "dct:title": _text(language, f"{_described(name, language)[0]} ({label})"),
        "dcat:downloadURL": {"@id": config.absolute(f"{DATA_FOLDER}/{language}/{name}.{suffix}")},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        "dct:format": label,
        "dct:language": {"@id": f"http://id.loc.gov/vocabulary/iso639-1/{language}"},
    }


def _tables(site: Site, language: str) -> dict[str, list[Any]]:
    """Each table's views, in the order of their records' ids."""
    views = _views(site, language)
    memberships: MembershipsView = views["memberships"][0]
    agreements: AgreementsView = views["agreements"][0]
    return {
        "organizations": sorted(views["organization"], key=lambda o: o.ref.id),
        "memberships": sorted(memberships.memberships, key=lambda m: m.id),
        "agreements": sorted(agreements.agreements, key=lambda a: a.id),
    }


def _membership(m: MembershipView, plain: Callable[[str], str]) -> dict[str, Any]:
    return {
        "id": m.id,
        "member": m.member.id,
        "member_name": m.member.name.text,
        "organization": m.organization.id,
        "organization_name": m.organization.name.text,
        "role": m.role or "",
        "since": m.since.iso,
        "until": m.until.iso if m.until else "",
    }


def _agreement(a: AgreementView, plain: Callable[[str], str]) -> dict[str, Any]:
    return {
        "id": a.id,
        "type": a.type,
        "parties": [party.id for party in a.parties],
        "party_names": [party.name.text for party in a.parties],
        "signed": a.signed.iso,
        "place": a.place.text if a.place else "",
        "scope": plain(a.scope.text),
    }


def _organization(view: OrganizationView, plain: Callable[[str], str]) -> dict[str, Any]:
    return {
        "id": view.ref.id,
        "name": view.ref.name.text,
        "short_name": view.ref.abbreviation.text if view.ref.abbreviation else "",
        "kinds": list(view.kinds),
        "headquarters": [seat.text for seat in view.headquarters],
        "founded": view.founded.date.iso if view.founded and view.founded.date else "",
        "part_of": view.part_of.id if view.part_of else "",
        "website": view.website or "",
        "description": plain(view.description.text) if view.description else "",
    }


def _views(site: Site, language: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {"organization": [], "memberships": [], "agreements": []}
    for page in site.pages:
        if page.route.language == language and page.route.kind in found:
            found[page.route.kind].append(page.view)
    return found


def _owner(site: Site, config: SiteConfig) -> OrgRef:
    ref: OrgRef = site.page("organization", config.owner, config.default_language).view.ref
    return ref


def _described(name: str, language: str) -> tuple[str, str]:
    texts = DATASETS[name]
    return texts.get(language, texts["en"])


def _open_data_title(language: str) -> str:
    return {"tr": "açık veri"}.get(language, "open data")


def _text(language: str, value: str) -> dict[str, str]:
    return {"@language": language, "@value": value}


def _csv_file(rows: Iterable[_Row], columns: tuple[str, ...]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte-order mark, so that spreadsheet programs read ç and ş right;
    a list is written as its items joined by '; '."""
    header = ("\ufeff" + ",".join(columns) + "\r\n").encode("utf-8")
    return header + b"".join(row.csv for row in rows)


def _json_file(rows: Iterable[_Row]) -> bytes:
    """A JSON array of the rows, one to a line."""
    return b"[\n" + b",\n".join(row.json for row in rows) + b"\n]\n"


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


_ROW_MAKERS: dict[str, Callable[[Any, Callable[[str], str]], dict[str, Any]]] = {
    "organizations": _organization,
    "memberships": _membership,
    "agreements": _agreement,
}
