"""Where webhooks may go: outside addresses only (no server-side request forgery).

A target's host is resolved when the endpoint is registered and again before every attempt (so a
name that later points at a private address, DNS rebinding, is refused), and the request goes to
the very address that was checked. Private, loopback, link-local, shared, reserved and multicast
addresses are refused unless they fall in `settings.WEBHOOK_ALLOWED_NETWORKS` (empty in
production; the tests list loopback for their receiver).
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from certify.core.errors import DomainError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query
    address: str  # the resolved address the request goes to


def _listed(address: Address) -> bool:
    networks = getattr(settings, "WEBHOOK_ALLOWED_NETWORKS", ())
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)


def address_allowed(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return _listed(address) or (address.is_global and not address.is_multicast)


def resolve(host: str, port: int) -> list[Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def target_check(url: str) -> Target:
    """The target of `url`, checked now; a `DomainError` (field "url") says what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise DomainError("Enter an address that starts with https://.", field="url")
    if parts.username or parts.password:
        raise DomainError("Leave the user name and password out of the address.", field="url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise DomainError("The port in this address is not a number.", field="url") from None
    addresses = resolve(parts.hostname, port)
    if not addresses:
        raise DomainError(f"We could not find “{parts.hostname}”: check the address.", field="url")
    refused = [a for a in addresses if not address_allowed(a)]
    if refused:
        raise DomainError(
            f"“{parts.hostname}” leads to a private or local address ({refused[0]}): webhooks "
            "go only to addresses on the public internet.",
            field="url",
        )
    if parts.scheme == "http" and not all(_listed(a) for a in addresses):
        raise DomainError("Use https:// so the messages are encrypted on the way.", field="url")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, parts.hostname, port, path, str(addresses[0]))
