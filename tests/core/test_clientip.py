"""The one client address every limit keys on (certify/core/clientip.py, ADR 0028)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from certify.core.clientip import client_ip, rate_limit_key

ROOT = Path(__file__).resolve().parents[2]
rf = RequestFactory()


def ip(peer: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(rf.get("/", REMOTE_ADDR=peer, **extra))


def test_without_trusted_proxies_the_header_is_ignored():
    assert ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"
    # The old keying (ninja: the whole header) made each forged value a new client.
    assert ip("127.0.0.1", "1.1.1.1") == ip("127.0.0.1", "2.2.2.2") == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_trusted_proxy_says_who_the_client_is():
    assert ip("127.0.0.1", "203.0.113.7") == "203.0.113.7"
    assert ip("127.0.0.1") == "127.0.0.1"  # no header: the proxy itself (e.g. a health probe)


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_header_from_an_untrusted_peer_changes_nothing():
    assert ip("198.51.100.4", "203.0.113.7") == "198.51.100.4"
    assert ip("198.51.100.4", "127.0.0.1") == "198.51.100.4"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_what_the_client_wrote_before_the_proxys_entry_is_never_read():
    # nginx's $proxy_add_x_forwarded_for: the client's own header, then the address nginx saw.
    assert ip("127.0.0.1", "1.2.3.4, 203.0.113.7") == "203.0.113.7"
    assert ip("127.0.0.1", "garbage, 10.0.0.1, 203.0.113.7") == "203.0.113.7"
    assert ip("127.0.0.1", "x" * 50_000 + ", 203.0.113.7") == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "127.0.0.1"])
def test_several_hops_of_our_own_are_skipped():
    # client → load balancer (10.1.2.3) → nginx (127.0.0.1) → app
    assert ip("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.2.3") == "203.0.113.7"
    # a client inside our own networks: the leftmost of our hops
    assert ip("127.0.0.1", "10.9.9.9, 10.1.2.3") == "10.9.9.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_hop_our_proxy_could_not_have_written_is_not_believed():
    assert ip("127.0.0.1", "203.0.113.7, not-an-address") == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["::1", "127.0.0.1"])
def test_ports_brackets_and_mapped_addresses_are_read():
    assert ip("::1", "[2001:db8::5]:443") == "2001:db8::5"
    assert ip("127.0.0.1", "::ffff:203.0.113.7") == "203.0.113.7"
    assert ip("127.0.0.1", "203.0.113.7:5123") == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_an_ipv6_client_is_counted_per_64_network():
    one = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8:1:2::aaaa")
    two = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8:1:2:ffff::1")
    other = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8:1:3::1")
    assert rate_limit_key(one) == rate_limit_key(two) == "2001:db8:1:2::"
    assert rate_limit_key(other) != rate_limit_key(one)
    assert rate_limit_key(rf.get("/", REMOTE_ADDR="203.0.113.7")) == "203.0.113.7"


def test_a_wrong_trusted_proxies_setting_refuses_to_start():
    result = subprocess.run(
        [sys.executable, "-c", "import certify.settings.base"],
        cwd=ROOT,
        env={"TRUSTED_PROXIES": "127.0.0.1,nginx.local"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'nginx.local' is not an IP address or network" in result.stderr


@pytest.mark.parametrize("peer", ["", "not-an-address"])
def test_a_peer_without_an_address_is_still_one_client(peer):
    assert ip(peer) == (peer or "unknown")
