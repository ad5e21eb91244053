"""One build in this fresh process, for bench.py: prints the stage timings, the number of pages,
the largest page (its size and path) and the number of Markdown texts read from the cache as JSON.
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
    html = [file for file in report.rendered.files if file.path.endswith(".html")]
    largest = max(html, key=lambda file: len(file.content))
    print(
        json.dumps(
            {
                "timings": dict(report.timings),
                "pages": len(html),
                "largest_page": [len(largest.content), largest.path],
                "cached": report.markdown[0],
            }
        )
    )


if __name__ == "__main__":
    main()
