"""Websockets open only from this site's own pages: scheme, host and port of the Origin.

Channels' AllowedHostsOriginValidator compares the Origin's host with ALLOWED_HOSTS and
ignores its port, so a page on http://127.0.0.1:9999 (anything else on the machine) could
open the live boards of the site on :8000 with the visitor's cookies. Here the Origin must
be the address the browser asked for (its Host header, a host in ALLOWED_HOSTS, on the
scheme it used) or one of CSRF_TRUSTED_ORIGINS / SITE_BASE_URL, as Django's CSRF check does.
"""

from urllib.parse import urlsplit

from channels.security.websocket import AllowedHostsOriginValidator, WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

from config.proxy import _is_trusted_peer, trusted_networks

DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) with the scheme's default port filled in; None if unreadable."""
    try:
        parts = urlsplit(url.strip().lower())
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port


def _allowed_hosts() -> list[str]:
    if settings.DEBUG and not settings.ALLOWED_HOSTS:
        return [".localhost", "127.0.0.1", "[::1]"]  # as Django's request.get_host()
    return settings.ALLOWED_HOSTS


def _scheme(scope, headers: dict[bytes, bytes]) -> str:
    """http or https as the browser used it: nginx's X-Forwarded-Proto, from nginx only."""
    forwarded = headers.get(b"x-forwarded-proto", b"").decode("latin1").strip().lower()
    client = (scope.get("client") or ("", 0))[0]
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if forwarded in DEFAULT_PORTS and _is_trusted_peer(client, networks):
        return forwarded
    return "https" if scope.get("scheme") == "wss" else "http"


def origin_allowed(scope) -> bool:
    """Whether a websocket handshake comes from a page of this site."""
    headers = dict(scope.get("headers", []))
    if b"origin" not in headers:
        return "*" in settings.ALLOWED_HOSTS  # as Channels: no Origin, no socket
    origin = _origin(headers[b"origin"].decode("latin1"))
    if origin is None:
        return False  # "null" (sandboxed frames, file:// pages) or garbage
    trusted = [*settings.CSRF_TRUSTED_ORIGINS, settings.SITE_BASE_URL]
    if b"host" in headers:
        host = headers[b"host"].decode("latin1")
        if validate_host(split_domain_port(host)[0], _allowed_hosts()):
            trusted.append(f"{_scheme(scope, headers)}://{host}")
        return origin in {_origin(url) for url in trusted}
    # Every browser sends Host; only other clients (scripts, test communicators) omit it,
    # and they can send any Origin anyway: the host-only check of ALLOWED_HOSTS as before.
    return origin in {_origin(url) for url in trusted} or AllowedHostsOriginValidator(
        None
    ).valid_origin(urlsplit(headers[b"origin"].decode("latin1")))


class SameOriginValidator:
    """ASGI middleware for websockets: refuses handshakes from other origins (ports too)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            raise ValueError("SameOriginValidator is for websocket connections only.")
        if origin_allowed(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
