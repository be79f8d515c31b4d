"""Migration 0011 fills `ReviewAssignment.automatic`: the ones Certify assigned (no
`assigned_by`) and the ones staff pressed (their `review.assigned` audit entry says `auto`); a
hand assignment stays as it was."""

import importlib

from django.apps import apps

from certify.core.services import audit_record
from certify.portfolios.models import ReviewAssignment
from tests.portfolios.conftest import make_reviewer
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)

fill = importlib.import_module("certify.portfolios.migrations.0011_assignment_automatic").fill


def test_the_migration_marks_the_automatic_and_the_pressed_ones(submitted, staff):  # noqa: F811
    first, second = submitted.assignments.order_by("pk")
    by_hand = make_reviewer("Hal Hand")
    ReviewAssignment.objects.filter(pk=second.pk).update(assigned_by=staff)
    audit_record(
        actor=staff,
        verb="review.assigned",
        target=submitted,
        data={"reviewer": second.reviewer_id, "auto": True},
    )
    hand = ReviewAssignment.objects.create(
        submission=submitted, reviewer=by_hand, assigned_by=staff, due_on=first.due_on
    )
    audit_record(
        actor=staff,
        verb="review.assigned",
        target=submitted,
        data={"reviewer": by_hand.pk, "auto": False},
    )
    ReviewAssignment.objects.update(automatic=False)  # as before the column
    fill(apps, None)
    marked = dict(submitted.assignments.values_list("pk", "automatic"))
    assert marked == {first.pk: True, second.pk: True, hand.pk: False}
    second.refresh_from_db()
    assert second.assigned_how == f"Automatic (pressed by {staff.full_name})"


def test_a_hand_assignment_whose_staff_account_is_gone_is_not_called_automatic(
    submitted,  # noqa: F811
    staff,
):
    """Deleting a staff account empties `assigned_by` on their hand assignments: the audit trail
    (the hand entry, nearest the assignment) keeps it a hand one, "By a former staff member";
    one with no entry at all is not called automatic either. Certify's own stay automatic."""
    first, second = submitted.assignments.order_by("pk")
    hand, untraced = make_reviewer("Hal Hand"), make_reviewer("Una Untraced")
    by_gone_staff = ReviewAssignment.objects.create(
        submission=submitted, reviewer=hand, due_on=first.due_on
    )
    audit_record(actor=staff, verb="review.assigned", target=submitted, data={"reviewer": hand.pk})
    no_trail = ReviewAssignment.objects.create(
        submission=submitted, reviewer=untraced, due_on=first.due_on
    )
    ReviewAssignment.objects.update(automatic=False)  # as before the column
    fill(apps, None)
    marked = dict(submitted.assignments.values_list("pk", "automatic"))
    assert marked == {first.pk: True, second.pk: True, by_gone_staff.pk: False, no_trail.pk: False}
    by_gone_staff.refresh_from_db()
    assert by_gone_staff.assigned_how == "By a former staff member"
    first.refresh_from_db()
    assert first.assigned_how == "Automatic"


def test_the_entry_nearest_the_assignment_decides(submitted):  # noqa: F811
    """A reviewer Certify assigned, withdrawn, then given the version again by hand with no
    staff member left on it: each assignment reads the entry written with it."""
    from certify.core.models import AuditEvent

    first = submitted.assignments.order_by("pk").first()
    ReviewAssignment.objects.filter(pk=first.pk).update(status="withdrawn")
    # a hand entry (not `auto`), written with the second assignment (the trail is append-only:
    # the assignments take their entries' moments)
    entry = AuditEvent.objects.create(
        verb="review.assigned",
        target_type="portfolios.submission",
        target_id=str(submitted.pk),
        data={"reviewer": first.reviewer_id, "auto": False},
    )
    again = ReviewAssignment.objects.create(
        submission=submitted, reviewer=first.reviewer, due_on=first.due_on
    )
    ReviewAssignment.objects.filter(pk=again.pk).update(assigned_at=entry.created_at)
    certify_entry = AuditEvent.objects.filter(
        verb="review.assigned", target_id=str(submitted.pk), actor__isnull=True
    ).exclude(pk=entry.pk)
    moment = certify_entry.get(data__reviewer=first.reviewer_id).created_at
    assert moment != entry.created_at
    ReviewAssignment.objects.filter(pk=first.pk).update(assigned_at=moment)
    ReviewAssignment.objects.update(automatic=False)
    fill(apps, None)
    assert ReviewAssignment.objects.get(pk=first.pk).automatic is True
    assert ReviewAssignment.objects.get(pk=again.pk).automatic is False
