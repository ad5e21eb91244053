"""Screenshots of a built site, served as a static host serves it, for a look at its design: the
news lists, a news item with an image and an upcoming event, in Turkish and in English, each as a
full-page PNG at a phone's width and at a laptop's (<name>-<width>.png, 12 files), saved with
Pillow's smallest lossless encoding. Chromium is $CHROMIUM, or Debian's.

    python tests/browser/screenshots.py build/example docs/screenshots
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.browser.host import static_host

WIDTHS = (390, 1280)
EVENT = "adriyatik-ege-bulusmasi-2027"  # the upcoming event abroad; its calendar file's UID names it
ENGLISH = re.compile(r'<link rel="alternate" hreflang="en" href="([^"]+)"')


def _address(output: Path, page: Path) -> str:
    """The address in the site of the page `page` (a folder of `output`): "/tr/haberler/x/"."""
    return f"/{page.relative_to(output).as_posix()}/"


def _english(output: Path, page: Path) -> str:
    """The address of the English version of the Turkish page in the folder `page`."""
    found = ENGLISH.search((page / "index.html").read_text(encoding="utf-8"))
    if found is None:
        raise LookupError(f"{_address(output, page)} has no English version")
    return urlsplit(found[1]).path


def _folder(section: Path, files: str, text: str) -> Path:
    """The first folder of `section` with a file matching `files` that holds `text`."""
    for file in sorted(section.glob(f"*/{files}")):
        if text in file.read_text(encoding="utf-8"):
            return file.parent
    raise LookupError(f"no {files} under {section} holds {text!r}")


def shots(output: Path) -> list[dict[str, str]]:
    """The pages to photograph in the site built in `output`, each as {"path": ..., "name": ...}:
    the first Turkish news item with an image, the event `EVENT`, and their English versions."""
    news = _folder(output / "tr/haberler", "index.html", "<picture")
    event = _folder(output / "tr/etkinlikler", "*.ics", f"UID:{EVENT}@")
    pages = {
        "news-list": "/tr/haberler/",
        "news-item": _address(output, news),
        "event": _address(output, event),
    }
    english = {
        "news-list": "/en/news/",
        "news-item": _english(output, news),
        "event": _english(output, event),
    }
    return [
        {"path": path, "name": f"{name}-{language}"}
        for language, addresses in (("tr", pages), ("en", english))
        for name, path in addresses.items()
    ]


def screenshots(output: Path, folder: Path, widths: Sequence[int] = WIDTHS) -> list[Path]:
    """Photographs the pages of `shots` at each width into `folder`; returns the files written."""
    with static_host(output) as base:
        request = {"base": base, "shots": shots(output), "widths": list(widths), "out": str(folder)}
        result = subprocess.run(
            ["node", str(Path(__file__).with_name("screenshots.mjs")), json.dumps(request)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ},
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"screenshots.mjs failed:\n{result.stderr}")
    files = [Path(line) for line in result.stdout.splitlines()]
    for file in files:
        with Image.open(file) as image:
            image.load()
        image.save(file, optimize=True)
    return files


def main(arguments: Sequence[str]) -> int:
    output = Path(arguments[0] if arguments else "build")
    folder = Path(arguments[1] if len(arguments) > 1 else "docs/screenshots")
    try:
        files = screenshots(output, folder)
    except (RuntimeError, LookupError) as error:
        print(error, file=sys.stderr)
        return 1
    for file in files:
        print(f"{file} {file.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
