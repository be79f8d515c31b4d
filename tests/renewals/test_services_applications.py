"""Renewal applications: submitted with their fee, paid, audited, decided, the new certificate,
and reinstatement of a lapsed certificate."""

from datetime import UTC, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certify.certificates.dates import valid_until
from certify.certificates.models import Certificate
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.money import Money
from certify.payments.models import Invoice
from certify.programs.days import program_today
from certify.renewals import selectors
from certify.renewals.lifecycle import Phase, add_months
from certify.renewals.models import Renewal
from certify.renewals.services import (
    audit_roll,
    ce_activity_delete,
    ce_activity_update,
    certificate_reinstate_lapsed,
    renewal_decide,
    renewal_resubmit,
    renewal_submit,
    renewal_sync,
)
from tests.clock import clock_at
from tests.renewals.conftest import certificate_per_module, holder_with_certificate, log
from tests.renewals.steps import PDF, pay

# The certificate is built once for this module's tests, which change it only in the database
# (each test's savepoint is rolled back): tests/shared.py.
program, today, certificate = certificate_per_module()


def test_renewal_needs_the_window(program, today):
    early = holder_with_certificate(program, issued_on=today - timedelta(days=30))
    log(early.holder, program=program, on=today)
    with pytest.raises(DomainError, match="Renewal opens on"):
        renewal_submit(certificate=early, actor=early.holder, today=today)


def test_renewal_needs_the_requirement(certificate, today):
    log(certificate.holder, program=certificate.program, hours="28", technology="3", on=today)
    with pytest.raises(DomainError, match="1 more on Technology"):
        renewal_submit(certificate=certificate, actor=certificate.holder, today=today)


def test_only_the_holder_applies(certificate, today, candidate):
    with pytest.raises(DomainError, match="Only the holder"):
        renewal_submit(certificate=certificate, actor=candidate, today=today)


