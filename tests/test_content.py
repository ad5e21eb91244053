"""The shipped content: it builds, and every fact of the seed pages is on the built site.

The checklist is tests/seed_facts.yaml; the seed pages themselves are kept in tests/seeds/.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from unionsite.build import BuildReport

from .conftest import ROOT

SEEDS = ROOT / "tests" / "seeds"
SEED_LANGUAGES = {"000": "tr", "001": "en", "002": "tr", "003": "tr", "004": "tr"}
CHECKLIST: dict[str, Any] = yaml.safe_load((ROOT / "tests" / "seed_facts.yaml").read_text("utf-8"))
FACTS: dict[str, dict[str, Any]] = CHECKLIST["facts"]
LINES: list[dict[str, Any]] = CHECKLIST["lines"]


BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|ul|ol|dl|dd|dt|h[1-6]|br|tr|td|th|table|caption|section|article|header|footer|"
    r"nav|main|address|title|head|body|html)\b[^>]*>"
)


def visible_text(markup: str) -> str:
    """What a reader sees of a page: block tags break words, inline tags do not, entities decoded;
    scripts (the structured data) are not shown."""
    without_scripts = re.sub(r"<script\b.*?</script>", " ", markup, flags=re.DOTALL)
    without_tags = re.sub(r"<[^>]+>", "", BLOCK_TAG.sub(" ", without_scripts))
    return " ".join(html.unescape(without_tags).split())


def turkish_lower(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


@cache
def page_text(output: Path, relative: str) -> str:
    return visible_text((output / relative).read_text("utf-8"))


def fact_page(report: BuildReport, fact: dict[str, Any], language: str) -> str:
    kind, _, key = fact["page"].partition(":")
    return page_text(report.output, report.site.urls.folder(kind, key, language) + "index.html")


def all_pages_text(report: BuildReport, language: str) -> str:
    assert report.output is not None
    files = sorted((report.output / language).rglob("*.html"))
    return "\n".join(page_text(report.output, f.relative_to(report.output).as_posix()) for f in files)


@pytest.mark.parametrize("fact_id", sorted(FACTS))
@pytest.mark.parametrize("language", ["tr", "en"])
def test_each_fact_is_on_its_page_in_each_language(
    real_site: BuildReport, fact_id: str, language: str
) -> None:
    fact = FACTS[fact_id]
    text = fact_page(real_site, fact, language)
    missing = [words for words in fact[language] if " ".join(str(words).split()) not in text]
    assert missing == [], f"{fact_id}: not on the {language} page {fact['page']}"


@pytest.mark.parametrize("fact_id", sorted(FACTS))
def test_each_fact_names_the_record_fields_that_carry_it(fact_id: str) -> None:
    fact = FACTS[fact_id]
    record = fact["record"]
    if record.startswith("pages/"):
        files = sorted((ROOT / "content").glob(f"{record}.*.md"))
        assert [f.name.split(".")[1] for f in files] == ["en", "tr"]
        return
    data = yaml.safe_load((ROOT / "content" / f"{record}.yaml").read_text("utf-8"))
    absent = [field for field in fact["fields"] if field not in data]
    assert absent == [], f"{fact_id}: {record} has no {absent}"


def _line_entry(seed: str, line: str) -> dict[str, Any] | None:
    matches = [e for e in LINES if e["seed"] == seed and line.startswith(e["line"])]
    return max(matches, key=lambda e: len(e["line"]), default=None)


def _verbatim_on_site(line: str, site_text: str) -> bool:
    """Word for word on some page, ignoring case and a list bullet; a lone bullet never is."""
    words = turkish_lower(line.lstrip("• "))
    return bool(words) and words in site_text


def _seed_lines(seed: str) -> list[str]:
    (file,) = SEEDS.glob(f"{seed}_*.txt")
    lines = (" ".join(line.split()) for line in file.read_text("utf-8").splitlines())
    return [line for line in lines if line]


@pytest.mark.parametrize("seed", sorted(SEED_LANGUAGES))
def test_every_seed_line_is_on_the_site_or_accounted_for(real_site: BuildReport, seed: str) -> None:
    site_text = turkish_lower(all_pages_text(real_site, SEED_LANGUAGES[seed]))
    unaccounted = []
    for line in _seed_lines(seed):
        if _verbatim_on_site(line, site_text):
            continue
        entry = _line_entry(seed, line)
        if entry is None or not (entry.get("omitted") or entry.get("facts")):
            unaccounted.append(line)
        else:
            assert set(entry.get("facts", [])) <= set(FACTS), f"unknown fact in {entry}"
    assert unaccounted == []


def test_the_checklist_has_no_stale_line_entries(real_site: BuildReport) -> None:
    used = set()
    for seed, language in SEED_LANGUAGES.items():
        site_text = turkish_lower(all_pages_text(real_site, language))
        for line in _seed_lines(seed):
            entry = _line_entry(seed, line)
            if entry is not None and not _verbatim_on_site(line, site_text):
                used.add((entry["seed"], entry["line"]))
    assert {(e["seed"], e["line"]) for e in LINES} - used == set()


def test_the_real_content_builds_warning_only_of_the_contact_details_the_seeds_lack(
    real_site: BuildReport,
) -> None:
    assert [(str(w.source), w.message.split(":")[0]) for w in real_site.warnings.problems] == [
        ("content/organizations/mbb.yaml:3:1", "address"),
        ("site.yaml", "contact.email"),
        ("site.yaml", "contact.phone"),
    ]
    records = real_site.records
    assert (len(records.of("organization")), len(records.of("membership")), len(records.of("agreement"))) == (
        22,
        10,
        7,
    )
    assert len(records.of("page")) == 7


def test_left_out_facts_stay_out(real_site: BuildReport) -> None:
    """The seeds give no contact details for MBB; nothing may stand in for them."""
    text = all_pages_text(real_site, "tr") + all_pages_text(real_site, "en")
    assert "Web Tasarım" not in text
    assert "Formu doldurarak" not in text
    assert "@" not in text
    assert "16 yerel yönetim birliği" not in text


def _long_texts(report: BuildReport, language: str) -> list[tuple[str, str]]:
    """The long blocks of the records, as a reader sees them: notes, scopes, outcomes and
    descriptions, each by the record that holds it."""
    records = report.records
    fields = [
        *((f"membership {m.id} note", m.note) for m in records.of("membership").values()),
        *((f"agreement {a.id} scope", a.scope) for a in records.of("agreement").values()),
        *((f"agreement {a.id} outcomes", a.outcomes) for a in records.of("agreement").values()),
        *((f"organization {o.id} description", o.description) for o in records.of("organization").values()),
    ]
    texts = [(name, value.get(language)) for name, value in fields if value is not None]
    return [(name, visible_text(text)) for name, text in texts if text]


@pytest.mark.parametrize("language", ["tr", "en"])
def test_each_long_block_is_shown_on_one_page(real_site: BuildReport, language: str) -> None:
    """A note, a scope or an outcome is shown in full on one page; the others lead to it."""
    assert real_site.output is not None
    pages = {
        f.relative_to(real_site.output).as_posix(): page_text(
            real_site.output, f.relative_to(real_site.output).as_posix()
        )
        for f in sorted((real_site.output / language).rglob("*.html"))
        if "/search/" not in f.as_posix() and "/ara/" not in f.as_posix()
    }
    shown = {
        name: [path for path, text in pages.items() if " ".join(block.split()) in text]
        for name, block in _long_texts(real_site, language)
    }
    assert len(shown) > 20
    assert {name: paths for name, paths in shown.items() if len(paths) != 1} == {}
