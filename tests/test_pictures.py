"""The images of a site, end to end: found beside their records, made once and kept in the cache on
disk, written with the pages that show them; every image the build refuses an error at each place
that shows it, with the last good site kept."""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from unionsite.build import build, rebuild
from unionsite.cli import NOTHING_WRITTEN, main
from unionsite.errors import ContentErrors

from .conftest import FIXTURE_CONTENT, make_site, tree, write_file
from .pictured import EVENT_TR, GPS_IFD, PHOTO, photo, pictured_files

EVENT_PAGE = "tr/kuruluslar/alfa/etkinlik/index.html"
GAMMA_PAGE = "en/organizations/gamma-network/index.html"


@pytest.fixture
def pictured(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {k: v for k, v in pictured_files().items() if v != ""})


def images_of(output: Path) -> dict[str, bytes]:
    return {name: data for name, data in tree(output).items() if name.startswith("images/")}


def test_a_site_with_images_builds_them_in_every_width_and_format(pictured: Path) -> None:
    report = build(pictured, workers=1)
    assert (report.warnings.errors, report.warnings.warnings) == ((), ())
    made = sorted(images_of(pictured / "build"))
    photo_key = next(name for name in made if name.startswith("images/salon-")).split(".")[1]
    assert [name for name in made if name.startswith("images/salon-")] == [
        f"images/salon-{width}.{photo_key}.{extension}"
        for width in (1200, 480, 960)  # the photo stands upright: 1200 wide, under the 1440 asked for
        for extension in ("jpg", "webp")
    ]
    assert len(made) == 15  # the photo 3 × 2, the logo and the line 2 × 2 each, the map's SVG
    assert report.checked.pictures.made == 4


