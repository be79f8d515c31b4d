"""The client's address: the one helper every rate limit keys on (ADR 0028).

A request's connection comes from its peer (`REMOTE_ADDR`). Behind nginx the peer is nginx, and
the client's address is only in `X-Forwarded-For`, a header any client can also send. So the
header is believed only when the peer is one of `settings.TRUSTED_PROXIES`, and then only as far
as our own proxies wrote it: read from the right, every hop that is one of our proxies is
skipped, and the first that is not is the client. Whatever a client wrote to the left of that is
never read (not even parsed: a long forged header costs nothing). With `TRUSTED_PROXIES` empty
(the default) the header is ignored altogether.

django-ipware's engine (python-ipware) reads each hop: ports, bracketed IPv6, IPv4-mapped and
NAT64 addresses, RFC 7239 `for=` elements. Its own client pick does not look at the peer, and
its trusted-proxy list is positional (one entry per hop, in order), so the check of the peer and
the walk over our proxies are here.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from python_ipware.modern.parsers import forwarded_for, parse_ip

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

HEADER = "HTTP_X_FORWARDED_FOR"
# An IPv6 client usually holds a whole /64: rate limits count per /64 (as allauth's do).
IPV6_PREFIX = 64


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


@lru_cache(maxsize=4096)
def _parsed(text: str) -> Address | None:
    """An address as python-ipware reads it, remembered: the same peers come again and again."""
    return parse_ip(text)


def _hop(token: str) -> Address | None:
    return parse_ip(forwarded_for(token) if "=" in token else token)


def client_ip(request: HttpRequest) -> str:
    """The client's address as text (e.g. "203.0.113.7"): the peer's, unless the peer is one of
    our proxies; then the address our proxies say they were sent from."""
    peer_text = request.META.get("REMOTE_ADDR") or ""
    peer = _parsed(peer_text)
    if peer is None:
        return peer_text or "unknown"
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(peer, networks):
        return str(peer)
    nearest = peer
    for token in reversed(request.META.get(HEADER, "").split(",")):
        hop = _hop(token)
        if hop is None:  # our proxies write addresses: this is not one of theirs
            return str(nearest)
        if not _trusted(hop, networks):
            return str(hop)
        nearest = hop
    return str(nearest)  # no header, or only our own proxies in it


def rate_limit_key(request: HttpRequest) -> str:
    """The client's address as rate limits count it: an IPv6 address as its /64 network."""
    return _limit_key(client_ip(request))


@lru_cache(maxsize=4096)
def _limit_key(ip: str) -> str:
    address = parse_ip(ip)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return ip
