"""The demo poster and poem competition (idempotent): drawn posters, poems, votes, scores.

thisinh09–thisinh12 are left alone: the quiz browser tests use them as fresh participants.
"""

import io
import unicodedata
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from contest.demo import _user
from contest.models import Contest
from contest.roles import JURORS

from .images import read_poster
from .models import Criterion, Entry, GalleryConfig, JuryReview, Vote
from .services.entries import entry_submit
from .services.jury import review_save
from .services.moderation import entry_approve
from .services.votes import vote_cast

DEMO_JUROR_EMAIL = "giamkhao@example.org"
FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]

# (author number, title, slogan lines, explanation, colours)
POSTERS = [
    (
        1,
        "Một cửa – một lần đến",
        ["MỘT CỬA", "MỘT LẦN ĐẾN", "XONG VIỆC"],
        "Người dân chỉ cần đến bộ phận một cửa một lần là giải quyết xong thủ tục.",
        ("#a61b1b", "#ffd43b", "#ffffff"),
    ),
    (
        2,
        "Dịch vụ công trong tầm tay",
        ["DỊCH VỤ CÔNG", "TRỰC TUYẾN", "MỌI LÚC MỌI NƠI"],
        "Chiếc điện thoại thay cho nhiều lần đi lại: nộp hồ sơ trên Cổng Dịch vụ công.",
        ("#0b4f8a", "#7fd1ff", "#ffffff"),
    ),
    (
        3,
        "Cán bộ tận tụy, dân hài lòng",
        ["CÁN BỘ TẬN TỤY", "NHÂN DÂN", "HÀI LÒNG"],
        "Văn hóa công vụ: thái độ phục vụ quyết định sự hài lòng của người dân.",
        ("#13612e", "#b7f0c4", "#ffffff"),
    ),
    (
        4,
        "Cải cách hành chính – động lực phát triển",
        ["CẢI CÁCH", "HÀNH CHÍNH", "ĐỘNG LỰC PHÁT TRIỂN"],
        "Thủ tục gọn nhẹ mở đường cho doanh nghiệp và người dân làm ăn.",
        ("#5b2a86", "#f4a7ff", "#ffffff"),
    ),
]

# Short lục bát written for this demo.
POEMS = [
    (
        5,
        "Một cửa quê mình",
        "Sen Hồng",
        "Sáng nay ra xã làm giờ\n"
        "Một cửa rộng mở chẳng chờ đợi lâu\n"
        "Cán bộ niềm nở đón chào\n"
        "Giấy tờ gọn nhẹ, dân nào cũng vui",
    ),
    (
        6,
        "Nộp hồ sơ trên mạng",
        "Lúa Vàng",
        "Ngồi nhà bấm chiếc điện thoại\n"
        "Hồ sơ đã nộp, chẳng ngại đường xa\n"
        "Dịch vụ công đến từng nhà\n"
        "Cải cách hành chính thật là gần dân",
    ),
    (
        7,
        "Lời hẹn công đường",
        "Gió Sông Hậu",
        "Hẹn ngày trả kết quả xong\n"
        "Đúng ngày đúng hẹn, người mong được nhờ\n"
        "Công đường chẳng nhũng nhiễu chờ\n"
        "Lòng dân tin tưởng như tờ giấy trong",
    ),
]

# (voter number, author numbers voted for); thisinh08 has the demo's pending entry.
VOTES = [
    (1, [2, 3, 5]),
    (2, [1, 3, 6]),
    (3, [1, 2, 5, 7]),
    (4, [1, 5]),
    (5, [1, 2]),
    (6, [3, 5]),
    (7, [1, 6]),
]


