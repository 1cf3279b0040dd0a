"""Sign-in throttling slows the guesser, never locks the owner out (issue 14).

Time is simulated: `time.time` is one clock for the throttle, the local cache's expiry and
the signed cookies, so delays and windows pass without waiting. Redis keeps its own time
(the scale-out pass runs these too): the throttle goes by the times it stored, not by expiry.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.50"  # one NAT address for a whole office
WAIT_RE = re.compile(r"thử lại sau (\d+) giây")
ACCOUNT_LOCK = "trình duyệt chưa từng dùng"
DEVICE_COOKIE_PREFIX = "signin_device_"  # then the account's id


def sign_in(browser: Client, email: str, password: str):
    return browser.post(reverse("account_login"), {"login": email, "password": password})


def signed_in(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" not in response["Location"]


def wait_in(response) -> int | None:
    """Seconds the form asks to wait, or None when it does not."""
    assert response.status_code == 200
    match = WAIT_RE.search(response.content.decode())
    return int(match.group(1)) if match else None


def known_browser(user, address: str) -> Client:
    """A browser the owner has signed in on before, signed out again."""
    browser = Client(REMOTE_ADDR=address)
    assert signed_in(sign_in(browser, user.email, PASSWORD))
    browser.post(reverse("account_logout"))
    return browser


def test_the_guesser_waits_longer_after_each_failure(clock):
    user = UserFactory()
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for _guess in range(3):
        assert wait_in(sign_in(guesser, user.email, "wrong")) is None  # only "wrong password"
    waits = []
    for _round in range(4):
        # While the delay runs even the right password is refused unchecked: no oracle.
        waits.append(wait_in(sign_in(guesser, user.email, PASSWORD)))
        clock.advance(waits[-1])
        assert wait_in(sign_in(guesser, user.email, "wrong")) is None
    assert waits == [5, 10, 20, 40]
    clock.advance(80)
    assert signed_in(sign_in(guesser, user.email, PASSWORD))
    # A success starts the count over: the next typo costs no delay.
    guesser.post(reverse("account_logout"))
    assert wait_in(sign_in(guesser, user.email, "wrong")) is None
    assert signed_in(sign_in(guesser, user.email, PASSWORD))


def test_delays_stop_growing_at_the_cap(clock, settings):
    settings.SIGNIN_THROTTLE = {**getattr(settings, "SIGNIN_THROTTLE", {}), "max_delay": 30}
    user = UserFactory()
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    waits = []
    for _guess in range(8):
        sign_in(guesser, user.email, "wrong")
        wait = wait_in(sign_in(guesser, user.email, "wrong"))
        waits.append(wait)
        clock.advance(wait or 0)
    assert waits[-3:] == [30, 30, 30]


def test_a_rivals_ten_wrong_passwords_do_not_stop_the_owner_on_a_known_browser(clock):
    owner = UserFactory()
    browser = known_browser(owner, OFFICE)
    # The rival sits in the same office, behind the same address.
    rival = Client(REMOTE_ADDR=OFFICE)
    for _guess in range(10):
        clock.advance(300)  # each guess waits out its delay, so all ten are checked
        assert wait_in(sign_in(rival, owner.email, "wrong")) is None
    assert wait_in(sign_in(rival, owner.email, "wrong")) == 300  # the rival is throttled
    assert signed_in(sign_in(browser, owner.email, PASSWORD))  # the owner is not


def test_wrong_passwords_from_many_addresses_lock_only_unknown_browsers(clock):
    owner = UserFactory()
    browser = known_browser(owner, "192.0.2.10")
    for rival in range(21):
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{rival + 1}"), owner.email, "wrong")
    stranger = sign_in(Client(REMOTE_ADDR="192.0.2.99"), owner.email, PASSWORD)
    assert ACCOUNT_LOCK in stranger.content.decode()
    assert 1 <= wait_in(stranger) <= 15 * 60
    assert signed_in(sign_in(browser, owner.email, PASSWORD))


def test_a_known_browser_for_another_account_or_a_forged_cookie_is_not_trusted(clock, settings):
    settings.SIGNIN_THROTTLE = {**getattr(settings, "SIGNIN_THROTTLE", {}), "account": (3, 900)}
    owner, other = UserFactory(), UserFactory()
    others_browser = known_browser(other, "192.0.2.10")
    for rival in range(4):
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{rival + 1}"), owner.email, "wrong")
    assert ACCOUNT_LOCK in sign_in(others_browser, owner.email, PASSWORD).content.decode()
    forged = Client(REMOTE_ADDR="192.0.2.11")
    forged.cookies[f"{DEVICE_COOKIE_PREFIX}{owner.pk}"] = "made-up:signature"
    assert ACCOUNT_LOCK in sign_in(forged, owner.email, PASSWORD).content.decode()


def test_a_known_browser_that_guesses_gets_the_delays_too(clock):
    owner = UserFactory()
    browser = known_browser(owner, "192.0.2.10")  # say, a stolen laptop
    for _guess in range(3):
        sign_in(browser, owner.email, "wrong")
    assert wait_in(sign_in(browser, owner.email, PASSWORD)) == 5


def test_the_device_cookie_is_long_lived_http_only_and_per_account(clock):
    first, second = UserFactory(), UserFactory()
    browser = known_browser(first, "192.0.2.10")
    assert signed_in(sign_in(browser, second.email, PASSWORD))
    for user in (first, second):
        cookie = browser.cookies[f"{DEVICE_COOKIE_PREFIX}{user.pk}"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert int(cookie["max-age"]) >= 365 * 24 * 3600
        assert user.email not in cookie.value


def test_many_failures_from_one_address_refuse_only_its_unknown_browsers(clock, settings):
    settings.SIGNIN_THROTTLE = {**getattr(settings, "SIGNIN_THROTTLE", {}), "address": (5, 600)}
    regular, newcomer = UserFactory(), UserFactory()
    browser = known_browser(regular, OFFICE)
    for sprayed in range(6):
        sign_in(Client(REMOTE_ADDR=OFFICE), f"nobody{sprayed}@example.org", "wrong")
    assert 1 <= wait_in(sign_in(Client(REMOTE_ADDR=OFFICE), newcomer.email, PASSWORD)) <= 600
    assert signed_in(sign_in(browser, regular.email, PASSWORD))
    assert signed_in(sign_in(Client(REMOTE_ADDR="192.0.2.99"), newcomer.email, PASSWORD))


def test_two_hundred_people_behind_one_address_all_sign_in_within_ten_minutes(clock):
    """The measure of issue 14: a whole office behind one NAT address, with the default limits.

    They arrive as offices do, most at the start (63 in the first minute); every fourth
    person first types a wrong password and tries again 8 seconds later.
    """
    people = UserFactory.create_batch(200)
    start = clock.now
    events = []
    for i in range(len(people)):
        arrives = 590 * (i / 200) ** 2
        if i % 4 == 3:
            events += [(arrives, i, "typo"), (arrives + 8, i, PASSWORD)]
        else:
            events.append((arrives, i, PASSWORD))
    browsers = [Client(REMOTE_ADDR=OFFICE) for _person in people]
    outcome = {}
    for at, i, password in sorted(events):
        clock.now = start + at
        response = sign_in(browsers[i], people[i].email, password)
        if password == PASSWORD:
            outcome[people[i].email] = signed_in(response)
    assert clock.now - start <= 600
    assert sum(outcome.values()) == 200, [email for email, ok in outcome.items() if not ok][:5]


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


def test_sign_in_still_works_while_the_cache_is_unreachable(settings):
    user = UserFactory()
    settings.CACHES = UNREACHABLE_REDIS
    assert signed_in(sign_in(Client(), user.email, PASSWORD))


def test_an_owner_locked_out_on_a_new_browser_gets_in_by_resetting_the_password(
    clock, settings, mailoutbox
):
    settings.SIGNIN_THROTTLE = {**getattr(settings, "SIGNIN_THROTTLE", {}), "account": (3, 900)}
    owner = UserFactory()
    for rival in range(4):
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{rival + 1}"), owner.email, "wrong")
    browser = Client(REMOTE_ADDR="192.0.2.10")
    assert ACCOUNT_LOCK in sign_in(browser, owner.email, PASSWORD).content.decode()
    browser.post(reverse("account_reset_password"), {"email": owner.email})
    link = re.search(r"https?://\S+/password/reset/key/\S+", mailoutbox[-1].body).group(0)
    form_url = browser.get(link)["Location"]
    new_password = "mat-khau-moi-2026"
    reset = browser.post(form_url, {"password1": new_password, "password2": new_password})
    assert reset.status_code == 302
    # Signed in by the reset, the browser is now known: the lock no longer refuses it.
    browser.post(reverse("account_logout"))
    assert signed_in(sign_in(browser, owner.email, new_password))
