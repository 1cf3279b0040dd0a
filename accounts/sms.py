"""Text messages to phones: `send_sms(phone, message)` and the senders behind it.

SMS_BACKEND (config/settings/sms.py; how to configure it: docs/sms.md) chooses the sender
once per process: "console" prints each message to standard output as the console email
backend does, "http" hands it to the province's SMS brandname or Zalo ZNS provider over its
HTTP API, and a dotted path names a class of one's own (built without arguments, with a
`send(recipient, message)` method that raises SmsNotSent). A message that was not handed
over raises SmsNotSent, whose text can be shown to the participant. Messages carry one-time
codes, so logs name the number masked (091****678) and the message by its length only.
"""

import base64
import functools
import http.client
import ipaddress
import json
import logging
import re
import sys
import threading
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from contest.forms import valid_phone

logger = logging.getLogger(__name__)


class SmsNotSent(Exception):
    """The message was not handed over; `message` (and str()) can be shown to the user."""

    def __init__(self, message: str | None = None):
        self.message = message or gettext(
            "The text message could not be sent. Please try again in a few minutes."
        )
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class SmsConfigurationError(ImproperlyConfigured):
    """SMS_* settings that cannot work; `problems` names each mistake (English)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


@dataclass(frozen=True)
class Recipient:
    local: str  # 0912345678
    international: str  # 84912345678

    @classmethod
    def parse(cls, phone: str) -> "Recipient":
        """0912345678, +84 912 345 678 or 84912345678; ValueError for anything else."""
        local = valid_phone(phone)
        if local is None:
            raise ValueError("not a Vietnamese phone number")
        return cls(local=local, international="84" + local[1:])

    @property
    def masked(self) -> str:
        return mask_phone(self.local)


def mask_phone(phone: str) -> str:
    """091****678: enough to tell two people apart in a log, not to call them."""
    digits = re.sub(r"\D", "", phone or "")
    return f"{digits[:3]}****{digits[-3:]}" if len(digits) >= 7 else "****"


def strip_diacritics(text: str) -> str:
    """'Mã xác minh' -> 'Ma xac minh' (đ has no combining mark: replaced by hand)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def send_sms(phone: str, message: str) -> None:
    """Hand `message` to the configured sender for `phone`, or raise SmsNotSent."""
    try:
        recipient = Recipient.parse(phone)
    except ValueError:
        logger.warning("SMS to %s not sent: not a Vietnamese phone number", mask_phone(phone))
        raise SmsNotSent(
            gettext(
                "This phone number cannot receive text messages. Check that it has 10 digits "
                "and starts with 0."
            )
        ) from None
    try:
        sender = get_sender()
    except ImproperlyConfigured:
        # `manage.py check` reports the same mistakes; the participant gets a message, not a 500.
        logger.exception("SMS to %s not sent: the SMS_* settings are wrong", recipient.masked)
        raise SmsNotSent() from None
    if settings.SMS_STRIP_DIACRITICS:
        message = strip_diacritics(message)
    try:
        sender.send(recipient, message)
    except SmsNotSent:
        raise
    except Exception:
        logger.exception("SMS to %s not sent: the sender failed", recipient.masked)
        raise SmsNotSent() from None


@functools.cache
def get_sender():
    """The sender SMS_BACKEND names, built once; SmsConfigurationError if it cannot work."""
    backend = settings.SMS_BACKEND
    if backend == "console":
        return ConsoleSender(sender_name=settings.SMS_SENDER_NAME)
    if backend == "http":
        return HttpGatewaySender.from_settings()
    if "." in backend:
        try:
            sender_class = import_string(backend)
        except ImportError:
            raise SmsConfigurationError(
                [f"SMS_BACKEND names {backend!r}, which cannot be imported."]
            ) from None
        return sender_class()
    raise SmsConfigurationError(
        [
            'SMS_BACKEND must be "console", "http" or the dotted path of a sender class, '
            f"not {backend!r}."
        ]
    )


