"""The demo contest that `make run` loads (idempotent: get-or-create throughout)."""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from .models import Banner, Contest, Participant, Scan, ScanSignup, Unit
from .roles import ORGANIZERS

DEMO_PASSWORD = "cchc-demo-2026"
DEMO_ORGANIZER_EMAIL = "bantochuc@example.org"

# Units of Sóc Trăng named in the provincial plan, with plausible headcounts.
UNITS = [
    ("Sở Nội vụ", Unit.Kind.DEPARTMENT, 62),
    ("Sở Tài chính", Unit.Kind.DEPARTMENT, 74),
    ("Sở Thông tin và Truyền thông", Unit.Kind.DEPARTMENT, 48),
    ("Sở Giao thông vận tải", Unit.Kind.DEPARTMENT, 95),
    ("Văn phòng UBND tỉnh", Unit.Kind.DEPARTMENT, 88),
    ("Báo Sóc Trăng", Unit.Kind.PRESS, 56),
    ("Đài Phát thanh và Truyền hình tỉnh", Unit.Kind.PRESS, 120),
    ("Trường Chính trị tỉnh", Unit.Kind.SCHOOL, 45),
    ("UBND thành phố Sóc Trăng", Unit.Kind.PEOPLES_COMMITTEE, 150),
    ("UBND thị xã Vĩnh Châu", Unit.Kind.PEOPLES_COMMITTEE, 110),
    ("UBND thị xã Ngã Năm", Unit.Kind.PEOPLES_COMMITTEE, 90),
    ("UBND huyện Kế Sách", Unit.Kind.PEOPLES_COMMITTEE, 105),
    ("UBND huyện Mỹ Tú", Unit.Kind.PEOPLES_COMMITTEE, 98),
    ("UBND huyện Mỹ Xuyên", Unit.Kind.PEOPLES_COMMITTEE, 102),
    ("UBND huyện Long Phú", Unit.Kind.PEOPLES_COMMITTEE, 94),
    ("UBND huyện Cù Lao Dung", Unit.Kind.PEOPLES_COMMITTEE, 76),
    ("UBND huyện Trần Đề", Unit.Kind.PEOPLES_COMMITTEE, 88),
    ("UBND huyện Thạnh Trị", Unit.Kind.PEOPLES_COMMITTEE, 82),
    ("UBND huyện Châu Thành", Unit.Kind.PEOPLES_COMMITTEE, 92),
]

PARTICIPANTS = [
    ("Nguyễn Văn An", "0912000001", Participant.Type.CIVIL_SERVANT, "Sở Nội vụ"),
    ("Trần Thị Bích Ngọc", "0912000002", Participant.Type.CIVIL_SERVANT, "Sở Tài chính"),
    ("Lê Hoàng Phúc", "0912000003", Participant.Type.CIVIL_SERVANT, "Văn phòng UBND tỉnh"),
    ("Phạm Thị Thu Hà", "0912000004", Participant.Type.CIVIL_SERVANT, "Báo Sóc Trăng"),
    ("Huỳnh Minh Trí", "0912000005", Participant.Type.CIVIL_SERVANT, "UBND huyện Kế Sách"),
    ("Võ Thị Kim Anh", "0912000006", Participant.Type.CIVIL_SERVANT, "UBND thị xã Vĩnh Châu"),
    ("Thạch Sô Phal", "0912000007", Participant.Type.CITIZEN, "UBND huyện Trần Đề"),
    ("Lâm Quốc Bảo", "0912000008", Participant.Type.STUDENT, "Trường Chính trị tỉnh"),
    ("Đặng Văn Hùng", "0912000009", Participant.Type.ARMED_FORCES, None),
    ("Ngô Thị Mỹ Duyên", "0912000010", Participant.Type.BUSINESS, None),
    (
        "Dương Thanh Tùng",
        "0912000011",
        Participant.Type.CIVIL_SERVANT,
        "Sở Thông tin và Truyền thông",
    ),
    ("Kim Thị Sa Rinh", "0912000012", Participant.Type.CIVIL_SERVANT, "UBND huyện Mỹ Xuyên"),
]
OTHER_UNITS = {
    "0912000009": "Bộ Chỉ huy Quân sự tỉnh",
    "0912000010": "Công ty TNHH Thương mại Sóc Trăng",
}


def _user(email: str, **extra):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, **extra)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_contest() -> str:
    contest, _ = Contest.objects.get_or_create(
        slug="cchc-2026",
        defaults={
            "title": "Cuộc thi tìm hiểu về cải cách hành chính",
            "organizer_name": "Sở Nội vụ tỉnh Sóc Trăng",
            "description": (
                "Cuộc thi trực tuyến tìm hiểu về cải cách hành chính nhà nước dành cho cán bộ, "
                "công chức, viên chức, lực lượng vũ trang, học sinh, sinh viên và Nhân dân "
                "trên địa bàn tỉnh. Thi trắc nghiệm theo từng đợt, thi sáng tác tranh cổ động "
                "và thơ ca về cải cách hành chính."
            ),
            "starts_at": timezone.now().replace(hour=7, minute=0, second=0, microsecond=0),
            "is_active": True,
        },
    )
    units = {}
    for name, kind, headcount in UNITS:
        units[name], _ = Unit.objects.get_or_create(
            name=name, defaults={"kind": kind, "headcount": headcount}
        )

    organizer = _user(DEMO_ORGANIZER_EMAIL, is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS))

    for index, (full_name, phone, kind, unit_name) in enumerate(PARTICIPANTS, start=1):
        user = _user(f"thisinh{index:02d}@example.org")
        Participant.objects.get_or_create(
            user=user,
            defaults={
                "full_name": full_name,
                "phone": phone,
                "participant_type": kind,
                "unit": units.get(unit_name),
                "unit_other": OTHER_UNITS.get(phone, ""),
                "consent_given_at": timezone.now(),
            },
        )
    from quizzes.demo import seed_quizzes  # the quiz demo needs the participants above

    quizzes = seed_quizzes(contest)
    banners = seed_banners(contest)
    return (
        f"Demo contest “{contest.title}”: {Unit.objects.count()} units, "
        f"{Participant.objects.count()} participants, {quizzes}, {banners}."
    )


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
    from quizzes.models import Round

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
