"""The mend after `migrate` (ADR 0009): a provider revoked before a revocation ended its courses
under first review gets today's consequences: each such course revoked by the staff member who
revoked the provider, its unpaid fee voided, a paid part refunded, one notice. Run by Django's
`migrate` command (its `post_migrate`); run again, it does nothing."""

import pytest
from django.core import mail
from django.core.management import call_command

from certify.accounts.models import Role
from certify.core.workflow import transition
from certify.courses.models import Course, Provider
from certify.courses.services.revocation_mend import first_reviews_of_revoked_providers_end
from certify.notifications.models import Notification
from certify.payments.models import CreditNote, Invoice, Refund
from tests.courses.test_course_fee_holds import _first
from tests.courses.test_renewal_fees import REASON, _fee, _pay
from tests.factories import CourseFactory, ProviderFactory, UserFactory

# Plain `db` tests: the mend runs in the test's transaction; what it does after commit (the
# notice, the refund's work) runs where it is captured (`execute=True`), as a commit would run it.
pytestmark = pytest.mark.django_db


def _revoked_the_old_way(provider, staff):
    """The provider's revocation as it was before 2026-12-06: its own move only (the audit row
    names who and why), its courses under first review left as they were."""
    provider = Provider.objects.get(pk=provider.pk)
    transition(provider, "revoke", actor=staff, reason=REASON)


def test_migrate_ends_a_revoked_providers_first_reviews_and_tells_it_once(
    provider, provider_user, ct, staff, capsys, django_capture_on_commit_callbacks
):
    waiting = _first(provider, provider_user, ct)
    returned = _first(provider, provider_user, ct, title="Reference Work")
    _pay(_fee(returned), staff, cents=4000)
    returned.refresh_from_db()
    transition(returned, "return_for_changes", actor=staff, reason="Add the reading list.")
    draft = CourseFactory(provider=provider, competency_set=ct, title="A draft")
    _revoked_the_old_way(provider, staff)
    approved = ProviderFactory(
        name="Still Approved College", staff=[UserFactory(roles=[Role.PROVIDER])]
    )
    untouched = _first(approved, approved.members.get(), ct, title="Kept")
    mail.outbox.clear()
    capsys.readouterr()

    with django_capture_on_commit_callbacks(execute=True) as after_commit:
        call_command("migrate", verbosity=1)  # nothing to apply: the mend runs after it
    assert after_commit  # the notice and the refund's work, as after a real commit

    said = capsys.readouterr().out
    assert "Revoked with Northside Community College" in said
    assert "Story Time" in said
    assert "Reference Work" in said

    for course in (waiting, returned):
        course = Course.objects.get(pk=course.pk)
        assert course.status == Course.Status.REVOKED
        row = course.transitions.latest("id")
        assert (row.to_status, row.actor, row.reason) == ("revoked", staff, REASON)
    assert Course.objects.get(pk=draft.pk).status == Course.Status.DRAFT  # no fee, no review
    assert _fee(waiting).status == Invoice.Status.VOID
    assert CreditNote.objects.filter(invoice=_fee(waiting)).exists()
    fee = _fee(returned)
    assert (fee.status, fee.net_paid_cents) == (Invoice.Status.VOID, 0)
    refund = Refund.objects.get(invoice=fee)
    assert (refund.recorded_by, refund.amount_cents) == (staff, 4000)
    # One e-mail to the provider's person: the notice, no refund receipt besides it.
    (sent,) = [m for m in mail.outbox if m.to == [provider_user.email]]
    assert sent.subject.endswith("Courses under review revoked with Northside Community College")
    body = " ".join(sent.body.split())
    assert "The courses below were then waiting for their first approval" in body
    assert "Story Time was waiting for its first approval: it will not be evaluated" in body
    assert f"Invoice {_fee(waiting).code} is void (a credit note cancels what was owed)." in body
    assert "the $40.00 paid on it is refunded the way it was paid" in body
    assert f"Their reason: {REASON}" in body
    # Another provider's course under review is not touched.
    assert Course.objects.get(pk=untouched.pk).status == Course.Status.SUBMITTED
    assert _fee(untouched).status == Invoice.Status.OPEN

    # Run again, it finds nothing: no second notice.
    notices = Notification.objects.count()
    again = first_reviews_of_revoked_providers_end()
    assert (again.ended, again.left) == ({}, {})
    assert Notification.objects.count() == notices


def test_a_revoker_who_cannot_make_the_move_now_leaves_the_provider_for_staff(
    provider, provider_user, ct, staff
):
    """The course was written by the staff member who revoked the provider: the course workflow
    refuses them its move (nobody decides their own case), so nothing of that provider changes
    and the mend says why."""
    waiting = _first(provider, provider_user, ct)
    Course.objects.filter(pk=waiting.pk).update(created_by=staff)
    _revoked_the_old_way(provider, staff)
    mended = first_reviews_of_revoked_providers_end()
    ((name, why),) = mended.left.items()
    assert name == f"Northside Community College (provider {provider.pk})"
    assert why == "You cannot decide your own case: ask another staff member."
    assert Course.objects.get(pk=waiting.pk).status == Course.Status.SUBMITTED
    assert _fee(waiting).status == Invoice.Status.OPEN


def test_a_flush_or_an_older_target_does_not_run_the_mend(
    provider, provider_user, ct, staff, monkeypatch
):
    """`flush` sends `post_migrate` without a plan, and a `migrate` to an older migration leaves
    tables today's models would not find: neither runs the mend."""
    from certify.courses.services import revocation_mend

    waiting = _first(provider, provider_user, ct)
    _revoked_the_old_way(provider, staff)
    revocation_mend.after_migrate(None, plan=None)
    assert Course.objects.get(pk=waiting.pk).status == Course.Status.SUBMITTED
    assert revocation_mend._at_newest_migrations("default")
    monkeypatch.setattr(revocation_mend, "_at_newest_migrations", lambda using: False)
    revocation_mend.after_migrate(None, plan=[])
    assert Course.objects.get(pk=waiting.pk).status == Course.Status.SUBMITTED
    monkeypatch.undo()
    revocation_mend.after_migrate(None, plan=[], verbosity=0)
    assert Course.objects.get(pk=waiting.pk).status == Course.Status.REVOKED
