"""A logging filter that masks phone and citizen ID (CCCD) numbers in every record.

Installed on the handlers in settings.LOGGING, so it covers Django's own loggers, ours and
tracebacks alike. Phones: 0xxxxxxxxx, +84xxxxxxxxx or 84xxxxxxxxx, with or without spaces,
dots or dashes between groups; CCCD: any run of exactly 12 digits. The last three digits
stay, enough to tell two people apart in a log, not to call them.
"""

import logging
import re

_SEP = r"[ .\-]?"
PHONE_RE = re.compile(r"(?<![\d+])(?:\+84|84|0)" + _SEP + r"(?:\d" + _SEP + r"){8}\d(?!\d)")
CCCD_RE = re.compile(r"(?<!\d)\d{12}(?!\d)")


def _mask(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group())
    return "*" * (len(digits) - 3) + digits[-3:]


def mask_personal_numbers(text: str) -> str:
    return PHONE_RE.sub(_mask, CCCD_RE.sub(_mask, text))


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a broken format string: leave it to the handler
            return True
        record.msg, record.args = mask_personal_numbers(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_numbers(record.stack_info)
        return True
