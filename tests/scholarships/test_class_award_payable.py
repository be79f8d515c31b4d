"""A class award (the SSD continuing-education scholarship paying a class) is paid once its
recipient has enrolled in the program: recording its payment is refused before then, in the
same words on the page and the API, and the award page says when it becomes payable. The day
of enrollment is the program's (its time zone), and a payment recorded stands whatever happens
to the enrollment after it."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.scholarships.models import Award, AwardPayment, Fund, Purpose
from certify.scholarships.services import application_award, award_payment_record
from tests.factories import ApplicationFactory
from tests.scholarships.conftest import apply, enroll

AWARDED = date(2026, 12, 1)
AFTER_TOKYO_MIDNIGHT = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)  # the 6th there, 5th in Chicago


@pytest.fixture
def class_award(program, ce_fund, member, committee):
    application = apply(
        ce_fund, member, on=AWARDED, purpose=Purpose.CLASS, class_details="Cataloging basics"
    )
    return application_award(application=application, actor=committee, today=AWARDED)


def _pay(award: Award, actor, **kwargs) -> AwardPayment:
    return award_payment_record(
        award=award, actor=actor, payee="candidate", payee_name="", reference="CHK 12", **kwargs
    )


def _page(client, award: Award) -> str:
    return client.get(reverse("scholarships:application", args=[award.application_id])).text


def test_a_class_award_is_not_paid_before_its_recipient_enrolls(
    client, class_award, ce_fund, member, committee
):
    ApplicationFactory(candidate=member, program=_program(ce_fund))
    with pytest.raises(DomainError) as refused:
        _pay(class_award, committee)
    assert refused.value.message == (
        "This class award is not payable yet. Payable once Ravi Patel has enrolled in LSSCP (the "
        "program accepts their application); today their application is “Draft”. It cannot be "
        "recorded as paid before then."
    )
    assert (Award.objects.get(pk=class_award.pk).status, AwardPayment.objects.count()) == (
        "committed",
        0,
    )
    client.force_login(committee)
    page = _page(client, class_award)
    assert "Payable once Ravi Patel has enrolled in LSSCP" in page
    assert "Record the payment for the class" not in page  # no form before it can be used
    posted = client.post(
        reverse("scholarships:award_payment", args=[class_award.pk]),
        {"payee": "candidate", "reference": "CHK 12", "paid_on": "2026-12-02"},
    )
    assert posted.status_code == 400
    assert "This class award is not payable yet." in posted.text
    client.force_login(member)  # the recipient reads when it becomes payable too
    assert "Payable once Ravi Patel has enrolled in LSSCP" in _page(client, class_award)


def test_once_enrolled_the_page_says_since_when_and_offers_the_form(
    client, class_award, ce_fund, member, committee
):
    enroll(ce_fund, member, on=date(2026, 12, 3))
    client.force_login(committee)
    page = _page(client, class_award)
    assert "Payable since December 3, 2026, the day Ravi Patel enrolled in LSSCP." in page
    assert "Record the payment for the class" in page


def test_a_payment_dated_before_the_enrollment_is_refused_beside_the_date(
    class_award, ce_fund, member, committee
):
    enroll(ce_fund, member, on=date(2026, 12, 3))
    with pytest.raises(DomainError) as refused:
        _pay(class_award, committee, paid_on=date(2026, 12, 2))
    assert refused.value.field == "paid_on"
    assert refused.value.message == (
        "The payment cannot have been made before Ravi Patel enrolled (December 3, 2026): the "
        "award is paid once they have."
    )
    assert _pay(class_award, committee, paid_on=date(2026, 12, 3)).paid_on == date(2026, 12, 3)


def test_enrolled_today_in_the_programs_zone_it_is_paid_today_there(
    program, monkeypatch, class_award, ce_fund, member, committee
):
    """At 16:00 UTC on 5 December the program (in Tokyo) enrolls the candidate on the 6th,
    while the site (Chicago) is on the 5th: the award is payable on the 6th, not the 5th."""
    program.time_zone = "Asia/Tokyo"
    program.save(update_fields=["time_zone"])
    monkeypatch.setattr(timezone, "now", lambda: AFTER_TOKYO_MIDNIGHT)
    enroll(ce_fund, member)  # accepted now: the program's day
    with pytest.raises(DomainError, match=r"before Ravi Patel enrolled \(December 6, 2026\)"):
        _pay(class_award, committee, paid_on=date(2026, 12, 5))
    assert _pay(class_award, committee).paid_on == date(2026, 12, 6)


def test_a_payment_stands_when_the_enrollment_ends_after_it(
    client, class_award, ce_fund, member, committee
):
    enrollment = enroll(ce_fund, member, on=date(2026, 12, 2))
    payment = _pay(class_award, committee, paid_on=date(2026, 12, 2))
    # No move of the application workflow leaves "accepted"; staff's data fix is what ends it.
    Application.objects.filter(pk=enrollment.pk).update(status=Application.Status.WITHDRAWN)
    award = Award.objects.get(pk=class_award.pk)
    assert (award.status, award.paid_on) == ("paid", date(2026, 12, 2))
    assert AwardPayment.objects.get(award=award) == payment
    fund = Fund.objects.get(pk=ce_fund.pk)
    assert (fund.committed_cents, fund.paid_cents) == (0, award.amount_cents)
    client.force_login(committee)
    page = _page(client, award)
    assert "Paid to Ravi Patel (the candidate (reimbursed)) on December 2, 2026" in page
    assert "Payable once" not in page
    with pytest.raises(DomainError, match="nothing to pay"):
        _pay(award, committee)


def test_a_withdrawn_application_is_no_enrollment(class_award, ce_fund, member, committee):
    ApplicationFactory(
        candidate=member, program=_program(ce_fund), status=Application.Status.WITHDRAWN
    )
    with pytest.raises(DomainError, match="today they have no application to it"):
        _pay(class_award, committee)


def _program(fund: Fund):
    from certify.scholarships.selectors import fund_program

    return fund_program(fund)
