"""Staff's test e-mail on the outbox page: an operator's check that the site's mail works.

The test goes to the address staff typed only when an account confirmed that address, whichever
of its confirmed addresses it is (ADR 0025's amendment, `accounts/addresses.py`): that account
gets the notice in the app and the e-mail at that address. An account that only shows the
address (typed in the program settings, or added and never confirmed) is not the address's
owner, and an address nobody confirmed is not written to (ADR 0029): the test then goes to the
staff member's own address, and the page says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from certify.accounts.api import proven_owners_by_address
from certify.accounts.models import User
from certify.notifications.models import Notification
from certify.notifications.services import (
    _event,
    _in_app_summary,
    _notice_context,
    email_queue,
    email_render,
)

EVENT = "account.test"


@dataclass(frozen=True)
class TestSent:
    address: str  # where the e-mail went
    as_typed: bool  # to the address staff typed (an account confirmed it), not their own


@transaction.atomic
def delivery_check_send(*, actor: User, to: str) -> TestSent:
    """Queue the test e-mail: to `to` when an account confirmed it, else to `actor`'s own."""
    typed = to.strip().lower()
    owner_id = proven_owners_by_address([typed]).get(typed)
    owner = User.objects.filter(pk=owner_id).first() if owner_id else None
    recipient, address = (owner, typed) if owner is not None else (actor, actor.email)
    context = _notice_context(recipient=recipient, spec=_event(EVENT), link="/", extra=None)
    subject, text, html = email_render(event=EVENT, context=context)
    notification = Notification.objects.create(
        recipient=recipient, event=EVENT, title=subject, body=_in_app_summary(text), link="/"
    )
    email_queue(to=address, subject=subject, text=text, html=html, notification=notification)
    return TestSent(address=address, as_typed=owner is not None)
