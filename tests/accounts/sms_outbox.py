"""A sender for SMS_BACKEND (a dotted path, as accounts.sms allows) that keeps each message,
like Django's locmem email backend: the tests read the codes people would receive."""

import re

OUTBOX: list[tuple[str, str]] = []


class OutboxSender:
    def send(self, recipient, message: str) -> None:
        OUTBOX.append((recipient.local, message))


class FailingSender:
    def send(self, recipient, message: str) -> None:
        from accounts.sms import SmsNotSent

        raise SmsNotSent("Nhà mạng đang bận, vui lòng thử lại sau ít phút.")


def last_code(phone: str) -> str:
    for to, message in reversed(OUTBOX):
        if to == phone:
            return re.search(r"\b(\d{6})\b", message).group(1)
    raise AssertionError(f"no SMS to {phone}")