def _font(size: int):
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _fold(text: str) -> str:
    """Without a Vietnamese font, letters without diacritics rather than empty boxes."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def draw_poster(lines: list[str], colours: tuple[str, str, str], *, size=(1600, 2263)) -> bytes:
    """A colourful PNG poster with shapes and a slogan, at a print-like resolution."""
    background, accent, ink = colours
    width, height = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    draw.ellipse([-width // 3, -width // 3, width // 2, width // 2], fill=accent)
    draw.rectangle([0, height * 3 // 4, width, height], fill=accent)
    for i in range(6):
        x = width // 8 + i * width // 7
        draw.regular_polygon((x, height * 2 // 3, 60), 5, fill=ink)
    font, vietnamese = _font(150)
    y = height // 3
    for line in lines:
        text = line if vietnamese else _fold(line)
        box = draw.textbbox((0, 0), text, font=font)
        scale_font = font
        if box[2] > width - 120:  # long lines get a smaller size
            scale_font, _ = _font(int(150 * (width - 120) / box[2]))
            box = draw.textbbox((0, 0), text, font=scale_font)
        draw.text(((width - box[2]) // 2, y), text, font=scale_font, fill=ink)
        y += box[3] + 50
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _participant_user(number: int):
    return _user(f"thisinh{number:02d}@example.org")


def seed_gallery(contest: Contest) -> str:
    now = timezone.now()
    gallery, created = GalleryConfig.objects.get_or_create(
        contest=contest,
        defaults={
            "title": "Thi sáng tác tranh cổ động và thơ về cải cách hành chính",
            "rules": (
                "Mỗi tác giả gửi tối đa 5 tác phẩm (tranh cổ động hoặc thơ), tự sáng tác, "
                "chưa công bố. Tranh: cạnh dài từ 1.500 px; thơ: không quá 30 dòng. "
                "Giải bình chọn dành cho tác phẩm được nhiều phiếu hợp lệ nhất."
            ),
            "submissions_open_at": now - timedelta(days=7),
            "submissions_close_at": now + timedelta(days=30),
            "voting_opens_at": now - timedelta(days=3),
            "voting_closes_at": now + timedelta(days=40),
            "show_counts": True,
        },
    )
    if created:
        for position, (name, weight) in enumerate(
            [("Nội dung, thông điệp", 40), ("Tính sáng tạo", 30), ("Thẩm mỹ, nghệ thuật", 30)]
        ):
            Criterion.objects.create(gallery=gallery, name=name, weight=weight, position=position)
    juror = _user(DEMO_JUROR_EMAIL)
    juror.groups.add(Group.objects.get(name=JURORS))
    organizer = _user("bantochuc@example.org")

    entries = {}
    for number, title, lines, explanation, colours in POSTERS:
        author = _participant_user(number)
        entry = Entry.objects.filter(gallery=gallery, author=author, title=title).first()
        if entry is None:
            data = draw_poster(lines, colours)
            upload = SimpleUploadedFile("poster.png", data, content_type="image/png")
            processed = read_poster(
                upload, max_bytes=gallery.max_image_bytes, min_long_side=gallery.min_long_side
            )
            entry = entry_submit(
                gallery=gallery,
                author=author,
                kind=Entry.Kind.POSTER,
                data={"title": title, "explanation": explanation},
                processed=processed,
            )
            entry = entry_approve(entry=entry, by=organizer, notify=False)
        entries[number] = entry
    for number, title, pen_name, poem in POEMS:
        author = _participant_user(number)
        entry = Entry.objects.filter(gallery=gallery, author=author, title=title).first()
        if entry is None:
            entry = entry_submit(
                gallery=gallery,
                author=author,
                kind=Entry.Kind.POEM,
                data={"title": title, "pen_name": pen_name, "poem": poem},
            )
            entry = entry_approve(entry=entry, by=organizer, notify=False)
        entries[number] = entry
    # One entry waits in the moderation queue.
    pending_author = _participant_user(8)
    if not Entry.objects.filter(gallery=gallery, author=pending_author).exists():
        entry_submit(
            gallery=gallery,
            author=pending_author,
            kind=Entry.Kind.POEM,
            data={
                "title": "Đường về xã mới",
                "pen_name": "Mây Trắng",
                "poem": "Đường về xã mới thênh thang\nHồ sơ một cửa rõ ràng dễ xem",
            },
        )

    for voter_number, authors in VOTES:
        voter = _participant_user(voter_number)
        for author_number in authors:
            entry = entries[author_number]
            if not entry.votes.filter(voter=voter).exists():
                vote_cast(voter=voter, entry=entry, ip=f"192.0.2.{voter_number}", user_agent="demo")

    # A sign-up script's work for the fraud check to find: new accounts, minutes apart, one IP.
    for index in range(1, 5):
        bot = _user(f"taikhoanmoi{index:02d}@example.org")
        if not bot.gallery_votes.exists():
            vote_cast(voter=bot, entry=entries[4], ip="198.51.100.23", user_agent="script")

    criteria = list(gallery.criteria.all())
    for offset, number in enumerate([1, 2, 3, 5, 6]):
        entry = entries[number]
        if not JuryReview.objects.filter(entry=entry, juror=juror).exists():
            scores = {c.pk: 6 + (offset + i) % 4 for i, c in enumerate(criteria)}
            review_save(entry=entry, juror=juror, scores=scores, note="")
    return (
        f"gallery “{gallery.title}”: {Entry.objects.filter(gallery=gallery).count()} entries, "
        f"{Vote.objects.filter(entry__gallery=gallery).count()} votes, "
        f"juror {DEMO_JUROR_EMAIL}"
    )
