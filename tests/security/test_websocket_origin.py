"""Websockets open only from the site's own pages: the Origin's scheme, host and port count."""

import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

BOARD = "/ws/rounds/999999/board/"  # unknown round: accepted, then closed with 4404


@pytest.fixture(autouse=True)
def _site(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.SITE_BASE_URL = "http://127.0.0.1:8000"
    settings.CSRF_TRUSTED_ORIGINS = []


async def opens(*headers: tuple[bytes, bytes]) -> bool:
    communicator = WebsocketCommunicator(application, BOARD, headers=list(headers))
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected


async def test_a_page_on_another_port_of_the_same_host_is_refused():
    assert not await opens((b"host", b"127.0.0.1:8000"), (b"origin", b"http://127.0.0.1:9999"))
    assert not await opens((b"host", b"localhost:8000"), (b"origin", b"http://localhost:9999"))


async def test_the_sites_own_pages_are_accepted_on_the_port_the_browser_used():
    assert await opens((b"host", b"127.0.0.1:8000"), (b"origin", b"http://127.0.0.1:8000"))
    assert await opens((b"host", b"localhost:8123"), (b"origin", b"http://localhost:8123"))


async def test_another_scheme_or_host_is_refused():
    assert not await opens((b"host", b"127.0.0.1:8123"), (b"origin", b"https://127.0.0.1:8123"))
    assert not await opens((b"host", b"127.0.0.1:8000"), (b"origin", b"null"))
    # A name outside ALLOWED_HOSTS (DNS rebinding) is refused even when Host agrees.
    assert not await opens(
        (b"host", b"evil.example:8000"), (b"origin", b"http://evil.example:8000")
    )


async def test_a_handshake_without_origin_is_refused_as_before():
    assert not await opens((b"host", b"127.0.0.1:8000"))


def scope(origin: str, host: str, client: str, forwarded_proto: str = "") -> dict:
    headers = [(b"origin", origin.encode()), (b"host", host.encode())]
    if forwarded_proto:
        headers.append((b"x-forwarded-proto", forwarded_proto.encode()))
    return {"type": "websocket", "scheme": "ws", "client": (client, 5000), "headers": headers}


async def test_behind_nginx_the_https_page_is_accepted_on_nginxs_word_only(settings):
    from config.websocket import origin_allowed

    settings.ALLOWED_HOSTS = ["cuocthi.example.gov.vn"]
    settings.SITE_BASE_URL = "http://127.0.0.1:8000"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    page = "https://cuocthi.example.gov.vn"
    assert origin_allowed(scope(page, "cuocthi.example.gov.vn", "127.0.0.1", "https"))
    assert not origin_allowed(scope(page, "cuocthi.example.gov.vn", "203.0.113.9", "https"))
    assert not origin_allowed(scope(page + ":8443", "cuocthi.example.gov.vn", "127.0.0.1", "https"))
    # Production's CSRF_TRUSTED_ORIGINS (from SITE_BASE_URL) is trusted as Django's CSRF does.
    settings.CSRF_TRUSTED_ORIGINS = [page]
    assert origin_allowed(scope(page, "cuocthi.example.gov.vn", "203.0.113.9"))
