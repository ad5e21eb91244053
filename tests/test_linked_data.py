"""linked_data: every organization page's JSON-LD expands offline against schema.org's own context
(bundled, tests/fixtures), uses only terms that context defines, and says what the page says."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld  # type: ignore[import-untyped]

from unionsite.build import BuildReport

from .conftest import ROOT

SCHEMA = "http://schema.org/"
CONTEXT = json.loads(
    gzip.decompress((ROOT / "tests" / "fixtures" / "schemaorg-context.jsonld.gz").read_bytes())
)
TERMS = CONTEXT["@context"]
SCRIPT = re.compile(r'<script type="application/ld\+json">\n(.*?)\n</script>', re.DOTALL)


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """schema.org's context from the bundled file; any other address is an error, not a fetch."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"the JSON-LD asked for {url}")
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def structured_data(page: Path) -> list[dict[str, Any]]:
    return [json.loads(block) for block in SCRIPT.findall(page.read_text("utf-8"))]


def used_terms(node: Any) -> set[str]:
    """Every property and type name the data uses, at any depth."""
    if isinstance(node, list):
        return set().union(*map(used_terms, node)) if node else set()
    if not isinstance(node, dict):
        return set()
    terms = {key for key in node if not key.startswith("@")}
    if "@type" in node:
        terms.add(node["@type"])
    return terms.union(*map(used_terms, node.values()))


@pytest.fixture(scope="module")
def organization_pages(real_site: BuildReport) -> dict[str, Path]:
    assert real_site.output is not None
    return {
        page.route.output: real_site.output / page.route.output
        for page in real_site.site.pages
        if page.route.kind == "organization"
    }


def test_every_organization_page_has_json_ld_that_expands_offline_with_schema_org_terms_only(
    organization_pages: dict[str, Path],
) -> None:
    assert len(organization_pages) == 44
    for path, page in organization_pages.items():
        (data,) = structured_data(page)
        assert used_terms(data) - set(TERMS) == set(), path
        expanded = jsonld.expand(data, {"documentLoader": offline_loader})
        assert len(expanded) == 1, path
        assert expanded[0]["@id"] == data["@id"]
        assert expanded[0]["@type"][0] in (SCHEMA + "GovernmentOrganization", SCHEMA + "Organization")


def test_memberships_are_organization_roles_with_start_date_and_role_name(
    organization_pages: dict[str, Path],
) -> None:
    (mbb,) = jsonld.expand(
        structured_data(organization_pages["tr/kuruluslar/mbb/index.html"])[0],
        {"documentLoader": offline_loader},
    )
    assert mbb["@type"] == [SCHEMA + "GovernmentOrganization"]
    roles = {
        role[SCHEMA + "memberOf"][0]["@id"]: role
        for role in mbb[SCHEMA + "memberOf"]
        if role["@type"] == [SCHEMA + "OrganizationRole"]
    }
    nalas = roles["https://example.org/tr/kuruluslar/nalas/#organization"]
    assert nalas[SCHEMA + "startDate"] == [{"@type": SCHEMA + "Date", "@value": "2008"}]
    assert nalas[SCHEMA + "roleName"] == [{"@value": "tam üye"}]
    assert len(roles) == len(mbb[SCHEMA + "memberOf"]) == 10


def test_agreements_are_documents_with_date_place_and_parties(organization_pages: dict[str, Path]) -> None:
    (data,) = structured_data(organization_pages["en/organizations/mmu/index.html"])
    documents = data["subjectOf"]
    assert len(documents) == 7 and all(d["@type"] == "DigitalDocument" for d in documents)
    assert all(re.fullmatch(r"\d{4}(-\d\d){0,2}", d["dateCreated"]) for d in documents)
    assert all(len(d["author"]) >= 2 and d["author"][0]["name"] for d in documents)
    assert all(d["locationCreated"]["@type"] == "Place" for d in documents if "locationCreated" in d)


def test_a_founding_is_stated_as_the_sources_state_it(organization_pages: dict[str, Path]) -> None:
    """TRAKYAKENT's approval and entry into force are events named as such, not a founding date;
    ALDA was founded on the Congress's initiative, so the Congress is not its founder."""
    (trakyakent,) = structured_data(organization_pages["tr/kuruluslar/trakyakent/index.html"])
    assert "foundingDate" not in trakyakent
    assert trakyakent["event"] == [
        {"@type": "Event", "name": "Kuruluş onayı", "startDate": "2000-10-13"},
        {"@type": "Event", "name": "Yürürlüğe giriş", "startDate": "2000-11-28"},
    ]
    (english,) = structured_data(organization_pages["en/organizations/trakyakent/index.html"])
    assert [event["name"] for event in english["event"]] == ["Establishment approved", "Entered into force"]
    (alda,) = structured_data(organization_pages["en/organizations/alda/index.html"])
    assert alda["foundingDate"] == "1999" and "founder" not in alda
    (gwopa,) = structured_data(organization_pages["en/organizations/gwopa/index.html"])
    assert [founder["name"] for founder in gwopa["founder"]] == ["United Nations Human Settlements Programme"]
