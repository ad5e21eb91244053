"""The content folder's git history → when each content file last changed: the time of the last
commit that touched it, or the build's "today" (`config.today`) for a file with uncommitted
changes, a file git does not track, and all content outside a git repository.

Read once a build with one `git log` for every file and one `git diff` for the uncommitted ones,
never a command per file. A rebuild after an edit the watcher named asks git nothing: the files
it named were just saved, so they are uncommitted.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .config import SITE_TIME_ZONE, SiteConfig, git_output, start_of
from .config import today as build_today


@dataclass(frozen=True)
class History:
    """When each content file last changed, by its path from the site root, in Istanbul's time."""

    times: Mapping[str, datetime.datetime]
    today: datetime.datetime  # the start of the build's "today": for a file with no time of its own
    # The files whose time may differ from that in the history this one was made from, after an
    # edit; None: any file's (a rebuild compares them all).
    retimed: frozenset[str] | None = field(default=None, compare=False)

    def time(self, path: str) -> datetime.datetime:
        return self.times.get(path, self.today)

    @classmethod
    def unknown(cls, day: datetime.date) -> History:
        """No file's history known: every file changed on `day`."""
        return cls({}, start_of(day))


def read_history(
    config: SiteConfig,
    files: Collection[str],
    previous: History | None = None,
    edited: Collection[str] | None = None,
) -> History:
    """When each of `files` (paths from the site root) last changed. A file with uncommitted
    changes changed "today", or at its last commit if that is later: never before it. With
    `previous` and `edited` (the files an edit changed, added or removed since `previous`),
    only the edited files are looked at, as uncommitted ones."""
    today = start_of(config.today if config.today is not None else build_today(config.root))
    if previous is not None and edited is not None and previous.today == today:
        return _edited(previous, files, edited)
    commits, uncommitted = _git_history(config.root, config.content_dir)
    times = {}
    for path in files:
        committed = commits.get(path)
        if committed is None:
            times[path] = today
        else:
            times[path] = max(committed, today) if path in uncommitted else committed
    if previous is None:
        return History(times, today)
    if previous.today == today and previous.times == times:
        return previous
    return History(times, today, frozenset(p for p, t in times.items() if previous.times.get(p) != t))


def _edited(previous: History, files: Collection[str], edited: Collection[str]) -> History:
    """`previous` with the `edited` files that still exist changed "today" (or still at their
    last commit, if that is later) and the others gone; `previous` itself if no time changed."""
    today = previous.today
    now = {path: max(previous.time(path), today) for path in edited if path in files}
    gone = {path for path in edited if path not in files and path in previous.times}
    if not gone and all(previous.times.get(path) == time for path, time in now.items()):
        return previous
    times = {path: time for path, time in previous.times.items() if path not in gone} | now
    return History(times, today, frozenset(now.keys() | gone))


def _git_history(root: Path, folder: str) -> tuple[dict[str, datetime.datetime], frozenset[str]]:
    """The time of the newest commit that touched each file below `folder` and left it there, and
    the files there whose working copy is not HEAD's (changed, staged or not, or removed from
    the index), by path from `root`. Nothing at all when git, the repository or a commit is
    missing, or either command fails: then every file changed "today"."""
    common = ("--no-renames", "-z", "--relative", "--", folder)
    log = git_output(root, "log", "--date-order", "--format=%ct", "--name-status", *common)
    diff = git_output(root, "diff", "HEAD", "--name-only", *common)
    if log is None or diff is None:
        return {}, frozenset()
    return _last_commits(log), frozenset(path for path in diff.split("\0") if path)


def _last_commits(log: str) -> dict[str, datetime.datetime]:
    """The newest commit time of each path `git log -z --name-status` lists, newest commit first:
    each commit's time (digits), then a status letter and a path for each file it touched (a
    path is below the content folder, so never digits alone). A path whose newest change
    removed it has no time: if it is there now, git does not track it."""
    times: dict[str, datetime.datetime] = {}
    seen: set[str] = set()
    moment: datetime.datetime | None = None
    tokens = iter(log.split("\0"))
    for token in tokens:
        status = token.lstrip("\n")
        if status.isascii() and status.isdigit():
            moment = datetime.datetime.fromtimestamp(int(status), tz=SITE_TIME_ZONE)
            continue
        if not status:
            continue
        path = next(tokens, "")
        if path in seen or moment is None:
            continue
        seen.add(path)
        if status != "D":
            times[path] = moment
    return times
