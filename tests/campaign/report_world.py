"""A small world for the report, every figure hand-counted (see the comments).

Period: Q1 2026 (01/01–31/03/2026, 90 days); the previous period is the same 90 days,
03/10–31/12/2025; local time.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from banners.models import Banner, Scan, ScanSignup
from contest.models import Participant
from gallery.models import Entry, GalleryConfig, Vote
from quizzes.models import Round
from quizzes.services.ranking import round_close, round_publish
from tests.factories import ContestFactory, ParticipantFactory, UnitFactory, UserFactory, make_round
from tests.quizzes.helpers import take

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=HCM)


@dataclass
class World:
    contest: object
    r0: object
    r1: object
    r2: object
    people: dict


def build_world() -> World:
    contest = ContestFactory(organizer_name="Sở Nội vụ tỉnh Sóc Trăng")
    a = UnitFactory(name="Sở Tư pháp", headcount=4)
    b = UnitFactory(name="UBND phường Phú Lợi", headcount=10)
    c = UnitFactory(name="Sở Y tế", headcount=20)
    T = Participant.Type
    people = {
        "p1": ParticipantFactory(full_name="Trần Thị Ánh Tuyết", unit=a, commune="Phường 1"),
        "p2": ParticipantFactory(full_name="Lê Văn Đức", unit=a),
        "p3": ParticipantFactory(
            full_name="Phạm Ngọc Hường", unit=b, participant_type=T.CITIZEN, commune="Phú Lợi"
        ),
        "p4": ParticipantFactory(
            full_name="Võ Minh Khang", unit=b, participant_type=T.STUDENT, commune="Phú Lợi"
        ),
        "p5": ParticipantFactory(full_name="Đỗ Thu Hà", unit=c),
        "p6": ParticipantFactory(
            full_name="Huỳnh Văn Lộc",
            unit=None,
            unit_other="Công ty TNHH Lúa Vàng",
            participant_type=T.BUSINESS,
            commune="Phường 1",
        ),
    }
    p = people
    # Registered: p1, p3 in the previous period; p2, p4, p6 in the period; p5 now.
    Participant.objects.filter(pk__in=[p["p1"].pk, p["p3"].pk]).update(
        created_at=local(2025, 11, 1, 9)
    )
    Participant.objects.filter(pk__in=[p["p2"].pk, p["p4"].pk, p["p6"].pk]).update(
        created_at=local(2026, 1, 5, 9)
    )

    r0 = make_round(
        contest=contest,
        title="Đợt 0",
        prediction=Round.Prediction.NONE,
        opens_at=local(2025, 10, 1, 7),
        closes_at=local(2025, 12, 31, 23, 59),
    )
    take(r0, p["p2"], start=local(2025, 10, 2, 23), seconds=60)  # before both periods
    take(r0, p["p3"], start=local(2025, 10, 3, 0, 5), seconds=60)  # previous period
    take(r0, p["p1"], start=local(2025, 12, 31, 23, 50), seconds=60)  # previous period

    r1 = make_round(
        contest=contest,
        title="Đợt 1",
        prediction=Round.Prediction.NONE,
        opens_at=local(2026, 1, 10, 7),
        closes_at=local(2026, 2, 10, 22),
        collective_min_rate=30,
        prizes_first=1,
        prizes_second=1,
        prizes_third=0,
        prizes_consolation=0,
        collective_prizes=1,
    )
    take(r1, p["p1"], start=local(2026, 1, 12, 9), seconds=60)  # 5/5, first prize
    take(r1, p["p1"], start=local(2026, 1, 13, 9), seconds=60, wrong=1)
    take(r1, p["p2"], start=local(2026, 1, 20, 10), seconds=100, wrong=1)
    take(r1, p["p3"], start=local(2026, 2, 1, 8), seconds=120)  # 5/5, second prize
    round_close(round=r1, now=local(2026, 2, 11, 8))
    round_publish(round=r1, now=local(2026, 2, 12, 8))

    r2 = make_round(
        contest=contest,
        title="Đợt 2",
        prediction=Round.Prediction.NONE,
        opens_at=local(2026, 3, 20, 7),
        closes_at=local(2026, 4, 10, 22),
        collective_min_rate=25,
    )
    take(r2, p["p6"], start=local(2026, 3, 25, 10), seconds=60)
    take(r2, p["p4"], start=local(2026, 3, 31, 23, 30), seconds=60)  # last evening: in
    take(r2, p["p5"], start=local(2026, 4, 1, 0, 10), seconds=60)  # just after: out

    gallery = GalleryConfig.objects.create(
        contest=contest,
        title="Thi sáng tác tranh, thơ cổ động",
        submissions_open_at=local(2025, 11, 1),
        submissions_close_at=local(2026, 3, 1),
        voting_opens_at=local(2026, 2, 1),
        voting_closes_at=local(2026, 3, 15),
        results_published_at=local(2026, 3, 20),
    )

    def entry(kind, title, status, created, author):
        e = Entry.objects.create(
            gallery=gallery,
            author=author.user,
            kind=kind,
            title=title,
            status=status,
            poem="Một cửa thân thiện\nDân vui" if kind == Entry.Kind.POEM else "",
            pledged_at=created,
            display_consent_at=created,
        )
        Entry.objects.filter(pk=e.pk).update(created_at=created)
        return e

    e1 = entry(
        Entry.Kind.POSTER,
        "Một cửa thân thiện",
        Entry.Status.APPROVED,
        local(2026, 2, 1, 10),
        p["p1"],
    )
    e2 = entry(Entry.Kind.POEM, "Dân vui", Entry.Status.APPROVED, local(2026, 2, 2, 10), p["p2"])
    entry(Entry.Kind.POEM, "Chờ duyệt", Entry.Status.PENDING, local(2025, 11, 15, 10), p["p3"])
    voters = [UserFactory() for _i in range(3)]
    Vote.objects.create(entry=e1, voter=voters[0], created_at=local(2026, 2, 5, 9))
    Vote.objects.create(
        entry=e1,
        voter=voters[1],
        created_at=local(2026, 2, 6, 9),
        voided_at=local(2026, 2, 7, 9),
        void_reason="Cùng một IP",
    )
    Vote.objects.create(entry=e2, voter=voters[2], created_at=local(2026, 2, 7, 9))
    Vote.objects.create(entry=e2, voter=voters[0], created_at=local(2026, 4, 2, 9))  # out

    b1 = Banner.objects.create(
        name="Trung tâm Phục vụ hành chính công",
        code="BANNER1",
        target=Banner.Target.PAGE,
        path="/",
        commune="Phường 1",
    )
    b2 = Banner.objects.create(
        name="Chợ Phú Lợi", code="BANNER2", target=Banner.Target.PAGE, path="/"
    )

    def scan(banner, at, visitor, device="phone"):
        Scan.objects.create(
            banner=banner, code=banner.code, scanned_at=at, device=device, visitor=visitor
        )

    scan(b1, local(2026, 1, 10, 8), "v1")
    scan(b1, local(2026, 1, 11, 8), "v1")
    scan(b1, local(2026, 2, 1, 8), "v2")
    scan(b1, local(2026, 2, 1, 8), "bot", device="bot")  # never counted
    scan(b2, local(2025, 12, 15, 8), "v3")  # previous period
    scan(b2, local(2026, 4, 1, 0, 30), "v4")  # after the period

    def signup(banner, person, at, visitor):
        s = ScanSignup.objects.create(user=person.user, banner=banner, visitor=visitor)
        ScanSignup.objects.filter(pk=s.pk).update(created_at=at)

    signup(b1, p["p3"], local(2026, 1, 15, 8), "v1")  # finished 01/02: brought
    signup(b1, p["p4"], local(2026, 3, 30, 8), "v2")  # finished 31/03 23:31: brought
    signup(b2, p["p5"], local(2026, 3, 31, 8), "v4")  # finished 01/04: not in the period
    return World(contest, r0, r1, r2, people)
