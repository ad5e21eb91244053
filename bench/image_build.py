"""The image benchmark's measurements that need a fresh process of their own, for bench.py; each
prints its figures as JSON.

    python bench/image_build.py build SITE OUTPUT CACHE
        One build, as bench/clean_build.py makes it (OUTPUT must not exist; CACHE may): its stage
        timings, how many images were made and how many the cache had, the threads that read
        them, the bytes of the image files written, and
        the memory around the "images" stage: the largest resident size before it (peak_before)
        and the resident size when it began (before); then the count of the largest size starts
        afresh where Linux lets it (reset), so that `peak` is the largest during the stage (else
        of the process so far), and `after` the resident size when it ended; then the largest
        resident size of the whole build (peak_kib), the larger of peak_before and what followed.
    python bench/image_build.py one FILE
        One image processed twice in this thread: the first time's memory (the largest resident
        size it reached, counted afresh, less the resident size before), the second time's
        duration, and that
        time's encoding per format (WebP lossy or lossless, JPEG, PNG), all sizes together.

Resident sizes are in KiB, times in seconds.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from unittest.mock import patch

from PIL import Image

from unionsite import build as build_module
from unionsite import images as images_module
from unionsite import pictures as pictures_module
from unionsite.build import build
from unionsite.config import SiteConfig
from unionsite.images import ImageSettings, process_image
from unionsite.load import read_image
from unionsite.pictures import Pictures, prepare_pictures


def peak_kib() -> int:
    """The largest resident size of this process so far, or since `reset_peak` (Linux's VmHWM,
    as ru_maxrss reports it, in KiB)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])
    except (OSError, StopIteration, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak() -> bool:
    """Start counting the largest resident size afresh (Linux's clear_refs), where possible. The
    process's own largest size at its end is then only that of what followed (ru_maxrss too)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def resident_kib() -> int:
    """The resident size of this process now; 0 where /proc does not tell it."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def measured_build(site: Path, output: str, cache: str) -> dict[str, Any]:
    """Build `site`, watching its "images" stage through the functions the build calls: each
    image's reading (by which thread), the stage as a whole (memory), the cache's storing."""
    threads: set[int] = set()
    memory: dict[str, int | bool] = {}

    def reading(config: SiteConfig, relative: str) -> bytes:
        threads.add(threading.get_ident())
        return read_image(config, relative)

    @functools.wraps(prepare_pictures)
    def preparing(*arguments: Any, **options: Any) -> Pictures:
        memory["peak_before"], memory["before"] = peak_kib(), resident_kib()
        memory["reset"] = reset_peak()
        pictures = prepare_pictures(*arguments, **options)
        memory["peak"], memory["after"] = peak_kib(), resident_kib()
        return pictures

    with ExitStack() as patches:  # where the build's modules call them
        patches.enter_context(patch.object(pictures_module, "read_image", reading))
        patches.enter_context(patch.object(build_module, "prepare_pictures", preparing))
        report = build(site, output=output, cache=cache)
    pictures = report.checked.pictures
    return {
        "timings": dict(report.timings),
        "made": pictures.made,
        "cached": pictures.cached,
        "threads": len(threads),
        "files": len(pictures.files),
        "bytes_out": sum(source.stat().st_size for source in pictures.files.values()),
        "memory": memory,
        # This process's own largest resident size: not ru_maxrss, which Linux starts, at exec,
        # from the largest resident size of the process that started it (bench.py, holding much).
        "peak_kib": max(int(memory["peak_before"]), peak_kib()),
    }


def measured_image(file: Path) -> dict[str, Any]:
    """Process the image in `file` twice (see the module's description)."""
    data = file.read_bytes()
    settings = ImageSettings()
    Image.init()  # every format's plugin loaded before the memory is measured, as a build has them
    before, reset = resident_kib(), reset_peak()
    process_image(data, settings)
    added = peak_kib() - before
    encoding: dict[str, float] = defaultdict(float)
    encoded = images_module._encoded

    def timed(image: Image.Image, kind: str, options: Mapping[str, object]) -> bytes:
        started = time.perf_counter()
        try:
            return encoded(image, kind, options)
        finally:
            name = "webp-lossless" if options.get("lossless") else kind.lower()
            encoding[name] += time.perf_counter() - started

    with patch.object(images_module, "_encoded", timed):
        started = time.perf_counter()
        processed = process_image(data, settings)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "memory_kib": added,
        "reset": reset,
        "encoding": dict(encoding),
        "bytes_in": len(data),
        "bytes_out": sum(len(variant.data) for variant in processed.variants),
    }


def main() -> None:
    mode, *arguments = sys.argv[1:]
    if mode == "build":
        site, output, cache = arguments
        assert not Path(output).exists(), "a build for the benchmark starts from an empty output folder"
        print(json.dumps(measured_build(Path(site), output, cache)))
    elif mode == "one":
        print(json.dumps(measured_image(Path(arguments[0]))))
    else:
        raise SystemExit(f"unknown mode {mode!r}: build or one")


if __name__ == "__main__":
    main()
