"""Edit-to-reload and full-build times on a synthetic site (bench/generate.py).

    python bench/bench.py [--count 2000] [--edits 5] [--builds 3]

Prints one `name: value unit` line per figure. edit-to-reload is measured in a running preview
(the same object `unionsite serve` drives), from the rebuild being triggered by a saved record to
the rebuilt pages being on disk; the watcher's own delay comes on top and is reported apart.
The saved record has a new sentence in its description; rename-to-reload gives an organization
a new name instead, which every list naming it must show. full-build is a fresh process
building the same site from scratch.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import generate
from livereload.watcher import INotifyWatcher, get_watcher_class

from unionsite.serve import Preview


def full_build_seconds(site: Path) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "unionsite", "build", "--site", str(site)]
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


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
        preview.refresh()
        times.append(time.perf_counter() - started)
        assert preview.errors is None, preview.errors
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--builds", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="unionsite-bench-") as folder:
        site = Path(folder) / "site"
        generate(arguments.count, site)
        builds = [full_build_seconds(site) for _ in range(arguments.builds)]
        preview = Preview(site)
        preview.refresh()
        edits = edit_to_reload_seconds(preview, describe, arguments.edits)
        renames = edit_to_reload_seconds(preview, rename, arguments.edits)
    watcher = "inotify events" if get_watcher_class() is INotifyWatcher else "polling every 800 ms"
    print(f"organizations: {arguments.count}")
    print(f"edit-to-reload: {statistics.median(edits) * 1000:.0f} ms")
    print(f"rename-to-reload: {statistics.median(renames) * 1000:.0f} ms")
    print(f"full-build: {statistics.median(builds) * 1000:.0f} ms")
    print(f"watcher: {watcher}")


if __name__ == "__main__":
    main()
