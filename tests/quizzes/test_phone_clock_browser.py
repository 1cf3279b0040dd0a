"""On a 390x844 phone, the clock running out: the result within 2 s of 0:00 with the
prediction that was typed but never sent, and, offline at 0:00, a message and the result
once the connection is back. A real daphne server and Debian's Chromium."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser, phone  # noqa: F401 (fixtures)
from tests.factories import PASSWORD
from tests.servers import Daphne, manage, server_env

pytestmark = pytest.mark.browser

EMAILS = ["hethoigio@example.org", "matketnoi@example.org"]
# One round and one participant per test, made once (factory sequences start afresh in
# each process); each test then sets its round's closing time.
SET_UP = """
from tests.factories import ParticipantFactory, UserFactory, make_round
for email in {emails!r}:
    ParticipantFactory(user=UserFactory(email=email))
    print("round", make_round(title="Đợt ngắn", prediction="perfect", questions_per_topic=(2,),
                     bank_size=3, time_limit_minutes=1, max_attempts=1).pk)
"""
CLOSE_IN = """
from datetime import timedelta
from django.utils import timezone
from quizzes.models import Round
Round.objects.filter(pk={pk}).update(closes_at=timezone.now() + timedelta(seconds={seconds}))
"""


class Site:
    def __init__(self, env, url):
        self.env, self.url = env, url
        out = manage(env, "shell", "-c", SET_UP.format(emails=EMAILS)).splitlines()
        made = [line.split()[1] for line in out if line.startswith("round ")]
        self.rounds = dict(zip(EMAILS, made, strict=True))

    def short_round(self, seconds: int, email: str) -> str:
        """`email`'s round, closing in `seconds` (so will its attempt)."""
        pk = self.rounds[email]
        manage(self.env, "shell", "-c", CLOSE_IN.format(pk=pk, seconds=seconds))
        return pk


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """daphne on its own SQLite file (tests/browser's set-up), and a way to add rounds to it."""
    workdir = tmp_path_factory.mktemp("clock")
    env = server_env(
        DJANGO_DEBUG="1",
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        EMAIL_FILE_PATH=str(workdir / "mail"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    manage(env, "migrate", "--noinput")
    server = Daphne(env, workdir / "daphne.log")
    yield Site(env, server.url)
    server.stop()


def sign_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def to_the_review_page(page, site, email, seconds):
    round_id = site.short_round(seconds, email)
    sign_in(page, site.url, email)
    page.goto(f"{site.url}/dot-thi/{round_id}/")
    page.locator(".start-form button.start-button").click()
    expect(page.locator(".question-screen:not([hidden]) .q-number")).to_be_visible()
    page.locator(".question-screen:not([hidden]) .choice").first.click()
    expect(page.locator(".question-screen:not([hidden]) .save-status")).to_have_text("Đã lưu")
    page.locator(".question-screen:not([hidden]) button[name=go][value=review]").click()
    expect(page.locator("#id_prediction")).to_be_visible()


def watch_for_zero(page) -> dict:
    """The page's own time (ms since the epoch) when its clock showed 0:00."""
    seen = {}
    page.expose_function("clockAtZero", lambda at: seen.setdefault("zero", at))
    page.evaluate(
        """() => {
          const clock = document.querySelector(".countdown");
          new MutationObserver(() => {
            if (clock.textContent === "0:00") { window.clockAtZero(Date.now()); }
          }).observe(clock, {childList: true, characterData: true, subtree: true});
        }"""
    )
    return seen


def test_the_clock_runs_out_and_the_result_keeps_the_typed_prediction(site, phone):  # noqa: F811
    to_the_review_page(phone, site, EMAILS[0], seconds=15)
    seen = watch_for_zero(phone)
    # Typed in the last seconds, never sent by the participant: no blur, no button.
    expect(phone.locator(".countdown")).to_have_text(re.compile(r"^0:0[0-2]$"), timeout=30_000)
    phone.locator("#id_prediction").press_sequentially("4321")

    expect(phone.locator(".big-score")).to_be_visible(timeout=10_000)
    shown_at = phone.evaluate(
        "performance.timeOrigin"
        " + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
    )
    assert "zero" in seen, "the clock never showed 0:00"
    assert shown_at - seen["zero"] < 2000, f"result {shown_at - seen['zero']:.0f} ms after 0:00"
    expect(phone.locator(".result .prediction")).to_have_text("4321")
    assert "/ket-qua/" in phone.url


def test_offline_at_zero_says_so_and_reaches_the_result_once_back(site, phone):  # noqa: F811
    to_the_review_page(phone, site, EMAILS[1], seconds=15)
    phone.locator("#id_prediction").press_sequentially("12")
    expect(phone.locator(".save-status")).to_have_text("Đã lưu")
    expect(phone.locator(".countdown")).to_have_text(re.compile(r"^0:0[2-5]$"), timeout=30_000)
    phone.context.set_offline(True)
    expect(phone.locator(".time-status")).to_have_text("Mất kết nối, đang thử lại…", timeout=10_000)
    time.sleep(2)  # a retry or two, still offline
    expect(phone.locator(".time-status")).to_have_text("Mất kết nối, đang thử lại…")
    phone.context.set_offline(False)
    expect(phone.locator(".big-score")).to_be_visible(timeout=15_000)
    expect(phone.locator(".result .prediction")).to_have_text("12")
