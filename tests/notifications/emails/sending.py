"""Sending an e-mail as its sender does: to an account through `notify`, or relayed on a
person's behalf to an address that need not be one; `served` (autouse where imported) sets
the address that is served, `SITE_URL`."""

from pathlib import Path

import pytest
from django.conf import settings

from certify.accounts.models import Role
from certify.notifications.models import OutgoingEmail
from certify.notifications.relay import relay_send
from certify.notifications.services import notify
from tests.factories import UserFactory
from tests.notifications.emails.samples import SITE

EMAIL_DIR = Path(settings.BASE_DIR) / "certify/notifications/templates/notifications/email"
NOT_EVENTS = {"footer.txt", "layout.html"}  # parts of every e-mail, not e-mails of their own

# E-mail sent on a person's behalf to an address that need not be an account.
RELAYED = {"application.supervisor_confirm", "portfolio.attestation", "colleague.invited"}


@pytest.fixture(autouse=True)
def served(settings):
    settings.SITE_URL = SITE
    return settings


def _sent(lsscp, event: str, context: dict) -> OutgoingEmail:
    if event in RELAYED:
        sender = UserFactory(full_name="Dana O'Neil", roles=[Role.CANDIDATE])
        return relay_send(
            sender=sender,
            to="pat@riverside.example",
            event=event,
            context={"program": lsscp, "site_url": settings.SITE_URL, **context},
        )
    recipient = UserFactory(full_name="Luke O'Brien", roles=[Role.CANDIDATE])
    notification = notify(
        recipient=recipient, event=event, context={"program": lsscp, **context}, link="/plan/"
    )
    assert notification is not None
    return OutgoingEmail.objects.get(notification=notification)
