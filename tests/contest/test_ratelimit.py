"""One rate-limit decorator: counted per account, per address or per thing, the wait told
in Vietnamese as a page or JSON with Retry-After, and never an error when Redis is away."""

import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import resolve, reverse

from contest.ratelimit import limit_response, rate_limit
from tests.factories import ParticipantFactory, UserFactory
from tests.gallery.conftest import gallery, make_poem  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@rate_limit("probe", setting="PROBE_RATE")
def probe_view(request):
    return HttpResponse("ok")


@rate_limit("probe-one", setting="PROBE_ONE_RATE", scope="ip", methods=("GET", "POST"))
def probe_ip_view(request):
    return HttpResponse("ok")


def make_request(rf, *, user=None, ip="192.0.2.1", method="post", **headers):
    request = getattr(rf, method)("/thu/", REMOTE_ADDR=ip, headers=headers)
    request.user = user or AnonymousUser()
    return request


def test_each_account_has_its_own_count(rf, settings):
    settings.PROBE_RATE = {"user": (2, 60)}
    first, second = UserFactory(), UserFactory()
    codes = [probe_view(make_request(rf, user=first)).status_code for _hit in range(3)]
    assert codes == [200, 200, 429]
    assert probe_view(make_request(rf, user=second)).status_code == 200


def test_one_address_is_counted_across_accounts(rf, settings):
    settings.PROBE_RATE = {"user": (100, 60), "ip": (2, 60)}
    codes = [
        probe_view(make_request(rf, user=UserFactory(), ip="198.51.100.7")).status_code
        for _hit in range(3)
    ]
    assert codes == [200, 200, 429]
    assert probe_view(make_request(rf, user=UserFactory(), ip="198.51.100.8")).status_code == 200


def test_anonymous_requests_are_not_counted_under_the_account_scope(rf, settings):
    settings.PROBE_RATE = {"user": (1, 60)}
    assert all(probe_view(make_request(rf)).status_code == 200 for _hit in range(3))


def test_a_single_rate_setting_counts_the_scope_given(rf, settings):
    settings.PROBE_ONE_RATE = (1, 60)
    assert probe_ip_view(make_request(rf, method="get")).status_code == 200
    assert probe_ip_view(make_request(rf, method="get")).status_code == 429
    assert probe_ip_view(make_request(rf, method="get", ip="192.0.2.2")).status_code == 200


def test_only_the_methods_named_are_counted(rf, settings):
    settings.PROBE_RATE = {"user": (1, 60)}
    user = UserFactory()
    assert all(
        probe_view(make_request(rf, user=user, method="get")).status_code == 200
        for _hit in range(3)
    )
    assert probe_view(make_request(rf, user=user)).status_code == 200
    assert probe_view(make_request(rf, user=user)).status_code == 429


def test_a_page_request_gets_the_vietnamese_page_with_retry_after(rf, settings):
    settings.PROBE_RATE = {"user": (1, 60)}
    user = UserFactory()
    probe_view(make_request(rf, user=user))
    response = probe_view(make_request(rf, user=user))
    assert response.status_code == 429
    page = response.content.decode()
    assert "Quá nhiều yêu cầu" in page
    seconds = int(re.search(r"Vui lòng đợi (\d+) giây", page).group(1))
    assert 1 <= seconds <= 60 and response["Retry-After"] == str(seconds)


@pytest.mark.parametrize("headers", [{"X-Requested-With": "fetch"}, {"Accept": "application/json"}])
def test_a_script_gets_json_with_the_wait_in_vietnamese(rf, settings, headers):
    settings.PROBE_RATE = {"user": (1, 60)}
    user = UserFactory()
    probe_view(make_request(rf, user=user, **headers))
    response = probe_view(make_request(rf, user=user, **headers))
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["ok"] is False and body["error"] == "rate_limited"
    assert 1 <= body["retry_after"] <= 60
    assert response["Retry-After"] == str(body["retry_after"])
    assert body["message"] == (
        f"Quá nhiều yêu cầu trong thời gian ngắn. Hãy thử lại sau {body['retry_after']} giây."
    )


def test_a_browser_asking_for_html_first_gets_the_page(rf, settings):
    settings.PROBE_RATE = {"user": (1, 60)}
    user = UserFactory()
    accept = "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8"
    probe_view(make_request(rf, user=user, Accept=accept))
    response = probe_view(make_request(rf, user=user, Accept=accept))
    assert response.status_code == 429 and response["Content-Type"].startswith("text/html")


def test_a_thing_counted_by_key_is_shared_by_whoever_asks(rf, settings):
    settings.PROBE_ONE_RATE = (2, 60)

    def hit(user):
        return limit_response(make_request(rf, user=user), "thing", setting="PROBE_ONE_RATE", key=7)

    assert hit(UserFactory()) is None and hit(UserFactory()) is None
    refused = hit(UserFactory())
    assert refused.status_code == 429
    other = limit_response(make_request(rf), "thing", setting="PROBE_ONE_RATE", key=8)
    assert other is None


