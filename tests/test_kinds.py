"""kinds: a record kind is one declaration. A kind declared here, in the tests, with one template
of its own and nothing changed under src/, gets pages in both languages, a JSON Schema, a starting
file, open-data rows, JSON-LD and located errors; and no stage outside the declarations names a
built-in kind."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from unionsite.build import BuildReport, build
from unionsite.config import load_config
from unionsite.editor_schema import json_schemas
from unionsite.errors import ContentErrors, SourceRef
from unionsite.i18n import DateText, LocalText
from unionsite.kinds import MODEL, Model
from unionsite.kinds.base import DataTables, Kind, OwnPages, Views
from unionsite.parse import Positions
from unionsite.scaffold import scaffold
from unionsite.schema import (
    DateType,
    MarkdownText,
    PartialDate,
    RefType,
    SlugType,
    StampType,
    Text,
    Translated,
    field_at,
    spec,
)

from .conftest import ROOT

SiteFactory = Callable[[dict[str, str | bytes]], Path]

# ---------------------------------------------------------------------------------------------
# The toy kind: a union's project, led by one of the organizations.


@dataclass(frozen=True, slots=True)
class Project:
    at: SourceRef
    id: str
    title: Translated
    lead: str
    started: PartialDate
    summary: Translated | None = None
    slug: Translated | None = None
    translated_from: Translated | None = None
    positions: Positions | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ProjectView:
    id: str
    title: LocalText
    lead: Any  # the leading organization's entry
    started: DateText
    summary: LocalText | None


def project_view(views: Views, project_id: str) -> ProjectView:
    project: Project = views.record("project", project_id)
    return ProjectView(
        id=project.id,
        title=views.local.text(project.title),
        lead=views.entry("organization", project.lead),
        started=views.local.date(project.started),
        summary=views.optional_prose(project.summary),
    )


def project_slug(project: Project, language: str, default: str) -> tuple[str, SourceRef]:
    own = project.slug.get(language) if project.slug else None
    if own:
        return own, field_at(project, ("slug", language))
    return project.id, project.at


def project_row(view: ProjectView, texts: Any) -> dict[str, Any]:
    return {
        "id": view.id,
        "title": view.title.text,
        "lead": view.lead.id,
        "lead_name": view.lead.name.text,
        "started": view.started.iso,
    }


def project_json_ld(
    view: ProjectView, page: str, *, plain: Callable[[str], str], **labels: Any
) -> dict[str, Any]:
    node = {"@type": "Project", "@id": f"{page}#project", "name": view.title.text, "url": page}
    return {**node, "description": plain(view.summary.text)} if view.summary else node


PROJECT = Kind(
    name="project",
    plural="projects",
    cls=Project,
    fields=(
        spec("title", Text, required=True),
        spec("lead", RefType("organization"), required=True),
        spec("started", DateType(past=True), required=True),
        spec("summary", MarkdownText),
        spec("slug", SlugType(per_language=True)),
        spec("translated_from", StampType()),
    ),
    description="A project of the union.",
    folders={"tr": "projeler", "en": "projects"},
    starter=(
        '# Project \'{id}\'.\ntitle:\n  tr: ""\n  en: ""\n'
        'lead: ""                     # id of the leading organization\nstarted: ""\n'
    ),
    pages=OwnPages(template="project.html", slug=project_slug, view=project_view),
    data=DataTables(
        tables={"projects": ("id", "title", "lead", "lead_name", "started")},
        view="own",
        row=project_row,
        references={"lead": "organizations"},
        labels="project.html",
    ),
    json_ld=project_json_ld,
)
TOY_MODEL = Model((*MODEL.kinds, PROJECT), MODEL.owner)

# The kind's one template: its page, and the labels of its open data.
PROJECT_TEMPLATE = """\
{% extends "base.html" %}
{% block title %}{{ view.title.text }}{% endblock %}
{% block description %}{{ view.title.text }}{% endblock %}
{% block structured_data %}
<script type="application/ld+json">{{ json_ld("project", view, shell.canonical) }}</script>
{% endblock %}
{% block content %}
<article>
<h1>{{ view.title.text }}</h1>
<p><a href="{{ view.lead.url }}">{{ view.lead.name.text }}</a>, {{ view.started.text }}</p>
{% if view.summary %}{{ view.summary.text|markdown }}{% endif %}
</article>
{% endblock %}
{% set TABLES = {"projects": "Projects"} %}
{% set DATASETS = {"projects": "The union's projects."} %}
{% set COLUMNS = {
  "title": "The project's title.",
  "lead": "The id of the organization that leads it.",
  "lead_name": "Its name.",
  "started": "When it started.",
} %}
"""
PROJECT_FILE = (
    "title: {tr: Kıyı Temizliği, en: Clean Shores}\nlead: beta\nstarted: 2019-05\n"
    "slug: {tr: kiyi-temizligi, en: clean-shores}\n"
    "summary:\n  tr: Kıyıların **temizliği**.\n  en: Keeping the shores **clean**.\n"
)


@pytest.fixture
def project_site(site_factory: SiteFactory) -> Path:
    return site_factory(
        {"templates/project.html": PROJECT_TEMPLATE, "content/projects/shores.yaml": PROJECT_FILE}
    )


@pytest.fixture
def built(project_site: Path) -> BuildReport:
    return build(project_site, model=TOY_MODEL)


def test_a_declared_kind_gets_its_pages_in_both_languages_with_alternates(
    built: BuildReport, project_site: Path
) -> None:
    output = project_site / "build"
    turkish = (output / "tr/projeler/kiyi-temizligi/index.html").read_text("utf-8")
    english = (output / "en/projects/clean-shores/index.html").read_text("utf-8")
    assert "<h1>Kıyı Temizliği</h1>" in turkish and "<h1>Clean Shores</h1>" in english
    assert '<a href="/tr/kuruluslar/beta-birligi/">Beta Birliği</a>, Mayıs 2019' in turkish
    assert "<p>Keeping the shores <strong>clean</strong>.</p>" in english
    for page in (turkish, english):
        assert (
            '<link rel="alternate" hreflang="tr" href="https://example.org/tr/projeler/kiyi-temizligi/">'
            in page
        )
        assert (
            '<link rel="alternate" hreflang="en" href="https://example.org/en/projects/clean-shores/">'
            in page
        )
    assert '<link rel="canonical" href="https://example.org/en/projects/clean-shores/">' in english
    sitemap = (output / "sitemap.xml").read_text("utf-8")
    assert "https://example.org/tr/projeler/kiyi-temizligi/" in sitemap


def test_a_declared_kind_gets_its_json_ld(built: BuildReport, project_site: Path) -> None:
    page = (project_site / "build/en/projects/clean-shores/index.html").read_text("utf-8")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert found is not None
    assert json.loads(found.group(1)) == {
        "@context": "https://schema.org",
        "@type": "Project",
        "@id": "https://example.org/en/projects/clean-shores/#project",
        "name": "Clean Shores",
        "url": "https://example.org/en/projects/clean-shores/",
        "description": "Keeping the shores clean.",
    }


def test_a_declared_kind_gets_its_open_data_rows(built: BuildReport, project_site: Path) -> None:
    data = project_site / "build/data"
    assert json.loads((data / "tr/projects.json").read_text("utf-8")) == [
        {
            "id": "shores",
            "title": "Kıyı Temizliği",
            "lead": "beta",
            "lead_name": "Beta Birliği",
            "started": "2019-05",
        }
    ]
    rows = list(csv.reader(io.StringIO((data / "en/projects.csv").read_text("utf-8-sig"))))
    assert rows == [
        ["id", "title", "lead", "lead_name", "started"],
        ["shores", "Clean Shores", "beta", "Beta Union", "2019-05"],
    ]
    metadata = json.loads((data / "en/csv-metadata.json").read_text("utf-8"))
    (table,) = [t for t in metadata["tables"] if t["url"] == "projects.csv"]
    assert table["dc:title"] == "Projects"
    assert table["tableSchema"]["foreignKeys"] == [
        {"columnReference": "lead", "reference": {"resource": "organizations.csv", "columnReference": "id"}}
    ]
    open_data_page = (project_site / "build/en/open-data/index.html").read_text("utf-8")
    assert '<a href="/data/en/projects.json">projects.json</a>' in open_data_page
    assert "<dt><code>lead_name</code></dt><dd>Its name.</dd>" in open_data_page


def test_a_declared_kind_gets_its_json_schema_and_starting_file(project_site: Path) -> None:
    config = load_config(project_site)
    schema = json.loads(json_schemas(config, TOY_MODEL)["project.schema.json"])
    assert (schema["$id"], schema["description"]) == ("project.schema.json", "A project of the union.")
    assert schema["required"] == ["title", "lead", "started"]
    assert set(schema["properties"]) == {"title", "lead", "started", "summary", "slug", "translated_from"}
    files = scaffold("project", "harbour", config, model=TOY_MODEL)
    assert files == {"content/projects/harbour.yaml": PROJECT.starter.format(id="harbour")}
    assert files["content/projects/harbour.yaml"].startswith("# Project 'harbour'.\ntitle:\n")
    # The built-in model knows no such kind: the kind is the declaration, nothing else.
    assert "project.schema.json" not in json_schemas(config)


def test_a_declared_kind_s_mistakes_are_located(site_factory: SiteFactory) -> None:
    site = site_factory(
        {
            "templates/project.html": PROJECT_TEMPLATE,
            "content/projects/harbour.yaml": "title: {tr: Liman, en: Harbour}\nlead: alfa\n",
        }
    )
    with pytest.raises(ContentErrors) as caught:
        build(site, model=TOY_MODEL)
    assert str(caught.value) == (
        "content/projects/harbour.yaml:1:1: missing required field 'started'\n"
        "    title: {tr: Liman, en: Harbour}\n"
        "    ^\n"
        "content/projects/harbour.yaml:2:7: unknown organization 'alfa' (did you mean 'alpha'?)\n"
        "    lead: alfa\n"
        "          ^\n"
        "2 errors, 0 warnings"
    )


def test_a_declared_kind_needs_its_template(site_factory: SiteFactory) -> None:
    site = site_factory({"content/projects/shores.yaml": PROJECT_FILE})
    with pytest.raises(
        ContentErrors,
        match=r"templates/project.html:1:1: missing: the project kind declares this template; write it",
    ):
        build(site, model=TOY_MODEL)


def test_without_the_declaration_its_folder_is_unexpected(site_factory: SiteFactory) -> None:
    site = site_factory({"content/projects/shores.yaml": PROJECT_FILE})
    with pytest.raises(ContentErrors) as caught:
        build(site)
    assert str(caught.value).startswith(
        "content/projects/shores.yaml:1:1: unexpected file: expected a file in one of "
        "organizations/, memberships/, agreements/, news/, events/, sources/, pages/\n"
    )


def test_declarations_that_cannot_work_together_are_refused_when_the_model_is_made() -> None:
    wrong = replace(
        PROJECT,
        plural="pages",
        fields=(*PROJECT.fields, spec("partner", RefType("partner"))),
        folders=None,
        starter="",
    )
    with pytest.raises(ValueError) as raised:
        Model((*MODEL.kinds, wrong), MODEL.owner)
    assert str(raised.value) == (
        "record kinds declared wrong:\n"
        "'pages' names two kinds\n"
        "project: field 'partner' refers to the kind 'partner', which is not declared\n"
        "project: no starting file (starter) for 'unionsite new'\n"
        "project: its pages need folders per language\n"
        "project: its first open-data table must be named 'pages'"
    )


# ---------------------------------------------------------------------------------------------
# No stage outside the declarations names a built-in kind.

KIND_WORDS = re.compile(r"\b(organizations?|memberships?|agreements?|news|announcements?|events?)\b")
# 'page' and 'source' are words of the trade as well ("every page links", an error's source):
# only a string that is nothing but such a name is taken for the kind.
KIND_NAMES = {name for kind in MODEL.kinds for name in (kind.name, kind.plural)}
# A string that names a built-in kind for another reason, with the reason.
NOT_A_KIND = {
    ("translations.py", "source"): "the JSON report's key for the text a translation is made from",
    ("urls.py", "page"): "the English folder of a list's later pages: 'en/organizations/page/2/'",
    ("markdown.py", "source"): "HTML's <source> element, an image's format in a <picture>",
}


def _strings(tree: ast.Module) -> list[ast.Constant]:
    """The string constants of a module that are not docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def kind_names_outside_the_declarations(folder: Path) -> list[str]:
    """Where a module of `folder` (the declarations in kinds/ aside) names a built-in kind: a
    string that says one, or an import of one kind's module (its classes, to test instances)."""
    found = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for constant in _strings(tree):
            text = str(constant.value)
            named = text in KIND_NAMES or KIND_WORDS.search(text)
            if named and (path.name, text) not in NOT_A_KIND:
                found.append(f"{path.name}:{constant.lineno}: {text!r}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and re.fullmatch(r"kinds\.(?!base$)\w+", node.module or ""):
                found.append(f"{path.name}:{node.lineno}: imports {node.module}")
    return found


def test_no_stage_names_a_built_in_kind() -> None:
    assert kind_names_outside_the_declarations(ROOT / "src" / "unionsite") == []


def test_the_name_check_finds_a_stage_that_names_a_kind(tmp_path: Path) -> None:
    (tmp_path / "stage.py").write_text(
        '"""A stage about organizations (a docstring may say so)."""\n'
        "from .kinds.agreement import Agreement\n"
        'def view(kind: str) -> bool:\n    return kind == "page" or kind.endswith("memberships")\n',
        "utf-8",
    )
    assert kind_names_outside_the_declarations(tmp_path) == [
        "stage.py:4: 'page'",
        "stage.py:4: 'memberships'",
        "stage.py:2: imports kinds.agreement",
    ]
