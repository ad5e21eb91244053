"""build.rebuild: after an edit only what depends on it is rendered and written, and the output
equals a fresh full build."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from unionsite import load, open_data, publish, translations, validate, write
from unionsite import site as site_stage
from unionsite.build import BuildReport, build, rebuild
from unionsite.errors import UnionsiteError
from unionsite.kinds import organization as organization_kind
from unionsite.kinds import page as page_kind
from unionsite.site import Route

from .conftest import make_site, tree
from .long_lists import long_lists
from .test_bench import generator as bench_generator
from .test_history import AGREEMENT, FIRST, SECOND, TODAY, TODAY_EPOCH, committed_site, feed_times
from .test_news import TODAY_EPOCH as NEWS_DAY

SiteFactory = Callable[[dict[str, str | bytes]], Path]
BETA = ("tr/kuruluslar/beta-birligi/index.html", "en/organizations/beta-union/index.html")


def edit(site: Path, relative: str, old: str, new: str) -> None:
    file = site / relative
    text = file.read_text("utf-8")
    assert old in text, relative
    file.write_text(text.replace(old, new), "utf-8")


def assert_equals_a_full_build(report: BuildReport, site: Path, tmp_path: Path) -> None:
    assert report.output is not None
    fresh = build(site, output=str(tmp_path / "fresh"))
    assert fresh.output is not None
    assert tree(report.output) == tree(fresh.output)


@pytest.fixture
def built(fixture_site: Path) -> BuildReport:
    return build(fixture_site)


def test_editing_one_organization_renders_and_writes_its_pages_alone(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    edit(fixture_site, "content/organizations/beta.yaml", "kinds: [union]\n",
         "kinds: [union]\ndescription: {tr: Beta bir birliktir., en: Beta is a union.}\n")  # fmt: skip

    report = rebuild(built)

    assert report.rendered.rendered == frozenset(BETA)
    pages, search = split_search(report.written)
    assert pages == tuple(sorted(BETA))
    assert search  # the new description is searchable
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def split_search(paths: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the pages, the search index): the open data files an edit changes are left out, as the
    data of every organization is one file."""
    search = tuple(path for path in paths if path.startswith("pagefind/"))
    pages = tuple(path for path in paths if path not in search and not path.startswith("data/"))
    return pages, search


