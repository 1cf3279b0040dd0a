"""Client addresses behind nginx: only a trusted proxy's X-Forwarded-For is believed."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from config.proxy import TrustedProxyMiddleware, client_address, trusted_networks
from contest.ratelimit import client_ip

NGINX = trusted_networks(("127.0.0.1", "10.0.0.0/8"))


def seen_ip(settings, *, remote_addr, forwarded_for=None, trusted=("127.0.0.1",)):
    settings.TRUSTED_PROXIES = list(trusted)
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().get("/", **headers)
    return TrustedProxyMiddleware(client_ip)(request)


def test_a_header_sent_straight_to_the_server_is_ignored(settings):
    assert seen_ip(settings, remote_addr="203.0.113.9", forwarded_for="1.2.3.4") == "203.0.113.9"


def test_without_trusted_proxies_the_header_is_always_ignored(settings):
    ip = seen_ip(settings, remote_addr="127.0.0.1", forwarded_for="198.51.100.7", trusted=())
    assert ip == "127.0.0.1"


def test_the_trusted_proxy_names_the_client(settings):
    ip = seen_ip(settings, remote_addr="127.0.0.1", forwarded_for="198.51.100.7")
    assert ip == "198.51.100.7"


def test_what_the_client_wrote_left_of_the_proxy_entry_is_ignored():
    # The client sent "X-Forwarded-For: 1.2.3.4" and a proxy that appends added its peer.
    assert client_address("127.0.0.1", "1.2.3.4, 198.51.100.7", NGINX) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_to_the_first_untrusted_hop():
    chain = "1.2.3.4, 198.51.100.7, 10.1.2.3, 10.9.9.9"
    assert client_address("127.0.0.1", chain, NGINX) == "198.51.100.7"


def test_when_every_hop_is_trusted_the_furthest_one_is_the_client():
    assert client_address("127.0.0.1", "10.1.1.1, 10.2.2.2", NGINX) == "10.1.1.1"


def test_a_malformed_hop_stops_at_the_last_address_a_proxy_vouched_for():
    assert client_address("127.0.0.1", "198.51.100.7, bogus, 10.2.2.2", NGINX) == "10.2.2.2"
    assert client_address("127.0.0.1", "<script>", NGINX) == "127.0.0.1"


def test_an_empty_header_from_the_proxy_keeps_its_address():
    assert client_address("127.0.0.1", "", NGINX) == "127.0.0.1"


def test_ipv6_clients_and_ranges():
    networks = trusted_networks(("::1", "fd00::/8"))
    assert client_address("::1", "2001:db8::5, fd00::2", networks) == "2001:db8::5"
    assert client_address("2001:db8::9", "2001:db8::5", networks) == "2001:db8::9"


def test_an_ipv4_mapped_peer_counts_as_its_ipv4_address():
    assert client_address("::ffff:127.0.0.1", "198.51.100.7", NGINX) == "198.51.100.7"


def test_a_typo_in_trusted_proxies_stops_the_start_up(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured, match="10.0.0.0/33"):
        TrustedProxyMiddleware(client_ip)


def test_the_round_start_rate_limit_counts_clients_behind_the_proxy_not_the_proxy(
    settings, client, participant
):
    from tests.factories import make_round

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.QUIZ_START_RATE = {"user": (100, 60), "ip": (2, 60)}
    round = make_round()
    client.force_login(participant.user)
    url = f"/dot-thi/{round.pk}/bat-dau/"

    def start(ip, spoof=""):
        header = f"{spoof}, {ip}" if spoof else ip
        return client.post(url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=header)

    assert [start("198.51.100.1").status_code for _ in range(2)] == [302, 302]
    # The third from the same client is refused, whatever it puts in front of its address.
    assert start("198.51.100.1", spoof="203.0.113.50").status_code == 429
    # Another client behind the same nginx is not.
    assert start("198.51.100.2").status_code == 302


def test_only_the_proxy_may_say_the_request_came_over_https(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    def secure(remote_addr):
        request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_PROTO="https")
        return TrustedProxyMiddleware(lambda r: r.is_secure())(request)

    assert secure("127.0.0.1") is True
    assert secure("203.0.113.9") is False
