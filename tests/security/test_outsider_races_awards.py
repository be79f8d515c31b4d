"""A class award paid twice (PostgreSQL): threads with their own connections, released together,
against committed data. Two committee members recording the same class award's payment at once
(the same check, pressed in two tabs) record it once; a payment racing the award's withdrawal
leaves either a paid award (the withdrawal refused) or a withdrawn one (the payment refused),
never both, and the fund's totals say the same.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.memberships.models import Organisation
from certify.scholarships.models import Award, AwardPayment, Fund, Purpose
from certify.scholarships.services import application_award, award_payment_record, award_withdraw
from tests.payments.test_concurrency import at_once
from tests.scholarships.conftest import (
    apply,
    enroll,
    lsscp_like_program,
    sponsor_member_make,
    ssd_ensure,
    ssd_member_make,
)

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
AWARDED = date(2026, 12, 1)


@dataclass
class Scene:
    award: Award
    ssd: object
    committee: User


@pytest.fixture
def scene() -> Scene:
    """SSD's continuing-education award for a class, its recipient enrolled: payable."""
    lsscp_like_program()
    ssd = ssd_ensure()
    ce_fund = Fund.objects.get(slug="ssd-continuing-education")
    member = ssd_member_make(Organisation.objects.get(code="SSD"), full_name="Ravi Patel")
    committee = sponsor_member_make(ssd, "committee", "Chris Committee")
    application = apply(
        ce_fund, member, on=AWARDED, purpose=Purpose.CLASS, class_details="Cataloging basics"
    )
    award = application_award(application=application, actor=committee, today=AWARDED)
    enroll(ce_fund, member, on=AWARDED)
    return Scene(award, ssd, committee)


def _pay(award, actor):
    return lambda: (
        award_payment_record(
            award=award, actor=actor, payee="candidate", payee_name="", reference="CHK 12"
        ).pk
    )


def test_two_members_recording_one_class_awards_payment_at_once_record_it_once(scene):
    class_award, committee = scene.award, scene.committee
    other = sponsor_member_make(scene.ssd, "committee", "Cleo Colleague")
    results, errors = at_once(_pay(class_award, committee), _pay(class_award, other))
    assert len(results) == 1
    assert [type(e) for e in errors] == [DomainError]
    assert "there is nothing to pay" in errors[0].message
    assert AwardPayment.objects.filter(award=class_award).count() == 1
    fund = Fund.objects.get(pk=class_award.fund_id)
    assert Award.objects.get(pk=class_award.pk).status == Award.Status.PAID
    assert fund.paid_cents == class_award.amount_cents


@pytest.mark.parametrize("attempt", range(2))
def test_a_payment_and_a_withdrawal_at_once_never_both_happen(attempt, scene):
    class_award, committee = scene.award, scene.committee
    admin = sponsor_member_make(scene.ssd, "admin", "Ada Admin")
    results, errors = at_once(
        _pay(class_award, committee),
        lambda: award_withdraw(award=class_award, actor=admin, reason="Class cancelled.").pk,
    )
    assert (len(results), [type(e) for e in errors]) == (1, [DomainError])
    award = Award.objects.get(pk=class_award.pk)
    paid = AwardPayment.objects.filter(award=award).count()
    fund = Fund.objects.get(pk=award.fund_id)
    if award.status == Award.Status.PAID:
        assert (paid, fund.paid_cents) == (1, award.amount_cents)
    else:
        assert award.status == Award.Status.WITHDRAWN
        assert (paid, fund.paid_cents) == (0, 0)