def test_renaming_an_organization_renders_every_page_that_names_it(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    edit(fixture_site, "content/organizations/beta.yaml", "en: Beta Union", "en: Beta Municipalities Union")

    report = rebuild(built)

    # its own page moves to a new address; the home page, the list and the agreement name it
    assert report.rendered.rendered == {
        "en/organizations/beta-municipalities-union/index.html",
        "en/index.html",
        "en/organizations/index.html",
        "en/agreements/index.html",
        "en/organizations/alfa/index.html",
        "en/feed.xml",  # the agreement's title names it
        "tr/kuruluslar/beta-birligi/index.html",  # its switch leads to the new English address
    }
    assert "en/organizations/beta-union/index.html" in report.written
    assert not (fixture_site / "build/en/organizations/beta-union/index.html").exists()
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_a_template_renders_again_the_pages_that_use_it(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    edit(fixture_site, "templates/organizations.html", "<h1>", '<h1 class="list">')
    report = rebuild(built)
    assert report.rendered.rendered == {"tr/kuruluslar/index.html", "en/organizations/index.html"}
    edit(fixture_site, "templates/_macros.html", "{% macro org(o) -%}", "{% macro org(o) -%}\n")
    report = rebuild(report)
    every_page_but_the_root = set(report.rendered.inputs) - {"index.html"}
    assert report.rendered.rendered == every_page_but_the_root  # base.html imports the macros
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_a_kind_s_feed_entry_template_renders_the_feeds_again(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    """The feed imports each entry's template by a name its view gives; the kinds declare which
    names those can be, so an edit to one renders the feeds again, and nothing else."""
    edit(fixture_site, "templates/_feed_agreement.xml", '{{ _("Signed") }}: ', '{{ _("Signed") }} ')
    report = rebuild(built)
    assert report.rendered.rendered == {"tr/feed.xml", "en/feed.xml"}
    assert "İmzalandı &lt;time" in (fixture_site / "build/tr/feed.xml").read_text("utf-8")
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_a_catalog_renders_again_the_pages_of_its_language(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    edit(fixture_site, "locale/en/LC_MESSAGES/messages.po", 'msgstr "Home"', 'msgstr "Start"')
    report = rebuild(built)
    english = {file.path for file in report.rendered.files if file.path.startswith("en/")}
    assert report.rendered.rendered == english
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_a_changed_stylesheet_gets_a_new_name_that_every_page_links(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    edit(fixture_site, "assets/style.css", "--link: #0b4f8a;", "--link: #0a4a82;")
    report = rebuild(built)
    old, new = built.checked.assets.urls["style.css"], report.checked.assets.urls["style.css"]
    assert old != new
    every_page = {page.route.output for page in report.site.pages} | {"index.html"}
    assert report.rendered.rendered == every_page
    assert {old.lstrip("/"), new.lstrip("/")} <= set(report.written)
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_an_asset_no_page_links_alone_is_written(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    (fixture_site / "assets" / "plan.pdf").write_bytes(b"%PDF-1.4 plan")
    report = rebuild(built)
    assert report.rendered.rendered == frozenset()
    assert report.written == (report.checked.assets.urls["plan.pdf"].lstrip("/"),)
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_a_rebuild_with_nothing_changed_renders_and_writes_nothing(built: BuildReport) -> None:
    report = rebuild(built)
    assert (report.rendered.rendered, report.written) == (frozenset(), ())


def views_built(report: BuildReport) -> set[tuple[str, ...]]:
    """The views the site stage built: (what, language, id), a page as ('page', language, its kind, key)."""
    built: set[tuple[str, ...]] = set()
    for key in report.site.memo.computed:
        assert isinstance(key, tuple)
        name, rest = key[0], key[1:]
        if isinstance(rest[0], Route):
            built.add((name, rest[0].language, rest[0].kind, rest[0].key))
        else:
            built.add((name, *rest))
    return built


def test_a_one_record_edit_reads_types_and_builds_only_what_it_touches(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    edit(fixture_site, "content/organizations/beta.yaml", "kinds: [union]\n",
         "kinds: [union]\ndescription: {tr: Beta bir birliktir., en: Beta is a union.}\n")  # fmt: skip

    report = rebuild(built)

    checked = report.checked
    assert checked.content is not None and checked.validated is not None
    assert (checked.content.read, checked.validated.typed) == (1, 1)
    # beta's name is unchanged, so the lists, the agreement and alpha's page that name it are not
    # built again: only what reads beta's record whole
    assert views_built(report) == {
        ("organization-entry", "tr", "beta"),
        ("organization-entry", "en", "beta"),
        ("organization", "tr", "beta"),
        ("organization", "en", "beta"),
        ("page-out", "tr", "organization", "beta"),
        ("page-out", "en", "organization", "beta"),
    }
    assert_equals_a_full_build(report, fixture_site, tmp_path)


@pytest.mark.parametrize(
    "change",
    [
        ("content/agreements/alpha-beta.yaml", "parties: [alpha, beta]", "parties: [alpha, gamma]"),
        ("content/memberships/alpha-gamma.yaml", "member: alpha", "member: beta"),
        ("content/organizations/beta.yaml", "kinds: [union]\n", "kinds: [union]\npart_of: gamma\n"),
    ],
    ids=["agreement-parties", "membership-member", "organization-part-of"],
)
def test_an_edit_that_changes_a_relation_is_built_as_a_full_build_would(
    built: BuildReport, fixture_site: Path, tmp_path: Path, change: tuple[str, str, str]
) -> None:
    """Each kind's relations (the agreements of a party, the memberships of a member, the parts
    of an organization) come from its declaration; an edit that changes one rebuilds what reads
    it, as the watcher reports the one file."""
    relative, old, new = change
    edit(fixture_site, relative, old, new)
    report = rebuild(built, changed=[fixture_site / relative])
    assert report.written
    assert_equals_a_full_build(report, fixture_site, tmp_path)


@pytest.mark.parametrize("watcher_names_them", [False, True])
def test_added_and_removed_records_are_built_as_a_full_build_would(
    built: BuildReport, fixture_site: Path, tmp_path: Path, watcher_names_them: bool
) -> None:
    files = [
        fixture_site / "content/organizations/delta.yaml",
        fixture_site / "content/memberships/delta-gamma.yaml",
    ]
    changed = files if watcher_names_them else None
    files[0].write_text("name: {tr: Delta Birliği, en: Delta Union}\nkinds: [union]\n", "utf-8")
    files[1].write_text("member: delta\norganization: gamma\nsince: 2015\n", "utf-8")
    added = rebuild(built, changed=changed)
    assert {"tr/kuruluslar/delta-birligi/index.html", "en/organizations/gamma-network/index.html"} <= set(
        added.rendered.rendered
    )
    assert_equals_a_full_build(added, fixture_site, tmp_path)

    files[1].unlink()
    files[0].unlink()
    removed = rebuild(added, changed=changed)
    assert "tr/kuruluslar/delta-birligi/index.html" in removed.written
    assert_equals_a_full_build(removed, fixture_site, tmp_path / "again")


def test_a_rebuild_that_failed_while_rendering_leaves_the_next_one_right(
    built: BuildReport, fixture_site: Path, tmp_path: Path
) -> None:
    template = fixture_site / "templates/organization.html"
    working = template.read_text("utf-8")
    edit(fixture_site, "content/organizations/beta.yaml", "kinds: [union]\n",
         "kinds: [union]\ndescription: {tr: Beta bir birliktir., en: Beta is a union.}\n")  # fmt: skip
    template.write_text(working.replace("{% set o = view %}", "{{ view.no_such_field }}", 1), "utf-8")
    with pytest.raises(UnionsiteError, match="no_such_field"):
        rebuild(built)  # the views were built, with beta's new description, before rendering failed

    template.write_text(working, "utf-8")
    report = rebuild(built)  # from the last good build, as the preview does

    assert set(BETA) <= report.rendered.rendered
    assert "Beta is a union." in (fixture_site / "build" / BETA[1]).read_text("utf-8")
    assert_equals_a_full_build(report, fixture_site, tmp_path)


def test_the_preview_s_rebuild_keeps_the_search_index_as_it_was(
    built: BuildReport, fixture_site: Path
) -> None:
    edit(fixture_site, "content/organizations/beta.yaml", "kinds: [union]\n",
         "kinds: [union]\ndescription: {tr: Beta bir birliktir., en: Beta is a union.}\n")  # fmt: skip
    kept = rebuild(built, search=False)
    assert split_search(kept.written) == (tuple(sorted(BETA)), ())
    index = {f.path: f.content for f in built.rendered.files if f.path.startswith("pagefind/")}
    assert (
        index and {f.path: f.content for f in kept.rendered.files if f.path.startswith("pagefind/")} == index
    )
    assert split_search(rebuild(kept).written)[1]  # a rebuild that may index brings it up to date


# The functions that do one record's or one page's work in each stage, and the walks over all.
COUNTED = {
    "content walks": (load, "_content_files"),
    "files read": (load, "_read_file"),
    "records typed": (validate._Checker, "record"),
    "records checked against the others": (validate._Checker, "cross_problems"),
    "translation states made": (translations, "_record_translations"),
    "slugs made": (organization_kind, "slugify"),
    "page slugs made": (page_kind, "slugify"),
    "route lists": (site_stage, "_routes"),
    "data rows made": (open_data, "_row"),
    "sitemaps made": (publish, "sitemap"),
    "files written": (write, "write_bytes"),
}


def count_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name, (owner, attribute) in COUNTED.items():
        original = getattr(owner, attribute)

        def counted(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, attribute, counted)
    graph_of = site_stage.Graph.of
    monkeypatch.setattr(
        site_stage.Graph, "of", lambda records: counts.update(["relation graphs"]) or graph_of(records)
    )
    return counts


def test_at_scale_a_one_record_edit_touches_only_that_record_and_equals_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a synthetic site of 300 organizations (1,200 records, 662 pages: lists in pages of 50),
    a saved English description the watcher names: no stage walks the records or pages. One file
    is read, one record typed and checked, its views built, its English page rendered, its data
    row made, and that page and the English organizations data written (the Turkish view comes
    out equal and stops there); the output equals a full build."""
    site = tmp_path / "site"
    bench_generator().generate(300, site)
    with (site / "site.yaml").open("a", encoding="utf-8") as stream:
        stream.write("search: false\n")
    built = build(site, workers=1)
    record = site / "content/organizations/org-00042.yaml"
    edit(site, "content/organizations/org-00042.yaml", "  en: >-\n    ", "  en: >-\n    Edited. ")
    counts = count_calls(monkeypatch)

    report = rebuild(built, changed=[record])

    assert (len(report.checked.content.records), len(report.site.pages)) == (1200, 662)
    assert counts == {
        "files read": 1,
        "records typed": 1,
        "records checked against the others": 1,
        "translation states made": 1,
        "slugs made": 2,  # in each language, to see that they are as before
        "data rows made": 1,
        "files written": 3,
    }
    assert views_built(report) == {
        *(
            (what, language, "org-00042")
            for what in ("organization-entry", "organization")
            for language in ("tr", "en")
        ),
        *(("page-out", language, "organization", "org-00042") for language in ("tr", "en")),
    }
    page = report.site.page("organization", "org-00042", "en").route.output
    assert report.rendered.rendered == {page}
    assert set(report.written) == {page, "data/en/organizations.csv", "data/en/organizations.json"}
    monkeypatch.undo()
    assert_equals_a_full_build(report, site, tmp_path)


@pytest.mark.parametrize("watcher_names_it", [True, False])
@pytest.mark.parametrize("change", ["outcomes: {tr: Ortak proje., en: A joint project.}\n", "# checked\n"])
def test_a_record_edited_since_its_last_commit_changed_today_in_the_feeds_as_in_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, watcher_names_it: bool, change: str
) -> None:
    """The preview's rebuild after an edit of a committed record: it changed "today", also when
    the record comes out as it was (a comment), whether the watcher named the file or not."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    site = committed_site(tmp_path / "repository")
    built = build(site)
    assert feed_times(built.output)["agreement-alpha-beta"] == FIRST
    with (site / AGREEMENT).open("a", encoding="utf-8") as stream:
        stream.write(change)

    report = rebuild(built, changed=[site / AGREEMENT] if watcher_names_it else None)

    feeds = {"tr/feed.xml", "en/feed.xml"}
    assert feeds <= report.rendered.rendered
    if change.startswith("#"):  # the record is as it was: only the feeds show the edit
        assert report.rendered.rendered == feeds
    for language in ("tr", "en"):
        assert feed_times(report.output, language) == {
            "agreement-alpha-beta": TODAY,
            "membership-alpha-gamma": SECOND,
            "feed": TODAY,
        }
    assert_equals_a_full_build(report, site, tmp_path)


def test_a_rename_renders_only_the_pages_that_show_the_name_in_lists_over_pages(tmp_path: Path) -> None:
    """A rename that keeps the record's place renders the one page of each list that shows it; one
    that moves it also renders the pages between its old and new place, whose entries move, and
    the pages that link to a moved entry. Either way every page rendered has changed, and the
    output equals a full build."""
    site = make_site(tmp_path / "site", long_lists(settings="page_size: 25\n"))
    built = build(site, workers=1)
    for number, old, new, moves in (
        ("005", "en: Long Municipality 005", "en: Long Municipality 005 Union", False),
        ("012", "en: Falcon Municipality 012", "en: Zebra Municipality 012", True),
    ):
        assert built.output is not None
        before = tree(built.output)
        edit(site, f"content/organizations/city-{number}.yaml", old, new)

        built = rebuild(built)

        assert built.output is not None
        after = tree(built.output)
        pages = {page.route.output for page in built.site.pages}
        changed = {path for path in pages if before.get(path) != after.get(path)}
        assert built.rendered.rendered == changed
        on_lists = {
            path
            for path in changed
            if re.match(r"en/(organizations|memberships|agreements)/(page/|index)", path)
        }
        assert (len(on_lists) > 3) == moves, on_lists
        assert_equals_a_full_build(built, site, tmp_path / number)


def test_an_edit_that_shortens_a_network_s_members_removes_its_last_page(tmp_path: Path) -> None:
    """A membership moved to another organization keeps every id, yet the network's page loses its
    third page: the URLs are planned again, as a full build would."""
    site = make_site(tmp_path / "site", long_lists(settings="page_size: {members: 60}\n"))
    built = build(site, workers=1)
    last = site / "build/en/organizations/gamma-network/page/3/index.html"
    assert last.exists()
    edit(site, "content/memberships/city-001-gamma.yaml", "organization: gamma", "organization: beta")

    report = rebuild(built, changed=[site / "content/memberships/city-001-gamma.yaml"])

    assert not last.exists()
    assert (site / "build/en/organizations/gamma-network/page/2/index.html").exists()
    assert_equals_a_full_build(report, site, tmp_path)


# ---------------------------------------------------------------------------------------------
# News and events: an edit may move an item from list to list (a year, a type), publish a draft
# or move an event; each rebuild equals a full build.

NEWS_AND_EVENTS = {
    "content/news/bir.yaml": (
        "type: news\ndate: 2025-05-01\ntitle: {tr: Bir, en: One}\nsummary: {tr: Bir., en: One.}\n"
        "body: {tr: Bir metin., en: One text.}\n"
    ),
    "content/news/iki.yaml": (
        "type: news\ndate: 2026-05-01 10:00\ntitle: {tr: İki, en: Two}\nsummary: {tr: İki., en: Two.}\n"
        "body: {tr: İki metin., en: Two text.}\ndraft: true\n"
    ),
    "content/events/forum.yaml": (
        "title: {tr: Forum, en: Forum}\nstart: 2027-03-10\norganizers: [alpha]\n"
        "description: {tr: Açıklama., en: Description.}\n"
    ),
}


@pytest.mark.parametrize(
    "change",
    [
        ("content/news/bir.yaml", "date: 2025-05-01", "date: 2026-06-01"),
        ("content/news/bir.yaml", "date: 2025-05-01", "date: 2027-06-01"),
        ("content/news/bir.yaml", "type: news", "type: announcement"),
        ("content/news/bir.yaml", "title: {tr: Bir, en: One}", "title: {tr: Birinci, en: First}"),
        ("content/news/iki.yaml", "draft: true\n", ""),
        ("content/events/forum.yaml", "start: 2027-03-10", "start: 2025-03-10"),
    ],
    ids=["year", "later", "type", "title", "published", "past"],
)
def test_an_edit_of_news_or_an_event_is_built_as_a_full_build_would(
    site_factory: Callable[[dict[str, str | bytes]], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: tuple[str, str, str],
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEWS_DAY)  # 2026-12-01
    site = site_factory(dict(NEWS_AND_EVENTS))
    built = build(site)
    edit(site, *change)
    report = rebuild(built, changed=[site / change[0]])
    assert_equals_a_full_build(report, site, tmp_path)


def test_a_rebuild_on_a_new_day_moves_an_ended_event_and_publishes_an_item_due(
    site_factory: Callable[[dict[str, str | bytes]], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing in the content changes, only "today": the preview's site is as a full build's."""
    files: dict[str, str | bytes] = {
        **NEWS_AND_EVENTS,
        "content/news/yarin.yaml": (
            "type: news\ndate: 2026-12-02\ntitle: {tr: Yarın, en: Tomorrow}\n"
            "summary: {tr: Yarın., en: Soon.}\nbody: {tr: Yarın metin., en: Text for tomorrow.}\n"
        ),
        "content/events/forum.yaml": NEWS_AND_EVENTS["content/events/forum.yaml"].replace(
            "2027-03-10", "2026-12-01"
        ),
    }
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEWS_DAY)  # 2026-12-01
    site = site_factory(files)
    built = build(site)
    assert built.output is not None and not (built.output / "tr" / "etkinlikler" / "gecmis").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NEWS_DAY) + 86400))  # 2026-12-02
    report = rebuild(built, changed=[])
    assert report.output is not None
    assert "Forum" in (report.output / "tr" / "etkinlikler" / "gecmis" / "index.html").read_text("utf-8")
    assert (report.output / "tr" / "haberler" / "yarin" / "index.html").exists()
    assert_equals_a_full_build(report, site, tmp_path)


def test_two_items_that_swap_types_in_one_edit_move_to_each_other_s_folders(
    site_factory: Callable[[dict[str, str | bytes]], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every list keeps its size and every slug its text: only where each item is has changed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEWS_DAY)
    files: dict[str, str | bytes] = {
        **NEWS_AND_EVENTS,
        "content/news/duyuru.yaml": NEWS_AND_EVENTS["content/news/bir.yaml"]
        .replace("type: news", "type: announcement")
        .replace("{tr: Bir, en: One}", "{tr: Duyuru, en: Notice}"),
    }
    site = site_factory(files)
    built = build(site)
    edit(site, "content/news/bir.yaml", "type: news", "type: announcement")
    edit(site, "content/news/duyuru.yaml", "type: announcement", "type: news")
    report = rebuild(built, changed=[site / "content/news/bir.yaml", site / "content/news/duyuru.yaml"])
    assert report.output is not None and (report.output / "tr" / "duyurular" / "bir" / "index.html").exists()
    assert_equals_a_full_build(report, site, tmp_path)


def test_an_event_s_new_zone_reaches_its_calendar_file_though_its_page_reads_the_same(
    site_factory: Callable[[dict[str, str | bytes]], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEWS_DAY)
    forum = NEWS_AND_EVENTS["content/events/forum.yaml"].replace("2027-03-10", "2027-03-10T09:00 Europe/Rome")
    site = site_factory({**NEWS_AND_EVENTS, "content/events/forum.yaml": forum})
    built = build(site)
    edit(site, "content/events/forum.yaml", "Europe/Rome", "+01:00")  # the same time, as an offset
    report = rebuild(built, changed=[site / "content/events/forum.yaml"])
    assert report.output is not None
    assert b"DTSTART:20270310T080000Z" in (report.output / "tr/etkinlikler/forum/forum.ics").read_bytes()
    assert_equals_a_full_build(report, site, tmp_path)
