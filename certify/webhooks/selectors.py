"""Reads for the webhook pages and the API, their related rows fetched with them."""

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Lower

from certify.accounts.api import proven_addresses_of
from certify.certificates.api import certificate_lapsed_read
from certify.certificates.models import Certificate
from certify.webhooks.access import manageable
from certify.webhooks.models import Attempt, CertificateShare, Delivery, Endpoint

LOG_LENGTH = 50


def endpoint_list(*, user: Any) -> QuerySet[Endpoint]:
    return (
        manageable(user)
        .select_related("program", "provider", "sponsor", "created_by")
        .annotate(delivery_count=Count("deliveries"))
        .order_by("-id")
    )


def endpoint_find(*, user: Any, pk: int) -> Endpoint | None:
    """The endpoint if `user` may manage it (None also hides that it exists)."""
    return endpoint_list(user=user).filter(pk=pk).first()


def delivery_list(*, endpoint: Endpoint, limit: int = LOG_LENGTH) -> list[Delivery]:
    """The latest deliveries, newest first, each with its attempts (newest first)."""
    tries = Prefetch("tries", queryset=Attempt.objects.order_by("-started_at", "-id"))
    return list(endpoint.deliveries.prefetch_related(tries).order_by("-id")[:limit])


def delivery_find(*, endpoint: Endpoint, pk: int) -> Delivery | None:
    return endpoint.deliveries.filter(pk=pk).first()


def share_list(*, user: Any) -> QuerySet[CertificateShare]:
    """The shares a holder made, for their page."""
    return CertificateShare.objects.filter(certificate__holder=user).select_related("certificate")


def shared_with(*, user: Any) -> QuerySet[CertificateShare]:
    """The certificates holders share with `user` now, for the employer's webhooks page: those
    shared with an address the account confirmed (as deliveries match it), never merely the
    address typed on the account (`accounts.api.proven_addresses_of`)."""
    return (
        CertificateShare.objects.annotate(to=Lower("email"))
        .filter(to__in=proven_addresses_of(user), withdrawn_at__isnull=True)
        .select_related("certificate")
        .order_by("-created_at", "-id")
    )


def shared_with_listed(*, user: Any) -> list[CertificateShare]:
    """`shared_with` for the employer's own page, each row with what it shows: the holder's
    name as the certificate has it, the program (its zone decides "expired") and the
    certificate that replaced it, and whether each has lapsed, read at once for the page
    (`certificates.api.certificate_lapsed_read`): the same queries for one row or many."""
    rows = list(
        shared_with(user=user).select_related(
            "certificate__holder", "certificate__program", "certificate__replaced_by"
        )
    )
    certificate_lapsed_read([share.certificate for share in rows])
    return rows


def certificates_of(*, user: Any) -> QuerySet[Certificate]:
    """The holder's certificates that have a number (issued), newest first."""
    return Certificate.objects.filter(holder=user).exclude(number="").order_by("-id")


def share_find(*, user: Any, pk: int) -> CertificateShare | None:
    return share_list(user=user).filter(pk=pk).first()
