"""images: an image file's bytes → its sizes as WebP and in its own format, upright, in sRGB and
with no metadata; an SVG kept as it is when it holds only drawing; anything else refused with a
message an editor can act on. Every image is made here, in memory."""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import PIL
import pytest
from PIL import ExifTags, Image, ImageCms, JpegImagePlugin
from PIL.PngImagePlugin import PngImageFile, PngInfo

from unionsite import images
from unionsite.images import (
    DAMAGED,
    NOT_AN_IMAGE,
    SVG_WITHOUT_SIZE,
    ImageRefused,
    ImageSettings,
    Processed,
    Shape,
    Variant,
    cache_key,
    describe,
    process_image,
    shapes,
)

SMALL = ImageSettings(widths=(40, 80, 120))  # sizes that keep the suite fast
DEFAULT = ImageSettings()
RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)
EXPORT_AGAIN = "remove it, or export the drawing again as plain SVG"
OWN_PARTS = "an image may refer only to its own parts (#name)"


# ---------------------------------------------------------------------------------------------
# Making images


def encoded(image: Image.Image, kind: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def photo(width: int, height: int) -> Image.Image:
    """A smooth picture with something in every channel, like a photo's."""
    size = (width, height)
    return Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.linear_gradient("L").rotate(90).resize(size),
        ),
    )


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few bytes whose header claims `width` × `height` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + png_chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF) is changed to claim `width` × `height` pixels."""
    data = bytearray(encoded(photo(16, 16), "JPEG"))
    frame = data.index(b"\xff\xc0") + 5  # marker, length, precision: then height and width
    data[frame : frame + 4] = struct.pack(">HH", height, width)
    return bytes(data)


def swapped_profile() -> bytes:
    """sRGB with its red and green primaries swapped: what it calls red is sRGB's green."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack(">I", data[128:132])
    entries = {bytes(data[132 + 12 * i : 136 + 12 * i]): 132 + 12 * i for i in range(count)}
    red, green = entries[b"rXYZ"], entries[b"gXYZ"]
    data[red + 4 : red + 12], data[green + 4 : green + 12] = (
        data[green + 4 : green + 12],
        data[red + 4 : red + 12],
    )
    return bytes(data)


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefon"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (41.0, 0.0, 54.0)
    return exif


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'


def refusal(data: bytes, settings: ImageSettings = SMALL) -> str:
    with pytest.raises(ImageRefused) as caught:
        process_image(data, settings)
    return caught.value.message


def reopened(variant: Variant) -> Image.Image:
    image = Image.open(io.BytesIO(variant.data))
    image.load()
    return image


def sizes(processed: Processed) -> list[tuple[str, int, int]]:
    return [(variant.extension, variant.width, variant.height) for variant in processed.variants]


def near(colour: object, expected: tuple[int, ...], tolerance: int = 40) -> bool:
    assert isinstance(colour, tuple)
    return all(abs(int(a) - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def webp_chunks(data: bytes) -> list[bytes]:
    chunks, position = [], 12
    while position + 8 <= len(data):
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        chunks.append(data[position : position + 4])
        position += 8 + size + (size & 1)
    return chunks


def assert_no_metadata(processed: Processed) -> None:
    for variant in processed.variants:
        image = reopened(variant)
        leaked = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Raw profile type exif"}
        assert not leaked & set(image.info), variant.media_type
        assert len(image.getexif()) == 0
        assert not isinstance(image, PngImageFile) or image.text == {}
        for marker in (b"Exif", b"GPS", b"Telefon", b"ICC_PROFILE", b"adobe:ns:meta", b"Yorum"):
            assert marker not in variant.data, (variant.media_type, marker)
        for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP", b"ICCP", b"EXIF", b"XMP "):
            assert chunk not in variant.data, (variant.media_type, chunk)


# ---------------------------------------------------------------------------------------------
# Sizes and formats


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((2000, 1000), [(480, 240), (960, 480), (1440, 720)]),  # wide: every width
        ((1440, 720), [(480, 240), (960, 480), (1440, 720)]),  # exactly the largest
        ((1000, 500), [(480, 240), (960, 480), (1000, 500)]),  # mid-size: its own as the largest
        ((960, 480), [(480, 240), (960, 480)]),
        ((300, 150), [(300, 150)]),  # narrow: only its own, never upscaled
        ((1001, 333), [(480, 160), (960, 319), (1001, 333)]),  # heights rounded
    ],
)
def test_the_widths_a_page_may_ask_for_up_to_the_image_s_own(
    size: tuple[int, int], expected: list[tuple[int, int]]
) -> None:
    processed = process_image(encoded(Image.new("RGB", size, BLUE), "PNG"), DEFAULT)
    assert (processed.width, processed.height) == size
    assert sizes(processed) == [("webp", *each) for each in expected] + [("png", *each) for each in expected]
    for variant in processed.variants:
        assert reopened(variant).size == (variant.width, variant.height)


