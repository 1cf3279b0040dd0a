"""Every throttle answers with the same Vietnamese page that says how long to wait."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from banners.models import Banner, Scan
from banners.services.banners import SCAN_COOKIE, banner_save
from quizzes.services.attempts import attempt_start
from tests.factories import PASSWORD, ParticipantFactory, UserFactory, make_round
from tests.gallery.conftest import _private_root, gallery, make_poem  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

WAIT_RE = re.compile(r"Vui lòng đợi (\d+) giây")


def assert_wait_page(response, *, at_most: int) -> int:
    """Our 429 page, in Vietnamese, with the wait in seconds (also in Retry-After)."""
    assert response.status_code == 429
    page = response.content.decode()
    assert "Quá nhiều yêu cầu" in page
    match = WAIT_RE.search(page)
    assert match, page
    seconds = int(match.group(1))
    assert 1 <= seconds <= at_most
    assert response["Retry-After"] == str(seconds)
    return seconds


# --- allauth: sign-in, sign-up, password reset -----------------------------------------
def test_login_throttle_renders_our_page_with_the_wait(client, settings):
    settings.ACCOUNT_LOGIN_RATE = {"ip": (2, 60)}
    user = UserFactory()
    for _attempt in range(2):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert_wait_page(response, at_most=60)


def test_signup_throttle_renders_our_page_with_the_wait(client, settings):
    settings.ACCOUNT_SIGNUP_RATE = {"ip": (1, 300)}
    data = {"email": "moi@example.org", "password1": "mat-khau-dai-42", "password2": "x"}
    client.post(reverse("account_signup"), data)
    response = client.post(reverse("account_signup"), {**data, "email": "khac@example.org"})
    assert_wait_page(response, at_most=300)


def test_password_reset_throttle_per_address_says_the_wait(client, settings):
    settings.ACCOUNT_PASSWORD_RESET_RATE = {"ip": (20, 60), "email": (2, 180)}
    user = UserFactory()
    for _attempt in range(2):
        client.post(reverse("account_reset_password"), {"email": user.email})
    response = client.post(reverse("account_reset_password"), {"email": user.email.upper()})
    assert_wait_page(response, at_most=180)


def test_too_many_failed_logins_are_refused_in_the_form_with_the_wait(client, settings):
    # More in tests/accounts/test_signin_throttle.py (growing delays, the owner's browser).
    settings.SIGNIN_THROTTLE = {**getattr(settings, "SIGNIN_THROTTLE", {}), "free": 2}
    user = UserFactory()
    for _attempt in range(2):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    page = response.content.decode()
    match = re.search(r"Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau (\d+) giây", page)
    assert match, page
    assert 1 <= int(match.group(1)) <= 60
    assert f'value="{user.email}"' in page  # what was typed stays


def test_a_throttle_without_a_known_wait_still_gives_our_page(rf):
    from django.contrib.auth.models import AnonymousUser

    from contest.ratelimit import allauth_too_many_requests

    request = rf.get("/somewhere-else/")
    request.user = AnonymousUser()
    response = allauth_too_many_requests(request)
    assert response.status_code == 429
    assert "Vui lòng chờ một phút" in response.content.decode()


# --- Quiz: starting attempts, saving answers -------------------------------------------
def test_starting_attempts_too_fast_gives_the_wait_page(client, settings):
    settings.QUIZ_START_RATE = {"user": (1, 60), "ip": (100, 60)}
    round = make_round(max_attempts=3)
    client.force_login(ParticipantFactory().user)
    url = reverse("quizzes:round-start", args=[round.pk])
    assert client.post(url).status_code == 302
    assert_wait_page(client.post(url), at_most=60)


def test_answers_sent_without_javascript_share_the_per_attempt_limit(client, settings):
    settings.QUIZ_ANSWER_RATE = (2, 60)
    participant = ParticipantFactory()
    attempt = attempt_start(participant=participant, round=make_round())
    client.force_login(participant.user)
    url = reverse("quizzes:attempt-detail", args=[attempt.token])
    for _answer in range(2):
        assert client.post(url, {"position": 1, "go": "next"}).status_code == 302
    assert_wait_page(client.post(url, {"position": 1, "go": "next"}), at_most=60)
    # The script's autosave is counted on the same attempt: refused with the wait in JSON.
    reply = client.post(reverse("quizzes:attempt-answer", args=[attempt.token]), {"position": 1})
    assert reply.status_code == 429 and reply.json()["retry_after"] >= 1


# --- Gallery: votes and uploads --------------------------------------------------------
def test_votes_past_the_limit_get_the_same_page(client, settings, gallery):  # noqa: F811
    settings.GALLERY_VOTE_RATE = {"user": (1, 60), "ip": (100, 60)}
    first, second = make_poem(gallery), make_poem(gallery, title="Bài hai")
    client.force_login(ParticipantFactory().user)
    client.post(reverse("gallery:vote", args=[first.pk]))
    assert_wait_page(client.post(reverse("gallery:vote", args=[second.pk])), at_most=60)


def test_uploads_past_the_limit_get_the_same_page(client, settings, gallery):  # noqa: F811
    settings.GALLERY_SUBMIT_RATE = (1, 3600)
    client.force_login(ParticipantFactory().user)
    url = reverse("gallery:entry-create", args=["tho"])
    client.post(url, {"title": "Một"})
    assert_wait_page(client.post(url, {"title": "Hai"}), at_most=3600)


# --- Banner scans ----------------------------------------------------------------------
@pytest.fixture
def banner(db):
    return banner_save(banner=Banner(name="Sảnh chính", target=Banner.Target.PAGE, path="/"))


def test_one_browser_cannot_inflate_a_banners_scans(client, settings, banner):
    settings.BANNER_SCAN_RATE = {"visitor": (3, 60), "ip": (100, 60)}
    url = reverse("banners:banner-redirect", args=[banner.code])
    responses = [client.get(url) for _scan in range(7)]
    assert all(r.status_code == 302 and r["Location"] == "/" for r in responses)
    # The first scan gives the browser its id; the next 3 are counted under it, no more.
    assert Scan.objects.filter(banner=banner).count() == 4
    assert client.cookies[SCAN_COOKIE].value  # the browser kept its id throughout


def test_one_address_cannot_inflate_a_banners_scans_by_dropping_cookies(settings, banner):
    from django.test import Client

    settings.BANNER_SCAN_RATE = {"visitor": (3, 60), "ip": (4, 60)}
    url = reverse("banners:banner-redirect", args=[banner.code])
    responses = [Client().get(url, REMOTE_ADDR="198.51.100.4") for _scan in range(7)]
    assert all(r.status_code == 302 for r in responses)
    assert Scan.objects.filter(banner=banner).count() == 4
    # Another address, another banner: counted as usual.
    assert Client().get(url, REMOTE_ADDR="198.51.100.5").status_code == 302
    assert Scan.objects.filter(banner=banner).count() == 5


def test_scans_keep_no_address(banner, client):
    client.get(reverse("banners:banner-redirect", args=[banner.code]), REMOTE_ADDR="192.0.2.77")
    scan = Scan.objects.get()
    values = " ".join(str(getattr(scan, f.attname)) for f in Scan._meta.concrete_fields)
    assert "192.0.2.77" not in values
    assert timezone.now() >= scan.scanned_at


# --- When Redis is away ---------------------------------------------------------------
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


def test_a_restarting_redis_lets_starts_answers_and_finishes_through(
    client, settings, django_capture_on_commit_callbacks
):
    """The limiter and the board's stale mark fail open: the saved work is what matters."""
    participant = ParticipantFactory()
    round = make_round()
    client.force_login(participant.user)
    settings.CACHES = UNREACHABLE_REDIS
    started = client.post(reverse("quizzes:round-start", args=[round.pk]))
    assert started.status_code == 302
    attempt = participant.attempts.get()
    item = attempt.items.order_by("position").first()
    reply = client.post(
        reverse("quizzes:attempt-answer", args=[attempt.token]),
        {"position": item.position, "choice": item.choice_keys[0][0]},
    )
    assert reply.status_code == 200 and reply.json()["ok"] is True
    with django_capture_on_commit_callbacks(execute=True):
        finished = client.post(
            reverse("quizzes:attempt-review", args=[attempt.token]), {"prediction": "3"}
        )
    assert finished.status_code == 302
    attempt.refresh_from_db()
    assert attempt.finished_at is not None
