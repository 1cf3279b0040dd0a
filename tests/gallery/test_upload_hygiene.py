"""What is stored of an upload: no metadata, no payload, no poster conjured from a header."""

import io
import struct
import time
from datetime import timedelta
from pathlib import Path

import pillow_heif
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image, ImageCms, ImageOps, PngImagePlugin

from gallery import images
from gallery.models import Entry
from tests.gallery.conftest import image_bytes, make_poem, make_poster, upload

pytestmark = pytest.mark.django_db

SERIAL = "SN-4411-0987-CAM"
OWNER = "Nguyen Van An"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>XMP-SECRET</rdf:Description>'
PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"
SECRETS = (SERIAL.encode(), OWNER.encode(), b"PhoneMaker", b"XMP-SECRET", b"<script", b"HOMEADDR")
LIMIT = 5 * 1024 * 1024


def phone_exif(orientation=6) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = OWNER  # Artist
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0xA431] = SERIAL  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (9.0, 36.0, 10.0), "E", (105.0, 58.0, 20.0)
    return exif


def srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def gps_jpeg() -> bytes:
    picture = Image.open(io.BytesIO(image_bytes(size=(1600, 1200))))
    buffer = io.BytesIO()
    picture.save(
        buffer,
        "JPEG",
        exif=phone_exif().tobytes(),
        xmp=XMP,
        comment=b"HOMEADDR 12 Tran Hung Dao",
        icc_profile=srgb_icc(),
    )
    return buffer.getvalue() + PAYLOAD


def png_with_payload() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", OWNER)
    info.add_itxt("Comment", "HOMEADDR 12 Tran Hung Dao", zip=True)
    return image_bytes(pnginfo=info, exif=phone_exif(orientation=1).tobytes()) + PAYLOAD


def pixels(data: bytes) -> tuple:
    picture = Image.open(io.BytesIO(data))
    return picture.mode, picture.size, picture.tobytes()


def upright_size(data: bytes) -> tuple[int, int]:
    return ImageOps.exif_transpose(Image.open(io.BytesIO(data))).size


def stored_files() -> dict[str, bytes]:
    roots = [Path(django_settings.MEDIA_ROOT), Path(django_settings.GALLERY_PRIVATE_ROOT)]
    return {
        str(path): path.read_bytes() for root in roots for path in root.rglob("*") if path.is_file()
    }


def assert_clean(data: bytes, name: str) -> None:
    for secret in SECRETS:
        assert secret not in data, f"{secret!r} in {name}"
    stored = Image.open(io.BytesIO(data))
    exif = stored.getexif()
    assert not exif.get_ifd(0x8825), f"GPS in {name}"
    assert set(exif) <= {0x0112}, f"EXIF besides orientation in {name}"
    assert "xmp" not in stored.info and "comment" not in stored.info, name


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def send(client, data: bytes, name: str):
    return client.post(
        reverse("gallery:entry-create", args=["tranh"]),
        {
            "title": "Một cửa thân thiện",
            "explanation": "Tranh cổ động về cơ chế một cửa.",
            "pledge": "on",
            "consent": "on",
            "image": upload(data, name=name),
        },
    )


def test_no_stored_file_of_a_gps_photo_keeps_its_metadata_or_payload(author_client, gallery):
    data = gps_jpeg()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    assert send(author_client, data, "IMG_2044.JPG").status_code == 302
    entry = Entry.objects.get()
    files = stored_files()
    # the original, the master and three renditions
    assert len(files) == 5
    for name, body in files.items():
        assert_clean(body, name)
    original = images.private_storage().open(entry.original_name).read()
    # Lossless: the same pixels as sent, the colour profile for print, still shown upright.
    assert pixels(original) == pixels(data)
    icc = Image.open(io.BytesIO(data)).info["icc_profile"]
    assert Image.open(io.BytesIO(original)).info["icc_profile"] == icc
    assert upright_size(original) == (1200, 1600)
    assert original.endswith(b"\xff\xd9")


def test_no_stored_file_of_a_png_keeps_its_text_chunks_or_appended_html(author_client, gallery):
    data = png_with_payload()
    assert send(author_client, data, "poster.png").status_code == 302
    entry = Entry.objects.get()
    files = stored_files()
    assert len(files) == 5
    for name, body in files.items():
        assert_clean(body, name)
    original = images.private_storage().open(entry.original_name).read()
    assert pixels(original) == pixels(data)
    assert original.endswith(b"IEND\xaeB`\x82")
    assert b"tEXt" not in original and b"iTXt" not in original and b"eXIf" not in original


def test_a_webp_original_loses_its_exif_and_xmp_but_not_its_pixels():
    buffer = io.BytesIO()
    Image.open(io.BytesIO(image_bytes())).save(
        buffer, "WEBP", lossless=True, exif=phone_exif(orientation=1).tobytes(), xmp=XMP
    )
    data = buffer.getvalue() + PAYLOAD
    processed = images.read_poster(upload(data, name="p.webp"), max_bytes=LIMIT, min_long_side=1500)
    assert_clean(processed.original, "original")
    assert processed.original_format == "WEBP"
    assert pixels(processed.original) == pixels(data)