def test_a_jpeg_gives_lossy_webp_first_then_progressive_jpeg() -> None:
    processed = process_image(encoded(photo(200, 100), "JPEG"), SMALL)
    assert [variant.media_type for variant in processed.variants] == ["image/webp"] * 3 + ["image/jpeg"] * 3
    assert sizes(processed) == [
        ("webp", 40, 20),
        ("webp", 80, 40),
        ("webp", 120, 60),
        ("jpg", 40, 20),
        ("jpg", 80, 40),
        ("jpg", 120, 60),
    ]
    for variant in processed.variants[:3]:
        assert b"VP8 " in webp_chunks(variant.data)
        assert reopened(variant).format == "WEBP"
    for variant in processed.variants[3:]:
        image = reopened(variant)
        assert image.format == "JPEG" and image.mode == "RGB" and image.info.get("progressive")


def test_a_png_and_a_gif_give_lossless_webp_then_png() -> None:
    for kind in ("PNG", "GIF"):
        processed = process_image(encoded(photo(100, 50).convert("P"), kind), SMALL)
        expected = [(40, 20), (80, 40), (100, 50)]
        assert sizes(processed) == [("webp", *size) for size in expected] + [
            ("png", *size) for size in expected
        ]
        for variant in processed.variants[:3]:
            assert b"VP8L" in webp_chunks(variant.data)
        assert {reopened(variant).format for variant in processed.variants[3:]} == {"PNG"}


def test_a_webp_is_listed_once_lossy_or_lossless_as_it_came() -> None:
    lossy = process_image(encoded(photo(100, 50), "WEBP", quality=70), SMALL)
    assert sizes(lossy) == [("webp", 40, 20), ("webp", 80, 40), ("webp", 100, 50)]
    assert all(b"VP8 " in webp_chunks(variant.data) for variant in lossy.variants)
    lossless = process_image(encoded(photo(100, 50), "WEBP", lossless=True), SMALL)
    assert all(b"VP8L" in webp_chunks(variant.data) for variant in lossless.variants)
    assert [variant.media_type for variant in lossless.variants] == ["image/webp"] * 3


def test_a_camera_s_mpo_is_a_jpeg_not_an_animation() -> None:
    data = encoded(photo(100, 50), "MPO", save_all=True, append_images=[photo(50, 25)])
    assert Image.open(io.BytesIO(data)).format == "MPO"
    processed = process_image(data, SMALL)
    assert [variant.extension for variant in processed.variants] == [
        "webp",
        "webp",
        "webp",
        "jpg",
        "jpg",
        "jpg",
    ]


def test_the_format_comes_from_the_bytes_and_the_settings_quality_is_used() -> None:
    data = encoded(photo(200, 100), "JPEG")
    low = process_image(data, ImageSettings(widths=(120,), quality=20))
    high = process_image(data, ImageSettings(widths=(120,), quality=95))
    assert [variant.extension for variant in low.variants] == ["webp", "jpg"]
    assert all(len(a.data) < len(b.data) for a, b in zip(low.variants, high.variants, strict=True))


# ---------------------------------------------------------------------------------------------
# Upright, sRGB, alpha, modes