def test_the_full_renewal_pays_and_replaces_the_old_certificate(
    certificate, today, staff_user, client
):
    """Log 32 hours (4 on technology), apply, pay: a new certificate replaces the old one."""
    holder = certificate.holder
    log(holder, program=certificate.program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=holder, today=today)
    assert renewal.status == Renewal.Status.SUBMITTED
    assert (renewal.hours_total, renewal.hours_technology) == (Decimal("32"), Decimal("4"))
    assert renewal.invoice.kind == Invoice.Kind.RENEWAL
    assert renewal.invoice.total == Money(15000)
    assert renewal.activities.count() == 2
    with pytest.raises(DomainError, match="already applied"):
        renewal_submit(certificate=certificate, actor=holder, today=today)
    with pytest.raises(DomainError, match="can no longer change"):
        ce_activity_delete(activity=renewal.activities.first(), actor=holder)
    assert renewal_sync(renewal=renewal).status == Renewal.Status.SUBMITTED  # not paid yet

    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.APPROVED
    new = renewal.new_certificate
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REPLACED
    assert certificate.replaced_by == new
    assert new.status == Certificate.Status.VALID
    assert new.number != certificate.number
    assert new.issued_on == today
    assert new.expires_on == add_months(certificate.expires_on, 12 * 5)  # no time lost
    assert new.credential["validUntil"] == valid_until(new.expires_on).astimezone(UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert renewal_sync(renewal=renewal).new_certificate == new  # exactly once
    assert Certificate.objects.filter(holder=holder).count() == 2
    assert selectors.certificate_current_for(holder=holder) == new

    page = client.get(f"/verify/{certificate.number}/")
    assert f"Replaced by {new.number}" in page.text
    assert f"/verify/{new.number}/" in page.text
    data = client.get(f"/api/v1/certificates/{certificate.number}").json()
    assert (data["status"], data["replaced_by"]) == ("replaced", new.number)
    assert AuditEvent.objects.filter(verb="renewal.approved").exists()


def test_renewing_in_grace_keeps_the_cycle(program, today, staff_user):
    late = holder_with_certificate(
        program,
        issued_on=add_months(today - timedelta(days=10), -12 * program.certificate_validity_years),
    )
    assert selectors.certificate_lifecycle(certificate=late, today=today).phase == Phase.GRACE
    log(late.holder, program=program, on=today)
    renewal = renewal_submit(certificate=late, actor=late.holder, today=today)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    assert renewal.new_certificate.expires_on == add_months(late.expires_on, 60)


def test_a_scholarship_credit_that_covers_the_fee_renews_at_once(certificate, today, monkeypatch):
    from certify.payments.api import invoice_add_credit

    def credit(*, user):
        invoice = Invoice.objects.get(user=user, kind=Invoice.Kind.RENEWAL)
        invoice_add_credit(
            invoice=invoice,
            amount=Money(15000),
            description="SSD award",
            source="award:1",
            actor=None,
        )
        return 1

    monkeypatch.setattr("certify.renewals.services.applications.renewal_awards_credit", credit)
    log(certificate.holder, program=certificate.program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    assert renewal.status == Renewal.Status.APPROVED
    assert renewal.new_certificate is not None


def test_the_audit_draw_is_stored_and_reproducible(certificate, today):
    certificate.program.renewal_audit_percent = 100
    certificate.program.save()
    log(certificate.holder, program=certificate.program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, seed="abc")
    assert renewal.audited
    assert renewal.audit_percent == 100
    assert renewal.audit_roll == audit_roll(seed="abc", certificate_number=certificate.number)
    assert audit_roll(seed="abc", certificate_number="X") == audit_roll(
        seed="abc", certificate_number="X"
    )


def test_no_renewal_is_drawn_at_zero_percent(certificate, today):
    log(certificate.holder, program=certificate.program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    assert not renewal.audited


def test_an_audited_renewal_waits_for_staff(certificate, today, staff_user):
    program = certificate.program
    program.renewal_audit_percent = 100
    program.save()
    holder = certificate.holder
    log(holder, program=program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=holder, today=today)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT
    assert renewal.new_certificate is None
    with pytest.raises(DomainError, match="only program staff other than the holder"):
        renewal_decide(renewal=renewal, actor=holder, action="approve")
    with pytest.raises(DomainError, match="Give a reason") as refused:
        renewal_decide(renewal=renewal, actor=staff_user, action="more_evidence", reason=" ")
    assert refused.value.field == "reason"
    renewal = renewal_decide(
        renewal=renewal,
        actor=staff_user,
        action="more_evidence",
        reason="Attach the certificate of attendance for the workshop.",
    )
    assert renewal.status == Renewal.Status.MORE_EVIDENCE
    activity = renewal.activities.get(title="Customer service workshop")
    ce_activity_update(
        activity=activity,
        actor=holder,
        title=activity.title,
        provider=activity.provider,
        completed_on=activity.completed_on,
        format="hours",
        amount="28",
        set_ids=[s.pk for s in activity.competency_sets.all()],
        evidence=SimpleUploadedFile("attendance.pdf", PDF),
        today=today,
    )
    renewal = renewal_resubmit(renewal=renewal, actor=holder, today=today)
    assert renewal.status == Renewal.Status.IN_AUDIT
    renewal = renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    assert renewal.status == Renewal.Status.APPROVED
    assert renewal.new_certificate.status == "valid"
    assert renewal.decided_by == staff_user
    with pytest.raises(DomainError, match="cannot become"):
        renewal_decide(renewal=renewal, actor=staff_user, action="refuse", reason="No")


def test_a_renewal_in_audit_keeps_the_hours_it_was_submitted_under(
    certificate, today, staff_user, client
):
    """A rule change applies to new cases: staff raising the continuing-education hours while
    a renewal waits for more evidence does not move its requirement; a new renewal would."""
    program = certificate.program
    program.renewal_audit_percent = 100
    program.save()
    holder = certificate.holder
    log(holder, program=program, on=today)  # 28 + 4 = 32 hours, 4 on technology
    renewal = renewal_submit(certificate=certificate, actor=holder, today=today)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    renewal = renewal_decide(
        renewal=renewal, actor=staff_user, action="more_evidence", reason="Attach the evidence."
    )
    program.renewal_ce_hours, program.renewal_technology_hours = 40, 8
    program.save(update_fields=["renewal_ce_hours", "renewal_technology_hours"])
    renewal = renewal_resubmit(
        renewal=Renewal.objects.get(pk=renewal.pk), actor=holder, today=today
    )
    assert renewal.status == Renewal.Status.IN_AUDIT
    client.force_login(holder)
    status = client.get("/api/v1/renewals/status").json()
    assert Decimal(status["progress"]["required_hours"]) == 32  # as the renewal was submitted


def test_staff_may_refuse_with_a_reason(certificate, today, staff_user):
    certificate.program.renewal_audit_percent = 100
    certificate.program.save()
    log(certificate.holder, program=certificate.program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    pay(renewal, staff_user)
    renewal = renewal_decide(
        renewal=renewal_sync(renewal=renewal),
        actor=staff_user,
        action="refuse",
        reason="The activities are not continuing education.",
    )
    assert renewal.status == Renewal.Status.REFUSED
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert renewal.holder.notifications.filter(event="renewal.decided").exists()


def test_a_lapsed_certificate_is_reinstated_by_staff_with_a_reason(program, today, staff_user):
    expired = add_months(today, -program.renewal_grace_months) - timedelta(days=1)
    lapsed = holder_with_certificate(
        program, issued_on=add_months(expired, -12 * program.certificate_validity_years)
    )
    assert selectors.certificate_lifecycle(certificate=lapsed, today=today).phase == Phase.LAPSED
    assert list(selectors.certificates_lapsed(today=today)) == [lapsed]
    log(lapsed.holder, program=program, on=today - timedelta(days=90))
    with pytest.raises(DomainError, match="it can no longer be renewed without program staff"):
        renewal_submit(certificate=lapsed, actor=lapsed.holder, today=today)
    with pytest.raises(DomainError, match="Give a reason"):
        certificate_reinstate_lapsed(
            certificate=lapsed, actor=staff_user, reason="", renew_by=today + timedelta(days=30)
        )
    with pytest.raises(DomainError, match="after today"):
        certificate_reinstate_lapsed(
            certificate=lapsed, actor=staff_user, reason="Illness", renew_by=today
        )
    with pytest.raises(DomainError, match="Only program staff"):
        certificate_reinstate_lapsed(
            certificate=lapsed, actor=lapsed.holder, reason="x", renew_by=today + timedelta(30)
        )
    certificate_reinstate_lapsed(
        certificate=lapsed,
        actor=staff_user,
        reason="Hospital stay during the grace period.",
        renew_by=today + timedelta(days=30),
    )
    cycle = selectors.certificate_lifecycle(certificate=lapsed, today=today)
    assert (cycle.phase, cycle.grace_ends_on) == (Phase.GRACE, today + timedelta(days=30))
    assert list(selectors.certificates_lapsed(today=today)) == []
    assert AuditEvent.objects.filter(
        verb="certificate.reinstated_for_renewal", reason__startswith="Hospital"
    ).exists()
    assert lapsed.holder.notifications.filter(event="renewal.reinstated").exists()
    renewal = renewal_submit(certificate=lapsed, actor=lapsed.holder, today=today)
    assert renewal.status == Renewal.Status.SUBMITTED
    with pytest.raises(DomainError, match="Only a lapsed certificate"):
        certificate_reinstate_lapsed(
            certificate=lapsed, actor=staff_user, reason="x", renew_by=today + timedelta(9)
        )


@pytest.mark.parametrize(
    "when",
    [
        pytest.param("today"),
        # The last day of a month: 2 months before 31 January is 30 November, and a certificate
        # expiring the day before that (29 November) had its grace end on 29 January, not 30.
        pytest.param("31 January", marks=clock_at("2027-01-31T23:30:00-06:00")),
    ],
)
def test_a_day_past_the_grace_period_is_lapsed(program, when):
    today = program_today(program)
    grace = program.renewal_grace_months
    # The latest expiry whose grace ended yesterday (at a month's end, months are not all as
    # long: the day before "today less the grace months" can end its grace two days ago).
    expired = add_months(today, -grace) - timedelta(days=1)
    while add_months(expired + timedelta(days=1), grace) < today:
        expired += timedelta(days=1)
    lapsed = holder_with_certificate(
        program, issued_on=add_months(expired, -12 * program.certificate_validity_years)
    )
    assert lapsed.expires_on == expired
    from certify.renewals.api import certificate_phase, certificates_lapsed

    assert certificate_phase(certificate=lapsed).phase == Phase.LAPSED
    assert lapsed in certificates_lapsed(program=program)
    assert certificate_phase(certificate=lapsed, today=today - timedelta(days=1)).phase == (
        Phase.GRACE
    )


def test_renewals_approved_for_reports(certificate, today, staff_user):
    from certify.renewals.api import renewals_approved

    log(certificate.holder, program=certificate.program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    assert list(renewals_approved()) == []
    pay(renewal, staff_user)
    renewal_sync(renewal=renewal)
    assert [r.pk for r in renewals_approved(program=certificate.program, since=today)] == [
        renewal.pk
    ]
