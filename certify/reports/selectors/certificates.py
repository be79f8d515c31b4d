"""Renewed and lapsed certificates, as `certify/renewals` defines them, for aggregates."""

from datetime import date

from django.db.models import Q

from certify.certificates.models import Certificate
from certify.programs.models import Program
from certify.renewals.api import certificates_lapsed, renewals_approved

ISSUED = [
    Certificate.Status.VALID,
    Certificate.Status.SUSPENDED,
    Certificate.Status.REVOKED,
    Certificate.Status.REPLACED,
]


def lapsed_q(*, prefix: str = "", program: Program | None = None, today: date | None = None) -> Q:
    """The certificate (at `prefix`) lapsed: past its grace months, not renewed or reinstated."""
    lapsed = certificates_lapsed(program=program, today=today).order_by().values("pk")
    return Q(**{f"{prefix}pk__in": lapsed})


def renewed_q(*, prefix: str = "", program: Program | None = None) -> Q:
    """The certificate (at `prefix`) was renewed: a renewal of it was approved."""
    renewed = renewals_approved(program=program).order_by().values("certificate_id")
    return Q(**{f"{prefix}pk__in": renewed})