@receiver(setting_changed)
def _forget_sender(*, setting: str, **kwargs) -> None:
    # override_settings in tests: the next message is sent with the new settings.
    if setting.startswith("SMS_"):
        get_sender.cache_clear()


class ConsoleSender:
    """Prints each message to standard output, like Django's console email backend."""

    lock = threading.Lock()

    def __init__(self, *, sender_name: str = ""):
        self.sender_name = sender_name

    def send(self, recipient: Recipient, message: str) -> None:
        lines = [f"SMS to: {recipient.local}"]
        if self.sender_name:
            lines.append(f"From: {self.sender_name}")
        text = "\n".join([*lines, "", message, "-" * 79, ""])
        with self.lock:
            stream = sys.stdout  # read now, so that a redirected stdout is the one written
            try:
                stream.write(text)
            except UnicodeEncodeError:  # a console that cannot show Vietnamese
                stream.write(text.encode("ascii", "backslashreplace").decode("ascii"))
            stream.flush()


# --- The HTTP gateway ------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
DEFAULT_BODIES = {
    "json": '{"phone": "{phone}", "message": "{message}", "sender": "{sender}"}',
    "form": "phone={phone}&message={message}&sender={sender}",
}
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "form": "application/x-www-form-urlencoded",
}
# The one-time code in a message, for template channels (Zalo ZNS) that take it alone.
CODE = re.compile(r"(?<!\d)\d{4,8}(?!\d)")
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
MAX_ANSWER_BYTES = 64 * 1024


