"""Whole numbers read from requests, cookies and imported files: ASCII digits in range only.

`str.isdigit()` says yes to "²" and "٣", and `int()` then fails on the first (a 500) and
quietly reads the second; a value of 5,000 digits costs `int()` its time before it fails.
Every number a view, a form or an import reads goes through `parse_int`. Its refusal is a
`ValueError` (imports turn it into a row's error) and a `RequestRefused` (a `BadRequest`):
raised from a view, it becomes the site's 400 page with the message
(contest.views.bad_request_view).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from config.request_checks import RequestRefused

# Database ids (BigAutoField); ids out of the database's range simply match nothing.
MAX_ID = 2**63 - 1
# Longer than any number in range, with room for leading zeros; checked before int().
MAX_LENGTH = 32
DIGITS = re.compile(r"[0-9]+", re.ASCII)
SIGNED_DIGITS = re.compile(r"-?[0-9]+", re.ASCII)


class BadNumber(RequestRefused, ValueError):
    """A value that is not a whole number in range; `message` says what was expected."""


def parse_int(text: str | None, *, minimum: int, maximum: int, message=None) -> int:
    """The whole number written in `text` with ASCII digits (a '-' only if `minimum` < 0).

    Surrounding spaces are ignored. Anything else, or a number outside minimum..maximum,
    raises BadNumber with `message` (by default one naming the range).
    """
    value = (text or "").strip() if isinstance(text, str) else ""
    pattern = SIGNED_DIGITS if minimum < 0 else DIGITS
    if len(value) <= MAX_LENGTH and pattern.fullmatch(value):
        number = int(value)
        if minimum <= number <= maximum:
            return number
    if message is None:
        message = _(
            "A number in this request could not be read: write a whole number from "
            "%(minimum)s to %(maximum)s with the digits 0 to 9."
        ) % {"minimum": minimum, "maximum": maximum}
    raise BadNumber(message)


def parse_id(text: str | None) -> int:
    """A database id from a link or a form (1 and up), or BadNumber."""
    return parse_int(
        text,
        minimum=1,
        maximum=MAX_ID,
        message=_(
            "The request names an item by a number that could not be read. Go back and "
            "open it again from the page before."
        ),
    )


class AsciiIntegerField(forms.IntegerField):
    """Django's IntegerField, but "٣" or "１" is invalid instead of being read as 3 or 1."""

    def to_python(self, value):
        text = value.strip() if isinstance(value, str) else None
        if text and (len(text) > MAX_LENGTH or not SIGNED_DIGITS.fullmatch(text)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def ascii_formfield(db_field, **kwargs):
    """A ModelForm's `formfield_callback`: integer model fields get AsciiIntegerField."""
    if isinstance(db_field, models.IntegerField) and not db_field.choices:
        kwargs.setdefault("form_class", AsciiIntegerField)
    return db_field.formfield(**kwargs)
