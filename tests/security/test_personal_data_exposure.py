"""Phones and CCCD numbers appear only where organizers look, never on public or jury pages."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contest.roles import JURORS
from gallery.services.moderation import entry_reject
from quizzes import boards
from quizzes.models import Round
from quizzes.services.ranking import round_close, round_publish
from tests.factories import OrganizerFactory, ParticipantFactory, UserFactory, make_round
from tests.gallery.conftest import _private_root, gallery, make_poem  # noqa: F401 (fixtures)
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db

PHONE, CCCD = "0938111222", "094201000111"


@pytest.fixture
def world(gallery):  # noqa: F811
    person = ParticipantFactory(full_name="Võ Thị Mai", phone=PHONE, cccd=CCCD)
    now = timezone.now()
    round = make_round(
        contest=gallery.contest,
        opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(hours=1),
        prediction=Round.Prediction.PERFECT,
    )
    take(round, person, start=round.opens_at, seconds=60, prediction=1)
    round_close(round=round)
    round_publish(round=round)
    poem = make_poem(gallery, person.user, title="Một cửa")
    juror = UserFactory()
    juror.groups.add(Group.objects.get(name=JURORS))
    return {"person": person, "round": round, "poem": poem, "juror": juror}


def test_public_participant_and_jury_pages_never_show_phone_or_cccd(world):
    round, poem = world["round"], world["poem"]
    looks = [
        (None, reverse("home")),
        (None, reverse("quizzes:round-results", args=[round.pk])),
        (None, reverse("quizzes:round-board", args=[round.pk])),
        (None, reverse("quizzes:round-screen", args=[round.pk])),
        (None, reverse("gallery:index")),
        (None, reverse("gallery:entry-detail", args=[poem.pk])),
        (world["person"].user, reverse("gallery:my-entries")),
        (world["juror"], reverse("gallery:jury-home")),
        (world["juror"], reverse("gallery:jury-score", args=[poem.pk])),
    ]
    for user, url in looks:
        client = Client()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert PHONE not in page and CCCD not in page, url


def test_the_board_data_and_emails_carry_no_phone_or_cccd(
    world,
    gallery,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    rejected = make_poem(gallery, world["person"].user, approve=False, title="Bài hai")
    with django_capture_on_commit_callbacks(execute=True):
        entry_reject(entry=rejected, by=OrganizerFactory(), reason="Trùng lặp")
    text = str(boards.snapshot(world["round"]))
    text += str(boards.reveal_message(world["round"], "consolation"))
    assert "Võ" in text  # the board does show the name
    assert PHONE not in text and CCCD not in text
    assert mail.outbox  # the rejection email went out
    for message in mail.outbox:
        assert PHONE not in message.body and CCCD not in message.body


def test_organizers_see_the_phone_in_their_ranking_export_only(world):
    url = reverse("quizzes:round-ranking-export", args=[world["round"].pk])
    organizer = Client()
    organizer.force_login(OrganizerFactory())
    assert PHONE.encode() not in Client().get(url).content
    participant = Client()
    participant.force_login(world["person"].user)
    assert participant.get(url).status_code == 403
    book = openpyxl.load_workbook(io.BytesIO(organizer.get(url).content))
    assert PHONE in [cell for row in book.active.values for cell in row]
