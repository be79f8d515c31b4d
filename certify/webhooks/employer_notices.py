"""An employer a certificate is shared with is told by e-mail (and in the app) when it changes:
suspended, reinstated, revoked, replaced by its renewal, lapsed. What the employer page shows
the same day, the employer hears of without looking (ADR 0053).

Who hears: the accounts that confirmed an address the certificate is shared with now, shared
before the change happened (a share stopped, or made after the change, hears nothing; the share's
own notice already says where things stand). An address nobody confirmed is not written to
(ADR 0029). The e-mail goes to the shared address the account confirmed (which need not be its
main one), not to whatever its main address is. One e-mail per change and account, whatever the
number of shares or deliveries: the notice's key names the event and the account. Everyone told
is told at once (`notify_each`): the handler's queries do not grow with the employers. The
e-mail is optional (`certificate.shared_changed`), so the employer's preferences and one-click
unsubscribe apply. It never carries staff's reason."""

from datetime import date
from typing import Any

from django.urls import reverse

from certify.accounts.api import proven_owners_by_address
from certify.accounts.models import User
from certify.certificates.models import Certificate
from certify.core.events import subscriber
from certify.core.models import Event
from certify.notifications.api import Told, notify_each
from certify.programs.api import program_day
from certify.webhooks.employer_words import LAPSED, REPLACED, REVOKED, SUSPENDED
from certify.webhooks.models import CertificateShare

NOTICE = "certificate.shared_changed"
REINSTATED = "It is valid again, through {day}."
# The domain event (and, for a valid certificate, the move) → what happened, in the e-mail.
CHANGES = {
    "certificate.suspended": "suspended",
    "certificate.revoked": "revoked",
    "certificate.replaced": "replaced",
    "certificate.lapsed": "lapsed",
    "certificate.valid": "reinstated",  # by the `reinstate` move only (issue, approve: not told)
}


def long_day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _what_it_means(change: str, certificate: Certificate, name: str) -> str:
    if change == "suspended":
        return SUSPENDED.format(name=name)
    if change == "revoked":
        return REVOKED
    if change == "replaced":
        number = certificate.replaced_by.number if certificate.replaced_by else "a new number"
        return REPLACED.format(number=number, name=name)
    if change == "lapsed":
        return LAPSED
    ends = certificate.expires_on
    return REINSTATED.format(day=long_day(ends) if ends else "its end date")


def employers_told(
    *, event_id: int, certificate_id: int, move: str = "", lapses_on: str = "", **_: object
) -> None:
    """Tell each employer following the certificate of this change. Idempotent: a notice is
    made once per event and account (`notify`'s key), so a second delivery sends nothing."""
    event = Event.objects.get(pk=event_id)
    change = CHANGES.get(event.name)
    if change is None or (change == "reinstated" and move != "reinstate"):
        return
    certificate = (
        Certificate.objects.select_related("program", "holder", "replaced_by")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None:
        return
    shared = CertificateShare.objects.filter(
        certificate=certificate, withdrawn_at__isnull=True, created_at__lte=event.created_at
    ).values_list("email", flat=True)
    # Each confirmed shared address → its account; the notice goes to that address.
    owners = proven_owners_by_address(shared)
    address_of: dict[int, str] = {}
    for address in sorted(owners):
        address_of.setdefault(owners[address], address)
    accounts = (
        User.objects.filter(pk__in=list(address_of), is_active=True)
        .exclude(pk=certificate.holder_id)
        .order_by("pk")
    )
    program = certificate.program
    name = certificate.holder_name or certificate.holder.full_name
    day = date.fromisoformat(lapses_on) if lapses_on else program_day(event.created_at, program)
    context: dict[str, Any] = {
        "change": change,
        "holder_name": name,
        "certificate_number": certificate.number,
        "program": program,
        "day": long_day(day),
        "what_it_means": _what_it_means(change, certificate, name),
        "action": "See the certificates shared with you",
    }
    notify_each(
        told=[
            Told(
                recipient=account,
                dedupe_key=f"share-changed:{event_id}:{account.pk}",
                address=address_of[account.pk],
            )
            for account in accounts
        ],
        event=NOTICE,
        context=context,
        link=reverse("webhooks:shared_with_you"),
    )


for _name in CHANGES:
    subscriber(_name)(employers_told)
