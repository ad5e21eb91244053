"""The build's speed and memory on synthetic sites (bench/generate.py), for each size asked for.

    python bench/bench.py [--counts 1000 10000] [--runs 3] [--edits 5] [--json build/bench.json]
                          [--photos 200] [--logos 10] [--photo-size 4000x3000]

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

Then images (`image-<name>: value unit`), once, on the first size's site with a fixed set of
images whatever its size (bench/photos.py; `image-set:` says which): by default 200 of its
organizations with a photograph each (4000×3000 JPEGs as a phone writes them, about 3.5 MB, a
quarter stored on their side) and 10 more with a PNG logo; `--photos 0 --logos 0` leaves them out.
- cold: the "images" stage of a clean build in a fresh process with an empty cache (each image
  read, decoded, resized and encoded in every size and format), and `cold-per-image`, its time
  over the number of images, in `threads` threads (one per core, as the build has them).
  `cold-build` is the whole build, `cold-peak-memory` its process's largest resident size as
  the process tells it (Linux's VmHWM: the ru_maxrss a parent gets starts, at exec, from the
  parent's own largest size, which the photos made here would swell), `cold-stage-memory` the
  most the stage added to the resident size it began
  at, `cold-kept-memory` what it still held when it ended; `cold-write` the write stage, which
  copies the images into the site from the cache (the stage made them into it).
- warm: the same with the cache a cold build left (each image read, hashed and found there).
- rebuild: in a running preview, the "images" stage of a rebuild with nothing changed (no image
  read), and `rebuild-total` the whole rebuild; photo-edit-to-reload: a photo replaced by a new
  one (made anew) to its pages on disk.
- bytes-in, the images' files; bytes-out, the files the build writes of them (`files-out`);
  cache-size, the cache on disk.
- photo-process and logo-process: one image made alone in one thread of a fresh process, and
  `-memory` the most that added to its resident size: about what each thread of a build adds;
  `-encode-<format>` the part of that time spent encoding each format, all sizes together.

And, on the Markdown texts of the first size's site, each Markdown renderer's median time per
text (`markdown-<renderer>: X ms/text`): the site's own (markdown-it-py, through its renderer
without its memory, sanitising included), and the ones it was chosen against, each configured
for what the site needs, where the `bench` extra installed them: Python-Markdown with tables,
heading ids and lettered lists, markdown-it-pyrs, cmarkgfm. `markdown-nh3` is the sanitising
alone, which only the site's own includes.
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

import nh3
from generate import generate
from livereload.watcher import INotifyWatcher, get_watcher_class
from photos import ImageSet, another_photo, picture_site, size

from unionsite.build import WHOLE_SITE_STAGES, markdown_texts
from unionsite.kinds import MODEL
from unionsite.load import IMAGE_CACHE
from unionsite.markdown import ALLOWED_ATTRIBUTES, LINK_REL, MarkdownRenderer
from unionsite.render import heading_ids
from unionsite.serve import Preview


def clean_build(site: Path, output: Path, cache: Path, *, images: bool = False) -> dict[str, Any]:
    """Wall time, peak memory (KiB), stage timings and pages of one build in a new process, into
    an empty output folder, with the cache folder given (a clean build: one that does not exist).
    `images`: the image benchmark's build (bench/image_build.py), with what it tells of images
    and its own peak memory."""
    here = Path(__file__).parent
    script = [str(here / "image_build.py"), "build"] if images else [str(here / "clean_build.py")]
    command = [sys.executable, *script, str(site), str(output), str(cache)]
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
    # An image build tells its own largest size (it counts afresh for its "images" stage, and
    # ru_maxrss starts from the largest size of this process, which made the images).
    return {"peak_kib": usage.ru_maxrss, **result, "wall": wall}


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


def measure(count: int, runs: int, edits: int, folder: Path) -> tuple[dict[str, float], str, list[str]]:
    """The figures of one size, the path of its largest page and its Markdown texts."""
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
    assert preview.report is not None
    texts = list(dict.fromkeys(text for text, *_ in markdown_texts(preview.report.site)))
    figures["warm-rebuild"] = statistics.median(refresh_seconds(preview) for _ in range(runs)) * 1000
    figures["edit-to-reload"] = statistics.median(edit_to_reload_seconds(preview, describe, edits)) * 1000
    figures["rename-to-reload"] = statistics.median(edit_to_reload_seconds(preview, rename, edits)) * 1000
    return figures, builds[0]["largest_page"][1], texts


def refresh_seconds(preview: Preview) -> float:
    started = time.perf_counter()
    preview.refresh()
    assert preview.errors is None, preview.errors
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------
# Markdown renderers: the site's, and the others it was chosen against (the `bench` extra).

MARKDOWN_SAMPLE = 300  # texts timed, spread over the site's; each timed MARKDOWN_REPEAT times
MARKDOWN_REPEAT = 3


# Python-Markdown as the site had it, with what a statute would have needed of it.
PYTHON_MARKDOWN_EXTENSIONS = ["sane_lists", "attr_list", "tables", "toc", "pymdownx.fancylists"]


def _python_markdown() -> Callable[[str], object]:
    import markdown  # noqa: PLC0415 (each is measured where it is installed)

    parser = markdown.Markdown(extensions=PYTHON_MARKDOWN_EXTENSIONS, output_format="html")
    return lambda text: parser.reset().convert(text)


def _markdown_it_pyrs() -> Callable[[str], object]:
    import markdown_it_pyrs  # noqa: PLC0415

    parser = markdown_it_pyrs.MarkdownIt("commonmark").enable("table").enable("heading_anchors")
    return parser.render


def _cmarkgfm() -> Callable[[str], object]:
    import cmarkgfm  # noqa: PLC0415
    from cmarkgfm.cmark import Options  # noqa: PLC0415

    return lambda text: cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


OTHER_RENDERERS = {
    "python-markdown": _python_markdown,
    "markdown-it-pyrs": _markdown_it_pyrs,
    "cmarkgfm": _cmarkgfm,
}


def markdown_candidates(site: MarkdownRenderer) -> dict[str, Callable[[str], object] | None]:
    """Each renderer as configured for what the site needs (tables, heading ids), text → HTML;
    None where it is not installed. The site's own renders through its class without its memory,
    sanitising included; `nh3` is the sanitising alone (of HTML), for comparison with the others."""
    candidates: dict[str, Callable[[str], object] | None] = {"markdown-it-py": site.render}
    for name, make in OTHER_RENDERERS.items():
        try:
            candidates[name] = make()
        except ImportError:
            candidates[name] = None
    candidates["nh3"] = lambda html: nh3.clean(html, attributes=ALLOWED_ATTRIBUTES, link_rel=LINK_REL)
    return candidates


def markdown_figures(texts: list[str]) -> dict[str, float | None]:
    """Each renderer's median milliseconds per text over a sample of `texts` (each text's best
    of MARKDOWN_REPEAT runs), or None where it is not installed."""
    step = max(1, len(texts) // MARKDOWN_SAMPLE)
    sample = texts[::step][:MARKDOWN_SAMPLE]
    site = MarkdownRenderer(heading_ids(MODEL))
    inputs = {"nh3": [site.render(text) for text in sample]}  # the sanitiser's input is HTML
    figures: dict[str, float | None] = {}
    for name, render in markdown_candidates(site).items():
        figures[name] = None if render is None else per_text_ms(render, inputs.get(name, sample))
    return figures


def per_text_ms(render: Callable[[str], object], texts: list[str]) -> float:
    times = []
    for text in texts:
        best = float("inf")
        for _ in range(MARKDOWN_REPEAT):
            started = time.perf_counter()
            render(text)
            best = min(best, time.perf_counter() - started)
        times.append(best)
    return statistics.median(times) * 1000


# ---------------------------------------------------------------------------------------------
# Images: the first size's site with photographs and logos (bench/photos.py), built cold (an empty
# cache: every image decoded, resized and encoded), warm (a fresh process with the cache on disk:
# each image read, hashed and found there) and again in memory.

MIB = 1024 * 1024


def one_image(file: Path) -> dict[str, Any]:
    """One image processed in a fresh process (see bench/image_build.py)."""
    script = Path(__file__).with_name("image_build.py")
    printed = subprocess.run(
        [sys.executable, str(script), "one", str(file)], capture_output=True, check=True
    ).stdout
    result: dict[str, Any] = json.loads(printed)
    return result


def image_stage(builds: list[dict[str, Any]], name: str) -> float:
    """The median of a figure of the builds' "images" stage, in ms or MiB."""
    if name == "images":
        return float(statistics.median(b["timings"]["images"] for b in builds)) * 1000
    memory = [b["memory"] for b in builds]
    if name == "added":  # the largest resident size the stage reached, above the size it began at
        return float(statistics.median(m["peak"] - m["before"] for m in memory)) / 1024
    if name == "kept":  # the resident size when it ended, above the size it began at
        return float(statistics.median(m["after"] - m["before"] for m in memory)) / 1024
    raise ValueError(name)