def sideways(stored: tuple[int, int]) -> bytes:
    """A JPEG stored on its side (EXIF orientation 6: turn it clockwise to show it), red in
    the stored top left quarter, blue elsewhere."""
    width, height = stored
    image = Image.new("RGB", stored, BLUE)
    image.paste(RED, (0, 0, width // 2, height // 2))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    return encoded(image, "JPEG", exif=exif, quality=95)


@pytest.mark.parametrize(
    ("stored", "settings", "expected"),
    [
        ((40, 20), SMALL, [(20, 40)]),
        # large enough for the decoder to scale it down by half first
        ((400, 200), ImageSettings(widths=(40, 80)), [(40, 80), (80, 160)]),
    ],
)
def test_a_photo_stored_sideways_comes_out_upright(
    stored: tuple[int, int], settings: ImageSettings, expected: list[tuple[int, int]]
) -> None:
    processed = process_image(sideways(stored), settings)
    assert (processed.width, processed.height) == (stored[1], stored[0])
    assert sizes(processed) == [("webp", *size) for size in expected] + [("jpg", *size) for size in expected]
    for variant in processed.variants:
        image = reopened(variant).convert("RGB")
        width, height = image.size
        # the stored top left is now the top right
        assert near(image.getpixel((width - 2, 1)), RED), variant
        assert near(image.getpixel((1, 1)), BLUE) and near(image.getpixel((1, height - 2)), BLUE)
        assert near(image.getpixel((width - 2, height - 2)), BLUE)
    assert_no_metadata(processed)


def test_a_large_jpeg_decoded_at_a_fraction_keeps_its_exact_sizes_and_colours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drafted: list[tuple[int, int]] = []
    draft = JpegImagePlugin.JpegImageFile.draft

    def spy(
        self: JpegImagePlugin.JpegImageFile, mode: str | None, size: tuple[int, int] | None
    ) -> tuple[str, tuple[int, int, float, float]] | None:
        result = draft(self, mode, size)
        drafted.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    image = Image.new("RGB", (1000, 800), GREEN)
    image.paste(RED, (0, 0, 500, 800))
    processed = process_image(encoded(image, "JPEG"), SMALL)
    assert drafted == [(125, 100)]  # an eighth: the least that still gives 120 pixels across
    assert sizes(processed)[:3] == [("webp", 40, 32), ("webp", 80, 64), ("webp", 120, 96)]
    largest = reopened(processed.variants[2]).convert("RGB")
    assert near(largest.getpixel((5, 50)), RED) and near(largest.getpixel((115, 50)), GREEN)


def test_gps_exif_and_every_other_metadata_are_gone_from_every_variant() -> None:
    data = encoded(photo(200, 100), "JPEG", exif=exif_with_gps(), comment=b"Yorum", xmp=XMP)
    original = Image.open(io.BytesIO(data))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == (41.0, 0.0, 54.0)
    assert original.info["comment"] == b"Yorum" and "xmp" in original.info
    processed = process_image(data, SMALL)
    assert len(processed.variants) == 6
    assert_no_metadata(processed)


def test_png_text_chunks_exif_and_profile_are_gone() -> None:
    text = PngInfo()
    text.add_text("Comment", "Yorum")
    text.add_itxt("Author", "Yorum", zip=True)
    text.add_text("XML:com.adobe.xmp", XMP.decode())
    data = encoded(photo(100, 50), "PNG", pnginfo=text, exif=exif_with_gps(), icc_profile=swapped_profile())
    original = Image.open(io.BytesIO(data))
    assert isinstance(original, PngImageFile) and original.text["Comment"] == "Yorum"
    assert_no_metadata(process_image(data, SMALL))


def test_webp_and_gif_metadata_are_gone() -> None:
    webp = encoded(photo(100, 50), "WEBP", exif=exif_with_gps(), icc_profile=swapped_profile(), xmp=XMP)
    assert {"exif", "icc_profile", "xmp"} <= set(Image.open(io.BytesIO(webp)).info)
    assert_no_metadata(process_image(webp, SMALL))
    gif = encoded(photo(100, 50).convert("P"), "GIF", comment=b"Yorum")
    assert Image.open(io.BytesIO(gif)).info["comment"] == b"Yorum"
    assert_no_metadata(process_image(gif, SMALL))


def test_colours_are_converted_from_the_embedded_profile_to_srgb_and_the_profile_dropped() -> None:
    data = encoded(Image.new("RGB", (60, 30), RED), "JPEG", icc_profile=swapped_profile(), quality=95)
    processed = process_image(data, SMALL)
    for variant in processed.variants:
        image = reopened(variant)
        assert "icc_profile" not in image.info
        # what the profile calls red is sRGB's green
        assert near(image.convert("RGB").getpixel((10, 10)), GREEN), variant
    assert_no_metadata(processed)


def test_a_profile_that_cannot_be_read_is_ignored_as_browsers_ignore_it() -> None:
    data = encoded(Image.new("RGB", (60, 30), RED), "PNG", icc_profile=b"not a profile at all")
    processed = process_image(data, SMALL)
    assert near(reopened(processed.variants[-1]).getpixel((10, 10)), RED, 0)
    assert_no_metadata(processed)


def test_a_cmyk_jpeg_becomes_rgb() -> None:
    data = encoded(Image.new("CMYK", (60, 30), (0, 255, 255, 0)), "JPEG", quality=95)
    assert Image.open(io.BytesIO(data)).mode == "CMYK"
    for variant in process_image(data, SMALL).variants:
        image = reopened(variant)
        assert image.mode == "RGB"
        assert near(image.getpixel((10, 10)), RED)


def test_alpha_is_kept_where_there_is_any_and_dropped_where_all_is_opaque() -> None:
    image = Image.new("RGBA", (100, 50), (*BLUE, 255))
    image.paste((0, 0, 0, 0), (0, 0, 50, 50))
    for variant in process_image(encoded(image, "PNG"), SMALL).variants:
        shown = reopened(variant)
        assert shown.mode == "RGBA", variant
        assert shown.getpixel((1, 1))[3] == 0  # type: ignore[index]
        assert shown.getpixel((shown.width - 2, 1)) == (*BLUE, 255)
    opaque = process_image(encoded(Image.new("RGBA", (100, 50), (*BLUE, 255)), "PNG"), SMALL)
    assert {reopened(variant).mode for variant in opaque.variants} == {"RGB"}


@pytest.mark.parametrize(
    ("image", "options", "png_mode", "pixel"),
    [
        (Image.new("P", (60, 30), 0), {"transparency": 0}, "RGBA", (0, 0, 0, 0)),  # palette + tRNS
        (Image.new("LA", (60, 30), (90, 128)), {}, "LA", (90, 128)),
        (Image.new("L", (60, 30), 90), {}, "L", 90),
        (Image.new("1", (60, 30), 1), {}, "L", 255),
        (Image.new("I;16", (60, 30), 40000), {}, "L", 155),  # 16-bit grey, scaled, not cut off
    ],
)
def test_other_modes_become_what_the_encoders_take(
    image: Image.Image, options: dict[str, object], png_mode: str, pixel: object
) -> None:
    processed = process_image(encoded(image, "PNG", **options), SMALL)
    webp, png = processed.variants[-1 - len(processed.variants) // 2], processed.variants[-1]
    assert reopened(png).mode == png_mode and reopened(png).getpixel((5, 5)) == pixel
    assert reopened(webp).mode in ("RGB", "RGBA")


def test_a_still_gif_with_transparency_keeps_it() -> None:
    image = Image.new("P", (60, 30), 1)
    image.putpalette([*RED, *BLUE] + [0] * 762)
    image.paste(0, (0, 0, 30, 30))
    processed = process_image(encoded(image, "GIF", transparency=0), SMALL)
    png = reopened(processed.variants[-1])
    assert png.mode == "RGBA" and png.getpixel((1, 1))[3] == 0  # type: ignore[index]
    assert png.getpixel((50, 5)) == (*BLUE, 255)


# ---------------------------------------------------------------------------------------------
# The same bytes every time, in any thread


def digest(processed: Processed) -> str:
    blobs = b"".join(variant.data for variant in processed.variants)
    return hashlib.sha256(describe(processed).encode() + blobs).hexdigest()


def samples() -> list[bytes]:
    return [
        encoded(photo(300, 200), "JPEG", exif=exif_with_gps()),
        sideways((400, 200)),
        encoded(photo(150, 100).convert("RGBA"), "PNG"),
        encoded(photo(150, 100).convert("P"), "GIF"),
        encoded(photo(150, 100), "WEBP"),
        encoded(Image.new("RGB", (60, 30), RED), "JPEG", icc_profile=swapped_profile()),
        CLEAN_SVG,
    ]


def test_the_same_bytes_and_settings_give_the_same_bytes() -> None:
    for data in samples():
        assert process_image(data, SMALL) == process_image(data, SMALL)


def test_a_fresh_program_makes_the_same_bytes() -> None:
    data = encoded(photo(300, 200), "JPEG", exif=exif_with_gps(), icc_profile=swapped_profile())
    script = (
        "import sys; from unionsite.images import ImageSettings, process_image\n"
        "from tests.test_images import digest\n"
        "print(digest(process_image(sys.stdin.buffer.read(), ImageSettings(widths=(40, 80, 120)))))\n"
    )
    root = Path(__file__).resolve().parent.parent
    fresh = subprocess.run(
        [sys.executable, "-c", script], input=data, capture_output=True, check=True, cwd=root
    )
    assert fresh.stdout.decode().strip() == digest(process_image(data, SMALL))


def test_threads_at_once_make_what_one_makes_alone() -> None:
    datas = samples() * 3
    alone = [digest(process_image(data, SMALL)) for data in datas]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda data: digest(process_image(data, SMALL)), datas))
    assert together == alone


# ---------------------------------------------------------------------------------------------
# Refused rasters


def test_text_is_not_an_image() -> None:
    assert refusal(b"Merhaba, bu bir resim degil.\n") == NOT_AN_IMAGE
    assert refusal(b"") == NOT_AN_IMAGE
    assert refusal(bytes(range(256)) * 4) == NOT_AN_IMAGE
    assert NOT_AN_IMAGE == "is not an image: give a JPEG, PNG, WebP, GIF or SVG file"


def test_a_file_cut_short_is_damaged() -> None:
    jpeg = encoded(photo(200, 100), "JPEG")
    png = encoded(photo(200, 100), "PNG")
    for data in (jpeg[: len(jpeg) // 2], png[: len(png) // 2], jpeg[:30], png[:40]):
        assert refusal(data) == DAMAGED
    assert DAMAGED == "is damaged or cut short: open it in an image program and save it again"


def test_a_png_with_a_wrong_checksum_is_damaged() -> None:
    png = bytearray(encoded(photo(60, 30), "PNG"))
    png[-20] ^= 0xFF  # in the image data
    assert refusal(bytes(png)) == DAMAGED


def test_a_decompression_bomb_is_refused_unread_and_without_pillow_s_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        message = refusal(png_claiming(40_000, 40_000), DEFAULT)
    assert message == (
        "claims 40,000 × 40,000 pixels in its header, too many to open safely: refused unread as a "
        "possible decompression bomb (a file made to fill the memory); if it is a real photo, make it "
        "smaller before adding it"
    )
    assert not [warning for warning in caught if warning.category is Image.DecompressionBombWarning]


def test_a_bomb_a_format_refuses_itself_is_refused_too() -> None:
    # a WebP header claiming 20,000 × 20,000 pixels: Pillow's WebP reader refuses it as it opens
    extended = b"VP8X" + struct.pack("<I", 10) + b"\0" * 4 + (19_999).to_bytes(3, "little") * 2
    webp = b"RIFF" + struct.pack("<I", 4 + len(extended)) + b"WEBP" + extended
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        message = refusal(webp, DEFAULT)
    assert message == (
        "claims too many pixels in its header to open safely: refused unread as a possible decompression "
        "bomb (a file made to fill the memory); if it is a real photo, make it smaller before adding it"
    )
    assert caught == []


def test_an_image_over_the_site_s_limit_is_refused_before_its_pixels_are_read() -> None:
    data = encoded(Image.new("RGB", (1200, 1000), BLUE), "PNG")
    assert refusal(data, ImageSettings(max_megapixels=1)) == (
        "has 1,200 × 1,000 pixels (1.2 megapixels), over the site's limit of 1 "
        "(images.max_megapixels in site.yaml): make it smaller before adding it"
    )
    # a header alone, over Pillow's own warning limit: refused before the missing pixels matter
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        message = refusal(png_claiming(10_000, 10_000), DEFAULT)
    assert message == (
        "has 10,000 × 10,000 pixels (100.0 megapixels), over the site's limit of 50 "
        "(images.max_megapixels in site.yaml): make it smaller before adding it"
    )
    assert caught == []
    # just over the limit is not said to be at it
    assert "(1.1 megapixels)" in refusal(png_claiming(1001, 1000), ImageSettings(max_megapixels=1))


def test_a_phone_photo_s_header_is_read_before_its_pixels() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        over_pillow_s_limit = refusal(jpeg_claiming(16_320, 12_240), DEFAULT)  # 200 megapixels
        over_the_site_s = refusal(jpeg_claiming(12_000, 9_000), DEFAULT)  # 108 megapixels
    assert over_pillow_s_limit == (
        "claims 16,320 × 12,240 pixels in its header, too many to open safely: refused unread as a "
        "possible decompression bomb (a file made to fill the memory); if it is a real photo, make it "
        "smaller before adding it"
    )
    assert over_the_site_s == (
        "has 12,000 × 9,000 pixels (108.0 megapixels), over the site's limit of 50 "
        "(images.max_megapixels in site.yaml): make it smaller before adding it"
    )
    assert caught == []


def test_an_animation_is_refused() -> None:
    frames = [Image.new("RGB", (30, 20), colour) for colour in (RED, GREEN, BLUE)]
    gif = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:2])
    assert refusal(gif) == "is animated (2 frames): give a still image"
    apng = encoded(frames[0], "PNG", save_all=True, append_images=frames[1:])
    assert refusal(apng) == "is animated (3 frames): give a still image"
    webp = encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:])
    assert refusal(webp) == "is animated (3 frames): give a still image"