def test_a_phone_photo_comes_out_upright_and_without_its_gps_position(pictured: Path) -> None:
    original = Image.open(pictured / PHOTO)
    assert original.size == (1600, 1200) and GPS_IFD in original.getexif()
    build(pictured, workers=1)
    for name, data in images_of(pictured / "build").items():
        if name.startswith("images/salon-"):
            shown = Image.open(io.BytesIO(data))
            width, height = shown.size
            assert height > width, name  # stored sideways, turned as its EXIF said
            top, bottom = (
                shown.convert("RGB").getpixel((width // 2, 2)),
                shown.getpixel((width // 2, height - 3)),
            )
            assert isinstance(top, tuple) and top[0] > 150 > top[2], name  # the red half is on top
            assert isinstance(bottom, tuple) and bottom[2] > 150 > bottom[0], name
            assert not shown.getexif() and "exif" not in shown.info and "icc_profile" not in shown.info, name


def test_pages_show_each_image_as_a_picture_described_in_their_language(pictured: Path) -> None:
    build(pictured, workers=1)
    event = (pictured / "build" / EVENT_PAGE).read_text("utf-8")
    assert event.count("<picture>") == 3
    assert 'alt="Buluşmanın yapıldığı salon, kırmızı ve mavi duvarlarıyla" fetchpriority="high"' in event
    assert 'alt="Buluşma yerini gösteren harita" loading="lazy"' in event
    assert 'alt="" loading="lazy"' in event  # the decorative line
    assert 'width="1200" height="1600"' in event
    gamma = (pictured / "build" / GAMMA_PAGE).read_text("utf-8")
    assert 'alt="The logo of the Gamma network" fetchpriority="high"' in gamma
    assert '<source type="image/webp" srcset="/images/logo-480.' in gamma
    # Shared on another site, the page shows its image's largest size, described.
    shared = re.search(
        r'<meta property="og:image" content="(https://example.org/images/logo-600\.\w+\.png)">', gamma
    )
    assert (
        shared is not None and (pictured / "build" / shared[1].removeprefix("https://example.org/")).is_file()
    )
    assert '<meta property="og:image:alt" content="The logo of the Gamma network">' in gamma
    data = json.loads(gamma.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["image"] == {
        "@type": "ImageObject",
        "contentUrl": shared[1],
        "width": 600,
        "height": 600,
        "description": "The logo of the Gamma network",
    }


def test_two_builds_make_the_same_bytes_and_the_second_takes_them_from_the_cache(pictured: Path) -> None:
    build(pictured, workers=1)
    first = images_of(pictured / "build")
    again = build(pictured, workers=1)
    assert (again.checked.pictures.made, again.checked.pictures.cached) == (0, 4)
    assert images_of(pictured / "build") == first
    shutil.rmtree(pictured / ".cache" / "images")
    anew = build(pictured, workers=2)
    assert (anew.checked.pictures.made, anew.checked.pictures.cached) == (4, 0)
    assert images_of(pictured / "build") == first


def test_a_changed_image_gets_new_addresses_and_the_old_files_go(pictured: Path) -> None:
    report = build(pictured, workers=1)
    before = images_of(pictured / "build")
    write_file(pictured / PHOTO, photo(900, 600, sideways=False))
    after = rebuild(report, changed=[pictured / PHOTO])  # as the preview's watcher reports it
    now = images_of(pictured / "build")
    salon = sorted(name for name in now if name.startswith("images/salon-"))
    assert salon and not set(salon) & set(before)
    assert [name.split(".")[0] for name in salon] == [
        "images/salon-480",
        "images/salon-480",
        "images/salon-900",
        "images/salon-900",
    ]
    event = (pictured / "build" / EVENT_PAGE).read_text("utf-8")
    assert 'width="900" height="600"' in event and salon[0].split("/")[1] in event
    assert EVENT_PAGE in after.written
    assert tree(pictured / "build") == _full_build(pictured)


def _full_build(site: Path) -> dict[str, bytes]:
    build(site, output="again", workers=1)
    return tree(site / "again")


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` × `height` pixels, with almost no data behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


SCRIPTED_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n<script>alert(1)</script></svg>\n'
)
WHERE = f"{EVENT_TR}:4:9: image 'salon.jpg' "

BAD_IMAGES: dict[str, tuple[dict[str, str | bytes], str]] = {
    "not-an-image": (
        {PHOTO: "Bu bir fotoğraf değil.\n"},
        WHERE + "is not an image: give a JPEG, PNG, WebP, GIF or SVG file",
    ),
    "truncated": (
        {PHOTO: photo()[:5000]},
        WHERE + "is damaged or cut short: open it in an image program and save it again",
    ),
    "bomb": (
        {PHOTO: _png_claiming(40_000, 40_000)},
        WHERE + "claims 40,000 × 40,000 pixels in its header, too many to open safely: refused unread as a "
        "possible decompression bomb (a file made to fill the memory); if it is a real photo, make it "
        "smaller before adding it",
    ),
    "over-the-limit": (
        {"site.yaml": FIXTURE_CONTENT["site.yaml"] + "images: {max_megapixels: 1}\n"},
        WHERE
        + "has 1,600 × 1,200 pixels (2.0 megapixels), over the site's limit of 1 (images.max_megapixels "
        "in site.yaml): make it smaller before adding it",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_IMAGES))
def test_an_image_the_build_refuses_is_an_error_where_it_is_shown_and_the_last_good_site_stays(
    case: str, pictured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--site", str(pictured)]) == 0
    good = tree(pictured / "build")
    changes, message = BAD_IMAGES[case]
    for relative, content in changes.items():
        write_file(pictured / relative, content)
    capsys.readouterr()
    assert main(["build", "--site", str(pictured)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message + "\n"), err
    assert err.endswith("1 error, 0 warnings\n" + NOTHING_WRITTEN + "\n")
    assert tree(pictured / "build") == good


def test_an_svg_with_a_script_is_an_error_at_each_text_that_shows_it(pictured: Path) -> None:
    write_file(pictured / "content/pages/alpha/etkinlik/harita.svg", SCRIPTED_SVG)
    with pytest.raises(ContentErrors) as caught:
        build(pictured, workers=1)
    assert [f"{p.source}: {p.message}" for p in caught.value.report.errors] == [
        f"content/pages/alpha/etkinlik/index.{language}.md:{line}:{column}: image 'harita.svg' is an SVG "
        "with a script (<script>, line 2): an image may hold no scripts; remove it, or export the drawing "
        "again as plain SVG"
        for language, line, column in (("en", 7, 45), ("tr", 12, 35))
    ]


def test_a_file_beside_a_record_that_no_record_shows_is_a_warning(pictured: Path) -> None:
    write_file(pictured / "content/pages/alpha/etkinlik/eski-salon.jpg", photo(40, 30))
    report = build(pictured, workers=1)
    assert [f"{p.source}: {p.message}" for p in report.warnings.warnings] == [
        "content/pages/alpha/etkinlik/eski-salon.jpg: no record shows this file, so it is not published: "
        "show it, or remove it"
    ]
    assert not any("eski-salon" in name for name in images_of(pictured / "build"))


def test_a_site_given_by_a_relative_path_reads_its_caches(
    pictured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(pictured, workers=1)
    monkeypatch.chdir(pictured.parent)
    again = build(Path(pictured.name), workers=1)
    assert (again.checked.pictures.made, again.checked.pictures.cached) == (0, 4)
    assert again.markdown[1] == 0  # every text from the cache too


def cached_keys(site: Path) -> set[str]:
    return {folder.name for folder in (site / ".cache" / "images").glob("*/*") if folder.is_dir()}


def test_the_cache_keeps_each_image_whole_and_a_full_build_only_those_the_site_shows(pictured: Path) -> None:
    report = build(pictured, workers=1)
    keys = {entry.key for entry in report.checked.pictures.entries.values()}
    assert cached_keys(pictured) == keys and len(keys) == 4
    for key in keys:  # the description, then a file for each size and format
        folder = pictured / ".cache" / "images" / key[:2] / key
        assert (folder / "image.json").is_file() and len(list(folder.iterdir())) > 1
    gamma = pictured / "content/organizations/gamma/index.yaml"
    gamma.write_text(gamma.read_text("utf-8").split("image:")[0], "utf-8")
    (pictured / "content/organizations/gamma/logo.png").unlink()
    again = build(pictured, workers=1)
    assert cached_keys(pictured) == {entry.key for entry in again.checked.pictures.entries.values()}
    assert len(cached_keys(pictured)) == 3 and cached_keys(pictured) < keys


def test_an_image_whose_files_the_cache_lost_is_made_again(pictured: Path) -> None:
    build(pictured, workers=1)
    first = images_of(pictured / "build")
    lost = next((pictured / ".cache" / "images").glob("*/*/0.*"))
    lost.unlink()
    again = build(pictured, workers=1)
    assert (again.checked.pictures.made, again.checked.pictures.cached) == (1, 3)
    assert images_of(pictured / "build") == first


def test_a_cache_folder_that_cannot_be_written_is_an_error_and_nothing_is_written(
    pictured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (pictured / "blocked").write_text("a file where the cache folder would be\n", "utf-8")
    write_file(pictured / "site.yaml", FIXTURE_CONTENT["site.yaml"] + "cache_dir: blocked\n")
    assert main(["build", "--site", str(pictured)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{pictured / 'blocked' / 'images'}"), err
    assert "cannot write the image cache" in err and "cache_dir in site.yaml" in err
    assert not (pictured / "build").exists()


def test_an_image_that_is_a_link_out_of_the_site_is_refused_unread(pictured: Path) -> None:
    (pictured / PHOTO).unlink()
    (pictured / PHOTO).symlink_to("/etc/passwd")
    with pytest.raises(ContentErrors) as caught:
        build(pictured, workers=1)
    (problem,) = caught.value.report.errors
    assert f"{problem.source}: {problem.message}" == (
        f"{WHERE}cannot be read: a symbolic link that leads outside the site: not read; "
        "put the file itself here"
    )
