"""The scheduled jobs: awards brought up to date with payments; unused awards expire."""

from datetime import timedelta

from django.utils import timezone

from certify.core.money import Money
from certify.notifications.scheduler import jobs_run
from certify.payments.services import payment_record
from certify.scholarships.handlers import expire_awards, sync_awards
from certify.scholarships.models import Award, Fund
from certify.scholarships.services import application_award
from tests.factories import UserFactory
from tests.scholarships.conftest import apply


def test_awards_are_marked_paid_once_the_invoice_is_paid(
    enrollment_fund, member, committee, program
):
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    assert sync_awards(timezone.now()) == "0 scholarship award(s) brought up to date"
    staff = UserFactory(roles=["program_staff"])
    payment_record(
        invoice=award.invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
    )
    assert sync_awards(timezone.now()) == "1 scholarship award(s) brought up to date"
    assert Award.objects.get(pk=award.pk).status == "paid"
    fund = Fund.objects.get(pk=enrollment_fund.pk)
    assert (fund.committed_cents, fund.paid_cents) == (0, 20000)


def test_unused_awards_expire_once_even_when_the_job_runs_twice(
    enrollment_fund, member, committee, program
):
    long_ago = timezone.localdate() - timedelta(days=400)
    award = application_award(
        application=apply(enrollment_fund, member, on=long_ago), actor=committee, today=long_ago
    )
    today = timezone.localdate()
    assert expire_awards(today) == "1 unused scholarship award(s) expired"
    assert expire_awards(today) == "0 unused scholarship award(s) expired"
    assert Award.objects.get(pk=award.pk).status == "expired"
    assert Fund.objects.get(pk=enrollment_fund.pk).remaining_cents == 100_000


def test_the_jobs_are_registered_with_the_scheduler(db):
    names = {outcome.job for outcome in jobs_run()}
    assert {"scholarships.awards_sync", "scholarships.awards_expire"} <= names