def test_heic_and_avif_are_refused_by_their_brands() -> None:
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 40
    heif = b"\x00\x00\x00\x14ftypmif1\x00\x00\x00\x00heix" + b"\x00" * 40
    for data in (heic, heif):
        assert refusal(data) == "is a HEIC photo, which browsers do not all show: export it as JPEG"
    avif = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 40
    expected = (
        "is in the AVIF format, which browsers do not all show: "
        "export it as JPEG (a photo) or PNG (a drawing or logo)"
    )
    assert refusal(avif) == expected
    assert refusal(encoded(photo(40, 20), "AVIF")) == expected


def test_formats_web_pages_do_not_use_are_refused_by_name() -> None:
    for kind in ("TIFF", "BMP"):
        assert refusal(encoded(photo(40, 20), kind)) == (
            f"is in the {kind} format, which web pages do not use: "
            "export it as JPEG (a photo) or PNG (a drawing or logo)"
        )
    assert refusal(encoded(photo(40, 20), "JPEG2000")) == (
        "is in the JPEG 2000 format, which browsers do not all show: "
        "export it as JPEG (a photo) or PNG (a drawing or logo)"
    )


# ---------------------------------------------------------------------------------------------
# SVG

SVG_ROOT = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
CLEAN_SVG = f"""<?xml version="1.0" encoding="UTF-8"?>
{SVG_ROOT} viewBox="0 0 120.4 60" version="1.1">
  <title>Birlik logosu</title>
  <defs>
    <linearGradient id="g">
      <stop offset="0" stop-color="#c00"/><stop offset="1" stop-color="#00c"/>
    </linearGradient>
    <clipPath id="c"><circle cx="30" cy="30" r="30"/></clipPath>
  </defs>
  <style>.a {{ fill: url(#g); stroke: url( "#g" ) }} /* url(https://not.read/) */</style>
  <rect class="a" width="120" height="60" fill="url('#g')" clip-path="url(#c)"/>
  <use xlink:href="#c" href="#c"/>
  <a href="#c"><text x="5" y="50" style="fill: url(#g)">Ankara</text></a>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
</svg>
""".encode()


