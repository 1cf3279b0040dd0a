import io
import os
import struct
import zlib

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from gallery import images
from gallery.images import dhash, hash_distance, read_poster
from tests.gallery.conftest import image_bytes, upload

LIMIT = 5 * 1024 * 1024


def refused(data: bytes, *, name="poster.png", min_long_side=1500, max_bytes=LIMIT):
    with pytest.raises(ValidationError) as caught:
        read_poster(upload(data, name=name), max_bytes=max_bytes, min_long_side=min_long_side)
    return caught.value


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` but holds a few bytes: how bombs arrive."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_text_file_named_png_is_refused_by_its_content():
    error = refused(b"<html><script>alert(1)</script></html>" * 10, name="poster.png")
    assert error.code == "wrong_type"
    assert "JPEG, PNG, WebP" in error.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="2000"></svg>',
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 2000 2000\n",
    ],
    ids=["pdf", "svg", "eps"],
)
def test_pdf_svg_and_eps_are_refused(data):
    assert refused(data, name="poster.jpg").code == "wrong_type"


def test_a_gif_is_a_picture_but_not_an_accepted_one():
    assert refused(image_bytes(fmt="GIF")).code == "wrong_type"


def test_too_large_a_file_is_refused_with_both_sizes_in_the_message():
    noise = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    error = refused(buffer.getvalue())
    assert error.code == "too_large"
    assert "5,5 MB" in error.messages[0] and "5,0 MB" in error.messages[0]


def test_too_small_an_image_is_refused_with_the_exact_sizes():
    error = refused(image_bytes(size=(1200, 900)))
    assert error.code == "too_small"
    assert "1.200 px" in error.messages[0] and "1.500 px" in error.messages[0]


def test_a_decompression_bomb_is_refused():
    error = refused(png_header_only(50_000, 50_000))
    assert error.code == "bomb"


def test_the_bomb_limit_leaves_room_for_real_posters():
    # 8000x8000 passes the pixel check; this header-only file then fails as damaged, not as a bomb.
    assert refused(png_header_only(8000, 8000)).code == "damaged"


def test_a_truncated_image_is_refused_as_damaged():
    assert refused(image_bytes(fmt="JPEG")[:5000], name="x.jpg").code == "damaged"


def test_a_png_with_html_appended_is_stored_as_clean_pixels():
    data = image_bytes() + b"<html><body><script>alert(document.cookie)</script></body></html>"
    processed = read_poster(upload(data), max_bytes=LIMIT, min_long_side=1500)
    stored = images.store(processed)
    for rendition in stored["renditions"]:
        body = default_storage.open(f"gallery/{rendition['name']}").read()
        assert b"<script" not in body and body[:4] == b"RIFF"
    master = images.private_storage().open(stored["master_name"]).read()
    assert b"<script" not in master


def _jpeg_with_gps() -> bytes:
    image = Image.open(io.BytesIO(image_bytes(size=(1600, 1200))))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = "Nguyen Van An"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (9.0, 36.0, 10.0), "E", (105.0, 58.0, 20.0)
    exif[0x0112] = 6  # orientation: rotate 90 degrees when shown
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_gps_and_other_exif_do_not_survive_and_orientation_is_applied():
    data = _jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    processed = read_poster(upload(data, name="a.jpg"), max_bytes=LIMIT, min_long_side=1500)
    # EXIF orientation 6 turns the 1600x1200 photo upright: 1200x1600.
    assert (processed.width, processed.height) == (1200, 1600)
    for data_out in [processed.master, *(r[2] for r in processed.renditions)]:
        stored = Image.open(io.BytesIO(data_out))
        assert not stored.getexif()
        assert "icc_profile" not in stored.info and "xmp" not in stored.info
        assert b"Nguyen Van An" not in data_out and b"PhoneMaker" not in data_out


def test_heic_from_a_phone_is_accepted():
    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.open(io.BytesIO(image_bytes())).save(buffer, "HEIF")
    processed = read_poster(
        upload(buffer.getvalue(), name="IMG_0001.HEIC"), max_bytes=LIMIT, min_long_side=1500
    )
    assert processed.original_format == "HEIF" and processed.width == 1600


def test_transparent_png_and_cmyk_jpeg_become_rgb():
    rgba = Image.new("RGBA", (1600, 1000), (255, 0, 0, 0))
    buffer = io.BytesIO()
    rgba.save(buffer, "PNG")
    processed = read_poster(upload(buffer.getvalue()), max_bytes=LIMIT, min_long_side=1500)
    master = Image.open(io.BytesIO(processed.master))
    assert master.mode == "RGB" and master.getpixel((5, 5)) == (255, 255, 255)
    cmyk = image_bytes(fmt="JPEG")
    image = Image.open(io.BytesIO(cmyk)).convert("CMYK")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    processed = read_poster(
        upload(buffer.getvalue(), name="c.jpg"), max_bytes=LIMIT, min_long_side=1500
    )
    assert Image.open(io.BytesIO(processed.master)).mode == "RGB"


def test_renditions_are_thumbnail_middle_and_display_sizes():
    processed = read_poster(
        upload(image_bytes(size=(2400, 1800))), max_bytes=LIMIT, min_long_side=1500
    )
    assert [(w, h) for w, h, _data in processed.renditions] == [
        (400, 300),
        (800, 600),
        (1600, 1200),
    ]


def test_stored_names_are_random_and_originals_are_private(settings):
    processed = read_poster(upload(image_bytes()), max_bytes=LIMIT, min_long_side=1500)
    first, second = images.store(processed), images.store(processed)
    assert first["image_key"] != second["image_key"]
    assert "poster" not in first["original_name"]
    assert images.private_storage().exists(first["original_name"])
    assert not default_storage.exists(first["original_name"])
    assert not str(images.private_storage().location).startswith(str(settings.MEDIA_ROOT) + "/")


def test_dhash_finds_the_same_poster_resaved_smaller_and_tells_different_ones_apart():
    original = Image.open(io.BytesIO(image_bytes(size=(1600, 1200))))
    resized = original.resize((800, 600))
    buffer = io.BytesIO()
    resized.save(buffer, "JPEG", quality=60)
    recompressed = Image.open(io.BytesIO(buffer.getvalue()))
    other = Image.open(io.BytesIO(image_bytes(color="navy", seed=3))).transpose(
        Image.Transpose.FLIP_TOP_BOTTOM
    )
    assert hash_distance(dhash(original), dhash(recompressed)) <= 6
    assert hash_distance(dhash(original), dhash(other)) > 6