def measure_images(
    count: int, runs: int, folder: Path, *, photos: int, logos: int, photo_size: tuple[int, int]
) -> tuple[dict[str, float], ImageSet]:
    """The image figures, on a site of `count` organizations with `photos` and `logos`."""
    site = folder / f"pictured-{count}"
    made = picture_site(count, site, photos=photos, logos=logos, photo_size=photo_size)
    cold = [
        clean_build(site, folder / f"pictured-out-{run}", folder / f"pictured-cache-{run}", images=True)
        for run in range(runs)
    ]
    assert all((b["made"], b["cached"]) == (made.images, 0) for b in cold), "a cold build makes every image"
    cache = folder / "pictured-cache-0"
    warm = [clean_build(site, folder / f"pictured-warm-{run}", cache, images=True) for run in range(runs)]
    assert all((b["made"], b["cached"]) == (0, made.images) for b in warm), "a warm build makes none"
    figures: dict[str, float] = {
        "organizations": count,
        "photos": made.photos,
        "logos": made.logos,
        "bytes-in": made.bytes_in / MIB,
        "bytes-out": cold[0]["bytes_out"] / MIB,
        "files-out": cold[0]["files"],
        "cache-size": sum(file.stat().st_size for file in (cache / IMAGE_CACHE).rglob("*") if file.is_file())
        / MIB,
        "threads": max(b["threads"] for b in cold),
    }
    for name, builds in (("cold", cold), ("warm", warm)):
        stage = image_stage(builds, "images")
        figures[name] = stage
        figures[f"{name}-per-image"] = stage / made.images
        figures[f"{name}-build"] = statistics.median(b["wall"] for b in builds) * 1000
        figures[f"{name}-peak-memory"] = max(b["peak_kib"] for b in builds) / 1024
        figures[f"{name}-stage-memory"] = image_stage(builds, "added")
        figures[f"{name}-kept-memory"] = image_stage(builds, "kept")
        figures[f"{name}-write"] = statistics.median(b["timings"]["write"] for b in builds) * 1000
    figures.update(in_memory_image_figures(site, cache, folder / "pictured-preview", made, runs))
    for kind, paths in (("photo", made.photo_paths), ("logo", made.logo_paths)):
        if paths:
            one = one_image(site / paths[0])
            figures[f"{kind}-process"] = one["seconds"] * 1000
            figures[f"{kind}-memory"] = one["memory_kib"] / 1024
            for encoding, seconds in one["encoding"].items():
                figures[f"{kind}-encode-{encoding}"] = seconds * 1000
    return figures, made


