from unittest import mock

import pytest

from tests.accounts import sms_outbox


@pytest.fixture
def sms(settings):
    """Text messages kept in a list (tests/accounts/sms_outbox.py) instead of printed."""
    settings.SMS_BACKEND = "tests.accounts.sms_outbox.OutboxSender"
    sms_outbox.OUTBOX.clear()
    yield sms_outbox
    sms_outbox.OUTBOX.clear()


class Clock:
    """`time.time` for the accounts' counters and the local cache, moved by hand."""

    # On a 15-minute boundary: the office's 10 minutes fall in one counting window.
    now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    fake = Clock()
    with mock.patch("time.time", fake):
        yield fake
