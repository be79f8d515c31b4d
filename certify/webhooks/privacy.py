"""A person's webhook data for their download, and what closing the account removes: the
endpoints they registered as an employer (their messages too), the certificate shares they made
as a holder (each names an employer's address), and the shares made with their address.
Endpoints of a program, provider or sponsor belong to that organization and stay; one the person
made is in their download only while they still manage it (they act for the organization now):
once they left it, its address is the organization's, not theirs.

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower

from certify.accounts.api import privacy_part, proven_addresses_of, rows
from certify.accounts.models import User
from certify.webhooks.access import manageable
from certify.webhooks.models import CertificateShare, Endpoint, Scope


def _shares(user: User) -> Q:
    """The shares the person made, and those made with an address they confirmed (one typed on
    their account, never confirmed, may be anyone's: not theirs to download or delete)."""
    mine = CertificateShare.objects.annotate(to=Lower("email")).filter(
        to__in=proven_addresses_of(user)
    )
    return Q(certificate__holder=user) | Q(pk__in=mine.values("pk"))


def _erase(user: User) -> None:
    Endpoint.objects.filter(scope=Scope.EMPLOYER, owner=user).delete()
    CertificateShare.objects.filter(_shares(user)).delete()


@privacy_part("webhooks", erase=_erase)
def _webhooks(user: User) -> dict[str, Any]:
    return {
        "endpoints": rows(
            manageable(user).filter(Q(owner=user) | Q(created_by=user)).order_by("pk")
        ),
        "certificate_shares": rows(CertificateShare.objects.filter(_shares(user))),
    }
