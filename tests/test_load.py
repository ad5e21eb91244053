"""load: files into RawRecords, with the errors that only reading can find."""

from __future__ import annotations

from pathlib import Path

from unionsite.config import load_config
from unionsite.errors import ContentError, SourceRef
from unionsite.load import LoadedContent, load_content

from .conftest import write_file


def load(tmp_path: Path, files: dict[str, str | bytes]) -> LoadedContent:
    (tmp_path / "site.yaml").write_text("owner: a\nbase_url: https://example.org/\nlanguages: [tr, en]\n")
    for relative, content in files.items():
        write_file(tmp_path / relative, content)
    return load_content(load_config(tmp_path))


def test_records_get_kind_id_and_position(tmp_path: Path) -> None:
    content = load(tmp_path, {"content/organizations/group/nalas.yml": "name: NALAS\n"})
    (record,) = content.records
    assert (record.kind, record.id, record.at) == (
        "organization",
        "nalas",
        SourceRef("content/organizations/group/nalas.yml", 1, 1),
    )


def test_pages_pair_by_key_and_keep_where_their_body_starts(tmp_path: Path) -> None:
    content = load(tmp_path, {"content/pages/a/about.en.md": "---\ntitle: About\n---\n\nText.\n"})
    (page,) = content.records
    assert (page.kind, page.id, page.language, page.data) == ("page", "a/about", "en", {"title": "About"})
    assert (page.body, page.body_line) == ("\nText.\n", 4)


def test_hidden_files_are_skipped_and_stray_files_reported(tmp_path: Path) -> None:
    content = load(
        tmp_path,
        {
            "content/organizations/.gitkeep": "",
            "content/organizations/notes.txt": "x",
            "content/pages/a/about.de.md": "---\ntitle: Über\n---\n",
            "content/projects/x.yaml": "a: 1\n",
        },
    )
    assert content.records == ()
    assert [(p.source.path, p.message) for p in content.problems] == [
        ("content/organizations/notes.txt", "unexpected file: expected a .yaml file"),
        ("content/pages/a/about.de.md", "unknown language 'de' (expected tr, en)"),
        (
            "content/projects/x.yaml",
            "unexpected file: expected a file in one of organizations/, memberships/, "
            "agreements/, news/, events/, sources/, pages/",
        ),
    ]


def test_a_page_without_front_matter_is_an_error(tmp_path: Path) -> None:
    content = load(tmp_path, {"content/pages/a/about.tr.md": "# Hakkımızda\n"})
    assert content.problems == (
        ContentError(
            SourceRef("content/pages/a/about.tr.md"),
            "a page must start with front matter: a line '---', its fields, '---'",
        ),
    )


def test_invalid_utf8_keeps_the_text_for_the_message(tmp_path: Path) -> None:
    content = load(tmp_path, {"content/organizations/x.yaml": b"name: \xc7in\n"})
    assert content.problems == (
        ContentError(
            SourceRef("content/organizations/x.yaml", 1, 7),
            "invalid UTF-8 (byte 0xc7); save the file as UTF-8",
        ),
    )
    assert content.texts["content/organizations/x.yaml"] == "name: \ufffdin\n"
    assert content.unreadable == frozenset({("organization", "x")})


def test_with_the_files_a_watcher_saw_change_only_those_are_looked_at(tmp_path: Path) -> None:
    before = load(
        tmp_path,
        {
            "content/organizations/a.yaml": "name: A\n",
            "content/organizations/b.yaml": "name: B\n",
            "content/organizations/c.yaml": "name: C\n",
        },
    )
    config = load_config(tmp_path)
    organizations = tmp_path / "content" / "organizations"
    write_file(organizations / "b.yaml", "name: Bee\n")
    write_file(organizations / "ab.yaml", "name: AB\n")
    (organizations / "c.yaml").unlink()
    write_file(organizations / ".b.yaml.swp", "an editor's swap file")
    changed = [organizations / name for name in ("b.yaml", "ab.yaml", "c.yaml", ".b.yaml.swp")]

    after = load_content(config, before, [*changed, tmp_path / "site.yaml"])

    assert (after.looked, after.read) == (3, 2)
    assert after.records[0] is before.records[0]  # a.yaml, not read again
    full = load_content(config)
    assert (after.records, after.texts, after.problems) == (full.records, full.texts, full.problems)
    assert [record.id for record in after.records] == ["a", "ab", "b"]


def test_a_record_in_a_folder_of_its_own_is_named_by_the_folder_and_its_images_are_listed(
    tmp_path: Path,
) -> None:
    content = load(
        tmp_path,
        {
            "content/organizations/gamma/index.yaml": "name: Gamma\n",
            "content/organizations/gamma/logo.PNG": b"\x89PNG not read",
            "content/organizations/gamma/photos/2024/salon.jpg": b"\xff\xd8 not read",
            "content/organizations/gamma/notes.yam": "x",
            "content/pages/a/tarihce/index.tr.md": "---\ntitle: Tarihçe\n---\n",
            "content/pages/a/tarihce/index.en.md": "---\ntitle: History\n---\n",
            "content/pages/a/tarihce/eski.tr.md": "---\ntitle: Eski\n---\n",
            "content/pages/a/tarihce/harita.svg": "<svg/>",
        },
    )
    assert [(record.kind, record.id, record.language) for record in content.records] == [
        ("organization", "gamma", None),
        ("page", "a/tarihce", "en"),
        ("page", "a/tarihce", "tr"),
    ]
    assert content.resources == {
        "content/organizations/gamma/logo.PNG",
        "content/organizations/gamma/photos/2024/salon.jpg",
        "content/pages/a/tarihce/harita.svg",
    }
    assert all(content.files[path].text == "" for path in content.resources)  # listed, not read
    assert [(p.source.path, p.message) for p in content.problems] == [
        ("content/organizations/gamma/notes.yam", "unexpected file: expected a .yaml file"),
        (
            "content/pages/a/tarihce/eski.tr.md",
            "unexpected file: expected pages/<organization id>/<key>.<language>.md, or "
            "pages/<organization id>/<key>/index.<language>.md",
        ),
    ]
