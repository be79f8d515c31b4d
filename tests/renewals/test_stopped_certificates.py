"""A renewal whose certificate was suspended or revoked after it was submitted renews nothing:
its fee paid sends it to staff instead (the payment's handler does not fail), and staff cannot
approve it while the certificate is not in force; a reinstated certificate's renewal goes on."""

import pytest

from certify.certificates.models import Certificate
from certify.certificates.services import (
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
)
from certify.core.errors import DomainError
from certify.renewals.models import Renewal
from certify.renewals.services import renewal_decide, renewal_submit, renewal_sync
from tests.renewals.conftest import certificate_per_module, log
from tests.renewals.test_services import pay

program, today, certificate = certificate_per_module()


def _submitted(certificate, today, *, audited: bool = False) -> Renewal:
    if audited:
        certificate.program.renewal_audit_percent = 100
        certificate.program.save(update_fields=["renewal_audit_percent"])
    log(certificate.holder, program=certificate.program, on=today)
    return renewal_submit(certificate=certificate, actor=certificate.holder, today=today)


def test_a_fee_paid_while_the_certificate_is_suspended_sends_the_renewal_to_staff(
    certificate, today, staff_user
):
    renewal = _submitted(certificate, today)
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT
    assert renewal.new_certificate is None
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUSPENDED
    assert Certificate.objects.filter(holder=certificate.holder).count() == 1


def test_staff_cannot_approve_the_renewal_of_a_revoked_certificate(certificate, today, staff_user):
    renewal = _submitted(certificate, today, audited=True)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    certificate_revoke(certificate=certificate, actor=staff_user, reason="Found to be forged.")
    with pytest.raises(DomainError, match=r"is revoked: it cannot be renewed\. Refuse") as refused:
        renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    assert certificate.number in refused.value.message
    renewal.refresh_from_db()
    assert (renewal.status, renewal.new_certificate) == (Renewal.Status.IN_AUDIT, None)
    assert Certificate.objects.filter(holder=certificate.holder).count() == 1
    refused_renewal = renewal_decide(
        renewal=renewal, actor=staff_user, action="refuse", reason="The certificate is revoked."
    )
    assert refused_renewal.status == Renewal.Status.REFUSED


def test_a_suspended_certificates_renewal_is_approved_once_it_is_reinstated(
    certificate, today, staff_user
):
    renewal = _submitted(certificate, today, audited=True)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    with pytest.raises(DomainError, match="is suspended: it cannot be renewed"):
        renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    certificate_reinstate(certificate=certificate, actor=staff_user, reason="Cleared.")
    renewal = renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    assert renewal.status == Renewal.Status.APPROVED
    assert renewal.new_certificate.status == Certificate.Status.VALID
