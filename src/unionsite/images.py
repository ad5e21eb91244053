"""One image file's bytes → the files a web page shows of it, or the one reason it is refused.

A photo or drawing (JPEG, PNG, WebP or still GIF) is turned upright, its colours converted to
sRGB, all of its metadata dropped and its pixels resized to the widths a page may ask for, each
size encoded as WebP and in the original's format. An SVG is checked to hold nothing but
drawing (no scripts, nothing fetched from elsewhere) and kept byte for byte. Everything happens
in memory on the bytes given, with nothing shared between calls, so several threads may process
images at once; the same bytes and settings always give the same bytes out, which is what lets
the build keep results in a cache on disk under `cache_key`.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import struct
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeVar
from xml.etree.ElementTree import Element, ParseError

import PIL
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from PIL import ExifTags, Image, ImageCms, ImageFile, ImageOps, features

# Bump whenever the bytes made of an image change (an encoder option, the resampling), so that
# no build takes an older result from the cache.
PROCESS_VERSION: Final = 1

NOT_AN_IMAGE: Final = "is not an image: give a JPEG, PNG, WebP, GIF or SVG file"
DAMAGED: Final = "is damaged or cut short: open it in an image program and save it again"
SVG_WITHOUT_SIZE: Final = "is an SVG without a size: give its root element a viewBox"
_EXPORT_AGAIN: Final = "remove it, or export the drawing again as plain SVG"


@dataclass(frozen=True, slots=True)
class ImageSettings:
    widths: tuple[int, ...] = (480, 960, 1440)  # ascending, the widths a page may ask for
    max_megapixels: int = 50  # a larger image is refused (the site's setting)
    quality: int = 80  # lossy encodes (JPEG, lossy WebP)

    def __post_init__(self) -> None:
        # site.yaml's values are checked, with messages for editors, where they are read: what
        # reaches here wrong is a mistake in the program
        if not self.widths or list(self.widths) != sorted(set(self.widths)) or self.widths[0] < 1:
            raise ValueError(f"image widths must be positive and ascending, not {self.widths}")
        if self.max_megapixels < 1 or not 1 <= self.quality <= 100:
            raise ValueError(f"impossible image settings: {self}")


@dataclass(frozen=True, slots=True)
class Variant:
    width: int
    height: int
    media_type: str  # "image/webp", "image/jpeg", "image/png", "image/svg+xml"
    extension: str  # "webp", "jpg", "png", "svg"
    data: bytes


@dataclass(frozen=True, slots=True)
class Processed:
    width: int  # of the upright image (an SVG: from its viewBox or width/height)
    height: int
    variants: tuple[Variant, ...]  # the modern format first (each by ascending width), then the original's


class ImageRefused(Exception):
    """Why an image is not used; `message` completes a sentence that begins with the image's name:
    "image 'bina.jpg' " + message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def process_image(data: bytes, settings: ImageSettings) -> Processed:
    """The files a page shows of the image `data` holds, told apart by content alone (never a
    file's name); raises ImageRefused."""
    # No raster format begins with '<', and an XML document may begin with nothing else.
    if data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        return _process_svg(data)
    return _process_raster(data, settings)


# ---------------------------------------------------------------------------------------------
# Raster images

