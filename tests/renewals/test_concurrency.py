"""Exactly one new certificate when the paid renewal is moved on at the same moment twice."""

import pytest
from django.utils import timezone

from certify.certificates.models import Certificate
from certify.core.money import Money
from certify.payments.services import payment_record
from certify.renewals.models import Renewal
from certify.renewals.services import renewal_submit, renewal_sync
from tests.factories import UserFactory
from tests.payments.test_concurrency import at_once
from tests.renewals.conftest import in_window, log

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_syncs_at_once_issue_one_new_certificate(program):
    today = timezone.localdate()
    certificate = in_window(program, today)
    log(certificate.holder, program=program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    staff = UserFactory(roles=["program_staff"])
    payment_record(
        invoice=renewal.invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
    )

    def sync():
        return renewal_sync(renewal=Renewal.objects.get(pk=renewal.pk)).new_certificate_id

    results, errors = at_once(*[sync] * 4)
    assert errors == []
    assert len(set(results)) == 1
    assert Certificate.objects.filter(holder=certificate.holder).count() == 2
    assert Certificate.objects.get(pk=certificate.pk).status == "replaced"
