"""history: when each content file last changed, read from git once a build, and the feeds'
`updated` times made of it: the last commit of a record's file, else the build's "today"."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest

from unionsite.build import build, check
from unionsite.config import SITE_TIME_ZONE, start_of
from unionsite.history import History, read_history
from unionsite.i18n import Localizer
from unionsite.site import _ViewBuilder, build_site

from .conftest import FIXTURE_CONTENT, make_site

FIRST = "2020-01-02T10:00:00+03:00"  # every file committed
SECOND = "2021-06-15T12:30:00+03:00"  # the membership changed again
TODAY = "2026-01-01T00:00:00+03:00"  # the build's "today": SOURCE_DATE_EPOCH below
TODAY_EPOCH = "1767216600"  # 1 January 2026, 00:30 in Istanbul
MEMBERSHIP = "content/memberships/alpha-gamma.yaml"  # since: 2008
AGREEMENT = "content/agreements/alpha-beta.yaml"  # signed: 2010-12-13


def git(repository: Path, *arguments: str, when: str | None = None) -> None:
    """Run git in `repository` as a test user, committing `when` (author and committer date)."""
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    user = ("-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false")
    command = ["git", "-C", str(repository), *user, *arguments]
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, **dates})


def committed_site(repository: Path) -> Path:
    """The fixture site in a folder of a git repository (so that git's paths start with it):
    every file committed at FIRST, the membership changed again at SECOND."""
    site = make_site(repository / "site", dict(FIXTURE_CONTENT))
    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "first", when=FIRST)
    with (site / MEMBERSHIP).open("a", encoding="utf-8") as stream:
        stream.write("note: {tr: Kurucu üye., en: A founding member.}\n")
    git(repository, "commit", "-q", "-a", "-m", "second", when=SECOND)
    return site


@pytest.fixture
def repo_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    return committed_site(tmp_path / "repository")


def feed_times(output: Path | None, language: str = "en") -> dict[str, str]:
    """The `updated` of each entry of a language's feed, by the anchor it links to, and the
    feed's own as 'feed'; the feed must be valid Atom."""
    assert output is not None
    feed = feedparser.parse((output / language / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return {entry.link.partition("#")[2]: entry.updated for entry in feed.entries} | {
        "feed": feed.feed.updated
    }


def test_an_entry_is_updated_when_its_record_s_file_was_last_committed(
    repo_site: Path, tmp_path: Path
) -> None:
    output = build(repo_site, output=str(tmp_path / "out")).output
    again = build(repo_site, output=str(tmp_path / "again")).output
    assert output is not None and again is not None
    for language in ("tr", "en"):
        assert feed_times(output, language) == {
            "agreement-alpha-beta": FIRST,
            "membership-alpha-gamma": SECOND,
            "feed": SECOND,  # the latest entry's
        }
        assert (again / language / "feed.xml").read_bytes() == (output / language / "feed.xml").read_bytes()


@pytest.mark.parametrize("staged", [False, True])
def test_a_file_with_uncommitted_changes_and_an_untracked_one_changed_today(
    repo_site: Path, tmp_path: Path, staged: bool
) -> None:
    with (repo_site / AGREEMENT).open("a", encoding="utf-8") as stream:
        stream.write("outcomes: {tr: Ortak proje., en: A joint project.}\n")
    (repo_site / "content/memberships/beta-gamma.yaml").write_text(
        "member: beta\norganization: gamma\nsince: 2015\n", "utf-8"
    )
    if staged:
        git(repo_site.parent, "add", ".")
    assert feed_times(build(repo_site, output=str(tmp_path / "out")).output) == {
        "membership-beta-gamma": TODAY,
        "agreement-alpha-beta": TODAY,
        "membership-alpha-gamma": SECOND,
        "feed": TODAY,
    }


def test_without_source_date_epoch_today_is_the_day_of_the_last_commit(
    repo_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with (repo_site / AGREEMENT).open("a", encoding="utf-8") as stream:
        stream.write("# checked\n")
    times = feed_times(build(repo_site, output=str(tmp_path / "out")).output)
    assert times["agreement-alpha-beta"] == "2021-06-15T00:00:00+03:00"  # the start of SECOND's day


def test_an_uncommitted_change_is_never_dated_before_the_file_s_last_commit(
    repo_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")  # 14 July 2017: before SECOND
    with (repo_site / MEMBERSHIP).open("a", encoding="utf-8") as stream:
        stream.write("# checked\n")
    times = feed_times(build(repo_site, output=str(tmp_path / "out")).output)
    assert times["membership-alpha-gamma"] == SECOND


def test_a_file_git_stopped_tracking_changed_today(repo_site: Path, tmp_path: Path) -> None:
    git(repo_site.parent, "rm", "-q", "--cached", f"site/{AGREEMENT}")
    git(repo_site.parent, "commit", "-q", "-m", "untrack", when="2022-01-01T00:00:00+03:00")
    assert feed_times(build(repo_site, output=str(tmp_path / "out")).output)["agreement-alpha-beta"] == TODAY


def test_outside_a_git_repository_every_entry_changed_today(
    fixture_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    assert feed_times(build(fixture_site).output) == {
        "agreement-alpha-beta": TODAY,
        "membership-alpha-gamma": TODAY,
        "feed": TODAY,
    }


def test_without_git_every_file_changed_today(repo_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = check(repo_site).config
    monkeypatch.setenv("PATH", str(repo_site / "no-programs-here"))
    found = read_history(config, [MEMBERSHIP, AGREEMENT])
    assert found.times == {MEMBERSHIP: found.today, AGREEMENT: found.today}
    assert found.today.isoformat() == TODAY


def test_a_build_asks_git_twice_whatever_the_number_of_files(
    repo_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(30):
        (repo_site / f"content/memberships/beta-gamma-{number}.yaml").write_text(
            f"member: beta\norganization: gamma\nsince: {1990 + number}\n", "utf-8"
        )
    git(repo_site.parent, "add", ".")
    git(repo_site.parent, "commit", "-q", "-m", "more", when="2023-03-04T05:06:07+03:00")
    commands: list[list[str]] = []
    run = subprocess.run

    def counted(command: list[str], **options: Any) -> Any:
        commands.append(command)
        return run(command, **options)

    monkeypatch.setattr(subprocess, "run", counted)
    report = build(repo_site, output=str(tmp_path / "out"))
    assert [command[3] for command in commands if command[0] == "git"] == ["log", "diff"]
    assert report.checked.history.times["content/memberships/beta-gamma-29.yaml"].isoformat() == (
        "2023-03-04T05:06:07+03:00"
    )


def test_a_year_only_record_is_not_dated_the_first_of_january_and_its_text_says_its_date(
    repo_site: Path, tmp_path: Path
) -> None:
    output = build(repo_site, output=str(tmp_path / "out")).output
    assert output is not None
    summaries = {
        ("en", "membership"): "full member, since 2008",
        ("tr", "membership"): "tam üye, 2008'den bu yana",
        ("en", "agreement"): "Signed: 13 December 2010, Istanbul, Türkiye",
        ("tr", "agreement"): "İmzalandı: 13 Aralık 2010, İstanbul, Türkiye",
    }
    for language in ("tr", "en"):
        feed = feedparser.parse((output / language / "feed.xml").read_bytes())
        for entry in feed.entries:
            kind = entry.link.partition("#")[2].partition("-")[0]
            assert re.sub(r"<[^>]+>", "", entry.summary) == summaries[(language, kind)]
            assert not entry.updated.startswith(("2008-01-01", "2010-12-13"))
            assert "published" not in entry  # a partial date is no moment of publication
    xml = (output / "en" / "feed.xml").read_text("utf-8")
    assert "&lt;time datetime=&#34;2008&#34;&gt;2008&lt;/time&gt;" in xml  # its precision kept


def test_an_edit_the_watcher_names_changed_today_without_asking_git(
    repo_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = check(repo_site)
    before = checked.history
    assert before.time(AGREEMENT).isoformat() == FIRST
    monkeypatch.setenv("PATH", str(repo_site / "no-programs-here"))  # git is not asked
    files = checked.content.files
    assert read_history(checked.config, files, before, edited=[]) is before
    after = read_history(checked.config, files, before, edited=[AGREEMENT])
    assert after.time(AGREEMENT).isoformat() == TODAY
    assert after.time(MEMBERSHIP).isoformat() == SECOND
    assert after.retimed == frozenset({AGREEMENT})
    assert read_history(checked.config, files, after, edited=[AGREEMENT]) is after  # still today


def test_a_page_changed_when_the_newer_of_its_files_did(fixture_site: Path) -> None:
    checked = check(fixture_site)
    older, newer = (datetime.datetime(2020, month, 1, tzinfo=SITE_TIME_ZONE) for month in (1, 2))
    times = {
        "content/pages/alpha/hakkimizda.tr.md": newer,
        "content/pages/alpha/hakkimizda.en.md": older,
        MEMBERSHIP: older,
    }
    today = start_of(datetime.date(2026, 1, 1))
    site = build_site(
        checked.records, checked.config, checked.urls, checked.assets.urls, history=History(times, today)
    )
    builder = _ViewBuilder(
        site.memo, checked.config, Localizer.for_language(checked.config, "en"), checked.model
    )
    assert builder.changed_at("page", "alpha/hakkimizda") == newer
    assert builder.changed_at("membership", "alpha-gamma") == older
    assert builder.changed_at("agreement", "alpha-beta") == today  # no time known


def test_a_feed_without_entries_changed_today(
    site_factory: Callable[[dict[str, str | bytes]], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    site = site_factory({MEMBERSHIP: "", AGREEMENT: ""})
    assert feed_times(build(site).output) == {"feed": TODAY}


def test_an_item_written_in_advance_is_new_in_the_feed_on_its_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Committed on 2 January 2020, dated 1 January 2026 and built on that day: a feed reader
    sees it updated and published on its day, not six years before."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    repository = tmp_path / "repository"
    site = make_site(repository / "site", dict(FIXTURE_CONTENT))
    (site / "content" / "news").mkdir()
    (site / "content" / "news" / "yeni-yil.yaml").write_text(
        "type: news\ndate: 2026-01-01\ntitle: {tr: Yeni yıl, en: New year}\n"
        "summary: {tr: Kutlu olsun., en: Happy new year.}\nbody: {tr: Metin., en: Text.}\n",
        encoding="utf-8",
    )
    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "first", when=FIRST)
    report = build(site)
    assert report.output is not None
    feed = feedparser.parse((report.output / "en" / "feed.xml").read_bytes())
    entry = next(entry for entry in feed.entries if "/news/" in entry.link)
    assert (entry.published, entry.updated, feed.feed.updated) == (TODAY, TODAY, TODAY)