_WEB_FORMATS: Final = ("JPEG", "PNG", "GIF", "WEBP")
# Formats some browsers show and others do not (Pillow's name → the editor's): asked for as JPEG
# or PNG all the same, for a page every visitor sees.
_NOT_EVERYWHERE: Final = {"AVIF": "AVIF", "JPEG2000": "JPEG 2000"}
# A HEIF file's brands (ISO/IEC 23008-12): what iPhones save their photos as.
_HEIC_BRANDS: Final = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
_HEIF_BRANDS: Final = frozenset({b"mif1", b"msf1"})  # any HEIF file: HEIC unless it says AVIF
_AVIF_BRANDS: Final = frozenset({b"avif", b"avis"})
# What Pillow raises on data it cannot decode (ImageFile.LOAD_TRUNCATED_IMAGES stays False).
_DAMAGE: Final = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error)
_WEBP_OPTIONS: Final = {"method": 4}  # libwebp's middle effort: small files, a fraction of a second
_LOSSLESS_EFFORT: Final = 80  # for lossless WebP, `quality` is the effort spent compressing
_MEDIA: Final = {"WEBP": ("image/webp", "webp"), "JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}

Size = tuple[int, int]
Encoding = tuple[str, Mapping[str, object]]  # Pillow's format and its options for `save`


def _process_raster(data: bytes, settings: ImageSettings) -> Processed:
    _refuse_heif(data)
    with _opened(data) as image:
        kind = "JPEG" if image.format == "MPO" else str(image.format)  # a camera's JPEG with a preview
        if kind not in _WEB_FORMATS:
            raise ImageRefused(_foreign(kind))
        _check_pixels(image.size, settings)
        try:
            _check_still(image, kind)
            upright = _upright_size(image)
            sizes = tuple((width, _height(width, upright)) for width in _widths(upright[0], settings.widths))
            picture = _pixels(image, kind, upright, sizes[-1][0])
        except Image.DecompressionBombError as error:
            raise ImageRefused(_bomb()) from error
        except _DAMAGE as error:
            raise ImageRefused(DAMAGED) from error
    encodings = _encodings(kind, data, settings.quality)
    return Processed(*upright, _variants(picture, sizes, encodings))


def _refuse_heif(data: bytes) -> None:
    """Refuse a HEIC photo or an AVIF image by the brands in its `ftyp` box, which Pillow may
    not know at all."""
    if data[4:8] != b"ftyp":
        return
    end = min(len(data), int.from_bytes(data[:4], "big"))
    brands = {data[8:12]} | {data[start : start + 4] for start in range(16, end - 3, 4)}
    if brands & _AVIF_BRANDS:
        raise ImageRefused(_foreign("AVIF"))
    if brands & (_HEIC_BRANDS | _HEIF_BRANDS):
        raise ImageRefused("is a HEIC photo, which browsers do not all show: export it as JPEG")


def _opened(data: bytes) -> ImageFile.ImageFile:
    """The image as Pillow reads its header, without its pixels.

    This is `Image.open` without its decompression bomb check: that check warns (through
    `warnings`, which no thread can silence for itself alone) of any image above
    Image.MAX_IMAGE_PIXELS, and `_check_pixels` refuses such an image anyway, with a message
    an editor can act on. The formats are tried as `Image.open` tries them. Some plugins still
    check for themselves while reading a header: WebP's raises (refused here as a bomb), while
    GIF's (for a first frame reaching past the screen the header declares) and those of formats
    refused anyway may warn, which only a crafted file makes them do; the program may filter
    DecompressionBombWarning once, at its start, to keep those quiet too."""
    Image.init()  # loads every format's plugin once; Image.open does the same
    prefix = data[:16]
    for name in tuple(Image.ID):
        factory, accept = Image.OPEN[name]
        if not _accepts(accept, prefix):
            continue
        try:
            return factory(io.BytesIO(data), "")
        except Image.DecompressionBombError as error:  # a plugin that checks for itself (WebP)
            raise ImageRefused(_bomb()) from error
        except _DAMAGE as error:
            # the format a web image has says so in its first bytes: one that fails to open
            # past them is damaged, while other plugins fail on anything not theirs
            if name in _WEB_FORMATS:
                raise ImageRefused(DAMAGED) from error
    raise ImageRefused(NOT_AN_IMAGE)


def _accepts(accept: Callable[[bytes], bool | str] | None, prefix: bytes) -> bool:
    """Whether a format's plugin takes a file that begins with `prefix` for its own (one with no
    test of its own tries every file)."""
    try:
        accepted = accept(prefix) if accept is not None else True
    except _DAMAGE:  # some tests read past a prefix shorter than they expect
        return False
    return bool(accepted) and not isinstance(accepted, str)  # a string: its plugin is not installed


def _foreign(kind: str) -> str:
    if kind in _NOT_EVERYWHERE:
        return (
            f"is in the {_NOT_EVERYWHERE[kind]} format, which browsers do not all show: "
            "export it as JPEG (a photo) or PNG (a drawing or logo)"
        )
    name = "BMP" if kind == "DIB" else kind
    return (
        f"is in the {name} format, which web pages do not use: "
        "export it as JPEG (a photo) or PNG (a drawing or logo)"
    )


def _check_pixels(size: Size, settings: ImageSettings) -> None:
    """Refuse an image too large to decode, by the size its header claims: before any pixel."""
    width, height = size
    pixels = width * height
    bomb = Image.MAX_IMAGE_PIXELS  # read, never set: it is the whole program's
    if bomb is not None and pixels > 2 * bomb:
        raise ImageRefused(_bomb(size))
    if pixels > settings.max_megapixels * 1_000_000:
        # rounded up, so that an image just over the limit is not said to be at it
        megapixels = math.ceil(pixels / 100_000) / 10
        raise ImageRefused(
            f"has {width:,} × {height:,} pixels ({megapixels:.1f} megapixels), over the site's limit of "
            f"{settings.max_megapixels} (images.max_megapixels in site.yaml): "
            "make it smaller before adding it"
        )


def _bomb(size: Size | None = None) -> str:
    # a 200-megapixel phone photo is over the limit too, so the message serves a real one as well
    claim = (
        f"{size[0]:,} × {size[1]:,} pixels in its header, too many"
        if size
        else "too many pixels in its header"
    )
    return (
        f"claims {claim} to open safely: refused unread as a possible decompression bomb (a file made "
        "to fill the memory); if it is a real photo, make it smaller before adding it"
    )


def _check_still(image: ImageFile.ImageFile, kind: str) -> None:
    # a camera's MPO holds a preview after the photo, not an animation
    frames = 1 if kind == "JPEG" else getattr(image, "n_frames", 1)
    if frames > 1:
        raise ImageRefused(f"is animated ({frames} frames): give a still image")


def _upright_size(image: ImageFile.ImageFile) -> Size:
    """The size as shown: a phone photo stored on its side (EXIF orientation 5 to 8) the other
    way round."""
    width, height = image.size
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _widths(width: int, widths: Sequence[int]) -> tuple[int, ...]:
    """Each width a page may ask for that is narrower than the image, and the image's own while
    it is not wider than the largest, so that the largest available is offered; never wider."""
    own = {width} if width <= widths[-1] else set()
    return tuple(sorted({each for each in widths if each < width} | own))


def _height(width: int, upright: Size) -> int:
    """The height at `width` that keeps the aspect, rounded half up in integers (no float to
    differ by a bit)."""
    full_width, full_height = upright
    return max(1, (2 * full_height * width + full_width) // (2 * full_width))


def _pixels(image: ImageFile.ImageFile, kind: str, upright: Size, largest: int) -> Image.Image:
    """The image's pixels, upright, in sRGB, in a mode the encoders take (L, LA, RGB or RGBA),
    with nothing from its file: no EXIF, XMP, comment, text or colour profile."""
    icc = image.info.get("icc_profile")
    if kind == "JPEG" and 2 * largest <= upright[0]:
        # libjpeg scales by 1/2, 1/4 or 1/8 while decoding, never below the size asked for: far
        # less memory and time, and the same pixels every time
        width, height = image.size
        image.draft(None, (-(-width * largest // upright[0]), -(-height * largest // upright[0])))
    image.load()
    ImageOps.exif_transpose(image, in_place=True)
    colours = _without_opaque_alpha(_in_srgb(_web_mode(image), icc if isinstance(icc, bytes) else None))
    return _bare(colours)


def _web_mode(image: Image.Image) -> Image.Image:
    """The image in L, LA, RGB, RGBA or CMYK, its transparency (a palette's, a PNG's tRNS) as
    an alpha channel."""
    if image.mode.startswith("I"):
        # 16-bit grey (a PNG's): scaled to 8 bits, where a plain conversion cuts off all above 255
        return image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    if image.mode in ("L", "LA", "RGB", "RGBA", "CMYK") and "transparency" not in image.info:
        return image
    if image.mode in ("1", "L"):
        return image.convert("LA" if image.has_transparency_data else "L")
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def _in_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """The colours converted from the image's embedded profile to sRGB, which browsers assume
    once the profile is gone; CMYK becomes RGB either way. A profile LittleCMS cannot read, or
    that does not fit the image's mode, is ignored, as browsers ignore it."""
    if icc:
        converted = _from_profile(image, icc)
        if converted is not None:
            return converted
    return image.convert("RGB") if image.mode == "CMYK" else image


def _from_profile(image: Image.Image, icc: bytes) -> Image.Image | None:
    alpha = image.getchannel("A") if image.mode in ("LA", "RGBA") else None
    colour = image.convert(image.mode[:-1]) if alpha is not None else image
    try:
        # a profile of its own in each call: LittleCMS's profiles are not to be shared by threads
        srgb = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(
            colour, ImageCms.ImageCmsProfile(io.BytesIO(icc)), srgb, outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    if converted is not None and alpha is not None:
        converted.putalpha(alpha)
    return converted


def _without_opaque_alpha(image: Image.Image) -> Image.Image:
    """An alpha channel kept only where some pixel is not opaque: a smaller file otherwise."""
    if image.mode in ("LA", "RGBA") and image.getchannel("A").getextrema() == (255, 255):
        return image.convert(image.mode[:-1])
    return image


def _bare(image: Image.Image) -> Image.Image:
    """The pixels alone in a new image: Pillow copies `info` (EXIF, XMP, comment, profile) on
    every resize and conversion, and its JPEG and PNG writers take a comment or a profile from
    `info` unasked, so nothing of the file must be there to copy."""
    bare = Image.new(image.mode, image.size)
    bare.paste(image)
    return bare


def _encodings(kind: str, data: bytes, quality: int) -> tuple[Encoding, ...]:
    """WebP for every image, lossless for a PNG or GIF (logos and drawings, whose edges lossy
    WebP would blur) and for a lossless WebP; then the original's format, unless it is WebP."""
    lossless = kind in ("PNG", "GIF") or (kind == "WEBP" and _lossless_webp(data))
    webp: Encoding = (
        "WEBP",
        {**_WEBP_OPTIONS, "lossless": True, "quality": _LOSSLESS_EFFORT}
        if lossless
        else {**_WEBP_OPTIONS, "quality": quality},
    )
    if kind == "JPEG":
        return webp, ("JPEG", {"quality": quality, "optimize": True, "progressive": True})
    if kind == "WEBP":
        return (webp,)
    return webp, ("PNG", {"optimize": True})


def _lossless_webp(data: bytes) -> bool:
    """Whether a WebP file's image is stored lossless ('VP8L'), not lossy ('VP8 '), found by
    walking its RIFF chunks (an extended file puts others first)."""
    position = 12
    while position + 8 <= len(data):
        chunk = data[position : position + 4]
        if chunk in (b"VP8 ", b"VP8L"):
            return chunk == b"VP8L"
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        position += 8 + size + (size & 1)
    return False


def _variants(
    picture: Image.Image, sizes: Sequence[Size], encodings: Sequence[Encoding]
) -> tuple[Variant, ...]:
    """Each size resized from the full picture (LANCZOS, not from the next larger size, so that
    no size carries another's blur), then encoded in each format."""
    resized = [_resized(picture, size) for size in sizes]
    return tuple(
        Variant(*size, *_MEDIA[kind], _encoded(image, kind, options))
        for kind, options in encodings
        for size, image in zip(sizes, resized, strict=True)
    )


def _resized(picture: Image.Image, size: Size) -> Image.Image:
    if picture.size == size:
        return picture
    # reducing_gap: whole-factor reduction first where the size falls far, then LANCZOS over the
    # last factor of at most 3: as sharp to the eye, and much faster on a large photo
    return picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encoded(image: Image.Image, kind: str, options: Mapping[str, object]) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# SVG

_SVG_NS: Final = "{http://www.w3.org/2000/svg}"
_XLINK_NS: Final = "{http://www.w3.org/1999/xlink}"
_XHTML_NS: Final = "{http://www.w3.org/1999/xhtml}"
_XML_BASE: Final = "{http://www.w3.org/XML/1998/namespace}base"
_NO_SCRIPTS: Final = "an image may hold no scripts"
_OWN_PARTS: Final = "an image may refer only to its own parts (#name)"
_REFERENCE: Final = "a reference to another file or address"
_ANIMATIONS: Final = frozenset({"set", "animate"})  # the animations that may change any attribute
_NUMBER: Final = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_LENGTH: Final = re.compile(rf"\s*({_NUMBER})\s*(?:px)?\s*")
_CSS_COMMENT: Final = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_ESCAPE: Final = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.DOTALL)
_CSS_URL: Final = re.compile(r"""(?<![\w-])url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))""", re.IGNORECASE)
# In a stylesheet also @import, and the functions that take an image's address as a plain string
_CSS_REACH: Final = re.compile(r"@import\b|(?<![\w-])(?:-webkit-)?image(?:-set)?\(", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Unclean:
    """What makes an SVG unsafe to show: `what` it holds, as `found` (`at`: where it is written,
    for its line)."""

    what: str
    found: str
    rule: str
    at: str = ""


def _process_svg(data: bytes) -> Processed:
    text = data.decode("utf-8", errors="replace")  # only to give lines in messages
    root = _svg_root(data, text)
    unclean = next(_unclean_svg(root, text), None)
    if unclean is not None:
        line = _line(text, unclean.at or re.escape(unclean.found))
        where = f", line {line}" if line else ""
        raise ImageRefused(
            f"is an SVG with {unclean.what} ({unclean.found}{where}): {unclean.rule}; {_EXPORT_AGAIN}"
        )
    width, height = _svg_size(root)
    return Processed(width, height, (Variant(width, height, "image/svg+xml", "svg", data),))


def _svg_root(data: bytes, text: str) -> Element:
    """The SVG's root element, parsed with no DTD, no entities and nothing read from elsewhere."""
    looks_like_svg = b"<svg" in data
    try:
        root: Element = SafeElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        if not looks_like_svg:
            raise ImageRefused(NOT_AN_IMAGE) from error
        line = _line(text, "<!DOCTYPE")
        where = f", line {line}" if line else ""
        raise ImageRefused(
            f"is an SVG with a DTD or entities (<!DOCTYPE>{where}): an image may hold neither, as they can "
            f"make a small file swell without end; {_EXPORT_AGAIN}"
        ) from error
    except ParseError as error:
        if not looks_like_svg:
            raise ImageRefused(NOT_AN_IMAGE) from error
        line, column = error.position
        raise ImageRefused(
            f"is an SVG that is not well-formed XML (line {line}, column {column + 1}): "
            "open it in a drawing program and save it again"
        ) from error
    if root.tag == "svg":
        raise ImageRefused(
            'is an SVG without its namespace (xmlns="http://www.w3.org/2000/svg" on its root element), '
            "which browsers do not show as an image: export the drawing again as plain SVG"
        )
    if root.tag != f"{_SVG_NS}svg":
        raise ImageRefused(NOT_AN_IMAGE)
    return root


def _unclean_svg(root: Element, text: str) -> Iterator[_Unclean]:
    """What the SVG holds that is not plain drawing, in the order it is written."""
    # ElementTree drops processing instructions, and this one loads a stylesheet from elsewhere
    if re.search(r"<\?xml-stylesheet\b", text):
        yield _Unclean(_REFERENCE, "<?xml-stylesheet?>", _OWN_PARTS, r"<\?xml-stylesheet\b")
    for element in root.iter():
        if isinstance(element.tag, str):
            yield from _unclean_element(element)


def _unclean_element(element: Element) -> Iterator[_Unclean]:
    namespace, local = _split(element.tag)
    tag = rf"<(?:[\w.-]+:)?{re.escape(local)}\b"
    if local == "script":
        yield _Unclean("a script", f"<{local}>", _NO_SCRIPTS, tag)
    if local == "foreignObject" or namespace == _XHTML_NS:
        yield _Unclean("embedded HTML", f"<{local}>", "an image may hold only drawing", tag)
    if local in _ANIMATIONS and namespace == _SVG_NS:
        yield from _unclean_animation(element, local)
    for key, value in element.attrib.items():
        yield from _unclean_attribute(key, value)
    if local == "style":
        yield from _unclean_css("".join(element.itertext()), stylesheet=True)


def _unclean_animation(element: Element, local: str) -> Iterator[_Unclean]:
    """An animation that sets a link (to javascript:, say) or an event handler."""
    target = element.get("attributeName", "").strip().rpartition(":")[2]
    if target == "href" or target.lower().startswith("on"):
        found = f'<{local} attributeName="{element.get("attributeName", "").strip()}">'
        what, rule = ("a script", _NO_SCRIPTS) if target != "href" else ("an animated link", _OWN_PARTS)
        yield _Unclean(what, found, rule, rf"attributeName\s*=\s*[\"']\s*(?:[\w.-]+:)?{re.escape(target)}")


def _unclean_attribute(key: str, value: str) -> Iterator[_Unclean]:
    namespace, local = _split(key)
    name = f"xlink:{local}" if namespace == _XLINK_NS else local
    if local.lower().startswith("on"):
        yield _Unclean(
            "a script", f"the {name} attribute", _NO_SCRIPTS, rf"(?<![\w.:-]){re.escape(local)}\s*="
        )
    elif (local == "href" and not value.strip().startswith("#")) or key == _XML_BASE:
        name = "xml:base" if key == _XML_BASE else name
        at = rf"{re.escape(local)}\s*=\s*[\"']\s*{re.escape(value.strip())}"
        yield _Unclean(_REFERENCE, f'{name}="{_shortened(value.strip())}"', _OWN_PARTS, at)
    else:
        yield from _unclean_css(value, stylesheet=local == "style")


def _unclean_css(css: str, stylesheet: bool) -> Iterator[_Unclean]:
    """What a style reaches outside the image, read as a browser reads it: comments gone, escapes
    (\\75 rl for 'url') read. Any other attribute is searched for url() alone, which drawing
    attributes take (fill="url(#gradient)"), so that a label with 'image(s)' in it is let be."""
    plain = _CSS_ESCAPE.sub(_unescaped, _CSS_COMMENT.sub("", css))
    for match in _CSS_REACH.finditer(plain) if stylesheet else ():
        if match.group(0).startswith("@"):
            yield _Unclean("a style that imports another file", "@import", _OWN_PARTS, r"@import\b")
        else:
            yield _Unclean(_REFERENCE, f"{match.group(0)}…)", _OWN_PARTS, re.escape(match.group(0)))
    for match in _CSS_URL.finditer(plain):
        target = next(group for group in match.groups() if group is not None)
        if not target.strip().startswith("#"):
            yield _Unclean(
                _REFERENCE, f"url({_shortened(target.strip())})", _OWN_PARTS, re.escape(match.group(0))
            )


def _unescaped(match: re.Match[str]) -> str:
    if match.group(1) is None:
        return match.group(2)
    code = int(match.group(1), 16)
    return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


def _split(name: str) -> tuple[str, str]:
    """'{namespace}local' → ('{namespace}', 'local'); a name in no namespace → ('', name)."""
    if name.startswith("{"):
        namespace, _, local = name.partition("}")
        return namespace + "}", local
    return "", name


def _shortened(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _line(text: str, pattern: str) -> int | None:
    """The line of the first place `pattern` matches: the parser keeps no lines, and the first
    place is nearly always the one found."""
    match = re.search(pattern, text, re.IGNORECASE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _svg_size(root: Element) -> Size:
    """Width and height in pixels: the viewBox gives the aspect, and the size too unless a
    width or height in pixels (or without unit) is given."""
    box = _view_box(root.get("viewBox"))
    width, height = _length(root.get("width")), _length(root.get("height"))
    if box is not None:
        box_width, box_height = box
        if width is not None:
            height = width * box_height / box_width
        elif height is not None:
            width = height * box_width / box_height
        else:
            width, height = box
    if width is None or height is None:
        raise ImageRefused(SVG_WITHOUT_SIZE)
    return _whole(width), _whole(height)


def _whole(number: float) -> int:
    return max(1, math.floor(number + 0.5))  # half up, as the heights of raster sizes


def _view_box(value: str | None) -> tuple[float, float] | None:
    parts = re.split(r"[\s,]+", value.strip()) if value else []
    if len(parts) != 4 or not all(re.fullmatch(_NUMBER, part) for part in parts):
        return None
    width, height = float(parts[2]), float(parts[3])
    return (width, height) if _usable(width) and _usable(height) else None


def _length(value: str | None) -> float | None:
    match = _LENGTH.fullmatch(value) if value else None
    number = float(match.group(1)) if match else None
    return number if number is not None and _usable(number) else None


def _usable(number: float) -> bool:
    return math.isfinite(number) and number > 0


# ---------------------------------------------------------------------------------------------
# The cache on disk

# What else decides the bytes made: the codecs Pillow was built with (a wheel bundles its own,
# but a Pillow built on the system links whatever libraries are there).
_CODECS: Final = tuple(features.version(codec) for codec in ("webp", "jpg", "zlib", "littlecms2"))


def cache_key(digest: str, settings: ImageSettings) -> str:
    """The key in the cache on disk of what `process_image` makes of the file whose SHA-256 hex
    digest is `digest`: another setting, version of this module or Pillow makes another key."""
    description = {
        "digest": digest,
        "widths": list(settings.widths),
        "max_megapixels": settings.max_megapixels,
        "quality": settings.quality,
        "version": PROCESS_VERSION,
        "pillow": PIL.__version__,
        "codecs": list(_CODECS),
    }
    return hashlib.sha256(json.dumps(description, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Shape:
    """A variant as `describe` tells it, without its bytes."""

    width: int
    height: int
    media_type: str
    extension: str


def describe(processed: Processed) -> str:
    """The processed image's sizes and formats as JSON, for the cache to keep beside its files
    (the variants' bytes, in order)."""
    metadata = {
        "width": processed.width,
        "height": processed.height,
        "variants": [
            {"width": v.width, "height": v.height, "media_type": v.media_type, "extension": v.extension}
            for v in processed.variants
        ],
    }
    return json.dumps(metadata, sort_keys=True)


def shapes(metadata: str) -> tuple[Shape, ...]:
    """The variants `describe` told, in order; ValueError if `metadata` does not read as such (a
    cache file cut short, or written by something else)."""
    described = _field(json.loads(metadata), dict, "the metadata")
    _dimension(described.get("width"))
    _dimension(described.get("height"))
    variants = _field(described.get("variants"), list, "variants")
    if not variants:
        raise ValueError("no variants described")
    return tuple(_shape(_field(each, dict, "a variant")) for each in variants)


_EXTENSIONS: Final[dict[str, str]] = dict([*_MEDIA.values(), ("image/svg+xml", "svg")])  # by media type


def _shape(described: Mapping[str, Any]) -> Shape:
    media_type, extension = described.get("media_type"), described.get("extension")
    if not isinstance(media_type, str) or _EXTENSIONS.get(media_type) != extension:
        raise ValueError(f"unknown format {media_type!r} / {extension!r}")
    width, height = _dimension(described.get("width")), _dimension(described.get("height"))
    return Shape(width, height, media_type, _EXTENSIONS[media_type])


T = TypeVar("T")


def _field(value: object, kind: type[T], what: str) -> T:
    if not isinstance(value, kind):
        raise ValueError(f"{what} is not a {kind.__name__}")
    return value


def _dimension(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{value!r} is not a size in pixels")
    return value
