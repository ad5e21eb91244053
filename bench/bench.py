"""The build's speed and memory on synthetic sites (bench/generate.py), for each size asked for.

    python bench/bench.py [--counts 1000 10000] [--runs 3] [--edits 5] [--json build/bench.json]

Prints one `name: value unit` line per figure, the median of the runs, and writes them all as
JSON. Sites and outputs are put on the memory file system (/dev/shm) where there is one, and
`folder:` says so. For each number N of organizations (with about 2N memberships and N agreements):
- largest-page: the size of the largest HTML page a build writes (a list's page, on a large site),
  and `largest-page-path` which it is.
- clean-build: a fresh process, an empty output folder, no cache; `pages-clean-build` leaves out
  the whole-site steps (sitemap and host files, open data, search index), which are reported
  apart as `whole-site`, `search-index` and the like. `peak-memory` is the largest resident size
  of the build process and what it waited for. `pages-per-second` is over `pages-clean-build`.
- warm-cache-build: the same with the cache a clean build left (Markdown texts are read back,
  not rendered); warm-cache-pages-build without the whole-site steps.
- stage-<name>: each stage of the clean build.
- warm-rebuild: in a running preview, a rebuild with nothing changed.
- edit-to-reload: in a running preview, from a saved organization (a new sentence in its
  description), named by the watcher, to its pages on disk; rename-to-reload gives it a new
  name instead, which every list naming it must show. The preview keeps its search index
  (`make build` makes a new one).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generate import generate
from livereload.watcher import INotifyWatcher, get_watcher_class

from unionsite.build import WHOLE_SITE_STAGES
from unionsite.serve import Preview


def clean_build(site: Path, output: Path, cache: Path) -> dict[str, Any]:
    """Wall time, peak memory (KiB), stage timings and pages of one build in a new process, into
    an empty output folder, with the cache folder given (a clean build: one that does not exist)."""
    script = Path(__file__).with_name("clean_build.py")
    command = [sys.executable, str(script), str(site), str(output), str(cache)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    printed = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    shutil.rmtree(output, ignore_errors=True)  # measured: only the next build's folder is needed
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0, f"the clean build failed: {process.returncode}"
    result: dict[str, Any] = json.loads(printed)
    return {**result, "wall": wall, "peak_kib": usage.ru_maxrss}


def describe(text: str, number: int) -> str:
    """A new first sentence in the English description: one page changes."""
    return text.replace("  en: >-\n    ", f"  en: >-\n    Edit {number}. ", 1)


def rename(text: str, number: int) -> str:
    """A new Turkish name: the lists, the home page and every related page name it."""
    return text.replace("name:\n  tr: ", f"name:\n  tr: Yeni {number} ", 1)


def edit_to_reload_seconds(preview: Preview, edit: Callable[[str, int], str], edits: int) -> list[float]:
    times = []
    for number in range(edits):
        record = preview.root / "content" / "organizations" / f"org-{number * 7 + 1:05d}.yaml"
        record.write_text(edit(record.read_text("utf-8"), number), "utf-8")
        started = time.perf_counter()
        preview.refresh([record])  # as the preview server does: its watcher names the file
        times.append(time.perf_counter() - started)
        assert preview.errors is None, preview.errors
    return times


def measure(count: int, runs: int, edits: int, folder: Path) -> tuple[dict[str, float], str]:
    """The figures of one size, and the path of its largest page."""
    site = folder / f"site-{count}"
    generate(count, site)
    builds = [
        clean_build(site, folder / f"out-{count}-{run}", folder / f"cache-{count}-{run}")
        for run in range(runs)
    ]
    assert all(b["cached"] == 0 for b in builds), "a clean build has no cache to read"
    # Warm: a fresh process and an empty output folder, with the cache the first clean build left.
    warm = [
        clean_build(site, folder / f"warm-{count}-{run}", folder / f"cache-{count}-0") for run in range(runs)
    ]
    assert all(b["cached"] > 0 for b in warm), "a warm build reads the cache"
    whole_site = [sum(b["timings"][name] for name in WHOLE_SITE_STAGES) for b in builds]
    pages = [b["wall"] - w for b, w in zip(builds, whole_site, strict=True)]
    figures = {
        "organizations": count,
        "pages": builds[0]["pages"],
        "largest-page": builds[0]["largest_page"][0] / 1024,
        "clean-build": statistics.median(b["wall"] for b in builds) * 1000,
        "pages-clean-build": statistics.median(pages) * 1000,
        "peak-memory": max(b["peak_kib"] for b in builds) / 1024,
        "pages-per-second": builds[0]["pages"] / statistics.median(pages),
        "whole-site": statistics.median(whole_site) * 1000,
        "warm-cache-build": statistics.median(b["wall"] for b in warm) * 1000,
        "warm-cache-pages-build": statistics.median(
            b["wall"] - sum(b["timings"][name] for name in WHOLE_SITE_STAGES) for b in warm
        )
        * 1000,
    }
    for stage in builds[0]["timings"]:
        figures[f"stage-{stage}"] = statistics.median(b["timings"][stage] for b in builds) * 1000
    preview = Preview(site, output=str(folder / f"preview-{count}"))
    preview.refresh()
    figures["warm-rebuild"] = statistics.median(refresh_seconds(preview) for _ in range(runs)) * 1000
    figures["edit-to-reload"] = statistics.median(edit_to_reload_seconds(preview, describe, edits)) * 1000
    figures["rename-to-reload"] = statistics.median(edit_to_reload_seconds(preview, rename, edits)) * 1000
    return figures, builds[0]["largest_page"][1]


def refresh_seconds(preview: Preview) -> float:
    started = time.perf_counter()
    preview.refresh()
    assert preview.errors is None, preview.errors
    return time.perf_counter() - started


# Sites and outputs go on a memory file system where there is one, as the reference figures of
# other generators were taken: the disk's speed is not the build's.
TMPFS = "/dev/shm"
UNITS = {
    "organizations": "",
    "pages": "",
    "largest-page": "KiB",
    "peak-memory": "MiB",
    "pages-per-second": "pages/s",
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("build") / "bench.json")
    arguments = parser.parse_args()
    watcher = "inotify" if get_watcher_class() is INotifyWatcher else "polling"
    results: dict[str, Any] = {
        "cores": os.cpu_count(),
        "runs": arguments.runs,
        "watcher": watcher,
        "sizes": {},
    }
    place = TMPFS if os.path.isdir(TMPFS) and os.access(TMPFS, os.W_OK) else None
    results["folder"] = "tmpfs" if place else "disk"
    print(f"cores: {os.cpu_count()}")
    print(f"watcher: {watcher}")
    print(f"folder: {results['folder']}")
    for count in arguments.counts:
        with tempfile.TemporaryDirectory(prefix="unionsite-bench-", dir=place) as folder:
            figures, largest = measure(count, arguments.runs, arguments.edits, Path(folder))
        results["sizes"][str(count)] = {**figures, "largest-page-path": largest}
        for name, value in figures.items():
            unit = UNITS.get(name, "ms")
            print(f"{name}[{count}]: {value:.0f} {unit}".rstrip())
        print(f"largest-page-path[{count}]: {largest}")
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    print(f"written: {arguments.json}")


if __name__ == "__main__":
    main()
