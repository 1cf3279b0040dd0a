"""Phones and CCCD numbers never reach the logs in clear, whatever logger wrote them."""

import io
import logging
import logging.config
import sys

import pytest
from django.conf import settings

from contest.logging import mask_personal_numbers


@pytest.fixture
def log_output(monkeypatch):
    """The site's LOGGING, with its console writing into a buffer we can read."""
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buffer)
    logging.config.dictConfig(settings.LOGGING)
    yield buffer
    monkeypatch.undo()
    logging.config.dictConfig(settings.LOGGING)


def test_the_installed_logging_masks_phones_and_cccd_in_messages_and_arguments(log_output):
    logging.getLogger("contest.test").warning(
        "profile of %s saved, phone %s, CCCD %s, other %s",
        "Nguyễn Văn An",
        "0912345678",
        "079123456789",
        "+84 987 654 321",
    )
    logging.getLogger("django.request").error("Bad request: /ho-so/?phone=0912.345.678")
    output = log_output.getvalue()
    for secret in ("0912345678", "079123456789", "987 654 321", "0912.345.678"):
        assert secret not in output
    assert "*******678" in output and "*********789" in output and "********321" in output
    assert "Nguyễn Văn An" in output  # everything else stays as it was


def test_tracebacks_are_masked_too(log_output):
    try:
        raise ValueError("duplicate phone 0988777666")
    except ValueError:
        logging.getLogger("gallery.test").exception("could not save")
    output = log_output.getvalue()
    assert "could not save" in output and "ValueError" in output
    assert "0988777666" not in output and "*******666" in output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ID 1234567890123 is 13 digits", "ID 1234567890123 is 13 digits"),
        ("attempt 20261127 at 0912345", "attempt 20261127 at 0912345"),
        ("two: 0912345678,0987654321", "two: *******678,*******321"),
        ("84912345678", "********678"),
    ],
)
def test_only_phone_and_cccd_shapes_are_masked(text, expected):
    assert mask_personal_numbers(text) == expected
