"""Outside addresses only: private, loopback and link-local targets are refused when an endpoint
is registered and again at delivery (a name that later resolves to a private address)."""

import socket

import pytest

from certify.core.errors import DomainError
from certify.webhooks import targets
from certify.webhooks.delivery import delivery_send
from certify.webhooks.models import Attempt, Delivery
from certify.webhooks.services import endpoint_create
from tests.certificates.conftest import finish, nearly_done

PUBLIC = "93.184.216.34"


def resolving_to(monkeypatch, address):
    def fake(host, port, *args, **kwargs):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(targets.socket, "getaddrinfo", fake)


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.5/hook",
        "https://192.168.1.20/hook",
        "https://127.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://100.64.0.1/hook",
        "https://0.0.0.0/hook",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused_at_registration(program, staff, url):
    with pytest.raises(DomainError, match="private or local address") as refused:
        endpoint_create(
            actor=staff, owner=f"program:{program.pk}", url=url, event_types=["set.completed"]
        )
    assert refused.value.field == "url"


def test_a_name_that_resolves_to_a_private_address_is_refused(program, staff, monkeypatch):
    resolving_to(monkeypatch, "10.1.2.3")
    with pytest.raises(DomainError, match=r"hooks\.example\.com"):
        endpoint_create(
            actor=staff,
            owner=f"program:{program.pk}",
            url="https://hooks.example.com/in",
            event_types=["set.completed"],
        )


def test_loopback_is_allowed_only_when_listed(program, staff, settings):
    url = "http://127.0.0.1:9/hook"
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with pytest.raises(DomainError):
        endpoint_create(
            actor=staff, owner=f"program:{program.pk}", url=url, event_types=["set.completed"]
        )
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    assert (
        endpoint_create(
            actor=staff, owner=f"program:{program.pk}", url=url, event_types=["set.completed"]
        ).endpoint.url
        == url
    )


def test_public_targets_need_https_and_no_credentials(program, staff, monkeypatch):
    resolving_to(monkeypatch, PUBLIC)
    owner = f"program:{program.pk}"
    for url, words in (
        ("http://hooks.example.com/in", "https://"),
        ("https://user:pw@hooks.example.com/in", "user name"),
        ("ftp://hooks.example.com/in", "https://"),
    ):
        with pytest.raises(DomainError, match=words):
            endpoint_create(actor=staff, owner=owner, url=url, event_types=["set.completed"])
    made = endpoint_create(
        actor=staff, owner=owner, url="https://hooks.example.com/in", event_types=["set.completed"]
    )
    assert made.endpoint.pk


def test_dns_rebinding_to_a_private_address_is_refused_at_delivery(
    program, staff, monkeypatch, django_capture_on_commit_callbacks
):
    _application, last = nearly_done(program)
    resolving_to(monkeypatch, PUBLIC)
    endpoint_create(
        actor=staff,
        owner=f"program:{program.pk}",
        url="https://hooks.example.com/in",
        event_types=["set.completed"],
    )
    resolving_to(monkeypatch, "10.9.8.7")  # the name now points inside

    def never(*args, **kwargs):
        raise AssertionError("no request may be made to a private address")

    monkeypatch.setattr("certify.webhooks.delivery.send", never)
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    delivery = Delivery.objects.get()
    attempt = Attempt.objects.get(delivery=delivery)
    assert attempt.response_code is None
    assert "private or local address (10.9.8.7)" in attempt.error
    assert delivery.status == Delivery.Status.PENDING  # tried again later, checked again then
    assert delivery_send(delivery_id=delivery.pk).attempts == 1  # not due yet: nothing sent
