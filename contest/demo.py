"""The base of the demo contest `make run` loads: units, organizer, participants.

Idempotent (get-or-create throughout); campaign/demo.py adds each app's part on top.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from .models import Contest, Participant, Unit
from .roles import ORGANIZERS

DEMO_PASSWORD = "cchc-demo-2026"
DEMO_ORGANIZER_EMAIL = "bantochuc@example.org"

# Units of thành phố Cần Thơ as the 2025 reform left it: departments of the city and the
# People's Committees of its wards (phường) and communes (xã), with no district level
# between; Sóc Trăng's communes and wards joined the city. Headcounts are plausible.
UNITS = [
    ("Sở Nội vụ", Unit.Kind.DEPARTMENT, 62),
    ("Sở Tài chính", Unit.Kind.DEPARTMENT, 74),
    ("Sở Khoa học và Công nghệ", Unit.Kind.DEPARTMENT, 58),
    ("Sở Xây dựng", Unit.Kind.DEPARTMENT, 95),
    ("Văn phòng UBND thành phố", Unit.Kind.DEPARTMENT, 88),
    ("Báo và Phát thanh, Truyền hình Cần Thơ", Unit.Kind.PRESS, 160),
    ("Trường Chính trị thành phố", Unit.Kind.SCHOOL, 45),
    ("UBND phường Ninh Kiều", Unit.Kind.PEOPLES_COMMITTEE, 70),
    ("UBND phường Phú Lợi", Unit.Kind.PEOPLES_COMMITTEE, 64),
    ("UBND phường Sóc Trăng", Unit.Kind.PEOPLES_COMMITTEE, 60),
    ("UBND phường Vĩnh Châu", Unit.Kind.PEOPLES_COMMITTEE, 55),
    ("UBND phường Ngã Năm", Unit.Kind.PEOPLES_COMMITTEE, 48),
    ("UBND xã Kế Sách", Unit.Kind.PEOPLES_COMMITTEE, 45),
    ("UBND xã Mỹ Tú", Unit.Kind.PEOPLES_COMMITTEE, 42),
    ("UBND phường Mỹ Xuyên", Unit.Kind.PEOPLES_COMMITTEE, 50),
    ("UBND xã Long Phú", Unit.Kind.PEOPLES_COMMITTEE, 44),
    ("UBND xã Cù Lao Dung", Unit.Kind.PEOPLES_COMMITTEE, 38),
    ("UBND xã Trần Đề", Unit.Kind.PEOPLES_COMMITTEE, 46),
    ("UBND xã Thạnh Trị", Unit.Kind.PEOPLES_COMMITTEE, 40),
]

PARTICIPANTS = [
    ("Nguyễn Văn An", "0912000001", Participant.Type.CIVIL_SERVANT, "Sở Nội vụ"),
    ("Trần Thị Bích Ngọc", "0912000002", Participant.Type.CIVIL_SERVANT, "Sở Tài chính"),
    ("Lê Hoàng Phúc", "0912000003", Participant.Type.CIVIL_SERVANT, "Văn phòng UBND thành phố"),
    (
        "Phạm Thị Thu Hà",
        "0912000004",
        Participant.Type.CIVIL_SERVANT,
        "Báo và Phát thanh, Truyền hình Cần Thơ",
    ),
    ("Huỳnh Minh Trí", "0912000005", Participant.Type.CIVIL_SERVANT, "UBND xã Kế Sách"),
    ("Võ Thị Kim Anh", "0912000006", Participant.Type.CIVIL_SERVANT, "UBND phường Vĩnh Châu"),
    ("Thạch Sô Phal", "0912000007", Participant.Type.CITIZEN, "UBND xã Trần Đề"),
    ("Lâm Quốc Bảo", "0912000008", Participant.Type.STUDENT, "Trường Chính trị thành phố"),
    ("Đặng Văn Hùng", "0912000009", Participant.Type.ARMED_FORCES, None),
    ("Ngô Thị Mỹ Duyên", "0912000010", Participant.Type.BUSINESS, None),
    (
        "Dương Thanh Tùng",
        "0912000011",
        Participant.Type.CIVIL_SERVANT,
        "Sở Khoa học và Công nghệ",
    ),
    ("Kim Thị Sa Rinh", "0912000012", Participant.Type.CIVIL_SERVANT, "UBND phường Mỹ Xuyên"),
]
OTHER_UNITS = {
    "0912000009": "Bộ Chỉ huy Quân sự thành phố",
    "0912000010": "Công ty TNHH Thương mại Phú Lợi",
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


def seed_contest() -> Contest:
    """The contest, its units, the demo organizer and participants (campaign.demo adds the rest)."""
    contest, _ = Contest.objects.get_or_create(
        slug="cchc-2026",
        defaults={
            "title": "Cuộc thi tìm hiểu về cải cách hành chính",
            "organizer_name": "Sở Nội vụ thành phố Cần Thơ",
            "description": (
                "Cuộc thi trực tuyến tìm hiểu về cải cách hành chính nhà nước dành cho cán bộ, "
                "công chức, viên chức, lực lượng vũ trang, học sinh, sinh viên và Nhân dân "
                "trên địa bàn thành phố. Thi trắc nghiệm theo từng đợt, thi sáng tác tranh cổ động "
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
                # The demo's people have verified their phones, so they can vote at once.
                "phone_verified_at": timezone.now(),
            },
        )
    return contest