def svg(body: str, root: str = 'viewBox="0 0 10 10"', before: str = "") -> bytes:
    return f"{before}{SVG_ROOT} {root}>\n  {body}\n</svg>\n".encode()


def test_a_clean_svg_is_kept_unchanged_with_its_viewbox_size() -> None:
    assert process_image(CLEAN_SVG, DEFAULT) == Processed(
        120, 60, (Variant(120, 60, "image/svg+xml", "svg", CLEAN_SVG),)
    )
    with_bom = b"\xef\xbb\xbf\n  " + svg("<rect width='5' height='5'/>")
    assert process_image(with_bom, DEFAULT).variants[0].data == with_bom


@pytest.mark.parametrize(
    ("root", "size"),
    [
        ('viewBox="0,0 300,150"', (300, 150)),
        ('width="64" height="32px"', (64, 32)),
        ('viewBox="0 0 300 150" width="600"', (600, 300)),  # the viewBox's aspect
        ('viewBox="0 0 300 150" height="50px"', (100, 50)),
        ('viewBox="0 0 300 150" width="100%"', (300, 150)),
        ('viewBox="0 0 0.2 0.4"', (1, 1)),
    ],
)
def test_an_svg_s_size_comes_from_its_viewbox_or_width_and_height(root: str, size: tuple[int, int]) -> None:
    processed = process_image(svg("<rect width='5' height='5'/>", root), DEFAULT)
    assert (processed.width, processed.height) == size
    assert sizes(processed) == [("svg", *size)]


