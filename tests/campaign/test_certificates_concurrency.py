"""Issuing under real concurrency (PostgreSQL): two organizers press "issue" at once."""

import os
import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from campaign.models import Certificate
from campaign.services.certificates import certificates_issue_round
from quizzes.services.ranking import round_close, round_publish
from tests.factories import ContestFactory, ParticipantFactory, UnitFactory, make_round
from tests.quizzes.helpers import take

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL: the in-memory SQLite test database is one connection",
    ),
]
SHOTS = 6


def test_simultaneous_issues_make_each_certificate_once_with_distinct_serials():
    opened = timezone.now() - timedelta(days=3)
    round = make_round(
        contest=ContestFactory(),
        opens_at=opened,
        closes_at=opened + timedelta(days=1),
        prediction="none",
        prizes_first=1,
        prizes_second=2,
        prizes_third=0,
        prizes_consolation=0,
        collective_prizes=1,
        collective_min_rate=0,
    )
    unit = UnitFactory(headcount=4)
    for index in range(4):
        take(round, ParticipantFactory(unit=unit), start=opened, seconds=30 + index)
    round_close(round=round, now=round.closes_at + timedelta(minutes=5))
    round_publish(round=round)

    barrier = threading.Barrier(SHOTS)
    outcomes, lock = [], threading.Lock()

    def run():
        try:
            barrier.wait()
            result = certificates_issue_round(round=round, participation_min_score=0).created
        except Exception as exc:  # the outcome under test
            result = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(SHOTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes
    expected = 3 + 1 + 4  # three prizes, the unit, four participation certificates
    assert sorted(outcomes) == [0] * (SHOTS - 1) + [expected]
    numbers = list(Certificate.objects.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, expected + 1))
