"""No .xlsx the site writes can carry a formula typed by someone: = + - @ become plain text."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banners.models import Banner
from banners.services.banners import banner_save
from contest.models import Participant
from gallery.services.votes import vote_cast, vote_void
from quizzes.models import Round
from quizzes.services.ranking import round_close
from quizzes.services.rounds import round_save
from tests.factories import OrganizerFactory, ParticipantFactory, make_question, make_round
from tests.gallery.conftest import _private_root, gallery, make_poem  # noqa: F401 (fixtures)
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]
FORMULA_START = ("=", "+", "-", "@")


@pytest.fixture
def world(gallery, settings):  # noqa: F811
    settings.SITE_BASE_URL = "https://cuocthi.soctrang.gov.vn"
    organizer = OrganizerFactory(email="=bantochuc@example.org")
    now = timezone.now()
    round = make_round(
        contest=gallery.contest,
        title=HOSTILE[0],
        opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(hours=1),
        prediction=Round.Prediction.PERFECT,
    )
    make_question(round.quotas.first().topic, text=HOSTILE[1])
    person = ParticipantFactory(full_name=HOSTILE[2], unit=None, unit_other=HOSTILE[3])
    take(round, person, start=round.opens_at, seconds=60, prediction=1)
    quotas = [(q.topic, q.count) for q in round.quotas.select_related("topic")]
    round.prizes_first = 2
    round_save(round=round, quotas=quotas, actor=organizer)
    round_close(round=round, actor=organizer)
    poem = make_poem(gallery, person.user, title=HOSTILE[0], pen_name=HOSTILE[3])
    vote = vote_cast(voter=ParticipantFactory().user, entry=poem, ip="203.0.113.1")
    vote_void(vote=vote, by=organizer, reason=HOSTILE[1])
    banner_save(
        banner=Banner(name=HOSTILE[2], commune=HOSTILE[3], target=Banner.Target.PAGE, path="/"),
        actor=organizer,
    )
    return {"organizer": organizer, "round": round, "person": person}


def formula_cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
        or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_START))
    ]


def test_every_organizer_export_neutralises_formulas(world):
    client = Client()
    client.force_login(world["organizer"])
    round = world["round"]
    urls = [
        reverse("quizzes:round-ranking-export", args=[round.pk]),
        reverse("quizzes:bank-export", args=[round.bank_id]),
        reverse("banners:banner-export"),
        reverse("gallery:rankings-export"),
        reverse("contest:audit-export"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert formula_cells(response.content) == [], url
        # The hostile text is there, as text.
        texts = {
            cell
            for sheet in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets
            for row in sheet.values
            for cell in row
        }
        assert any(isinstance(t, str) and t[1:] in HOSTILE for t in texts), url


def test_the_personal_data_download_neutralises_formulas(world):
    person: Participant = world["person"]
    client = Client()
    client.force_login(person.user)
    response = client.get(reverse("campaign:personal-data-xlsx"))
    assert formula_cells(response.content) == []
