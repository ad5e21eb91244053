"""open_data: the records as JSON and CSV tables per language under data/, described by CSVW
metadata and a DCAT catalog; what the pages show, in the pages' language."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld  # type: ignore[import-untyped]

from unionsite.build import BuildReport, build, rebuild
from unionsite.errors import UnionsiteError
from unionsite.kinds import MODEL
from unionsite.kinds.agreement import TYPES as AGREEMENT_TYPES
from unionsite.kinds.membership import ROLES as MEMBERSHIP_ROLES
from unionsite.kinds.organization import KINDS as ORGANIZATION_KINDS
from unionsite.site import data_tables

SiteFactory = Callable[[dict[str, str | bytes]], Path]
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
CODES = {"kind": ORGANIZATION_KINDS, "role": MEMBERSHIP_ROLES, "type": AGREEMENT_TYPES}
DATA_TABLES = data_tables(MODEL)


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet programs read UTF-8 by it
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def read_json(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))
    return data


def cell(value: Any) -> str:
    """A JSON value as the CSV writes it (no value here starts like a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def expected_csv(records: list[dict[str, Any]], dataset: str, table: str) -> list[dict[str, str]]:
    """A CSV table's rows as the layout the open data page describes makes them from the JSON
    records: the first table's columns, or a row per item of a list, the record's id first."""
    columns = DATA_TABLES[dataset][table]
    if table == dataset:
        return [{column: cell(record[column]) for column in columns} for record in records]
    key = table.partition("-")[2].replace("-", "_")
    rows = []
    for record in records:
        for item in record[key]:
            values = [item] if isinstance(item, str) else list(item.values())
            rows.append(dict(zip(columns, map(cell, [record["id"], *values]), strict=True)))
    return rows


def data_of(output: Path, language: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Each dataset's JSON records by id."""
    return {
        name: {row["id"]: row for row in read_json(output / "data" / language / f"{name}.json")}
        for name in DATA_TABLES
    }


def one_line(text: Any, language: str) -> str:
    """A record's text in one language as plain text: on one line (it has no markup)."""
    return " ".join(text.get(language).split())


def csv_rows(output: Path, language: str, table: str, key: str) -> list[tuple[str, ...]]:
    """The rows of a table about the record `key`, without its first column."""
    return [
        tuple(row.values())[1:]
        for row in read_csv(output / "data" / language / f"{table}.csv")
        if next(iter(row.values())) == key
    ]


def test_each_language_has_every_record_as_json_and_csv_tables_that_agree(real_site: BuildReport) -> None:
    output = real_site.output
    assert output is not None
    records = real_site.records
    counts = {
        "organizations": len(records.of("organization")),
        "memberships": len(records.of("membership")),
        "agreements": len(records.of("agreement")),
    }
    for language in ("tr", "en"):
        for dataset, count in counts.items():
            data = read_json(output / "data" / language / f"{dataset}.json")
            assert len(data) == count, (language, dataset)
            for table, columns in DATA_TABLES[dataset].items():
                rows = read_csv(output / "data" / language / f"{table}.csv")
                assert rows == expected_csv(data, dataset, table), (language, table)
                header = (
                    (output / "data" / language / f"{table}.csv")
                    .read_bytes()
                    .decode("utf-8-sig")
                    .split("\r\n")[0]
                )
                assert header == ",".join(columns)
    organizations = {row["id"]: row for row in read_csv(output / "data" / "tr" / "organizations.csv")}
    assert organizations["mbb"]["name"] == "Marmara Belediyeler Birliği"
    english = {row["id"]: row for row in read_csv(output / "data" / "en" / "organizations.csv")}
    assert english["mbb"]["name"] == "Marmara Municipalities Union"
    memberships = {row["id"]: row for row in read_csv(output / "data" / "en" / "memberships.csv")}
    assert (memberships["mbb-nalas"]["member"], memberships["mbb-nalas"]["since"]) == ("mbb", "2008")


def test_what_the_organization_pages_show_is_in_the_data_as_stated(real_site: BuildReport) -> None:
    """NALAS's offices with their dates as precise as given, ALDA's figure with its source,
    TRAKYAKENT's address and founding, member countries and whether the list is partial,
    headquarters, part_of, founders, notes and outcomes as plain text, each record's sources."""
    output = real_site.output
    assert output is not None
    for language, office in (("tr", "Asbaşkanlık"), ("en", "Vice-presidency")):
        offices = csv_rows(output, language, "memberships-offices", "mbb-nalas")
        assert offices[0] == (office, "2009-12", "")  # a month, and no end the source does not give
        assert offices[1][1:] == ("2012-05", "2013-05")
    en, tr = data_of(output, "en"), data_of(output, "tr")
    records = real_site.records
    nalas = en["memberships"]["mbb-nalas"]
    assert nalas["offices"][0] == {"office": "Vice-presidency", "since": "2009-12", "until": None}
    assert nalas["note"] == one_line(records.of("membership")["mbb-nalas"].note, "en")
    assert [s["source_publisher"] for s in nalas["sources"]] == ["mbb", "mbb"]
    (figure,) = en["organizations"]["alda"]["figures"]
    assert figure["figure"] == "more than 250 members from 40 different countries"
    assert (figure["source_publisher"], figure["source_url"]) == ("mbb", None)
    assert figure["source_title"] == records.of("source")["mbb-calisma-alanlari"].title.get("en")
    assert tr["organizations"]["alda"]["figures"][0]["figure"] == "40 farklı ülkeden 250’den fazla üye"
    assert (tr["organizations"]["alda"]["headquarters"], en["organizations"]["alda"]["headquarters"]) == (
        ["Strazburg, Fransa"],
        ["Strasbourg, France"],
    )
    trakyakent = tr["organizations"]["trakyakent"]
    address: Any = records.of("organization")["trakyakent"].address
    assert {key: value for key, value in trakyakent.items() if key.startswith("address_")} == {
        "address_street": "Ertuğrul Mahallesi, Mimar Sinan Caddesi, Hasan Şekerözü Sokak, No: 2",
        "address_district": "Süleymanpaşa",
        "address_city": "Tekirdağ",
        "address_country": "Türkiye",
        "address_directions": one_line(address.directions, "tr"),
    }
    founded: Any = records.of("organization")["trakyakent"].founded
    assert trakyakent["founded_note"] == one_line(founded.note, "tr")
    assert trakyakent["sources"][0]["source_publisher"] == "trakyakent"
    nalas_network = en["organizations"]["nalas"]
    assert "Bosnia and Herzegovina" in nalas_network["member_countries"]
    assert nalas_network["member_countries_partial"] is False
    assert en["organizations"]["mbb"]["member_countries_partial"] is None  # it lists none
    assert en["organizations"]["oicc"]["part_of"] == "oic"
    (founder,) = en["organizations"]["gwopa"]["founders"]
    assert founder == {"founder": "un-habitat", "founder_name": en["organizations"]["un-habitat"]["name"]}
    ktbb = tr["agreements"]["mbb-ktbb"]
    assert ktbb["outcomes"] == one_line(records.of("agreement")["mbb-ktbb"].outcomes, "tr")


class _Shown(HTMLParser):
    """What a page's main part shows: the dates it marks (`<time datetime>`), and the texts of
    its figures, offices (the title, before the colon), source titles and Markdown texts."""

    def __init__(self) -> None:
        super().__init__()
        self.dates: set[str] = set()
        self.texts: list[str] = []
        self.lists: list[str] = []  # the class of each open <ul>
        self.open: list[tuple[str, list[str]]] = []  # what is being read, and its text so far

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        if tag == "ul":
            self.lists.append(classes[0] if classes else "")
        elif tag == "li" and self.lists and self.lists[-1] in ("figures", "offices"):
            self.open.append((self.lists[-1], []))
        elif (tag, classes[:1]) in (("div", ["prose"]), ("p", ["sources"])):
            self.open.append((classes[0], []))
        elif tag == "time":
            self.dates.add(attributes["datetime"])
            if self.open and self.open[-1][0] == "offices":
                self.done()  # an office's title is what comes before its term

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul" and self.lists:
            self.lists.pop()
        elif self.open and (tag, self.open[-1][0]) in (("div", "prose"), ("li", "figures"), ("p", "sources")):
            self.done()

    def handle_data(self, data: str) -> None:
        for _, text in self.open:
            text.append(data)

    def done(self) -> None:
        what, parts = self.open.pop()
        text = " ".join("".join(parts).split())
        if what == "sources":  # Source: Publisher, “Title”; Publisher, “Title”
            self.texts += [part.split("”", 1)[0] for part in text.split("“")[1:]]
        else:
            self.texts.append(text.rsplit(":", 1)[0] if what == "offices" else text)


def shown(page: str) -> tuple[set[str], list[str]]:
    parser = _Shown()
    parser.feed(page.split('<main id="main">', 1)[1].split("</main>", 1)[0])
    return parser.dates, parser.texts


def _values(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("language", ["tr", "en"])
def test_every_date_figure_office_source_and_text_of_the_record_pages_is_in_the_data(
    real_site: BuildReport, language: str
) -> None:
    """On the organizations' pages and the lists of memberships and agreements."""
    output = real_site.output
    assert output is not None
    values = {
        value
        for name in DATA_TABLES
        for value in _values(read_json(output / "data" / language / f"{name}.json"))
    }
    checked: dict[str, int] = {}
    for page in real_site.site.pages:
        route = page.route
        if route.language != language or route.kind not in ("organization", "memberships", "agreements"):
            continue
        dates, texts = shown((output / route.output).read_text("utf-8"))
        assert dates <= values, (route.output, dates - values)
        missing = [text for text in texts if text not in values]
        assert not missing, (route.output, missing)
        checked[route.kind] = checked.get(route.kind, 0) + len(dates) + len(texts)
    assert checked["organization"] > 100 and checked["memberships"] > 10 and checked["agreements"] > 10


@pytest.mark.parametrize("language", ["tr", "en"])
def test_no_value_is_in_the_data_that_no_page_shows(real_site: BuildReport, language: str) -> None:
    """Nothing invented: each name, text, date and address of the data is on a page of its
    language (codes, ids and the partial flag are the data's own)."""
    output = real_site.output
    assert output is not None
    pages = [p.read_text("utf-8") for p in sorted((output / language).rglob("*.html"))]
    haystack = " ".join(
        " ".join(text.split()) for page in pages for text in (html.unescape(page), _text(page))
    )
    own = {"id", "member", "organization", "part_of", "founder", "initiator", "party", "source_publisher"}
    own |= {"membership", "agreement", "kind", "role", "type", "member_countries_partial"}
    for name in DATA_TABLES:
        for record in read_json(output / "data" / language / f"{name}.json"):
            for key, value in _flat(record):
                if key not in own and value is not None:
                    assert " ".join(str(value).split()) in haystack, (name, record["id"], key, value)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_data(self, data: str) -> None:
        self.found.append(data)


def _text(page: str) -> str:
    """A page's text without its markup."""
    parser = _Text()
    parser.feed(page)
    return "".join(parser.found)


def _flat(record: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key, value in record.items():
        if isinstance(value, list):
            for item in value:
                yield from _flat(item) if isinstance(item, dict) else [(key, item)]
        else:
            yield key, value


def test_turkish_files_label_codes_in_turkish_and_english_files_in_english(real_site: BuildReport) -> None:
    output = real_site.output
    assert output is not None
    labels = {
        ("tr", "memberships", "role"): "tam üye",
        ("en", "memberships", "role"): "full member",
        ("tr", "organizations-kinds", "kind"): "Belediyeler birliği",
        ("en", "organizations-kinds", "kind"): "Municipal union",
        ("tr", "agreements", "type"): "İyi Niyet Sözleşmesi",
        ("en", "agreements", "type"): "Goodwill agreement",
    }
    examples = {"role": "full", "kind": "union", "type": "goodwill-agreement"}
    for (language, table, code), label in labels.items():
        rows = read_csv(output / "data" / language / f"{table}.csv")
        pairs = {row[code]: row[f"{code}_label"] for row in rows if row[code]}
        assert pairs[examples[code]] == label
        if language == "tr":  # no code, and no English label, where a Turkish one belongs
            english = {
                row[code]: row[f"{code}_label"] for row in read_csv(output / "data/en" / f"{table}.csv")
            }
            for value, shown_label in pairs.items():
                assert shown_label not in CODES[code] and shown_label != english[value], (table, value)
    # A membership whose source names no role is a "member" on the pages, and so in the data.
    for language, label in {"tr": "üye", "en": "member"}.items():
        rows = read_csv(output / "data" / language / "memberships.csv")
        assert {row["role_label"] for row in rows if row["id"] == "mbb-alda"} == {label}


def test_the_dcat_catalog_describes_every_file_in_each_language_under_the_licence(
    real_site: BuildReport,
) -> None:
    output = real_site.output
    assert output is not None
    catalog = json.loads((output / "data" / "catalog.jsonld").read_text("utf-8"))
    (expanded,) = jsonld.expand(catalog)  # its context is inline: nothing is fetched
    assert expanded["@type"] == [DCAT + "Catalog"]
    assert expanded[DCT + "license"] == [{"@id": "https://creativecommons.org/licenses/by/4.0/"}]
    assert {t["@language"]: t["@value"] for t in expanded[DCT + "title"]} == {
        "tr": "Marmara Belediyeler Birliği: Açık veri",
        "en": "Marmara Municipalities Union: Open data",
    }
    datasets = expanded[DCAT + "dataset"]
    assert len(datasets) == 3
    distributions = [d for dataset in datasets for d in dataset[DCAT + "distribution"]]
    files = {d[DCAT + "downloadURL"][0]["@id"].removeprefix(real_site.config.base_url) for d in distributions}
    tables = sum(len(tables) for tables in DATA_TABLES.values())
    assert len(files) == len(distributions) == 2 * (3 + tables)
    assert all((output / path).is_file() for path in files)
    titles = {t["@language"]: t["@value"] for t in datasets[0][DCT + "title"]}
    assert titles == {"tr": "Kuruluşlar", "en": "Organisations"}
    for dataset in datasets:
        descriptions = {t["@language"]: t["@value"] for t in dataset[DCT + "description"]}
        assert descriptions["tr"] != descriptions["en"] and "ü" not in descriptions["en"]
        for distribution in dataset[DCAT + "distribution"]:
            language = distribution[DCT + "language"][0]["@id"].rsplit("/", 1)[1]
            (title,) = distribution[DCT + "title"]
            assert title["@language"] == language
    offices = next(d for d in distributions if d["@id"].endswith("/data/en/memberships-offices.csv"))
    assert offices[DCT + "title"][0]["@value"] == "Offices held in memberships (CSV)"
    assert offices[DCT + "conformsTo"] == [{"@id": real_site.config.base_url + "data/en/csv-metadata.json"}]


def test_the_csvw_metadata_describes_each_column_in_its_language(real_site: BuildReport) -> None:
    output = real_site.output
    assert output is not None
    for language, title, description in (
        ("tr", "Marmara Belediyeler Birliği: Açık veri", "Üyenin üstlendiği bir görev."),
        ("en", "Marmara Municipalities Union: Open data", "An office held by the member."),
    ):
        metadata = json.loads((output / "data" / language / "csv-metadata.json").read_text("utf-8"))
        assert metadata["@context"] == ["http://www.w3.org/ns/csvw", {"@language": language}]
        assert metadata["dc:title"] == title
        tables = {table["url"]: table["tableSchema"] for table in metadata["tables"]}
        assert list(tables) == [f"{t}.csv" for tables in DATA_TABLES.values() for t in tables]
        for url, schema in tables.items():
            assert (output / "data" / language / url).is_file()
            columns = DATA_TABLES[url.split("-")[0].removesuffix(".csv")][url.removesuffix(".csv")]
            assert [column["name"] for column in schema["columns"]] == list(columns)
        offices = {c["name"]: c for c in tables["memberships-offices.csv"]["columns"]}
        assert offices["office"]["dc:description"] == description
        assert offices["since"]["datatype"]["format"] == "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
        assert tables["memberships-offices.csv"]["foreignKeys"] == [
            {
                "columnReference": "membership",
                "reference": {"resource": "memberships.csv", "columnReference": "id"},
            }
        ]


def test_the_fixture_site_s_data_in_both_languages(site_factory: SiteFactory) -> None:
    report = build(site_factory({}))
    assert report.output is not None
    data = report.output / "data"
    assert csv_rows(report.output, "tr", "memberships-offices", "alpha-gamma") == [
        ("Başkanlık", "2012-05", "2013-05")
    ]
    assert csv_rows(report.output, "en", "memberships-offices", "alpha-gamma") == [
        ("Presidency", "2012-05", "2013-05")
    ]
    (membership,) = read_csv(data / "tr" / "memberships.csv")
    assert (membership["role"], membership["role_label"], membership["since"]) == ("full", "tam üye", "2008")
    (agreement,) = read_json(data / "en" / "agreements.json")
    assert agreement["signed"] == "2010-12-13" and agreement["type_label"] == "Goodwill agreement"
    assert agreement["parties"] == [
        {"party": "alpha", "party_name": "Alpha Municipalities Union"},
        {"party": "beta", "party_name": "Beta Union"},
    ]
    catalog = json.loads((data / "catalog.jsonld").read_text("utf-8"))
    assert catalog["dct:title"] == [
        {"@language": "tr", "@value": "Alfa Belediyeler Birliği: Açık veri"},
        {"@language": "en", "@value": "Alpha Municipalities Union: Open data"},
    ]
    page = (report.output / "en" / "open-data" / "index.html").read_text("utf-8")
    for table in (t for tables in DATA_TABLES.values() for t in tables):
        assert f'href="/data/en/{table}.csv"' in page
    assert 'href="/data/en/csv-metadata.json"' in page and "<dt><code>office</code></dt>" in page


def test_a_rebuild_after_a_catalog_edit_labels_the_data_anew(site_factory: SiteFactory) -> None:
    site = site_factory({})
    built = build(site)
    catalog = site / "locale/tr/LC_MESSAGES/messages.po"
    text = catalog.read_text("utf-8")
    assert 'msgstr "tam üye"' in text
    catalog.write_text(text.replace('msgstr "tam üye"', 'msgstr "asıl üye"'), "utf-8")
    report = rebuild(built)
    assert report.output is not None
    (membership,) = read_csv(report.output / "data" / "tr" / "memberships.csv")
    assert membership["role_label"] == "asıl üye"


def test_a_column_the_templates_do_not_describe_is_named_with_its_template(site_factory: SiteFactory) -> None:
    site = site_factory({})
    template = site / "templates" / "_open_data.html"
    text = template.read_text("utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith('"party_name"'))
    template.write_text(text.replace(line + "\n", ""), "utf-8")
    with pytest.raises(UnionsiteError) as raised:
        build(site)
    assert str(raised.value) == "templates/_open_data.html: COLUMNS has no label for 'party_name'"


def test_the_licence_comes_from_site_yaml_and_the_open_data_page_names_it(site_factory: SiteFactory) -> None:
    site = site_factory(
        {
            "site.yaml": (
                "owner: alpha\nbase_url: https://example.org/\nlanguages: [tr, en]\n"
                "contact: {email: bilgi@alfa.example, phone: '1'}\n"
                "licence: https://creativecommons.org/publicdomain/zero/1.0/\n"
            )
        }
    )
    report = build(site)
    assert report.output is not None
    catalog = json.loads((report.output / "data" / "catalog.jsonld").read_text("utf-8"))
    assert catalog["dct:license"] == {"@id": "https://creativecommons.org/publicdomain/zero/1.0/"}
    page = (report.output / "en" / "open-data" / "index.html").read_text("utf-8")
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/" rel="license noopener"' in page
    assert 'href="/data/en/memberships.csv"' in page and 'href="/data/catalog.jsonld"' in page


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text_and_json_keeps_it(
    site_factory: SiteFactory,
) -> None:
    names = {'=HYPERLINK("http://x")': "hyperlink", "+90 Ağ": "plus", "-Ağ": "minus", "@SUM(1)": "at"}
    files: dict[str, str | bytes] = {
        f"content/organizations/{key}.yaml": f"name: '{name}'\nkinds: [network]\n"
        for name, key in names.items()
    }
    report = build(site_factory(files))
    assert report.output is not None
    rows = {row["id"]: row for row in read_csv(report.output / "data/en/organizations.csv")}
    data = {row["id"]: row for row in read_json(report.output / "data/en/organizations.json")}
    for name, key in names.items():
        assert rows[key]["name"] == "'" + name
        assert data[key]["name"] == name
    assert rows["gamma"]["name"] == data["gamma"]["name"] == "Gamma Network"
