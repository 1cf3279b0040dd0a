"""The live board's change counter survives a crowd's rate-limit counters in the embedded
cache (Django's default of 300 entries culls it)."""

import pytest
from django.conf import settings
from django.core.cache import cache

from contest import events
from contest.ratelimit import rate_limited

pytestmark = [
    pytest.mark.skipif(bool(settings.REDIS_URL), reason="the embedded cache only"),
    pytest.mark.django_db,
]


def test_a_thousand_participants_counters_leave_the_board_counter_in_place(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        events.board_changed(7)
    for attempt in range(5_000):  # answers counted per attempt, and more
        rate_limited(f"answer:{attempt}", limit=100, period=60)
    assert cache.get(events.board_key("gen", 7)) == 1
    cache.clear()
