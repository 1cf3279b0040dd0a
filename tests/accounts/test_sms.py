"""The SMS sender (issue 15): the console by default, an HTTP gateway a province points at
its SMS brandname or Zalo ZNS provider. A real HTTP server on loopback plays the gateway and
the tests read what it received, as a provider would."""

import base64
import json
import logging
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts.sms import SmsNotSent, send_sms, strip_diacritics

CODE_RE = re.compile(r"\b(\d{6})\b")
MESSAGE = "Mã xác minh của bạn là 482913. Mã có hiệu lực trong 5 phút."
NOT_SENT_VI = "Không gửi được tin nhắn. Vui lòng thử lại sau ít phút."


class Gateway:
    """Records each request; answers with `status` and `answer` after `delay` seconds."""

    def __init__(self):
        self.received: list[dict] = []
        self.status, self.answer, self.delay, self.headers = 200, b'{"status": "ok"}', 0.0, {}
        self.release = threading.Event()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self):
                length = int(self.headers.get("Content-Length") or 0)
                gateway.received.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": self.headers,
                        "body": self.rfile.read(length),
                    }
                )
                if gateway.delay:
                    gateway.release.wait(gateway.delay)
                self.send_response(gateway.status)
                for name, value in gateway.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(gateway.answer)))
                self.end_headers()
                self.wfile.write(gateway.answer)

            do_GET = do_POST = handle_one

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def last(self) -> dict:
        assert len(self.received) == 1, self.received
        return self.received[0]

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    server = Gateway()
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = server.url + "/api/sms/send"
    settings.SMS_GATEWAY_TOKEN = "secret-token"
    settings.SMS_GATEWAY_TIMEOUT = 2
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _defaults(settings):
    # Whatever the machine's environment says, each test starts from the defaults.
    for name, value in {
        "SMS_BACKEND": "console",
        "SMS_SENDER_NAME": "",
        "SMS_STRIP_DIACRITICS": False,
        "SMS_GATEWAY_URL": "",
        "SMS_GATEWAY_METHOD": "POST",
        "SMS_GATEWAY_CONTENT_TYPE": "json",
        "SMS_GATEWAY_BODY": "",
        "SMS_GATEWAY_USERNAME": "",
        "SMS_GATEWAY_PASSWORD": "",
        "SMS_GATEWAY_TOKEN": "",
        "SMS_GATEWAY_HEADER_NAME": "",
        "SMS_GATEWAY_HEADER_VALUE": "",
        "SMS_GATEWAY_HEADERS": "",
        "SMS_GATEWAY_TIMEOUT": 10.0,
        "SMS_GATEWAY_SUCCESS_TEXT": "",
        "SMS_GATEWAY_SUCCESS_FIELD": "",
        "SMS_GATEWAY_SUCCESS_VALUE": "",
    }.items():
        setattr(settings, name, value)


def sms_errors() -> list:
    return [m for m in run_checks(tags=["sms"]) if m.id and m.id.startswith("accounts.")]


# --- What the gateway receives -----------------------------------------------------------


def test_json_post_carries_the_bearer_token_the_number_and_the_code(gateway):
    send_sms("0912345678", MESSAGE)

    request = gateway.last
    assert request["method"] == "POST"
    assert request["path"] == "/api/sms/send"
    assert request["headers"]["Authorization"] == "Bearer secret-token"
    assert request["headers"]["Content-Type"].startswith("application/json")
    body = json.loads(request["body"].decode("utf-8"))
    assert body["phone"] == "0912345678"
    assert CODE_RE.search(body["message"])[1] == "482913"


def test_a_vietnamese_message_arrives_intact_in_utf8_json(gateway):
    message = 'Mã "xác minh" của bạn: 482913\nĐừng chia sẻ mã này với ai.'
    send_sms("0912345678", message)

    assert json.loads(gateway.last["body"].decode("utf-8"))["message"] == message


def test_a_json_template_places_the_international_number_sender_and_code(gateway, settings):
    # The shape of a template channel such as Zalo ZNS: the approved template takes the code.
    settings.SMS_SENDER_NAME = "SOCTRANG"
    settings.SMS_GATEWAY_BODY = (
        '{"phone": "{phone_international}", "template_id": "123", '
        '"template_data": {"otp": "{code}"}, "brand": "{sender}"}'
    )
    send_sms("+84 912 345 678", MESSAGE)

    body = json.loads(gateway.last["body"])
    assert body == {
        "phone": "84912345678",
        "template_id": "123",
        "template_data": {"otp": "482913"},
        "brand": "SOCTRANG",
    }


