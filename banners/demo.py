"""Demo banners with two weeks of scans, for `seed_demo` (campaign/demo.py)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from contest.models import Unit
from quizzes.models import Round

from .models import Banner, Scan, ScanSignup

# (code, place, unit, commune, target): fixed codes so the demo's printed links never change.
BANNERS = [
    (
        "K7QXM",
        "Trung tâm Phục vụ hành chính công tỉnh – sảnh chính",
        "Văn phòng UBND tỉnh",
        "Phường Phú Lợi",
        Banner.Target.ROUND,
    ),
    ("H4RZT", "Chợ Sóc Trăng – cổng chính", None, "Phường Sóc Trăng", Banner.Target.ROUND),
    ("P9WDN", "Trường Chính trị tỉnh – bảng tin", "Trường Chính trị tỉnh", "", Banner.Target.BOARD),
    (
        "M3CVE",
        "UBND huyện Trần Đề – bộ phận một cửa",
        "UBND huyện Trần Đề",
        "Xã Trần Đề",
        Banner.Target.GALLERY,
    ),
    ("B6YSJ", "Bến xe khách Sóc Trăng – pano", None, "Phường Sóc Trăng", Banner.Target.PAGE),
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
    return f"{len(banners)} banners with {Scan.objects.count()} scans"