@pytest.mark.parametrize(
    "root",
    ["", 'width="100%" height="100%"', 'width="10cm" height="5cm"', 'viewBox="0 0 0 10"', 'width="10"'],
)
def test_an_svg_without_a_size_is_refused(root: str) -> None:
    assert refusal(svg("<rect/>", root)) == SVG_WITHOUT_SIZE
    assert SVG_WITHOUT_SIZE == "is an SVG without a size: give its root element a viewBox"


SCRIPTS = "an image may hold no scripts"
REFERENCE = "a reference to another file or address"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            svg("<script>alert(1)</script>"),
            f"is an SVG with a script (<script>, line 2): {SCRIPTS}; {EXPORT_AGAIN}",
        ),
        (
            svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
            f"is an SVG with a script (<script>, line 2): {SCRIPTS}; {EXPORT_AGAIN}",
        ),
        (
            svg("<rect/>", 'viewBox="0 0 10 10" onload="alert(1)"'),
            f"is an SVG with a script (the onload attribute, line 1): {SCRIPTS}; {EXPORT_AGAIN}",
        ),
        (
            svg('<g>\n    <rect onclick="go()"/>\n  </g>'),
            f"is an SVG with a script (the onclick attribute, line 3): {SCRIPTS}; {EXPORT_AGAIN}",
        ),
        (
            svg('<set attributeName="onmouseover" to="alert(1)"/>'),
            f'is an SVG with a script (<set attributeName="onmouseover">, line 2): {SCRIPTS}; {EXPORT_AGAIN}',
        ),
        (
            svg('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>'),
            'is an SVG with an animated link (<set attributeName="href">, line 2): '
            f"{OWN_PARTS}; {EXPORT_AGAIN}",
        ),
        (
            svg(
                '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"/></foreignObject>'
            ),
            "is an SVG with embedded HTML (<foreignObject>, line 2): an image may hold only drawing; "
            + EXPORT_AGAIN,
        ),
        (
            svg('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://ornek.org/"/>'),
            "is an SVG with embedded HTML (<iframe>, line 2): an image may hold only drawing; "
            + EXPORT_AGAIN,
        ),
        (
            svg('<image href="https://ornek.org/foto.png" width="10" height="10"/>'),
            f'is an SVG with {REFERENCE} (href="https://ornek.org/foto.png", line 2): '
            f"{OWN_PARTS}; {EXPORT_AGAIN}",
        ),
        (
            svg('<rect/>\n  <a xlink:href="http://ornek.org/"><rect/></a>'),
            f'is an SVG with {REFERENCE} (xlink:href="http://ornek.org/", line 3): '
            f"{OWN_PARTS}; {EXPORT_AGAIN}",
        ),
        (
            svg('<a href="javascript:alert(1)"><rect/></a>'),
            f'is an SVG with {REFERENCE} (href="javascript:alert(1)", line 2): {OWN_PARTS}; {EXPORT_AGAIN}',
        ),
        (
            svg('<use href="sprites.svg#logo"/>'),
            f'is an SVG with {REFERENCE} (href="sprites.svg#logo", line 2): {OWN_PARTS}; {EXPORT_AGAIN}',
        ),
        (
            svg("<style>\n    rect { fill: url(https://ornek.org/x.svg#g) }\n  </style>"),
            f"is an SVG with {REFERENCE} (url(https://ornek.org/x.svg#g), line 3): "
            f"{OWN_PARTS}; {EXPORT_AGAIN}",
        ),
        (
            svg("<rect style=\"fill: url('//ornek.org/a.png')\"/>"),
            f"is an SVG with {REFERENCE} (url(//ornek.org/a.png), line 2): {OWN_PARTS}; {EXPORT_AGAIN}",
        ),
        (
            svg('<rect filter="url(filters.svg#blur)"/>'),
            f"is an SVG with {REFERENCE} (url(filters.svg#blur), line 2): {OWN_PARTS}; {EXPORT_AGAIN}",
        ),
        (
            # a CSS escape for the 'u' of url: read as a browser reads it (no line: not as written)
            svg('<rect style="fill: \\75 rl(https://ornek.org/a.png)"/>'),
            f"is an SVG with {REFERENCE} (url(https://ornek.org/a.png)): {OWN_PARTS}; {EXPORT_AGAIN}",
        ),
        (
            svg("<style>\n    @import 'https://ornek.org/x.css';\n  </style>"),
            "is an SVG with a style that imports another file (@import, line 3): "
            f"{OWN_PARTS}; {EXPORT_AGAIN}",
        ),
        (
            svg("<rect/>", before='<?xml-stylesheet href="https://ornek.org/x.css"?>\n'),
            f"is an SVG with {REFERENCE} (<?xml-stylesheet?>, line 1): {OWN_PARTS}; {EXPORT_AGAIN}",
        ),
    ],
)
def test_an_svg_that_is_not_plain_drawing_is_refused_with_what_and_where(data: bytes, message: str) -> None:
    assert refusal(data) == message


