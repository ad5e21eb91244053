"""Images for the fixture site, made in code: a network's logo, and a page with a phone's photo
(stored sideways, with GPS positions in its EXIF) under its title and images in its text, one of
them decorative and one a drawing in SVG. Each record with images has a folder of its own."""

from __future__ import annotations

import io

from PIL import Image

from tests.conftest import FIXTURE_CONTENT

GAMMA = "content/organizations/gamma/index.yaml"
EVENT_TR = "content/pages/alpha/etkinlik/index.tr.md"
EVENT_EN = "content/pages/alpha/etkinlik/index.en.md"
PHOTO = "content/pages/alpha/etkinlik/salon.jpg"
GPS_IFD = 0x8825
ORIENTATION = 0x0112
STORED_SIDEWAYS = 6  # the camera was turned: show the stored pixels turned 90° clockwise


def photo(width: int = 1600, height: int = 1200, *, sideways: bool = True, gps: bool = True) -> bytes:
    """A JPEG as a phone writes it: its pixels stored as the sensor saw them (wider than high,
    red on the left, blue on the right), an EXIF orientation saying how to turn them, and the
    place it was taken."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (width // 2, 0, width, height))
    exif = Image.Exif()
    if sideways:
        exif[ORIENTATION] = STORED_SIDEWAYS
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (41.0, 0.0, 36.0), 3: "E", 4: (28.0, 58.0, 48.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def logo(size: int = 600) -> bytes:
    """A PNG with transparent corners, as a logo is."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    image.paste((20, 90, 160, 255), (size // 4, size // 4, 3 * size // 4, 3 * size // 4))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


MAP_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
    '<rect width="200" height="100" fill="#e0ecf4"/><circle cx="60" cy="50" r="20" fill="#08519c"/></svg>\n'
)

_EVENT_TR = """\
---
title: Kent Buluşması
image:
  file: salon.jpg
  alt:
    tr: Buluşmanın yapıldığı salon, kırmızı ve mavi duvarlarıyla
    en: The hall of the meeting, with its red and blue walls
---

Birlik üyeleri kent buluşmasında bir araya geldi.

![Buluşma yerini gösteren harita](harita.svg)

![""](cizgi.png)

Toplantının ardından [Gamma](@organization:gamma) ağının logosu tanıtıldı.
"""

_EVENT_EN = """\
---
title: City Meeting
---

The union's members met at the city meeting.

![A map showing where the meeting was held](harita.svg)

![""](cizgi.png)
"""

_GAMMA = (
    "name: Gamma Network\nkinds: [network]\nwebsite: https://gamma.example/\n"
    "description:\n  tr: Gamma, yerel yönetimlerin ağıdır.\n"
    "  en: Gamma is a network of local governments.\n"
    "image:\n  file: logo.png\n  alt: {tr: Gamma ağının logosu, en: The logo of the Gamma network}\n"
)


def pictured_files() -> dict[str, str | bytes]:
    """The fixture site's files with the images: gamma and the event page in folders of their own."""
    line = Image.new("RGB", (800, 8), (120, 120, 120))
    buffer = io.BytesIO()
    line.save(buffer, "PNG")
    return {
        **FIXTURE_CONTENT,
        "content/organizations/gamma.yaml": "",
        GAMMA: _GAMMA,
        "content/organizations/gamma/logo.png": logo(),
        EVENT_TR: _EVENT_TR,
        EVENT_EN: _EVENT_EN,
        PHOTO: photo(),
        "content/pages/alpha/etkinlik/harita.svg": MAP_SVG,
        "content/pages/alpha/etkinlik/cizgi.png": buffer.getvalue(),
    }
