import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from contest.roles import JURORS
from gallery.images import read_poster
from gallery.models import Criterion, Entry, GalleryConfig
from gallery.services.entries import entry_submit
from gallery.services.moderation import entry_approve
from tests.factories import ContestFactory, OrganizerFactory, ParticipantFactory, UserFactory

POEM = (
    "Một cửa giấy tờ gọn gàng\n"
    "Người dân đến hỏi rõ ràng đôi câu\n"
    "Cải cách chẳng phải đâu xa\n"
    "Bắt đầu từ chính việc nhà công đường"
)


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.GALLERY_PRIVATE_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")


def image_bytes(size=(1600, 1200), fmt="PNG", color="teal", seed=0, **save) -> bytes:
    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle([w // 8 + seed * 37 % (w // 4), h // 6, w // 2, h // 2], fill="gold")
    draw.ellipse([w // 2, h // 2, w - w // 10, h - h // 10], fill="crimson")
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(data: bytes, name="poster.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def gallery(db):
    now = timezone.now()
    config = GalleryConfig.objects.create(
        contest=ContestFactory(),
        title="Thi sáng tác tranh cổ động và thơ về cải cách hành chính",
        submissions_open_at=now - timedelta(days=10),
        submissions_close_at=now + timedelta(days=10),
        voting_opens_at=now - timedelta(days=1),
        voting_closes_at=now + timedelta(days=20),
        max_image_mb=5,
        min_long_side=1500,
    )
    for position, (name, weight) in enumerate([("Nội dung", 4), ("Sáng tạo", 3), ("Thẩm mỹ", 3)]):
        Criterion.objects.create(gallery=config, name=name, weight=weight, position=position)
    return config


@pytest.fixture
def author(db):
    return ParticipantFactory(full_name="Trần Thị Bích Ngọc").user


@pytest.fixture
def juror(db):
    user = UserFactory(email="giamkhao@example.org")
    user.groups.add(Group.objects.get(name=JURORS))
    return user


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def make_poster(gallery, author=None, *, approve=True, seed=0, title="Một cửa thân thiện"):
    author = author or ParticipantFactory().user
    processed = read_poster(
        upload(image_bytes(seed=seed)), max_bytes=gallery.max_image_bytes, min_long_side=1500
    )
    entry = entry_submit(
        gallery=gallery,
        author=author,
        kind=Entry.Kind.POSTER,
        data={"title": title, "explanation": "Tranh cổ động về cơ chế một cửa."},
        processed=processed,
    )
    if approve:
        entry_approve(entry=entry, by=OrganizerFactory())
        entry.refresh_from_db()
    return entry


def make_poem(
    gallery, author=None, *, approve=True, poem=POEM, title="Một cửa", pen_name="Hoa Sen"
):
    author = author or ParticipantFactory().user
    entry = entry_submit(
        gallery=gallery,
        author=author,
        kind=Entry.Kind.POEM,
        data={"title": title, "pen_name": pen_name, "poem": poem},
    )
    if approve:
        entry_approve(entry=entry, by=OrganizerFactory())
        entry.refresh_from_db()
    return entry