def test_words_like_image_s_in_a_label_are_not_a_style() -> None:
    data = svg('<g aria-label="two image(s)" id="image-set(1)"><rect/></g>')
    assert process_image(data, DEFAULT).variants[0].data == data
    assert refusal(svg("<style>svg { background: image-set('a.png' 1x) }</style>")) == (
        f"is an SVG with {REFERENCE} (image-set(…), line 2): {OWN_PARTS}; {EXPORT_AGAIN}"
    )


def test_the_first_problem_as_written_is_named() -> None:
    data = svg('<a href="https://ornek.org/"><rect/></a>\n  <script>alert(1)</script>')
    assert refusal(data).startswith(f'is an SVG with {REFERENCE} (href="https://ornek.org/", line 2)')


def test_an_svg_with_a_dtd_or_entities_is_refused() -> None:
    message = (
        "is an SVG with a DTD or entities (<!DOCTYPE>, line {}): an image may hold neither, as they can "
        f"make a small file swell without end; {EXPORT_AGAIN}"
    )
    entities = '<!DOCTYPE svg [\n<!ENTITY lol "lol">\n]>\n'
    assert refusal(svg("<text>&lol;</text>", before=entities)) == message.format(1)
    illustrator = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    )
    assert refusal(svg("<rect/>", before=illustrator)) == message.format(2)


