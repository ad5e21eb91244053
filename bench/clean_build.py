"""One clean build in this fresh process, for bench.py: prints the stage timings and the number of
pages as JSON. Usage: python bench/clean_build.py SITE OUTPUT (OUTPUT must not exist)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from unionsite.build import build


def main() -> None:
    site, output = Path(sys.argv[1]), sys.argv[2]
    assert not Path(output).exists(), "a clean build starts from an empty output folder"
    report = build(site, output=output)
    pages = sum(1 for file in report.rendered.files if file.path.endswith(".html"))
    print(json.dumps({"timings": dict(report.timings), "pages": pages}))


if __name__ == "__main__":
    main()
