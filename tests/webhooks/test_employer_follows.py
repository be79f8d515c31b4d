"""An employer follows a certificate's status by webhook only while its holder shares it with
the employer's account, and hears no more than the public verification page shows."""

import json

import pytest

from certify.accounts.privacy import account_close
from certify.certificates.services import certificate_act
from certify.webhooks.services import endpoint_create, share_create, share_withdraw
from tests.certificates.conftest import finish, nearly_done
from tests.factories import PASSWORD, UserFactory

EVENTS = ["certificate.suspended", "certificate.reinstated", "certificate.revoked"]
# What a message about a certificate may carry: what its public verification page shows.
PUBLIC_FIELDS = {"certificate_number", "status", "verification_url", "api_url"}


def _issued(program, commit, name="Robin Holder"):
    application, last = nearly_done(program, name=name, email=f"{name.split()[0]}@home.example")
    with commit(execute=True):
        finish(last)
    certificate = application.certificate
    certificate.refresh_from_db()
    return certificate


def _employer(receiver, email="hr@employer.example"):
    employer = UserFactory(full_name="Harper Employer", email=email)
    endpoint_create(
        actor=employer, owner=f"employer:{employer.pk}", url=receiver.url, event_types=EVENTS
    )
    return employer


@pytest.mark.parametrize(("action", "status"), [("suspend", "suspended"), ("revoke", "revoked")])
def test_the_employer_hears_the_status_and_nothing_personal(
    action, status, program, second_staff, receiver, django_capture_on_commit_callbacks
):
    certificate = _issued(program, django_capture_on_commit_callbacks)
    employer = _employer(receiver)
    share_create(certificate=certificate, email=employer.email, actor=certificate.holder)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_act(certificate=certificate, actor=second_staff, action=action, reason="R")

    (message,) = receiver.messages()
    assert message["type"] == f"certificate.{status}"
    assert set(message["data"]) == PUBLIC_FIELDS
    assert (message["data"]["certificate_number"], message["data"]["status"]) == (
        certificate.number,
        status,
    )
    body = json.dumps(message)
    holder = certificate.holder
    for personal in (holder.email, holder.full_name, certificate.holder_name, "R"):
        assert f'"{personal}"' not in body  # no name, address or staff's reason


def _stop(how, *, certificate, share, employer, other_certificate):
    """The ways the employer stops hearing about `certificate` (None: they still hear)."""
    if how == "the holder stops sharing":
        share_withdraw(share=share, actor=certificate.holder)
    elif how == "the holder closes their account":
        account_close(user=certificate.holder, password=PASSWORD)
    elif how == "the employer closes their account":
        account_close(user=employer, password=PASSWORD)
    elif how == "another of the holder's certificates was shared":
        share_withdraw(share=share, actor=certificate.holder)
        share_create(
            certificate=other_certificate, email=employer.email, actor=other_certificate.holder
        )
    elif how == "it was shared with another address":
        share_withdraw(share=share, actor=certificate.holder)
        share_create(
            certificate=certificate, email="hr@elsewhere.example", actor=certificate.holder
        )


@pytest.mark.parametrize(
    ("how", "hears"),
    [
        ("still shared", True),
        ("the holder stops sharing", False),
        ("the holder closes their account", False),
        ("the employer closes their account", False),
        ("another of the holder's certificates was shared", False),
        ("it was shared with another address", False),
    ],
)
def test_the_employer_hears_only_while_the_holder_shares_it_with_them(
    how, hears, program, second_staff, receiver, django_capture_on_commit_callbacks
):
    certificate = _issued(program, django_capture_on_commit_callbacks)
    other_certificate = _issued(program, django_capture_on_commit_callbacks, name="Kai Other")
    # The same holder's second certificate (another program's, say): shared on its own only.
    type(other_certificate).objects.filter(pk=other_certificate.pk).update(
        holder=certificate.holder
    )
    other_certificate.refresh_from_db()
    employer = _employer(receiver)
    share = share_create(certificate=certificate, email=employer.email, actor=certificate.holder)
    _stop(
        how,
        certificate=certificate,
        share=share,
        employer=employer,
        other_certificate=other_certificate,
    )
    certificate.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_act(certificate=certificate, actor=second_staff, action="suspend", reason="R")
    assert receiver.types() == (["certificate.suspended"] if hears else [])