@rate_limit("slow", setting="PROBE_RATE", message="Chậm lại, thử lại sau %(seconds)d s.")
def slow_view(request):
    return HttpResponse("ok")


def test_a_view_may_give_its_own_message_to_scripts(rf, settings):
    settings.PROBE_RATE = {"user": (1, 60)}
    user = UserFactory()
    slow_view(make_request(rf, user=user, **{"X-Requested-With": "fetch"}))
    response = slow_view(make_request(rf, user=user, **{"X-Requested-With": "fetch"}))
    assert response.status_code == 429
    assert re.fullmatch(r"Chậm lại, thử lại sau \d+ s\.", json.loads(response.content)["message"])


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


def test_when_the_cache_is_down_requests_go_through(rf, settings):
    settings.PROBE_RATE = {"user": (1, 60), "ip": (1, 60)}
    user = UserFactory()
    settings.CACHES = UNREACHABLE_REDIS
    assert all(probe_view(make_request(rf, user=user)).status_code == 200 for _hit in range(3))


# --- allauth's pages: limited by the same decorator, allauth's own limits off ----------
LIMITED_PAGES = {
    "account_login": {},
    "account_signup": {},
    "account_change_password": {},
    "account_reset_password": {},
    "account_reset_password_from_key": {"uidb36": "abc", "key": "set-password"},
}


def test_allauths_limited_pages_resolve_to_our_decorated_views(settings):
    for name, kwargs in LIMITED_PAGES.items():
        match = resolve(reverse(name, kwargs=kwargs))
        assert match.url_name == name
        # allauth's view, or our thin wrapper around it (the reset remembers its email).
        assert match.func.__wrapped__.__module__.startswith(("allauth.", "accounts.views"))
    for action in ("signup", "reset_password", "reset_password_from_key", "change_password"):
        assert settings.ACCOUNT_RATE_LIMITS[action] is None


def test_password_change_past_the_limit_says_the_wait(client, settings):
    settings.ACCOUNT_PASSWORD_CHANGE_RATE = {"user": (1, 60)}
    user = UserFactory()
    client.force_login(user)
    url = reverse("account_change_password")
    client.post(url, {"oldpassword": "sai", "password1": "x", "password2": "x"})
    response = client.post(url, {"oldpassword": "sai", "password1": "x", "password2": "x"})
    assert response.status_code == 429
    assert re.search(r"Vui lòng đợi \d+ giây", response.content.decode())
    assert int(response["Retry-After"]) >= 1


def test_a_reset_link_tried_too_often_says_the_wait(client, settings):
    settings.ACCOUNT_PASSWORD_RESET_KEY_RATE = {"ip": (1, 60)}
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "sai-khoa"})
    client.post(url, {"password1": "mat-khau-dai-42", "password2": "mat-khau-dai-42"})
    response = client.post(url, {"password1": "mat-khau-dai-42", "password2": "mat-khau-dai-42"})
    assert response.status_code == 429
    assert re.search(r"Vui lòng đợi \d+ giây", response.content.decode())


# --- Where it is applied --------------------------------------------------------------
def test_a_vote_sent_by_the_script_past_the_limit_gets_the_votes_message(
    client,
    settings,
    gallery,  # noqa: F811
):
    settings.GALLERY_VOTE_RATE = {"user": (1, 60), "ip": (100, 60)}
    first, second = make_poem(gallery), make_poem(gallery, title="Bài hai")
    client.force_login(ParticipantFactory().user)
    fetch = {"X-Requested-With": "fetch"}
    assert client.post(reverse("gallery:vote", args=[first.pk]), headers=fetch).status_code == 200
    response = client.post(reverse("gallery:vote", args=[second.pk]), headers=fetch)
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    message = json.loads(response.content)["message"]
    assert re.fullmatch(
        r"Bình chọn quá nhiều trong thời gian ngắn\. Hãy thử lại sau \d+ giây\.", message
    )


def test_the_limiter_and_the_cache_use_no_private_api_of_django_or_allauth():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for name in ("contest/ratelimit.py", "config/cache.py", "accounts/urls.py"):
        tree = ast.parse((root / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                modules = [node.module] if isinstance(node, ast.ImportFrom) else []
                modules += [alias.name for alias in node.names]
                assert not any("internal" in (m or "").split(".") for m in modules), name
            if isinstance(node, ast.Attribute):
                private = node.attr.startswith("_") and not node.attr.startswith("__")
                assert not private, f"{name}:{node.lineno} uses {node.attr}"
