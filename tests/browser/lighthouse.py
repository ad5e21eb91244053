"""Lighthouse (mobile preset) on pages of a built site, served as a static host serves it (both
home pages unless others are named): prints each score, and under a score of less than 95 the
audits that cost it points; exits 1 if any score is under 95.

    python tests/browser/lighthouse.py build [/tr/kuruluslar/alfa/ ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.browser.host import static_host

FLOOR = 95
HOMES = ("/tr/", "/en/")


def lighthouse(output: Path, pages: Sequence[str] = HOMES) -> dict[str, dict[str, Any]]:
    """Lighthouse's report of each page (its address in the site: "/tr/") of the site built in
    `output`: its `scores` by category (0-100), the audits that `lost` points, its `metrics`.
    Chromium is $CHROMIUM, or Debian's."""
    with static_host(output) as base:
        result = subprocess.run(
            ["node", str(Path(__file__).with_name("lighthouse.mjs")), *(base + page for page in pages)],
            capture_output=True,
            text=True,
            timeout=120 + 60 * len(pages),
            env={**os.environ},
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse.mjs failed:\n{result.stderr}")
    report: dict[str, dict[str, Any]] = json.loads(result.stdout)
    return {address.removeprefix(base): page for address, page in report.items()}


def main(arguments: Sequence[str]) -> int:
    output = Path(arguments[0] if arguments else "build")
    try:
        report = lighthouse(output, arguments[1:] or HOMES)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    low = False
    for page, result in report.items():
        for category, score in result["scores"].items():
            print(f"lighthouse {page} {category}: {score}")
        if min(result["scores"].values()) < FLOOR:
            low = True
            print(f"lighthouse {page} under {FLOOR}, points lost to:", *result["lost"], sep="\n  ")
            print("  metrics:", ", ".join(f"{name} {value}" for name, value in result["metrics"].items()))
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
