"""One build in this fresh process, for bench.py: prints the stage timings, the number of pages
and of Markdown texts read from the cache as JSON.
Usage: python bench/clean_build.py SITE OUTPUT CACHE (OUTPUT must not exist; CACHE may)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from unionsite.build import build


def main() -> None:
    site, output, cache = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    assert not Path(output).exists(), "a build for the benchmark starts from an empty output folder"
    report = build(site, output=output, cache=cache)
    pages = sum(1 for file in report.rendered.files if file.path.endswith(".html"))
    print(json.dumps({"timings": dict(report.timings), "pages": pages, "cached": report.markdown[0]}))


if __name__ == "__main__":
    main()
