"""Poster images: recognised by content, re-encoded from pixels, stored under random names.

Nothing of the uploaded file reaches a visitor but its pixels: EXIF (GPS positions), ICC
and XMP payloads and bytes appended after the image are all dropped by re-encoding.
The private original kept for print is the upload with the same things cut out of it
(originals.py): its pixel data is untouched, its metadata and trailing bytes are gone.
"""

import io
import threading
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from gallery import originals

try:  # HEIC from iPhones; without the library such files get the "export as JPEG" message.
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:  # pragma: no cover - the library is in requirements.txt
    HEIC_SUPPORTED = False

# Pillow's names of the formats accepted (MPO is how Pillow opens many phone JPEGs).
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"} | ({"HEIF"} if HEIC_SUPPORTED else set())
# HEIC metadata cannot be cut out of the file: its original is kept as a lossless PNG.
ORIGINAL_EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "png"}
RENDITION_WIDTHS = (400, 800, 1600)
RENDITION_DIR = "gallery"
HEIC_SIGNATURES = (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1")


def mb(value: int) -> str:
    return number_format(round(value / (1024 * 1024), 1), decimal_pos=1, force_grouping=True)


def px(value: int) -> str:
    return number_format(value, force_grouping=True)


def private_storage() -> FileSystemStorage:
    """Originals and full-size masters: outside MEDIA_ROOT, never served as static files."""
    root = settings.GALLERY_PRIVATE_ROOT or f"{Path(settings.MEDIA_ROOT)}-private"
    return FileSystemStorage(location=root, base_url=None)


@dataclass
class Processed:
    original: bytes
    original_format: str
    master: bytes
    width: int
    height: int
    image_hash: str
    renditions: list[tuple[int, int, bytes]] = field(default_factory=list)


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _open(data: bytes) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = settings.GALLERY_MAX_IMAGE_PIXELS
    # An image whose data ends early is refused, never padded with grey.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return Image.open(io.BytesIO(data))


def _unsupported_message(data: bytes) -> str:
    if any(signature in data[:32] for signature in HEIC_SIGNATURES):
        return _(
            "This HEIC photo cannot be read here. Export it as JPEG on your phone "
            "(or take a screenshot of it) and send that file."
        )
    return _(
        "This file is not a picture we accept. Send a JPEG, PNG, WebP or HEIC image "
        "(PDF, SVG, EPS and other files are refused)."
    )


# Decoding and re-encoding a 24-megapixel poster holds about 0.5 GB for a second or two: on
# deadline night a few at a time per process, the others wait their turn (then are told to
# try again, with everything they typed kept), so a burst of uploads cannot exhaust memory.
_processing = threading.BoundedSemaphore(settings.GALLERY_IMAGE_WORKERS)


def read_poster(upload, *, max_bytes: int, min_long_side: int) -> Processed:
    """Check an uploaded poster and re-encode it; ValidationError says what to change."""
    data = _read_upload(upload, max_bytes=max_bytes)  # too large a file need not wait its turn
    if not _processing.acquire(timeout=settings.GALLERY_IMAGE_WAIT_SECONDS):
        _refuse(
            _(
                "Many posters are being sent right now. Send yours again in a minute: "
                "what you typed is kept."
            ),
            "busy",
        )
    try:
        return _read_poster(data, min_long_side=min_long_side)
    finally:
        _processing.release()


def _read_upload(upload, *, max_bytes: int) -> bytes:
    if upload.size > max_bytes:
        _refuse(
            _("The file is too large: %(size)s MB, at most %(limit)s MB. Save it smaller.")
            % {"size": mb(upload.size), "limit": mb(max_bytes)},
            "too_large",
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        _refuse(
            _("The file is too large: at most %(limit)s MB.") % {"limit": mb(max_bytes)},
            "too_large",
        )
    return data


def _read_poster(data: bytes, *, min_long_side: int) -> Processed:
    bomb = _(
        "This image has too many pixels to process (at most %(limit)s megapixels). "
        "Save it at a smaller size."
    ) % {"limit": px(settings.GALLERY_MAX_IMAGE_PIXELS // 1_000_000)}
    damaged = _("The image file is damaged or incomplete. Save it again and send it again.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = _open(data)
            if probe.format not in ACCEPTED_FORMATS:
                _refuse(_unsupported_message(data), "wrong_type")
            fmt = probe.format
            probe.verify()
            # Before any pixel is decoded: cut the metadata out of the original, and check
            # that it holds enough data for the size it declares.
            original, original_format = data, fmt
            if fmt != "HEIF":
                original, scan_bytes = originals.clean(data, fmt, _orientation(_open(data)))
                original_format = "JPEG" if fmt == "MPO" else fmt
                if _open(original).size != probe.size:
                    _refuse(damaged, "damaged")
                _check_enough_data(fmt, probe.size, scan_bytes)
            image = _open(data)
            long_side = max(image.size)
            if long_side < min_long_side:
                _refuse(
                    _(
                        "The image is too small: its long side is %(size)s px, it must be at "
                        "least %(minimum)s px. Send the original file, not a screenshot or a "
                        "copy sent through a chat app."
                    )
                    % {"size": px(long_side), "minimum": px(min_long_side)},
                    "too_small",
                )
            image.load()
            image = ImageOps.exif_transpose(image)
            if fmt == "HEIF":
                original = _lossless_copy(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse(bomb, "bomb")
        except UnidentifiedImageError:
            _refuse(_unsupported_message(data), "wrong_type")
        except (OSError, SyntaxError, ValueError, EOFError, IndexError):
            _refuse(damaged, "damaged")
    pixels = _to_srgb(image)
    return Processed(
        original=original,
        original_format=original_format,
        master=_encode(pixels, "JPEG", quality=92),
        width=pixels.width,
        height=pixels.height,
        image_hash=dhash(pixels),
        renditions=_renditions(pixels),
    )


# A JPEG spends at least one bit on every 8x8 block (a flat white 80-megapixel poster takes
# 0.006 bytes a pixel): far less scan data than that means the picture is not in the file and
# a decoder would fill the declared size with grey.
JPEG_MIN_BYTES_PER_PIXEL = 1 / 512


def _check_enough_data(fmt: str, size: tuple[int, int], scan_bytes: int) -> None:
    width, height = size
    if fmt in {"JPEG", "MPO"} and scan_bytes < width * height * JPEG_MIN_BYTES_PER_PIXEL:
        _refuse(
            _(
                "The image file is incomplete: it says it is %(width)s × %(height)s px but "
                "holds far too little data for that. Save it again and send it again."
            )
            % {"width": px(width), "height": px(height)},
            "truncated",
        )


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112) or 1)
    except (TypeError, ValueError, SyntaxError):
        return 1


def _lossless_copy(image: Image.Image) -> bytes:
    """The decoded pixels as PNG with only their colour profile: for formats we cannot cut."""
    buffer = io.BytesIO()
    icc = image.info.get("icc_profile")
    image.save(buffer, "PNG", compress_level=3, **({"icc_profile": icc} if icc else {}))
    return buffer.getvalue()


def _to_srgb(image: Image.Image) -> Image.Image:
    """Plain RGB pixels: colour profiles applied, transparency on white, 16-bit scaled down."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in {"RGB", "RGBA", "CMYK"}:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=output
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    if image.mode in {"I;16", "I;16B", "I;16L", "I"}:
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _renditions(image: Image.Image) -> list[tuple[int, int, bytes]]:
    result, seen = [], set()
    for width in RENDITION_WIDTHS:
        copy = image.copy()
        copy.thumbnail((width, width), Image.Resampling.LANCZOS)
        if copy.size in seen:
            continue
        seen.add(copy.size)
        result.append((copy.width, copy.height, _encode(copy, "WEBP", quality=80, method=4)))
    return result


def dhash(image: Image.Image) -> str:
    """64-bit difference hash as 16 hex digits: near-identical pictures differ in few bits."""
    small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = list(small.get_flattened_data())
    bits = 0
    for row in range(8):
        for col in range(8):
            left, right = pixels[row * 9 + col], pixels[row * 9 + col + 1]
            bits = (bits << 1) | (left > right)
    return f"{bits:016x}"


def hash_distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def store(processed: Processed) -> dict:
    """Write the files under a new random key; return the entry's image fields."""
    key = uuid.uuid4().hex
    private = private_storage()
    extension = ORIGINAL_EXTENSIONS[processed.original_format]
    original = private.save(f"{key}-original.{extension}", ContentFile(processed.original))
    master = private.save(f"{key}-master.jpg", ContentFile(processed.master))
    renditions = []
    for width, height, data in processed.renditions:
        name = default_storage.save(f"{RENDITION_DIR}/{key}-{width}.webp", ContentFile(data))
        renditions.append({"width": width, "height": height, "name": Path(name).name})
    return {
        "image_key": key,
        "renditions": renditions,
        "original_name": original,
        "original_format": processed.original_format,
        "master_name": master,
        "image_width": processed.width,
        "image_height": processed.height,
        "image_hash": processed.image_hash,
    }


def delete_files(fields: dict) -> None:
    private = private_storage()
    for name in (fields.get("original_name"), fields.get("master_name")):
        if name:
            private.delete(name)
    for rendition in fields.get("renditions") or []:
        default_storage.delete(f"{RENDITION_DIR}/{rendition['name']}")


def clean_stored_original(name: str, fmt: str) -> tuple[str, str] | None:
    """Cut the metadata out of an original stored before uploads were cleaned.

    Writes the clean copy under a new name and returns (name, format), or None when the file
    is clean already; the caller points the entry at it, then deletes the old file.
    ValueError when the stored file cannot be read as its format.
    """
    private = private_storage()
    with private.open(name, "rb") as handle:
        data = handle.read()
    try:
        if fmt == "HEIF":
            if data.startswith(b"\x89PNG"):
                return None
            image = _open(data)
            image.load()
            cleaned, clean_format = _lossless_copy(ImageOps.exif_transpose(image)), fmt
        else:
            cleaned, _scan = originals.clean(data, fmt, _orientation(_open(data)))
            clean_format = "JPEG" if fmt == "MPO" else fmt
    except (OSError, SyntaxError, EOFError, UnidentifiedImageError) as exc:
        raise ValueError(str(exc)) from exc
    if cleaned == data:
        return None
    key = Path(name).name.split("-original")[0]
    extension = ORIGINAL_EXTENSIONS[clean_format]
    return private.save(f"{key}-original.{extension}", ContentFile(cleaned)), clean_format
