import pytest

from tests.accounts import sms_outbox


@pytest.fixture
def sms(settings):
    """Text messages kept in a list (tests/accounts/sms_outbox.py) instead of printed."""
    settings.SMS_BACKEND = "tests.accounts.sms_outbox.OutboxSender"
    sms_outbox.OUTBOX.clear()
    yield sms_outbox
    sms_outbox.OUTBOX.clear()