def test_form_post_with_basic_auth_is_url_encoded_utf8(gateway, settings):
    settings.SMS_GATEWAY_TOKEN = ""
    settings.SMS_GATEWAY_USERNAME = "soctrang"
    settings.SMS_GATEWAY_PASSWORD = "mật-khẩu:1"
    settings.SMS_GATEWAY_CONTENT_TYPE = "form"
    settings.SMS_GATEWAY_BODY = "to={phone_international}&text={message}&brand=CCHC"
    message = "Mã đặt lại mật khẩu: 482913 & đừng chia sẻ = an toàn"
    send_sms("84912345678", message)

    request = gateway.last
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    scheme, credentials = request["headers"]["Authorization"].split()
    assert scheme == "Basic"
    assert base64.b64decode(credentials).decode("utf-8") == "soctrang:mật-khẩu:1"
    fields = parse_qs(request["body"].decode("ascii"), strict_parsing=True)
    assert fields == {"to": ["84912345678"], "text": [message], "brand": ["CCHC"]}


def test_get_puts_the_template_in_the_query_beside_the_url_s_own(gateway, settings):
    settings.SMS_GATEWAY_METHOD = "GET"
    settings.SMS_GATEWAY_URL = gateway.url + "/send?account=tinh"
    settings.SMS_GATEWAY_TOKEN = ""
    settings.SMS_GATEWAY_HEADER_NAME = "X-Api-Key"
    settings.SMS_GATEWAY_HEADER_VALUE = "k-123"
    settings.SMS_GATEWAY_HEADERS = '{"X-Province": "soctrang"}'
    send_sms("0912 345 678", MESSAGE)

    request = gateway.last
    assert request["method"] == "GET" and request["body"] == b""
    url = urlsplit(request["path"])
    assert url.path == "/send"
    assert parse_qs(url.query) == {
        "account": ["tinh"],
        "phone": ["0912345678"],
        "message": [MESSAGE],
    }
    assert request["headers"]["X-Api-Key"] == "k-123"
    assert request["headers"]["X-Province"] == "soctrang"


def test_placeholders_in_the_url_alone_are_filled_and_nothing_is_added(gateway, settings):
    settings.SMS_GATEWAY_METHOD = "GET"
    settings.SMS_GATEWAY_URL = gateway.url + "/send/{phone}?text={message}"
    send_sms("0912345678", "Mã 482913 & xong")

    url = urlsplit(gateway.last["path"])
    assert url.path == "/send/0912345678"
    assert parse_qs(url.query) == {"text": ["Mã 482913 & xong"]}


def test_diacritics_are_stripped_when_the_brandname_template_has_none(gateway, settings):
    settings.SMS_STRIP_DIACRITICS = True
    send_sms("0912345678", "Mã xác minh ĐĂNG KÝ: 482913")

    assert json.loads(gateway.last["body"])["message"] == "Ma xac minh DANG KY: 482913"
    assert strip_diacritics("Đường đến cuộc thi") == "Duong den cuoc thi"


# --- Success is what the gateway says ------------------------------------------------------


def test_a_required_success_text_missing_from_a_200_is_a_failure(gateway, settings):
    settings.SMS_GATEWAY_SUCCESS_TEXT = '"CodeResult":"100"'
    gateway.answer = b'{"CodeResult":"101","ErrorMessage":"Sai brandname"}'
    with pytest.raises(SmsNotSent):
        send_sms("0912345678", MESSAGE)

    gateway.answer = b'{"CodeResult":"100","SMSID":"x"}'
    send_sms("0912345678", MESSAGE)  # accepted


def test_a_json_success_field_must_hold_its_value(gateway, settings):
    settings.SMS_GATEWAY_SUCCESS_FIELD = "result.error"
    settings.SMS_GATEWAY_SUCCESS_VALUE = "0"
    gateway.answer = b'{"result": {"error": -124, "message": "Invalid access token"}}'
    with pytest.raises(SmsNotSent):
        send_sms("0912345678", MESSAGE)

    gateway.answer = b'{"result": {"error": 0, "message": "Success"}}'
    send_sms("0912345678", MESSAGE)


# --- Failures raise SmsNotSent, and the log keeps the code out ---------------------------------


def assert_masked(caplog):
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "accounts.sms")
    assert "091****678" in logged
    assert "0912345678" not in logged and "84912345678" not in logged
    assert "482913" not in logged and "Mã xác minh" not in logged
    assert f"{len(MESSAGE)} characters" in logged
    return logged


def test_a_gateway_error_raises_a_vietnamese_message_and_logs_no_code(gateway, caplog):
    gateway.status = 500
    gateway.answer = b'{"error": "could not send 482913 to 0912345678"}'  # echoes it back
    with translation.override("vi"), pytest.raises(SmsNotSent) as refused:
        send_sms("0912345678", MESSAGE)

    assert str(refused.value) == refused.value.message == NOT_SENT_VI
    logged = assert_masked(caplog)
    assert "HTTP 500" in logged and "could not send" in logged


def test_a_gateway_that_does_not_answer_in_time_raises_quickly(gateway, settings, caplog):
    settings.SMS_GATEWAY_TIMEOUT = 0.3
    gateway.delay = 5
    started = time.monotonic()
    with pytest.raises(SmsNotSent):
        send_sms("0912345678", MESSAGE)

    assert time.monotonic() - started < 2
    assert "no answer within 0.3 s" in assert_masked(caplog)


