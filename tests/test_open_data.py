"""open_data: the records as CSV and JSON per language under data/, described by a DCAT catalog."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyld import jsonld  # type: ignore[import-untyped]

from unionsite.build import BuildReport, build

SiteFactory = Callable[[dict[str, str | bytes]], Path]
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet programs read UTF-8 by it
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_each_language_has_every_record_as_csv_and_json_and_the_two_agree(real_site: BuildReport) -> None:
    output = real_site.output
    assert output is not None
    records = real_site.records
    counts = {
        "organizations": len(records.organizations),
        "memberships": len(records.memberships),
        "agreements": len(records.agreements),
    }
    for language in ("tr", "en"):
        for name, count in counts.items():
            rows = read_csv(output / "data" / language / f"{name}.csv")
            data: list[dict[str, Any]] = json.loads(
                (output / "data" / language / f"{name}.json").read_text("utf-8")
            )
            assert len(rows) == len(data) == count, (language, name)
            flattened = [
                {k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()} for row in data
            ]
            assert rows == flattened
    organizations = {row["id"]: row for row in read_csv(output / "data" / "tr" / "organizations.csv")}
    assert organizations["mbb"]["name"] == "Marmara Belediyeler Birliği"
    english = {row["id"]: row for row in read_csv(output / "data" / "en" / "organizations.csv")}
    assert english["mbb"]["name"] == "Marmara Municipalities Union"
    memberships = {row["id"]: row for row in read_csv(output / "data" / "en" / "memberships.csv")}
    assert (memberships["mbb-nalas"]["member"], memberships["mbb-nalas"]["since"]) == ("mbb", "2008")


def test_the_dcat_catalog_describes_every_file_under_the_licence(real_site: BuildReport) -> None:
    output = real_site.output
    assert output is not None
    catalog = json.loads((output / "data" / "catalog.jsonld").read_text("utf-8"))
    (expanded,) = jsonld.expand(catalog)  # its context is inline: nothing is fetched
    assert expanded["@type"] == [DCAT + "Catalog"]
    assert expanded[DCT + "license"] == [{"@id": "https://creativecommons.org/licenses/by/4.0/"}]
    datasets = expanded[DCAT + "dataset"]
    assert len(datasets) == 3
    urls = [
        distribution[DCAT + "downloadURL"][0]["@id"]
        for dataset in datasets
        for distribution in dataset[DCAT + "distribution"]
    ]
    assert len(urls) == 12
    files = {url.removeprefix(real_site.config.base_url) for url in urls}
    assert all((output / path).is_file() for path in files) and len(files) == 12
    titles = {t["@language"]: t["@value"] for t in datasets[0][DCT + "title"]}
    assert titles == {"tr": "Kuruluşlar", "en": "Organizations"}


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
    data = {
        row["id"]: row
        for row in json.loads((report.output / "data/en/organizations.json").read_text("utf-8"))
    }
    for name, key in names.items():
        assert rows[key]["name"] == "'" + name
        assert data[key]["name"] == name
    assert rows["gamma"]["name"] == data["gamma"]["name"] == "Gamma Network"