def test_a_heic_original_is_kept_as_clean_lossless_pixels():
    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.open(io.BytesIO(image_bytes())).save(
        buffer, "HEIF", exif=phone_exif(orientation=1).tobytes(), xmp=XMP
    )
    data = buffer.getvalue()
    assert SERIAL.encode() in data
    processed = images.read_poster(
        upload(data, name="IMG_0001.HEIC"), max_bytes=LIMIT, min_long_side=1500
    )
    assert processed.original_format == "HEIF"
    assert processed.original.startswith(b"\x89PNG")
    assert_clean(processed.original, "original")
    assert pixels(processed.original) == pixels(data)
    stored = images.store(processed)
    assert stored["original_name"].endswith(".png")


def header_bomb_jpeg(width=8000, height=10000) -> bytes:
    """A 64x64 JPEG whose frame header claims `width` x `height`: under 1 KB of data."""
    small = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(small, "JPEG")
    data = bytearray(small.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def test_a_jpeg_declaring_far_more_pixels_than_it_holds_is_refused_fast_and_nothing_is_stored(
    author_client, gallery
):
    data = header_bomb_jpeg()
    assert len(data) < 1000 and Image.open(io.BytesIO(data)).size == (8000, 10000)
    started = time.monotonic()
    with translation.override("vi"):
        response = send(author_client, data, "poster.jpg")
    assert time.monotonic() - started < 1
    assert response.status_code == 200
    errors = response.context["form"].errors["image"]
    assert "Tệp ảnh không đầy đủ" in errors[0] and "8.000 × 10.000 px" in errors[0]
    assert not Entry.objects.exists()
    assert stored_files() == {}


def test_a_real_jpeg_is_not_refused_by_the_data_bound():
    # A flat colour is the least data a JPEG can hold for its size.
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 5000), "white").save(buffer, "JPEG", optimize=True)
    processed = images.read_poster(upload(buffer.getvalue()), max_bytes=LIMIT, min_long_side=1500)
    assert processed.width == 4000


@pytest.fixture
def no_decoding(monkeypatch):
    """Any attempt to open the uploaded image fails the test loudly."""

    def refuse_to_decode(data):
        raise AssertionError("the upload was decoded")

    monkeypatch.setattr(images, "_open", refuse_to_decode)


def test_a_closed_window_is_told_before_the_upload_is_decoded(author_client, gallery, no_decoding):
    gallery.submissions_close_at = timezone.now() - timedelta(hours=1)
    gallery.save()
    with translation.override("vi"):
        response = send(author_client, image_bytes(), "poster.png")
    assert response.status_code == 200
    assert "Đang ngoài thời gian nhận bài" in response.content.decode()
    form = response.context["form"]
    assert "image" not in form.errors
    assert form["title"].value() == "Một cửa thân thiện"
    assert not Entry.objects.exists() and stored_files() == {}


def test_a_full_quota_is_told_before_the_upload_is_decoded(
    author_client, gallery, author, no_decoding
):
    gallery.max_entries_per_author = 1
    gallery.save()
    make_poem(gallery, author, approve=False)
    with translation.override("vi"):
        response = send(author_client, image_bytes(), "poster.png")
    assert "Bạn đã gửi đủ số tác phẩm tối đa" in response.content.decode()
    assert Entry.objects.count() == 1 and stored_files() == {}


def test_a_closed_window_is_told_before_a_replacement_image_is_decoded(
    author_client, gallery, author, monkeypatch
):
    entry = make_poster(gallery, author, approve=False)
    gallery.submissions_close_at = timezone.now() - timedelta(hours=1)
    gallery.save()
    before = stored_files()
    monkeypatch.setattr(images, "_open", lambda data: pytest.fail("the upload was decoded"))
    with translation.override("vi"):
        response = author_client.post(
            reverse("gallery:entry-edit", args=[entry.pk]),
            {
                "title": "Mới",
                "explanation": "Tranh mới.",
                "pledge": "on",
                "consent": "on",
                "image": upload(image_bytes(seed=5)),
            },
        )
    assert "Đang ngoài thời gian nhận bài" in response.content.decode()
    entry.refresh_from_db()
    assert entry.title == "Một cửa thân thiện"
    assert stored_files() == before


def test_a_file_too_large_is_told_before_it_is_decoded(author_client, gallery, no_decoding):
    gallery.max_image_mb = 1
    gallery.save()
    with translation.override("vi"):
        response = send(author_client, b"\x89PNG" + b"\0" * (1024 * 1024 + 10), "poster.png")
    assert response.status_code == 200
    assert response.context["form"].errors["image"][0].startswith("Tệp quá lớn")
    assert stored_files() == {}


def test_originals_stored_before_cleaning_are_cleaned_by_the_command(gallery):
    entry = make_poster(gallery)
    private = images.private_storage()
    dirty = gps_jpeg()
    private.delete(entry.original_name)
    entry.original_name = private.save(f"{entry.image_key}-original.jpg", ContentFile(dirty))
    entry.original_format = "JPEG"
    entry.save()
    out = io.StringIO()
    call_command("clean_poster_originals", stdout=out)
    assert "1 cleaned" in out.getvalue()
    entry.refresh_from_db()
    for name, body in stored_files().items():
        assert_clean(body, name)
    assert pixels(private.open(entry.original_name).read()) == pixels(dirty)
    assert len(stored_files()) == 5  # the dirty copy is gone
    call_command("clean_poster_originals", stdout=out)
    assert "0 cleaned" in out.getvalue()
