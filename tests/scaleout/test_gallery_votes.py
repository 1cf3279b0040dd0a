"""The one-vote rule under real concurrency, on PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from gallery.models import Entry, GalleryConfig, Vote, VoteEvent
from gallery.services.votes import ALREADY_VOTED, vote_cast
from tests.factories import ContestFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.scaleout
SHOTS = 50


def _entry(rule=GalleryConfig.VoteRule.ONCE) -> Entry:
    now = timezone.now()
    gallery = GalleryConfig.objects.create(
        contest=ContestFactory(),
        title="Tranh cổ động",
        submissions_open_at=now - timedelta(days=2),
        submissions_close_at=now + timedelta(days=2),
        voting_opens_at=now - timedelta(days=1),
        voting_closes_at=now + timedelta(days=1),
        vote_rule=rule,
    )
    return Entry.objects.create(
        gallery=gallery,
        author=ParticipantFactory().user,
        kind=Entry.Kind.POEM,
        title="Một cửa",
        pen_name="Sen",
        poem="Dòng một\nDòng hai",
        status=Entry.Status.APPROVED,
        pledged_at=now,
        display_consent_at=now,
    )


def _fire(count, work):
    """`count` threads, each on its own connection, released at the same instant."""
    barrier = threading.Barrier(count)
    outcomes, lock = [], threading.Lock()

    def run():
        try:
            barrier.wait()
            result = work()
        except Exception as exc:  # the outcome under test
            result = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rule", list(GalleryConfig.VoteRule.values))
def test_fifty_identical_votes_at_once_leave_exactly_one(rule):
    assert connection.vendor == "postgresql"
    entry, voter = _entry(rule), UserFactory()
    outcomes = _fire(SHOTS, lambda: vote_cast(voter=voter, entry=entry, ip="203.0.113.5"))
    votes = [o for o in outcomes if isinstance(o, Vote)]
    refusals = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(votes) == 1
    assert len(refusals) == SHOTS - 1 and {r.code for r in refusals} == {ALREADY_VOTED}
    assert Vote.objects.filter(entry=entry, voter=voter).count() == 1
    assert VoteEvent.objects.filter(entry=entry, action="cast").count() == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_different_accounts_at_once_all_count():
    entry = _entry()
    voters = [UserFactory() for _ in range(SHOTS)]
    queue, lock = list(voters), threading.Lock()

    def one():
        with lock:
            voter = queue.pop()
        return vote_cast(voter=voter, entry=entry)

    outcomes = _fire(SHOTS, one)
    assert all(isinstance(o, Vote) for o in outcomes), outcomes
    assert Vote.objects.filter(entry=entry).count() == SHOTS
