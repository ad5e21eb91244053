"""The image benchmark's site: the synthetic site of bench/generate.py with photographs and logos,
the same for the same arguments.

Some organizations get a folder of their own (`organizations/<id>/index.yaml`) with one image
beside it, shown as the record's `image`: first the photographs, JPEGs as a phone writes them
(quality 90, about 3.5 MB at 4000×3000, a quarter of them stored on their side with an EXIF
orientation saying so), of soft shapes over gradients with a fine texture and a sensor's grain,
so that the decoder and every encoder have real work to do, at every size; then the logos, PNGs
with transparent backgrounds, flat colours and smooth edges. Every image is a different one.

    python bench/photos.py 1000 /tmp/site [--photos 200] [--logos 10] [--photo-size 4000x3000]
"""

from __future__ import annotations

import argparse
import io
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generate import generate
from PIL import Image, ImageChops, ImageDraw

ORIENTATION = 0x0112  # EXIF: how to turn the stored pixels to show them upright
STORED_SIDEWAYS = 6  # a phone held upright: its pixels stored turned, shown turned 90° clockwise
MAKE, MODEL = 0x010F, 0x0110
GRAIN_MARGIN = 256  # the grain is cut from a larger field, at a different place for each photo
TEXTURE = 6  # pixels across the texture's specks


@dataclass(frozen=True)
class ImageSet:
    """What a pictured site holds: how many photographs and logos, and their bytes."""

    photos: int
    logos: int
    photo_size: tuple[int, int]
    photo_bytes: int
    logo_bytes: int
    photo_paths: tuple[str, ...]  # from the site's root
    logo_paths: tuple[str, ...]

    @property
    def images(self) -> int:
        return self.photos + self.logos

    @property
    def bytes_in(self) -> int:
        return self.photo_bytes + self.logo_bytes

    def describe(self) -> str:
        width, height = self.photo_size
        return f"{self.photos} JPEG photos {width}x{height} + {self.logos} PNG logos"


