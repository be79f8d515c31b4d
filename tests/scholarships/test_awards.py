"""Awarding, the money it moves, and money coming back: at the edges."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.money import Money
from certify.notifications.models import Notification
from certify.payments.api import (
    enrollment_invoice_for,
    enrollment_invoice_get_or_create,
    renewal_invoice_create,
)
from certify.payments.models import InvoiceLine
from certify.payments.services import invoice_refund, payment_record
from certify.scholarships.eligibility import add_months
from certify.scholarships.models import Award, Fund, ScholarshipApplication
from certify.scholarships.services import (
    application_award,
    application_decline,
    award_expire,
    award_payment_record,
    award_sync,
    award_withdraw,
    capacity_problem,
)
from tests.factories import FundFactory, SponsorMemberFactory, UserFactory
from tests.scholarships.conftest import apply, enroll, fee_invoiced

TODAY = date(2026, 11, 27)


def _award(fund, person, actor, *, on=None, **kwargs):
    if kwargs.get("purpose", "enrollment") == "enrollment":
        fee_invoiced(fund, person)  # they applied to LSSCP: the credit goes on its invoice
    return application_award(
        application=apply(fund, person, on=on, **kwargs), actor=actor, today=on
    )


DECIDERS = "only the sponsor's administrators and committee other than the applicant can"


def _fund(fund):
    return Fund.objects.get(pk=fund.pk)


def test_an_award_becomes_a_credit_and_commits_money(enrollment_fund, member, committee, program):
    award = _award(enrollment_fund, member, committee)
    invoice = enrollment_invoice_for(user=member, program=program)
    assert (invoice.total, award.amount, award.status) == (Money(15000), Money(20000), "committed")
    assert award.invoice == invoice
    assert award.credit_source == f"award:{award.pk}"
    fund = _fund(enrollment_fund)
    assert (fund.committed, fund.paid, fund.remaining, fund.awards_made) == (
        Money(20000),
        Money(0),
        Money(80000),
        1,
    )
    application = ScholarshipApplication.objects.get(pk=award.application_id)
    assert (application.status, application.decided_by) == ("awarded", committee)
    note = Notification.objects.get(recipient=member, event="scholarship.decided")
    assert note.title == "You received a scholarship"
    # Amounts with their cents, as on the invoice she pays against (ADR 0005).
    assert "$200.00" in note.body
    assert f"{invoice.amount_due.with_cents()} is left" in note.body
    assert AuditEvent.objects.filter(
        verb="scholarship_application.awarded", actor=committee, data__award=award.pk
    ).exists()


@pytest.mark.database_free
def test_a_fund_of_one_award_says_it_made_its_one_award():
    fund = Fund(
        name="SSD One Award",
        budget_cents=20_000,
        award_cents=20_000,
        max_awards=1,
        committed_cents=20_000,
        awards_made=1,
    )
    assert capacity_problem(fund) == (
        "The SSD One Award has made its one award ($200.00 of its $200.00 budget is committed or "
        "paid): nothing is left to award."
    )


def test_a_sixth_award_of_200_from_the_1000_fund_is_refused_clearly(
    enrollment_fund, make_member, committee, program
):
    applications = [apply(enrollment_fund, make_member()) for _ in range(5)]
    sixth = apply(enrollment_fund, make_member(full_name="Sixth Person"))
    for application in applications:
        application_award(application=application, actor=committee)
    with pytest.raises(DomainError) as refused:
        application_award(application=sixth, actor=committee)
    assert refused.value.message == (
        "The SSD LSSCP Enrollment Scholarship has made all 5 of its awards ($1,000.00 of its "
        "$1,000.00 budget is committed or paid): nothing is left to award."
    )
    sixth.refresh_from_db()
    assert sixth.status == "submitted"
    fund = _fund(enrollment_fund)
    assert (fund.awards_made, fund.remaining_cents, Award.objects.count()) == (5, 0, 5)


def test_money_runs_out_before_the_count_when_awards_are_bigger(
    ssd, ssd_org, make_member, committee, program
):
    fund = FundFactory(
        sponsor=ssd,
        budget_cents=50_000,
        award_cents=20_000,
        max_awards=5,
        required_organisations=[ssd_org],
    )
    first, second, third = (apply(fund, make_member()) for _ in range(3))
    application_award(application=first, actor=committee)
    application_award(application=second, actor=committee)
    with pytest.raises(DomainError) as refused:
        application_award(application=third, actor=committee)
    assert "has $100.00 left of its $500.00 budget, not enough for an award of $200.00" in str(
        refused.value
    )


def test_a_non_member_cannot_be_awarded_even_if_they_applied_as_one(
    enrollment_fund, member, committee, program
):
    application = apply(enrollment_fund, member)
    member.memberships.update(status="rejected")
    with pytest.raises(DomainError, match="Ravi Patel is not a confirmed SSD member"):
        application_award(application=application, actor=committee)


@pytest.mark.parametrize(("months_since", "allowed"), [(17, False), (18, True), (19, True)])
def test_one_ssd_award_in_18_months_across_ssd_funds(
    enrollment_fund, ce_fund, member, committee, program, months_since, allowed
):
    first_day = date(2025, 6, 10)
    _award(enrollment_fund, member, committee, on=first_day)
    later = add_months(first_day, months_since)
    ce_fund.opens_on = first_day
    ce_fund.save()
    if allowed:
        award = _award(ce_fund, member, committee, on=later, purpose="class", class_details="A")
        assert award.awarded_on == later
    else:
        with pytest.raises(DomainError, match="you can receive another from December 10, 2026"):
            apply(ce_fund, member, on=later, purpose="class", class_details="A")


def test_an_application_made_before_the_cooldown_is_checked_again_when_deciding(
    enrollment_fund, ce_fund, member, committee, program
):
    waiting = apply(ce_fund, member, purpose="class", class_details="Cataloging basics")
    _award(enrollment_fund, member, committee)
    with pytest.raises(DomainError, match="Ravi Patel received a scholarship award from SSD on"):
        application_award(application=waiting, actor=committee)


def test_a_withdrawn_award_does_not_count_toward_the_cooldown(
    enrollment_fund, ce_fund, member, committee, ssd_admin, program
):
    award = _award(enrollment_fund, member, committee)
    award_withdraw(award=award, actor=ssd_admin, reason="Awarded by mistake")
    ce = _award(ce_fund, member, committee, purpose="class", class_details="Cataloging basics")
    assert ce.status == "committed"


def test_another_sponsors_admin_cannot_award(enrollment_fund, member, program):
    stranger = SponsorMemberFactory().user
    application = apply(enrollment_fund, member)
    with pytest.raises(DomainError, match=DECIDERS):
        application_award(application=application, actor=stranger)
    with pytest.raises(DomainError, match=DECIDERS):
        application_decline(application=application, actor=stranger, reason="No")


def test_nobody_decides_their_own_application(enrollment_fund, committee, ssd_org, program):
    from tests.factories import MembershipFactory

    MembershipFactory(user=committee, organisation=ssd_org)
    application = apply(enrollment_fund, committee)
    own = "You cannot decide your own case: ask another member of the committee."
    with pytest.raises(DomainError, match=own):
        application_award(application=application, actor=committee)
    with pytest.raises(DomainError, match=own):
        application_decline(application=application, actor=committee, reason="Mine")
    assert ScholarshipApplication.objects.get(pk=application.pk).status == "submitted"


def test_declining_needs_a_reason_the_applicant_reads(enrollment_fund, member, committee):
    application = apply(enrollment_fund, member)
    with pytest.raises(DomainError, match="Say why it is not awarded"):
        application_decline(application=application, actor=committee, reason="  ")
    application_decline(application=application, actor=committee, reason="Five awards were made.")
    application.refresh_from_db()
    assert (application.status, application.reason) == ("declined", "Five awards were made.")
    note = Notification.objects.get(recipient=member, event="scholarship.decided")
    assert note.title == "Your scholarship application was not successful"
    with pytest.raises(DomainError, match="is “Not awarded” now, so it cannot become “Awarded”"):
        application_award(application=application, actor=committee)


def test_an_award_never_exceeds_what_is_still_owed(enrollment_fund, member, committee, program):
    invoice = enrollment_invoice_get_or_create(user=member, program=program, actor=member)
    staff = UserFactory(roles=["program_staff"])
    payment_record(
        invoice=invoice, amount=Money(25000), method="cheque", reference="C", actor=staff
    )
    award = _award(enrollment_fund, member, committee)
    invoice.refresh_from_db()
    assert (award.amount, award.status, invoice.status) == (Money(10000), "paid", "paid")
    assert _fund(enrollment_fund).paid == Money(10000)


def test_an_enrollment_award_for_someone_who_already_paid_is_refused(
    ce_fund, member, committee, program
):
    application = apply(ce_fund, member, purpose="enrollment")
    invoice = enrollment_invoice_get_or_create(user=member, program=program, actor=member)
    staff = UserFactory(roles=["program_staff"])
    payment_record(
        invoice=invoice, amount=Money(35000), method="cheque", reference="C", actor=staff
    )
    with pytest.raises(DomainError, match="enrollment fee is already paid"):
        application_award(application=application, actor=committee)
    assert not Award.objects.exists()


def test_withdrawing_returns_the_money_and_takes_the_credit_back(
    enrollment_fund, member, committee, ssd_admin, program
):
    award = _award(enrollment_fund, member, committee)
    with pytest.raises(DomainError, match="Say why the award is withdrawn"):
        award_withdraw(award=award, actor=ssd_admin, reason="")
    # A committee member decides applications; withdrawing an award is for administrators.
    with pytest.raises(DomainError, match="only the sponsor's administrators other than"):
        award_withdraw(award=award, actor=committee, reason="The candidate moved away")
    award_withdraw(award=award, actor=ssd_admin, reason="The candidate moved away")
    award.refresh_from_db()
    invoice = enrollment_invoice_for(user=member, program=program)
    assert (award.status, award.ended_by, invoice.total) == ("withdrawn", ssd_admin, Money(35000))
    lines = list(invoice.lines.values_list("source", "amount_cents"))
    assert lines[-2:] == [(f"award:{award.pk}", -20000), (f"award:{award.pk}:reversed", 20000)]
    fund = _fund(enrollment_fund)
    assert (fund.committed_cents, fund.awards_made, fund.remaining) == (0, 0, Money(100000))
    assert Notification.objects.filter(recipient=member, event="scholarship.award_ended").exists()
    with pytest.raises(DomainError, match="already “Withdrawn”"):
        award_withdraw(award=award, actor=ssd_admin, reason="Again")


def test_the_recipient_can_give_an_award_back_but_nobody_else(
    enrollment_fund, make_member, committee, program
):
    mine = _award(enrollment_fund, make_member(), committee)
    award_withdraw(award=mine, actor=mine.recipient, reason="My employer pays after all")
    assert Award.objects.get(pk=mine.pk).status == "withdrawn"
    theirs = _award(enrollment_fund, make_member(), committee)
    with pytest.raises(
        DomainError,
        match="only the sponsor's administrators other than the recipient or the recipient "
        "themselves can",
    ):
        award_withdraw(award=theirs, actor=UserFactory(), reason="Not mine to give back")


def test_a_used_award_cannot_be_withdrawn(enrollment_fund, member, committee, ssd_admin, program):
    award = _award(enrollment_fund, member, committee)
    staff = UserFactory(roles=["program_staff"])
    payment_record(
        invoice=award.invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
    )
    with pytest.raises(DomainError, match="is paid, so the award was used"):
        award_withdraw(award=award, actor=ssd_admin, reason="Too late")
    award_sync(award=award)
    award.refresh_from_db()
    assert (award.status, award.paid_on) == ("paid", timezone.localdate())
    fund = _fund(enrollment_fund)
    assert (fund.committed_cents, fund.paid_cents) == (0, 20000)
    with pytest.raises(DomainError, match="This award was used"):
        award_withdraw(award=award, actor=ssd_admin, reason="Too late")


def test_an_award_on_an_invoice_that_was_refunded_returns_to_the_fund(
    enrollment_fund, member, committee, program
):
    award = _award(enrollment_fund, member, committee)
    staff = UserFactory(roles=["program_staff"])
    payment_record(
        invoice=award.invoice, amount=Money(5000), method="cheque", reference="C", actor=staff
    )
    invoice_refund(invoice=award.invoice, reason="Not eligible", actor=staff, amount=Money(5000))
    award_sync(award=award)
    award.refresh_from_db()
    assert award.status == "withdrawn"
    assert "was refunded" in award.end_reason
    assert _fund(enrollment_fund).remaining == Money(100000)


def test_an_award_on_an_invoice_that_was_voided_returns_to_the_fund_and_blocks_repricing(
    enrollment_fund, member, committee, program, django_capture_on_commit_callbacks
):
    from certify.core.errors import DomainError
    from certify.payments.services import invoice_reprice, invoice_void

    award = _award(enrollment_fund, member, committee)
    staff = UserFactory(roles=["program_staff"])
    with pytest.raises(DomainError, match="carries a scholarship credit"):
        invoice_reprice(invoice=award.invoice, amount=Money(1000), reason="x", actor=staff)
    with django_capture_on_commit_callbacks(execute=True):  # the `invoice.void` event's handler
        invoice_void(invoice=award.invoice, reason="Application not accepted", actor=staff)
    award.refresh_from_db()
    assert award.status == "withdrawn"
    assert "was void" in award.end_reason
    assert _fund(enrollment_fund).remaining == Money(100000)


def test_an_unused_award_expires_after_its_use_by_day_and_returns(
    enrollment_fund, member, committee, program
):
    award = _award(enrollment_fund, member, committee, on=TODAY - timedelta(days=400))
    assert award.use_by == add_months(award.awarded_on, 12)
    award_expire(award=award, today=award.use_by)  # the use-by day itself still counts
    assert Award.objects.get(pk=award.pk).status == "committed"
    award_expire(award=award, today=award.use_by + timedelta(days=1))
    award.refresh_from_db()
    assert award.status == "expired"
    assert award.end_reason.startswith("Not used by")
    assert award.invoice.lines.filter(source=f"award:{award.pk}:reversed").exists()
    assert _fund(enrollment_fund).awards_made == 0
    award_expire(award=award, today=TODAY)  # safe to repeat
    assert InvoiceLine.objects.filter(source__startswith="award:").count() == 2


def test_a_class_award_is_paid_when_the_sponsor_records_the_payment(
    ce_fund, member, committee, program
):
    award = _award(ce_fund, member, committee, purpose="class", class_details="Cataloging basics")
    assert (award.status, award.invoice, award.amount) == ("committed", None, Money(25000))
    enroll(ce_fund, member, on=award.awarded_on)
    with pytest.raises(DomainError, match="Enter the name of the class provider"):
        award_payment_record(
            award=award, actor=committee, payee="provider", payee_name="", reference="C1"
        )
    with pytest.raises(DomainError, match="in the future"):
        award_payment_record(
            award=award,
            actor=committee,
            payee="candidate",
            payee_name="",
            reference="C1",
            paid_on=timezone.localdate() + timedelta(days=1),
        )
    payment = award_payment_record(
        award=award, actor=committee, payee="provider", payee_name="Lakeland CC", reference="C1"
    )
    award.refresh_from_db()
    assert (award.status, payment.amount_cents, payment.payee_name) == (
        "paid",
        25000,
        "Lakeland CC",
    )
    fund = _fund(ce_fund)
    assert (fund.committed_cents, fund.paid_cents) == (0, 25000)
    with pytest.raises(DomainError, match="nothing to pay"):
        award_payment_record(
            award=award, actor=committee, payee="candidate", payee_name="", reference="C2"
        )


def test_a_class_payment_cannot_predate_its_award(ce_fund, member, committee, program):
    """The sponsor pays a class award after making it: a payment dated before the award (a
    mistyped year, or money the sponsor gave before deciding) is refused beside the date."""
    award = _award(ce_fund, member, committee, purpose="class", class_details="Cataloging basics")
    enroll(ce_fund, member, on=award.awarded_on - timedelta(days=30))
    with pytest.raises(DomainError) as refused:
        award_payment_record(
            award=award,
            actor=committee,
            payee="candidate",
            payee_name="",
            reference="C1",
            paid_on=award.awarded_on - timedelta(days=1),
        )
    assert refused.value.field == "paid_on"
    assert refused.value.message == (
        "The payment cannot have been made before the award was made "
        f"({award.awarded_on:%B} {award.awarded_on.day}, {award.awarded_on.year})."
    )
    assert Award.objects.get(pk=award.pk).status == "committed"


def test_an_enrollment_award_is_never_paid_out_as_a_class(
    enrollment_fund, member, committee, program
):
    award = _award(enrollment_fund, member, committee)
    with pytest.raises(DomainError, match="Only class awards are paid out"):
        award_payment_record(
            award=award, actor=committee, payee="candidate", payee_name="", reference="C"
        )


def test_a_renewal_award_waits_for_the_renewal_invoice(ssd, ssd_org, member, committee, program):
    fund = FundFactory(
        sponsor=ssd, pays_enrollment=False, pays_renewal=True, required_organisations=[ssd_org]
    )
    award = _award(fund, member, committee)
    assert (award.invoice, award.note) == (
        None,
        "Waiting for the renewal invoice; the credit goes on it.",
    )
    renewal = renewal_invoice_create(user=member, program=program, actor=None, subject="cert:1")
    award_sync(award=award)
    award.refresh_from_db()
    renewal.refresh_from_db()
    assert award.invoice == renewal
    assert (renewal.total, award.status, award.amount) == (Money(0), "paid", Money(15000))
    fund.refresh_from_db()
    assert (fund.paid_cents, fund.remaining_cents) == (15000, 85000)


def test_the_database_refuses_a_fund_total_above_its_budget(enrollment_fund):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Fund.objects.filter(pk=enrollment_fund.pk).update(committed_cents=100_001)
    with pytest.raises(IntegrityError), transaction.atomic():
        Fund.objects.filter(pk=enrollment_fund.pk).update(awards_made=6)


def test_an_award_landing_on_or_leaving_an_invoice_closes_the_card_checkout_for_the_old_amount(
    settings, enrollment_fund, member, committee, ssd_admin, program
):
    from certify.payments.models import CheckoutSession
    from tests.payments.conftest import checkout_open

    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    invoice = fee_invoiced(enrollment_fund, member)
    full = checkout_open(invoice, session_id="cs_test_full")  # a tab open for $350
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    full.refresh_from_db()
    assert full.next_attempt_at is not None  # to be expired at Stripe after commit
    invoice.refresh_from_db()
    rest = checkout_open(invoice, session_id="cs_test_rest")  # a tab open for the $150 left
    award_withdraw(award=award, actor=ssd_admin, reason="Left the program.")
    rest.refresh_from_db()
    assert (rest.status, rest.next_attempt_at is not None) == (CheckoutSession.Status.OPEN, True)