def _escape_json(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


def _escape_url(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _fill(template: str, values: dict[str, str], escape) -> str:
    # Unknown names stay as written: a provider's own template may use braces too.
    return PLACEHOLDER.sub(lambda m: escape(values[m[1]]) if m[1] in values else m[0], template)


def _values(recipient: Recipient, message: str, sender_name: str) -> dict[str, str]:
    code = CODE.search(message)
    return {
        "phone": recipient.local,
        "phone_international": recipient.international,
        "message": message,
        "code": code[0] if code else "",
        "sender": sender_name,
    }


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect is a failure (HTTPError 3xx), not a 200 from some login page.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class HttpGatewaySender:
    """Sends each message as one HTTP request to the provider; 2xx (and the optional
    success text or JSON field) means it was accepted."""

    def __init__(
        self,
        *,
        url: str,
        method: str = "POST",
        body_kind: str = "json",
        body: str = DEFAULT_BODIES["json"],
        headers: dict[str, str] | None = None,
        timeout: float = 10,
        sender_name: str = "",
        success_text: str = "",
        success_field: str = "",
        success_value: str = "",
    ):
        self.url, self.method, self.body_kind, self.body = url, method, body_kind, body
        self.headers = headers or {}
        self.timeout, self.sender_name = timeout, sender_name
        self.success_text = success_text
        self.success_field, self.success_value = success_field, success_value
        self.host = urllib.parse.urlsplit(url).hostname or "?"
        # Proxies from the environment (https_proxy, no_proxy), as on a closed network.
        self.opener = urllib.request.build_opener(_RefuseRedirects)

    @classmethod
    def from_settings(cls) -> "HttpGatewaySender":
        s = settings
        problems = []
        url, method, kind = s.SMS_GATEWAY_URL, s.SMS_GATEWAY_METHOD, s.SMS_GATEWAY_CONTENT_TYPE
        parts = urllib.parse.urlsplit(url)
        if not url:
            problems.append(
                'SMS_BACKEND is "http" but SMS_GATEWAY_URL is empty: set it to the address '
                "of your provider's API."
            )
        elif parts.scheme not in {"http", "https"} or not parts.hostname:
            # The URL itself is not repeated: it may hold an API key.
            problems.append("SMS_GATEWAY_URL must start with https:// (or http://) and a host.")
        if method not in {"POST", "GET"}:
            problems.append(f'SMS_GATEWAY_METHOD must be "POST" or "GET", not {method!r}.')
        if kind not in DEFAULT_BODIES:
            problems.append(f'SMS_GATEWAY_CONTENT_TYPE must be "json" or "form", not {kind!r}.')
            kind = "json"
        body = s.SMS_GATEWAY_BODY
        if method == "GET":
            if body.lstrip().startswith("{"):
                problems.append(
                    "SMS_GATEWAY_METHOD is GET, which has no body: write SMS_GATEWAY_BODY as "
                    "a query string (phone={phone}&message={message}) or use POST."
                )
            kind = "form"  # the template becomes the query string
        if not body and not {"message", "code"} & set(PLACEHOLDER.findall(url)):
            body = DEFAULT_BODIES[kind]
        used = set(PLACEHOLDER.findall(url + body))
        if not used & {"message", "code"}:
            problems.append("SMS_GATEWAY_BODY (or the URL) must contain {message} or {code}.")
        if not used & {"phone", "phone_international"}:
            problems.append(
                "SMS_GATEWAY_BODY (or the URL) must contain {phone} or {phone_international}."
            )
        if kind == "json" and body:
            sample = _values(Recipient("0912345678", "84912345678"), 'Mã "số": 123456\n', "X")
            try:
                json.loads(_fill(body, sample, _escape_json))
            except ValueError as error:
                problems.append(
                    "SMS_GATEWAY_BODY is not valid JSON once its placeholders are filled in "
                    f'({error}); put each placeholder inside quotes: "message": "{{message}}".'
                )
        headers = {"User-Agent": "cchc-contest-sms/1", "Accept": "application/json, */*"}
        if method == "POST":
            headers["Content-Type"] = CONTENT_TYPES[kind]
        problems += _auth_headers(s, headers)
        problems += _extra_headers(s.SMS_GATEWAY_HEADERS, headers)
        if any("\r" in v or "\n" in v for v in headers.values()):
            problems.append("SMS gateway header values cannot contain line breaks.")
        timeout = s.SMS_GATEWAY_TIMEOUT
        if not timeout or timeout <= 0:
            problems.append("SMS_GATEWAY_TIMEOUT must be a number of seconds above 0.")
        if bool(s.SMS_GATEWAY_SUCCESS_FIELD) != bool(s.SMS_GATEWAY_SUCCESS_VALUE):
            problems.append(
                "SMS_GATEWAY_SUCCESS_FIELD and SMS_GATEWAY_SUCCESS_VALUE go together: set both "
                "or neither."
            )
        if problems:
            raise SmsConfigurationError(problems)
        return cls(
            url=url,
            method=method,
            body_kind=kind,
            body=body,
            headers=headers,
            timeout=timeout,
            sender_name=s.SMS_SENDER_NAME,
            success_text=s.SMS_GATEWAY_SUCCESS_TEXT,
            success_field=s.SMS_GATEWAY_SUCCESS_FIELD,
            success_value=s.SMS_GATEWAY_SUCCESS_VALUE,
        )

    @property
    def is_plain_http_off_machine(self) -> bool:
        """True when codes and credentials would cross a network unencrypted."""
        if urllib.parse.urlsplit(self.url).scheme != "http":
            return False
        try:
            return not ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return self.host != "localhost"

    def send(self, recipient: Recipient, message: str) -> None:
        values = _values(recipient, message, self.sender_name)
        url = _fill(self.url, values, _escape_url)
        filled = _fill(self.body, values, _escape_json if self.body_kind == "json" else _escape_url)
        data = None
        if self.method == "GET":
            if filled:
                url += ("&" if urllib.parse.urlsplit(url).query else "?") + filled
        else:
            data = filled.encode("utf-8")
        request = urllib.request.Request(url, data=data, headers=self.headers, method=self.method)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, answer = response.status, _text(response, response.read(MAX_ANSWER_BYTES))
        except urllib.error.HTTPError as error:
            with error:
                answer = _text(error, error.read(MAX_ANSWER_BYTES))
            self._refuse(recipient, message, f"HTTP {error.code}", answer)
        except urllib.error.URLError as error:
            reason = error.reason
            self._refuse(recipient, message, self._reason(reason))
        except (OSError, http.client.HTTPException) as error:
            self._refuse(recipient, message, self._reason(error))
        except ValueError as error:  # its text may quote the URL, and so the message
            self._refuse(recipient, message, type(error).__name__)
        if self.success_text and self.success_text not in answer:
            self._refuse(recipient, message, f"HTTP {status} without the success text", answer)
        if self.success_field and not self._field_matches(answer):
            self._refuse(
                recipient,
                message,
                f"HTTP {status} without {self.success_field} = {self.success_value}",
                answer,
            )
        logger.info(
            "SMS to %s handed to %s (%d characters, HTTP %d)",
            recipient.masked,
            self.host,
            len(message),
            status,
        )

    def _reason(self, error) -> str:
        if isinstance(error, TimeoutError):
            return f"no answer within {self.timeout:g} s"
        return str(error) or type(error).__name__

    def _field_matches(self, answer: str) -> bool:
        try:
            value = json.loads(answer)
            for key in self.success_field.split("."):
                value = value[int(key)] if isinstance(value, list) else value[key]
        except (ValueError, KeyError, IndexError, TypeError):
            return False
        if isinstance(value, bool):
            value = "true" if value else "false"
        return str(value) == self.success_value

    def _refuse(self, recipient: Recipient, message: str, reason: str, answer: str = ""):
        said = f"; the gateway said: {answer[:200]!r}" if answer.strip() else ""
        logger.warning(
            "SMS to %s not sent by %s (%d characters): %s%s",
            recipient.masked,
            self.host,
            len(message),
            _redact(reason, message),
            _redact(said, message),
        )
        raise SmsNotSent()


def _text(response, raw: bytes) -> str:
    charset = response.headers.get_content_charset() if response.headers else None
    try:
        return raw.decode(charset or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return raw.decode("utf-8", errors="replace")


def _redact(text: str, message: str) -> str:
    """The text without the message (as sent in any form) or any run of 4+ digits: a
    provider may echo the code or the number back in its answer."""
    for form in {message, _escape_json(message), _escape_url(message)}:
        if form:
            text = text.replace(form, "…")
    return re.sub(r"\d{4,}", "…", text)


def _auth_headers(s, headers: dict[str, str]) -> list[str]:
    user, password, token = s.SMS_GATEWAY_USERNAME, s.SMS_GATEWAY_PASSWORD, s.SMS_GATEWAY_TOKEN
    name, value = s.SMS_GATEWAY_HEADER_NAME, s.SMS_GATEWAY_HEADER_VALUE
    if sum(map(bool, (user, token, name))) > 1:
        return [
            "Set only one way to sign in to the SMS gateway: SMS_GATEWAY_USERNAME (HTTP "
            "basic), SMS_GATEWAY_TOKEN (bearer) or SMS_GATEWAY_HEADER_NAME (an API key header)."
        ]
    if password and not user:
        return ["SMS_GATEWAY_PASSWORD is set without SMS_GATEWAY_USERNAME."]
    if bool(name) != bool(value):
        return ["SMS_GATEWAY_HEADER_NAME and SMS_GATEWAY_HEADER_VALUE go together."]
    if user:
        pair = f"{user}:{password}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    elif token:
        headers["Authorization"] = f"Bearer {token}"
    elif name:
        if not HEADER_NAME.fullmatch(name):
            return [f"SMS_GATEWAY_HEADER_NAME {name!r} is not a valid HTTP header name."]
        headers[name] = value
    return []


def _extra_headers(raw, headers: dict[str, str]) -> list[str]:
    if not raw:
        return []
    try:
        extra = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        extra = None
    if not isinstance(extra, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and HEADER_NAME.fullmatch(k)
        for k, v in extra.items()
    ):
        return [
            "SMS_GATEWAY_HEADERS must be a JSON object of header names and text values, "
            'e.g. {"X-Province": "soctrang"}.'
        ]
    headers.update(extra)
    return []
