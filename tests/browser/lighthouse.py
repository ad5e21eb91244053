"""Lighthouse (mobile preset) on both home pages of a built site, served as a static host serves
it: prints each score and exits 1 if any is under 95.

    python tests/browser/lighthouse.py build
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.browser.host import static_host

FLOOR = 95
HOMES = ("/tr/", "/en/")


def main() -> int:
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "build")
    with static_host(output) as base:
        result = subprocess.run(
            ["node", str(Path(__file__).with_name("lighthouse.mjs")), *(base + home for home in HOMES)],
            capture_output=True,
            text=True,
            env={**os.environ},
            check=False,
        )
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return 1
    scores: dict[str, dict[str, int]] = json.loads(result.stdout)
    low = False
    for address, categories in scores.items():
        home = address.removeprefix(base)
        for category, score in categories.items():
            print(f"lighthouse {home} {category}: {score}")
            low = low or score < FLOOR
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
