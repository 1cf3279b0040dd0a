"""Issue 15's "Done when": from a banner's short link to question 1 of the demo's open round,
as a brand-new participant with no email, in at most 8 taps and 5 typed fields on a phone."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_banners import PHONE_UA
from tests.browser.test_quiz_round import shown
from tests.servers import manage

pytestmark = pytest.mark.browser

MAX_TAPS = 8
MAX_TYPED = 5
NUMBER = "0388100003"


class Thumb:
    """What a person does on the phone, counted: a tap per click or check, two per native
    picker (open it, choose), a typed field per fill (tapping into the field is part of it)."""

    def __init__(self):
        self.taps = []
        self.typed = []

    def tap(self, locator, why: str) -> None:
        self.taps.append(why)
        locator.click()

    def check(self, locator, why: str) -> None:
        self.taps.append(why)
        locator.check()

    def choose(self, locator, why: str, **option) -> None:
        self.taps += [f"{why} (open)", f"{why} (choose)"]
        locator.select_option(**option)

    def type(self, locator, text: str, why: str) -> None:
        self.typed.append(why)
        locator.fill(text)


def from_the_database(site_server, code: str) -> dict:
    """Read the live server's own data, through its environment."""
    return json.loads(manage(site_server.env, "shell", "-c", code).strip().splitlines()[-1])


@pytest.fixture
def street_phone(browser):
    """A 390x844 phone as people carry it: headless Chromium names itself in its user
    agent, and its scans would count as a bot's."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="vi-VN",
        is_mobile=True,
        has_touch=True,
        user_agent=PHONE_UA,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_banner_scan_to_question_one_as_a_new_participant_in_few_taps(
    site_server, street_phone, capsys
):
    page = street_phone
    thumb = Thumb()

    # The camera opens the banner's link: the demo's open round.
    page.goto(site_server.url + "/b/H4RZT")
    expect(page).to_have_url(re.compile(r"/dot-thi/\d+/$"))
    round_path = page.url.removeprefix(site_server.url)
    expect(page.locator(".round-status .chip-open")).to_be_visible()

    start = page.get_by_role("button", name="Bắt đầu làm bài")
    expect(start).to_be_in_viewport()  # no scrolling to find it
    thumb.tap(start, "Bắt đầu làm bài")
    # A visitor signs up first, and is sent back to start the attempt.
    expect(page).to_have_url(re.compile(r"/accounts/signup/\?next="))
    assert parse_qs(urlsplit(page.url).query)["next"] == [f"{round_path}bat-dau/"]

    # One screen. The fewest fields a citizen takes: name, phone, password, commune.
    thumb.type(page.locator("#id_full_name"), "Đặng Thị Thu Trang", "họ và tên")
    thumb.type(page.locator("#id_phone"), "0388 100 003", "số điện thoại")
    thumb.type(page.locator("#id_password1"), "Mat-khau-rat-manh-2026", "mật khẩu")
    thumb.check(page.get_by_label("Người dân"), "Người dân")
    thumb.type(page.locator("#id_commune"), "Phường Sóc Trăng", "xã, phường")
    thumb.check(page.get_by_label(re.compile("Tôi đồng ý")), "đồng ý")
    thumb.tap(page.get_by_role("button", name="Đăng ký và bắt đầu"), "Đăng ký và bắt đầu")

    # Question 1 of the attempt, its text and its choices on screen.
    expect(page).to_have_url(re.compile(r"/bai-thi/[^/]+/$"))
    question = shown(page)
    expect(question.locator(".q-number")).to_contain_text(re.compile(r"\b1/\d+"))
    expect(question.locator(".q-text")).to_be_visible()
    expect(question.locator(".q-text")).not_to_be_empty()
    expect(question.locator(".choice").first).to_be_visible()
    assert question.locator(".choice").count() >= 2
    token = page.url.rstrip("/").rsplit("/", 1)[-1]

    with capsys.disabled():
        print(
            f"\nbanner → question 1: {len(thumb.taps)} taps {thumb.taps}, "
            f"{len(thumb.typed)} typed fields {thumb.typed}"
        )
    assert len(thumb.taps) <= MAX_TAPS, thumb.taps
    assert len(thumb.typed) <= MAX_TYPED, thumb.typed

    # The attempt is the new participant's, who has no email, and the banner has the credit.
    found = from_the_database(
        site_server,
        "import json\n"
        "from quizzes.models import Attempt\n"
        "from banners.models import ScanSignup\n"
        f"a = Attempt.objects.select_related('participant__user').get(token={token!r})\n"
        "u = a.participant.user\n"
        "s = ScanSignup.objects.filter(user=u).select_related('banner').first()\n"
        "print(json.dumps({'phone': a.participant.phone, 'name': a.participant.full_name,"
        " 'email': u.email, 'addresses': u.emailaddress_set.count(),"
        " 'banner': s.banner.code if s else None, 'round': a.round_id,"
        " 'finished': a.finished_at is not None}))",
    )
    assert found == {
        "phone": NUMBER,
        "name": "Đặng Thị Thu Trang",
        "email": None,
        "addresses": 0,
        "banner": "H4RZT",
        "round": int(re.search(r"\d+", round_path).group(0)),
        "finished": False,
    }