def in_memory_image_figures(
    site: Path, cache: Path, output: Path, made: ImageSet, runs: int
) -> dict[str, float]:
    """In a running preview that started from the cache a cold build left: the "images" stage
    of a rebuild with nothing changed (no image read), the whole rebuild, and a photo replaced
    by a new one (which is made) to its pages on disk."""
    shutil.copytree(cache, site / ".cache")  # site.yaml's cache folder, which the preview uses
    preview = Preview(site, output=str(output))
    preview.refresh()
    assert preview.report is not None and preview.report.checked.pictures.cached == made.images
    rebuilds, stages = [], []
    for _ in range(runs):
        rebuilds.append(refresh_seconds(preview))
        assert preview.report is not None and preview.report.checked.pictures.made == 0
        stages.append(dict(preview.report.timings)["images"])
    figures = {
        "rebuild": statistics.median(stages) * 1000,
        "rebuild-total": statistics.median(rebuilds) * 1000,
    }
    if made.photo_paths:
        photo = site / made.photo_paths[0]
        photo.write_bytes(another_photo(made.photo_size, 1))
        started = time.perf_counter()
        preview.refresh([photo])
        figures["photo-edit-to-reload"] = (time.perf_counter() - started) * 1000
        assert preview.errors is None, preview.errors
        assert preview.report is not None and preview.report.checked.pictures.made == 1
    return figures


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
IMAGE_UNITS = {
    "organizations": "",
    "photos": "",
    "logos": "",
    "files-out": "",
    "threads": "",
    "bytes-in": "MiB",
    "bytes-out": "MiB",
    "cache-size": "MiB",
    "cold-per-image": "ms/image",
    "warm-per-image": "ms/image",
}