def _noise(rng: random.Random, size: tuple[int, int], spread: int) -> Image.Image:
    """Noise around 128, each pixel drawn evenly from 128 ± `spread`, from `rng` alone (Pillow's
    own noise draws from C's rand(), the same only in a fresh process)."""
    pixels = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    return pixels.point(lambda v: 128 + (v - 128) * spread // 128)


def _grain(rng: random.Random, size: tuple[int, int]) -> list[Image.Image]:
    """Three fields of noise (one per channel), larger than a photo: a sensor's grain in each, and
    in all three alike the texture of things (foliage, fabric, brick) a few pixels across, which
    reduced sizes keep. Each photo cuts its own from these, all three at one place."""
    width, height = size
    field = (width + GRAIN_MARGIN, height + GRAIN_MARGIN)
    coarse = (max(1, field[0] // TEXTURE), max(1, field[1] // TEXTURE))
    texture = _noise(rng, coarse, 40).resize(field, Image.Resampling.BICUBIC)
    return [ImageChops.add(texture, _noise(rng, field, rng.randint(9, 15)), 1.0, -128) for _ in range(3)]


def photo(rng: random.Random, size: tuple[int, int], grain: list[Image.Image]) -> bytes:
    """A JPEG of `size` (as stored): gradients, a dozen soft-edged shapes, texture and grain."""
    width, height = size
    gradients = (Image.linear_gradient("L"), Image.radial_gradient("L"))
    channels = []
    for _ in range(3):
        low, high = rng.randint(0, 110), rng.randint(140, 255)
        gradient = rng.choice(gradients).rotate(rng.uniform(0, 360), fillcolor=low)
        channels.append(gradient.point(lambda v, low=low, high=high: low + (high - low) * v // 255))
    # Shapes drawn at a quarter of the size and enlarged with the gradients: soft edges, as a
    # lens makes them, and little time spent drawing.
    quarter = (max(1, width // 4), max(1, height // 4))
    small = Image.merge("RGB", channels).resize(quarter, Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(small)
    for _ in range(rng.randint(8, 16)):
        x, y = rng.randrange(small.width), rng.randrange(small.height)
        half = (
            rng.randint(small.width // 40, small.width // 6),
            rng.randint(small.height // 40, small.height // 6),
        )
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x - half[0], y - half[1], x + half[0], y + half[1]), fill=colour)
    picture = small.resize(size, Image.Resampling.BICUBIC)
    dx, dy = rng.randrange(GRAIN_MARGIN), rng.randrange(GRAIN_MARGIN)
    order = rng.sample(grain, 3)
    noise = Image.merge("RGB", [field.crop((dx, dy, dx + width, dy + height)) for field in order])
    picture = ImageChops.add(picture, noise, 1.0, -128)
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "Bench", "Phone 1"
    if rng.random() < 0.25:
        exif[ORIENTATION] = STORED_SIDEWAYS
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def another_photo(size: tuple[int, int], seed: int) -> bytes:
    """A photo none of a site's is: one an editor puts in place of another."""
    rng = random.Random(f"another {seed}")
    return photo(rng, size, _grain(rng, size))


def logo(rng: random.Random, photo_width: int) -> bytes:
    """A PNG logo from an eighth to two fifths of a photo's width a side (512 to 1600 pixels
    beside 4000-pixel photos): a few flat shapes and bars on a transparent background, drawn at
    twice the size and reduced, for smooth edges."""
    side = rng.randint(max(8, photo_width // 8), max(8, 2 * photo_width // 5))
    image = Image.new("RGBA", (2 * side, 2 * side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colours = [(rng.randrange(200), rng.randrange(200), rng.randrange(256), 255) for _ in range(3)]
    draw.ellipse((side // 4, side // 4, 7 * side // 4, 7 * side // 4), fill=colours[0])
    draw.regular_polygon((side, side, 2 * side // 3), rng.randint(3, 8), rng.uniform(0, 90), fill=colours[1])
    for bar in range(rng.randint(2, 5)):  # the lines of a name under the mark
        top = 7 * side // 4 + bar * side // 16
        draw.rectangle(
            (side // 3, top, side // 3 + rng.randint(side // 2, 4 * side // 3), top + side // 24),
            fill=colours[2],
        )
    buffer = io.BytesIO()
    image.resize((side, side), Image.Resampling.LANCZOS).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _record(text: str, file: str, number: int) -> str:
    """An organization's record with its image."""
    if file.endswith(".jpg"):
        alt = (
            f"Birliğin {number}. binası ve çevresi",
            f"The union's building number {number} and its surroundings",
        )
    else:
        alt = f"Birlik {number} logosu", f"The logo of union {number}"
    return f"{text}image:\n  file: {file}\n  alt:\n    tr: {alt[0]}\n    en: {alt[1]}\n"


def picture_site(
    count: int,
    target: Path,
    *,
    photos: int = 200,
    logos: int = 10,
    photo_size: tuple[int, int] = (4000, 3000),
    seed: int = 2026,
) -> ImageSet:
    """Write the synthetic site of `count` organizations into `target`, `photos` of them with a
    photograph and `logos` more with a logo, spread over the site; made in as many threads as
    there are cores (Pillow makes them outside Python's lock)."""
    if photos + logos > count:
        raise ValueError(f"{photos} photos and {logos} logos need as many organizations, not {count}")
    generate(count, target, seed)
    rng = random.Random(seed)
    grain = _grain(rng, photo_size)
    # Each image its own random generator, seeded in order: the same bytes whatever the threads.
    makers: list[Callable[[], bytes]] = [
        partial(photo, random.Random(rng.random()), photo_size, grain) for _ in range(photos)
    ]
    makers += [partial(logo, random.Random(rng.random()), photo_size[0]) for _ in range(logos)]
    step = count // (photos + logos)
    organizations = target / "content" / "organizations"
    paths: list[str] = []
    sizes: list[int] = []
    with ThreadPoolExecutor() as pool:  # each written as soon as made: few are in memory at once
        for number, data in enumerate(pool.map(lambda make: make(), makers)):
            organization = f"org-{number * step:05d}"
            file = "photo.jpg" if number < photos else "logo.png"
            single = organizations / f"{organization}.yaml"
            folder = organizations / organization
            folder.mkdir()
            (folder / "index.yaml").write_text(_record(single.read_text("utf-8"), file, number), "utf-8")
            single.unlink()
            (folder / file).write_bytes(data)
            paths.append(f"content/organizations/{organization}/{file}")
            sizes.append(len(data))
    return ImageSet(
        photos,
        logos,
        photo_size,
        sum(sizes[:photos]),
        sum(sizes[photos:]),
        tuple(paths[:photos]),
        tuple(paths[photos:]),
    )


def size(text: str) -> tuple[int, int]:
    """'4000x3000' → (4000, 3000)."""
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--logos", type=int, default=10)
    parser.add_argument("--photo-size", type=size, default=(4000, 3000))
    arguments = parser.parse_args()
    made = picture_site(
        arguments.count,
        arguments.target,
        photos=arguments.photos,
        logos=arguments.logos,
        photo_size=arguments.photo_size,
    )
    print(f"{made.describe()}: {made.bytes_in / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
