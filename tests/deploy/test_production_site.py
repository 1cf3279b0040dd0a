"""The production nginx site file on HTTPS in front of a worker: what a visitor receives."""

import asyncio
import json
import re
import ssl
import urllib.error
import urllib.request

import websockets

UNVERIFIED = ssl._create_unverified_context()  # the test's self-signed certificate


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url, **headers):
    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=UNVERIFIED)
    )
    try:
        return opener.open(urllib.request.Request(url, headers=headers), timeout=10)
    except urllib.error.HTTPError as error:
        return error


def test_plain_http_is_sent_to_https_by_nginx(production_site):
    response = get(production_site.http_url + "/dot-thi/2/?x=1")
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/dot-thi/2/?x=1"


def test_pages_over_https_carry_hsts_csp_and_secure_cookies(production_site):
    response = get(production_site.url + "/accounts/login/")
    assert response.status == 200  # no redirect loop: Django sees HTTPS through nginx
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    policy = dict(
        part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    port = production_site.url.rsplit(":", 1)[1]
    assert policy["connect-src"] == f"'self' wss://127.0.0.1:{port}"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    cookies = headers.get_all("Set-Cookie")
    assert cookies and all("; Secure" in cookie for cookie in cookies)


def test_a_forged_https_header_on_plain_http_does_not_fool_django(production_site):
    # nginx overwrites X-Forwarded-Proto with the real scheme: still a redirect to HTTPS.
    response = get(production_site.http_url + "/", **{"X-Forwarded-Proto": "https"})
    assert response.status == 301


def test_static_files_are_nginx_s_with_a_year_of_cache(production_site):
    page = get(production_site.url + "/").read().decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    response = get(production_site.url + css)
    assert response.status == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_live_board_s_websocket_works_over_tls(production_site):
    page = get(production_site.url + "/").read().decode()
    round_id = re.search(r'round-card open" href="/dot-thi/(\d+)/"', page).group(1)
    uri = production_site.url.replace("https", "wss") + f"/ws/rounds/{round_id}/board/"

    async def first_message():
        async with websockets.connect(uri, origin=production_site.url, ssl=UNVERIFIED) as ws:
            return json.loads(await asyncio.wait_for(ws.recv(), 10))

    assert asyncio.run(first_message())["type"] == "snapshot"