def test_a_refused_connection_raises(settings, caplog):
    with socket.socket() as probe:  # a port nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{port}/send"
    with pytest.raises(SmsNotSent):
        send_sms("0912345678", MESSAGE)

    assert "refused" in assert_masked(caplog).lower()


def test_a_redirect_is_a_failure_not_a_success(gateway):
    gateway.status = 302
    gateway.headers = {"Location": "/login"}
    with pytest.raises(SmsNotSent):
        send_sms("0912345678", MESSAGE)
    assert len(gateway.received) == 1  # not followed


def test_a_handed_over_message_is_logged_masked(gateway, caplog):
    with caplog.at_level(logging.INFO, logger="accounts.sms"):
        send_sms("0912345678", MESSAGE)

    assert "HTTP 200" in assert_masked(caplog)


def test_a_number_that_cannot_take_an_sms_is_refused_before_sending(gateway):
    with translation.override("vi"), pytest.raises(SmsNotSent) as refused:
        send_sms("12345", MESSAGE)

    assert "10 chữ số" in str(refused.value)
    assert gateway.received == []


# --- The console sender and the choice of sender -----------------------------------------------


def test_the_console_sender_prints_the_number_and_the_message(capsys, settings):
    settings.SMS_SENDER_NAME = "CCHC"
    send_sms("+84912345678", MESSAGE)

    printed = capsys.readouterr().out
    assert "0912345678" in printed and "CCHC" in printed
    assert MESSAGE in printed and "-" * 79 in printed


def test_the_sender_follows_changed_settings(capsys, settings):
    send_sms("0912345678", MESSAGE)
    assert MESSAGE in capsys.readouterr().out

    server = Gateway()
    try:
        settings.SMS_BACKEND = "http"
        settings.SMS_GATEWAY_URL = server.url
        send_sms("0912345678", MESSAGE)
        assert capsys.readouterr().out == ""
        assert CODE_RE.search(json.loads(server.last["body"])["message"])
    finally:
        server.stop()


def test_wrong_settings_at_send_time_give_the_participant_a_message(settings, caplog):
    settings.SMS_BACKEND = "http"  # no URL
    with pytest.raises(SmsNotSent):
        send_sms("0912345678", MESSAGE)
    assert "SMS_GATEWAY_URL is empty" in caplog.text


# --- manage.py check -----------------------------------------------------------------------


def test_check_refuses_http_without_a_url(settings):
    settings.SMS_BACKEND = "http"
    with pytest.raises(CommandError, match="SMS_GATEWAY_URL is empty"):
        call_command("check", "--tag", "sms")


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"SMS_BACKEND": "carrier-pigeon"}, 'SMS_BACKEND must be "console", "http"'),
        ({"SMS_BACKEND": "nowhere.Sender"}, "cannot be imported"),
        ({"SMS_GATEWAY_BODY": '{"phone": "{phone}", "text": {message}}'}, "not valid JSON"),
        ({"SMS_GATEWAY_BODY": '{"phone": "{phone}", "text": "{mesage}"}'}, "{message} or {code}"),
        (
            {"SMS_GATEWAY_METHOD": "GET", "SMS_GATEWAY_BODY": '{"p": "{phone}", "m": "{message}"}'},
            "query",
        ),
        ({"SMS_GATEWAY_METHOD": "PUT"}, "SMS_GATEWAY_METHOD"),
        ({"SMS_GATEWAY_CONTENT_TYPE": "xml"}, "SMS_GATEWAY_CONTENT_TYPE"),
        ({"SMS_GATEWAY_USERNAME": "u"}, "only one way to sign in"),
        ({"SMS_GATEWAY_HEADERS": "X-A: b"}, "SMS_GATEWAY_HEADERS must be a JSON object"),
        ({"SMS_GATEWAY_TIMEOUT": 0}, "SMS_GATEWAY_TIMEOUT"),
        ({"SMS_GATEWAY_SUCCESS_FIELD": "status"}, "SMS_GATEWAY_SUCCESS_VALUE"),
        ({"SMS_GATEWAY_URL": "ftp://sms.example/"}, "https://"),
    ],
)
def test_check_names_each_misconfiguration(settings, changes, problem):
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = "https://sms.example.invalid/send"
    settings.SMS_GATEWAY_TOKEN = "t"
    for name, value in changes.items():
        setattr(settings, name, value)

    errors = sms_errors()
    assert [e.id for e in errors] == ["accounts.E001"]
    assert problem in errors[0].msg


def test_check_passes_a_good_gateway_and_the_console(settings):
    assert sms_errors() == []
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = "https://sms.example.invalid/send"
    settings.SMS_GATEWAY_BODY = '{"to": "{phone_international}", "text": "{message}"}'
    assert sms_errors() == []


def test_check_deploy_warns_of_a_plain_http_gateway_off_this_machine(settings):
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = "http://sms.example.invalid/send"
    warnings = [m.id for m in run_checks(tags=["sms"], include_deployment_checks=True)]
    assert "accounts.W001" in warnings

    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9000/send"  # a relay on this machine
    warnings = [m.id for m in run_checks(tags=["sms"], include_deployment_checks=True)]
    assert "accounts.W001" not in warnings