def image_line(name: str, value: float) -> str:
    """`image-<name>: value unit`, with decimals where a whole number would say too little."""
    unit = IMAGE_UNITS.get(name, "MiB" if name.endswith("memory") else "ms")
    number = f"{value:.0f}" if unit == "" or abs(value) >= 100 else f"{value:.3g}"
    return f"image-{name}: {number} {unit}".rstrip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("build") / "bench.json")
    parser.add_argument(
        "--photos",
        type=int,
        default=200,
        help="photographs on the first size's site (0 and no logos: no images)",
    )
    parser.add_argument("--logos", type=int, default=10, help="PNG logos on it")
    parser.add_argument("--photo-size", type=size, default=(4000, 3000), help="as WIDTHxHEIGHT")
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
    texts: list[str] = []  # the first size's Markdown texts
    for count in arguments.counts:
        with tempfile.TemporaryDirectory(prefix="unionsite-bench-", dir=place) as folder:
            figures, largest, site_texts = measure(count, arguments.runs, arguments.edits, Path(folder))
        texts = texts or site_texts
        results["sizes"][str(count)] = {**figures, "largest-page-path": largest}
        for name, value in figures.items():
            unit = UNITS.get(name, "ms")
            print(f"{name}[{count}]: {value:.0f} {unit}".rstrip())
        print(f"largest-page-path[{count}]: {largest}")
    if arguments.photos + arguments.logos:
        count = arguments.counts[0]
        with tempfile.TemporaryDirectory(prefix="unionsite-bench-", dir=place) as folder:
            images, made = measure_images(
                count,
                arguments.runs,
                Path(folder),
                photos=arguments.photos,
                logos=arguments.logos,
                photo_size=arguments.photo_size,
            )
        results["images"] = {"set": made.describe(), **images}
        print(f"image-set: {made.describe()}, on the site of {count} organizations")
        for name, value in images.items():
            print(image_line(name, value))
    results["markdown"] = markdown_figures(texts)
    for name, value in results["markdown"].items():
        print(f"markdown-{name}: {'not installed' if value is None else f'{value:.3f} ms/text'}")
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    print(f"written: {arguments.json}")


if __name__ == "__main__":
    main()
