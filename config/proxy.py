"""The client's address behind a reverse proxy we trust, and only behind one.

nginx overwrites X-Forwarded-For with the address it saw (deploy/nginx/); a request that
reaches daphne from anywhere else keeps its own address, whatever headers it sends. So the
per-IP rate limits (ours and allauth's, which read REMOTE_ADDR) count people, not nginx, and
nobody can dodge them by inventing a header. Likewise X-Forwarded-Proto (which tells Django
the visitor used HTTPS, SECURE_PROXY_SSL_HEADER) counts only when the proxy sent it.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.deprecation import MiddlewareMixin

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES (addresses or CIDR ranges) as networks; a typo stops the start-up."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an IP address or a CIDR range."
            ) from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # An IPv4 peer on a dual-stack socket shows up as ::ffff:a.b.c.d.
    return getattr(address, "ipv4_mapped", None) or address


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def _is_trusted_peer(remote_addr: str, networks: tuple[Network, ...]) -> bool:
    peer = _address(remote_addr)
    return peer is not None and _is_trusted(peer, networks)


def client_address(remote_addr: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The address of whoever sent the request to the first proxy we trust.

    Only a trusted peer's X-Forwarded-For counts. Read from the right (each proxy appends
    the address it saw), the first hop that is not a trusted proxy is the client; anything
    left of it was written by the client and proves nothing. A malformed hop stops the
    walk at the last address a trusted proxy vouched for.
    """
    if not forwarded_for or not _is_trusted_peer(remote_addr, networks):
        return remote_addr
    client = str(_address(remote_addr))
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not _is_trusted(address, networks):
            break
    return client


class TrustedProxyMiddleware(MiddlewareMixin):
    """Sets REMOTE_ADDR to the client's address when the request came through TRUSTED_PROXIES."""

    def __init__(self, get_response):
        super().__init__(get_response)
        trusted_networks(tuple(settings.TRUSTED_PROXIES))  # fail at start-up, not per request

    def process_request(self, request):
        networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
        peer = request.META.get("REMOTE_ADDR", "")
        if not _is_trusted_peer(peer, networks):
            # Only the proxy may say the request came over HTTPS (SECURE_PROXY_SSL_HEADER).
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
            return
        request.META["REMOTE_ADDR"] = client_address(
            peer, request.META.get("HTTP_X_FORWARDED_FOR", ""), networks
        )