def test_an_svg_that_is_not_xml_or_not_svg() -> None:
    assert refusal(b"<svg xmlns='http://www.w3.org/2000/svg'>\n  <rect></svg>") == (
        "is an SVG that is not well-formed XML (line 2, column 11): "
        "open it in a drawing program and save it again"
    )
    assert refusal(b'<svg viewBox="0 0 10 10"><rect/></svg>') == (
        'is an SVG without its namespace (xmlns="http://www.w3.org/2000/svg" on its root element), '
        "which browsers do not show as an image: export the drawing again as plain SVG"
    )
    assert refusal(b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>') == NOT_AN_IMAGE
    assert refusal(b"<\xff\xfe not xml") == NOT_AN_IMAGE
    assert refusal(b'<!DOCTYPE html [<!ENTITY a "b">]><html/>') == NOT_AN_IMAGE


# ---------------------------------------------------------------------------------------------
# The cache


def test_the_cache_key_changes_with_the_file_the_settings_and_the_versions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = hashlib.sha256(b"bina.jpg").hexdigest()
    key = cache_key(file, DEFAULT)
    assert len(key) == 64 and int(key, 16) >= 0
    assert key == cache_key(file, ImageSettings())
    others = [
        cache_key(hashlib.sha256(b"other").hexdigest(), DEFAULT),
        cache_key(file, ImageSettings(widths=(480, 960))),
        cache_key(file, ImageSettings(max_megapixels=40)),
        cache_key(file, ImageSettings(quality=81)),
    ]
    monkeypatch.setattr(images, "PROCESS_VERSION", images.PROCESS_VERSION + 1)
    others.append(cache_key(file, DEFAULT))
    monkeypatch.undo()
    monkeypatch.setattr(PIL, "__version__", "0.0.0")
    others.append(cache_key(file, DEFAULT))
    assert len({key, *others}) == len(others) + 1


def test_the_description_gives_back_every_variant_s_size_and_format() -> None:
    for data in (encoded(photo(200, 100), "JPEG"), CLEAN_SVG):
        processed = process_image(data, SMALL)
        assert shapes(describe(processed)) == tuple(
            Shape(v.width, v.height, v.media_type, v.extension) for v in processed.variants
        )


def test_a_description_that_does_not_read_as_one_is_refused() -> None:
    metadata = describe(process_image(encoded(photo(200, 100), "PNG"), SMALL))
    broken = [
        metadata[:-5],
        "[]",
        '{"width": 1, "height": 1, "variants": []}',
        metadata.replace('"width": 200', '"width": true'),
        metadata.replace('"webp"', '"gif"', 1),
        metadata.replace('"image/png"', '"image/gif"', 1),
    ]
    for each in broken:
        with pytest.raises(ValueError):
            shapes(each)


def test_settings_that_cannot_be_are_a_mistake_in_the_program() -> None:
    for wrong in (
        {"widths": ()},
        {"widths": (960, 480)},
        {"widths": (0, 480)},
        {"quality": 0},
        {"max_megapixels": 0},
    ):
        with pytest.raises(ValueError):
            ImageSettings(**wrong)
