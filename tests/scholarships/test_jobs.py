"""Awards follow their invoice through events (paid, refunded); unused awards expire daily."""

from datetime import timedelta

from django.utils import timezone

from certify.core.models import EventDelivery
from certify.core.money import Money
from certify.notifications.scheduler import FREQUENT_JOBS, jobs_run
from certify.payments.services import invoice_refund, payment_record
from certify.scholarships.handlers import expire_awards
from certify.scholarships.models import Award, Fund
from certify.scholarships.services import application_award
from tests.factories import UserFactory
from tests.scholarships.conftest import apply, fee_invoiced


def test_an_award_is_marked_paid_by_the_invoice_paid_subscriber(
    enrollment_fund, member, committee, program, django_capture_on_commit_callbacks
):
    fee_invoiced(enrollment_fund, member)
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    staff = UserFactory(roles=["program_staff"])
    with django_capture_on_commit_callbacks(execute=False):
        payment_record(
            invoice=award.invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
        )
    # Settled, but the event is not delivered yet: nothing else moves the award.
    assert Award.objects.get(pk=award.pk).status == "committed"
    delivery = EventDelivery.objects.get(
        event__name="invoice.paid", handler__endswith="awards_follow_invoice"
    )
    assert delivery.event.payload["invoice_id"] == award.invoice_id
    FREQUENT_JOBS["events.redeliver"](timezone.now())
    assert Award.objects.get(pk=award.pk).status == "paid"
    fund = Fund.objects.get(pk=enrollment_fund.pk)
    assert (fund.committed_cents, fund.paid_cents) == (0, 20000)
    # Delivered again (at least once): nothing changes.
    from certify.scholarships.handlers import awards_follow_invoice

    awards_follow_invoice(event_id=delivery.event_id, **delivery.event.payload)
    fund = Fund.objects.get(pk=enrollment_fund.pk)
    assert (fund.committed_cents, fund.paid_cents) == (0, 20000)


def test_an_award_on_a_refunded_invoice_is_withdrawn_by_the_invoice_refunded_subscriber(
    enrollment_fund, member, committee, program, django_capture_on_commit_callbacks
):
    fee_invoiced(enrollment_fund, member)
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    staff = UserFactory(roles=["program_staff"])
    payment_record(
        invoice=award.invoice, amount=Money(5000), method="cheque", reference="C", actor=staff
    )
    with django_capture_on_commit_callbacks(execute=True):
        invoice_refund(
            invoice=award.invoice, reason="Left the program.", actor=staff, amount=Money(5000)
        )
    award.refresh_from_db()
    assert award.status == "withdrawn"
    assert "was refunded" in award.end_reason
    fund = Fund.objects.get(pk=enrollment_fund.pk)
    assert (fund.committed_cents, fund.paid_cents, fund.remaining_cents) == (0, 0, 100_000)


def test_unused_awards_expire_once_even_when_the_job_runs_twice(
    enrollment_fund, member, committee, program
):
    long_ago = timezone.localdate() - timedelta(days=400)
    fee_invoiced(enrollment_fund, member)
    award = application_award(
        application=apply(enrollment_fund, member, on=long_ago), actor=committee, today=long_ago
    )
    today = timezone.localdate()
    assert expire_awards(today) == "1 unused scholarship award(s) expired"
    assert expire_awards(today) == "0 unused scholarship award(s) expired"
    assert Award.objects.get(pk=award.pk).status == "expired"
    assert Fund.objects.get(pk=enrollment_fund.pk).remaining_cents == 100_000


def test_the_expiry_job_is_registered_and_no_job_polls_invoices(db):
    names = {outcome.job for outcome in jobs_run()}
    assert "scholarships.awards_expire" in names
    assert "scholarships.awards_sync" not in names
