"""HTML typed into any free-text field is shown as text on every page that shows that field."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banners.models import Banner
from banners.services.banners import banner_save
from contest.forms import ParticipantForm
from contest.models import Participant
from contest.roles import JURORS
from gallery.models import Entry
from gallery.services.jury import review_save
from gallery.services.moderation import entry_reject
from gallery.services.votes import vote_cast, vote_void
from quizzes.models import Choice, Question, Round
from quizzes.services.attempts import attempt_start
from quizzes.services.ranking import round_close, round_publish
from quizzes.services.rounds import round_save
from tests.factories import OrganizerFactory, ParticipantFactory, UserFactory, make_round
from tests.gallery.conftest import (  # noqa: F401 (fixtures)
    _private_root,
    gallery,
    make_poem,
    make_poster,
)
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db

RAW = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def hostile(label: str) -> str:
    """A different text per field, so a page is known to show that very field."""
    return f"{label}{RAW}"


@pytest.fixture
def world(gallery, settings):  # noqa: F811
    settings.SITE_BASE_URL = "https://cuocthi.soctrang.gov.vn"
    organizer = OrganizerFactory()
    juror = UserFactory()
    juror.groups.add(Group.objects.get(name=JURORS))
    # Names cannot hold markup through the form; stored anyway, they must still be escaped.
    person = ParticipantFactory(full_name=hostile("Tên"), unit=None, unit_other=hostile("ĐơnVị"))
    open_round = make_round(contest=gallery.contest, title=hostile("Đợt"))
    for question in Question.objects.filter(bank=open_round.bank):
        Question.objects.filter(pk=question.pk).update(
            text=hostile("CâuHỏi"), explanation=hostile("GiảiThích")
        )
        Choice.objects.filter(question=question).update(text=hostile("PhươngÁn"))
    attempt = attempt_start(participant=person, round=open_round)
    now = timezone.now()
    closed = make_round(
        contest=gallery.contest,
        title=hostile("ĐợtĐóng"),
        opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(hours=1),
        prediction=Round.Prediction.PERFECT,
    )
    finished = take(closed, person, start=closed.opens_at, seconds=60, prediction=1)
    round_close(round=closed, actor=organizer)
    round_publish(round=closed, actor=organizer)
    quotas = [(q.topic, q.count) for q in open_round.quotas.select_related("topic")]
    open_round.prizes_first = 5
    round_save(round=open_round, quotas=quotas, actor=organizer)
    banner = banner_save(
        banner=Banner(
            name=hostile("BăngRôn"), commune=hostile("Xã"), target=Banner.Target.PAGE, path="/"
        )
    )
    poem = make_poem(
        gallery,
        person.user,
        title=hostile("TựaThơ"),
        pen_name=hostile("BútDanh"),
        poem=f"{hostile('BàiThơ')}\n" + "Dòng hai\nDòng ba\nDòng bốn",
    )
    poster = make_poster(gallery, person.user, title="Tranh cổ động")
    Entry.objects.filter(pk=poster.pk).update(explanation=hostile("ThuyếtMinh"))
    rejected = make_poem(gallery, person.user, approve=False, title="Bài bị từ chối")
    entry_reject(entry=rejected, by=organizer, reason=hostile("LýDoTừChối"))
    pending = make_poem(gallery, approve=False, title=hostile("ChờDuyệt"))
    vote = vote_cast(voter=ParticipantFactory().user, entry=poem, ip="203.0.113.1")
    vote_void(vote=vote, by=organizer, reason=hostile("LýDoHuỷ"))
    criteria = {c.pk: 7 for c in gallery.criteria.all()}
    review_save(entry=poem, juror=juror, scores=criteria, note=hostile("GhiChú"))
    return {
        "anonymous": None,
        "person": person.user,
        "organizer": organizer,
        "juror": juror,
        "open_round": open_round,
        "closed": closed,
        "attempt": attempt,
        "finished": finished,
        "banner": banner,
        "poem": poem,
        "poster": poster,
        "rejected": rejected,
        "pending": pending,
    }


# (who looks, page, the labels of the hostile fields that page must show)
PAGES = [
    ("anonymous", lambda w: reverse("home"), ["Đợt"]),
    ("anonymous", lambda w: reverse("quizzes:round-detail", args=[w["open_round"].pk]), ["Đợt"]),
    (
        "anonymous",
        lambda w: reverse("quizzes:round-results", args=[w["closed"].pk]),
        ["ĐợtĐóng", "Tên"],
    ),
    ("anonymous", lambda w: reverse("gallery:index"), ["TựaThơ"]),
    (
        "anonymous",
        lambda w: reverse("gallery:entry-detail", args=[w["poem"].pk]),
        ["TựaThơ", "BútDanh", "BàiThơ"],
    ),
    ("anonymous", lambda w: reverse("gallery:entry-detail", args=[w["poster"].pk]), ["ThuyếtMinh"]),
    (
        "person",
        lambda w: reverse("quizzes:attempt-detail", args=[w["attempt"].token]),
        ["CâuHỏi", "PhươngÁn"],
    ),
    (
        "person",
        lambda w: reverse("quizzes:attempt-result", args=[w["finished"].token]),
        ["ĐợtĐóng"],
    ),
    ("person", lambda w: reverse("gallery:my-entries"), ["TựaThơ", "LýDoTừChối"]),
    (
        "organizer",
        lambda w: reverse("quizzes:round-ranking", args=[w["closed"].pk]),
        ["Tên", "ĐơnVị"],
    ),
    (
        "organizer",
        lambda w: reverse("quizzes:bank-detail", args=[w["open_round"].bank_id]),
        ["CâuHỏi"],
    ),
    (
        "organizer",
        lambda w: reverse(
            "quizzes:question-edit", args=[w["open_round"].bank.questions.first().pk]
        ),
        ["CâuHỏi", "GiảiThích", "PhươngÁn"],
    ),
    ("organizer", lambda w: reverse("quizzes:organizer-rounds"), ["Đợt"]),
    (
        "organizer",
        lambda w: reverse("quizzes:round-dashboard", args=[w["open_round"].pk]),
        ["Đợt"],
    ),
    ("organizer", lambda w: reverse("banners:banner-list"), ["BăngRôn"]),
    (
        "organizer",
        lambda w: reverse("banners:banner-detail", args=[w["banner"].pk]),
        ["BăngRôn", "Xã"],
    ),
    ("organizer", lambda w: reverse("gallery:moderation"), ["ChờDuyệt"]),
    ("organizer", lambda w: reverse("gallery:entry-votes", args=[w["poem"].pk]), ["LýDoHuỷ"]),
    ("organizer", lambda w: reverse("gallery:rankings"), ["TựaThơ"]),
    ("organizer", lambda w: reverse("contest:audit-log"), ["Đợt", "LýDoHuỷ"]),
    ("juror", lambda w: reverse("gallery:jury-home"), ["TựaThơ"]),
    (
        "juror",
        lambda w: reverse("gallery:jury-score", args=[w["poem"].pk]),
        ["TựaThơ", "BàiThơ", "GhiChú"],
    ),
]


@pytest.mark.parametrize(("who", "url", "labels"), PAGES, ids=[str(i) for i in range(len(PAGES))])
def test_hostile_text_is_escaped_where_it_is_shown(world, who, url, labels):
    client = Client()
    if world[who] is not None:
        client.force_login(world[who])
    address = url(world)
    response = client.get(address)
    assert response.status_code == 200, address
    page = response.content.decode()
    assert RAW not in page, f"unescaped markup on {address}"
    for label in labels:
        assert f"{label}{ESCAPED}" in page, f"{label} not shown (escaped) on {address}"


def test_the_profile_form_refuses_markup_in_a_name_and_shows_it_back_as_text(client, user, unit):
    client.force_login(user)
    data = {
        "full_name": hostile("Tên "),
        "phone": "0912345678",
        "participant_type": Participant.Type.CITIZEN,
        "unit_choice": "other",
        "unit_other": hostile("Đơn vị "),
        "consent": "on",
    }
    response = client.post(reverse("contest:profile-edit"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Participant.objects.exists()
    assert RAW not in page and ESCAPED in page
    assert not ParticipantForm(data).is_valid()
