"""Demo banners with two weeks of scans, for `seed_demo` (campaign/demo.py)."""

import io
import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from contest.demo import DEMO_ORGANIZER_EMAIL
from contest.models import Unit
from gallery.images import read_poster
from quizzes.models import Round

from .models import Banner, BannerCheck, Scan, ScanSignup
from .services.checks import photo_store

# (code, place, unit, commune, target): fixed codes so the demo's printed links never change.
BANNERS = [
    (
        "K7QXM",
        "Trung tâm Phục vụ hành chính công thành phố – sảnh chính",
        "Văn phòng UBND thành phố",
        "Phường Ninh Kiều",
        Banner.Target.ROUND,
    ),
    ("H4RZT", "Chợ phường Sóc Trăng – cổng chính", None, "Phường Sóc Trăng", Banner.Target.ROUND),
    (
        "P9WDN",
        "Trường Chính trị thành phố – bảng tin",
        "Trường Chính trị thành phố",
        "",
        Banner.Target.BOARD,
    ),
    (
        "M3CVE",
        "UBND xã Trần Đề – bộ phận một cửa",
        "UBND xã Trần Đề",
        "Xã Trần Đề",
        Banner.Target.GALLERY,
    ),
    ("B6YSJ", "Bến xe khách Phú Lợi – pano", None, "Phường Phú Lợi", Banner.Target.PAGE),
]
# Mistyped and tampered codes people tried (orphan scans).
ORPHAN_CODES = ["K7QXN", "H4RZ", "ADMIN"]


def seed_banners(contest) -> str:
    """A few banners with two weeks of scans and some sign-ups they brought, once."""
    round = Round.objects.filter(contest=contest).order_by("-opens_at").first()
    banners = []
    for code, name, unit_name, commune, target in BANNERS:
        banner, _ = Banner.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": Unit.objects.filter(name=unit_name).first() if unit_name else None,
                "commune": commune,
                "target": target,
                "round": round if target in (Banner.Target.ROUND, Banner.Target.BOARD) else None,
                "path": "/" if target == Banner.Target.PAGE else "",
            },
        )
        banners.append(banner)
    if not Scan.objects.filter(banner__in=banners).exists():
        rng = random.Random(2026)  # the same demo every time
        now = timezone.now()
        scans = []
        for weight, banner in zip([40, 25, 12, 8, 3], banners, strict=True):
            visitors = [f"{rng.getrandbits(128):032x}" for _ in range(weight)]
            for day in range(14, -1, -1):
                for _ in range(rng.randint(0, weight // 2 + 1)):
                    scans.append(
                        Scan(
                            banner=banner,
                            code=banner.code,
                            scanned_at=now - timedelta(days=day, minutes=rng.randint(0, 600)),
                            device=rng.choice(["phone"] * 8 + ["tablet", "desktop"]),
                            visitor=rng.choice(visitors),
                            first_banner=banner,
                        )
                    )
        for code in ORPHAN_CODES:
            for day in rng.sample(range(14), 2):
                scans.append(
                    Scan(
                        banner=None,
                        code=code,
                        redirected=False,
                        scanned_at=now - timedelta(days=day, hours=rng.randint(0, 10)),
                        device="phone",
                        visitor=f"{rng.getrandbits(128):032x}",
                    )
                )
        seen = set()
        for item in sorted(scans, key=lambda s: s.scanned_at):
            item.returning = item.visitor in seen
            seen.add(item.visitor)
        Scan.objects.bulk_create(scans)
        # Some demo participants signed up after scanning the first two banners.
        users = get_user_model().objects.filter(participant__isnull=False).order_by("email")
        for index, user in enumerate(users[:6]):
            ScanSignup.objects.get_or_create(
                user=user,
                defaults={"banner": banners[index % 2], "visitor": f"{rng.getrandbits(128):032x}"},
            )
    checks = seed_checks(banners)
    return f"{len(banners)} banners with {Scan.objects.count()} scans and {checks} checks"


# (banner code, state, days ago, note, with a photo, position): the last one is never checked.
CHECKS = [
    (
        "K7QXM",
        BannerCheck.State.INSTALLED,
        21,
        "Lắp ở sảnh chính, bên trái quầy tiếp nhận.",
        False,
        ("9.602521", "105.973875"),
    ),
    ("K7QXM", BannerCheck.State.FINE, 3, "", False, ("9.602498", "105.973911")),
    ("H4RZT", BannerCheck.State.INSTALLED, 18, "", False, None),
    (
        "H4RZT",
        BannerCheck.State.DAMAGED,
        1,
        "Góc phải bị gió làm rách, cần in lại.",
        True,
        ("9.599312", "105.971204"),
    ),
    ("P9WDN", BannerCheck.State.FINE, 45, "", False, None),
    (
        "M3CVE",
        BannerCheck.State.MISSING,
        6,
        "Không còn trên bảng tin, có thể đã bị gỡ.",
        False,
        None,
    ),
]


def _damaged_photo() -> SimpleUploadedFile:
    """A drawn stand-in for a phone photo of a torn banner (red cloth, a yellow line)."""
    image = Image.new("RGB", (1200, 900), "#7b8a94")
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 250, 1100, 600), fill="#c8102e")
    draw.rectangle((180, 390, 1020, 430), fill="#ffcd00")
    draw.polygon([(1100, 250), (920, 250), (1100, 520)], fill="#7b8a94")  # the torn corner
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("bang-ron-rach.jpg", buffer.getvalue(), content_type="image/jpeg")


def seed_checks(banners) -> int:
    """A few checks in the field (one banner never checked), once: no audit entries, since
    nobody did them."""
    if BannerCheck.objects.filter(banner__in=banners).exists():
        return BannerCheck.objects.filter(banner__in=banners).count()
    by_code = {banner.code: banner for banner in banners}
    organizer = get_user_model().objects.filter(email=DEMO_ORGANIZER_EMAIL).first()
    now = timezone.now()
    for code, state, days, note, with_photo, position in CHECKS:
        check = BannerCheck(
            banner=by_code[code],
            state=state,
            note=note,
            checked_at=now - timedelta(days=days, hours=2),
            checked_by=organizer,
        )
        if position:
            check.latitude, check.longitude = (Decimal(v) for v in position)
            check.accuracy_m = 12
        if with_photo:
            processed = read_poster(_damaged_photo(), max_bytes=5 * 1024 * 1024, min_long_side=200)
            for name, value in photo_store(processed).items():
                setattr(check, name, value)
        check.save()
    return len(CHECKS)
