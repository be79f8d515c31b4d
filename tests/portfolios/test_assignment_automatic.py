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
