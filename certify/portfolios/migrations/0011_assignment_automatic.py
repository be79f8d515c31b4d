"""Whether the automatic assignment picked a reviewer, staff-pressed ones included: until now
only an empty `assigned_by` said so, and a pressed one looked like a hand assignment. Filled
from the audit entries (`review.assigned`): Certify's own (no actor, `auto`) and the presses
(staff, `auto`). An empty `assigned_by` alone does not say it: a deleted staff account empties
it on their hand assignments too, which stay hand ones ("By a former staff member").

On SQLite the column is added in place with its default (`ALTER TABLE … ADD COLUMN`), as
migration 0009 does: a rebuild of the table would break the data-version triggers that name it
(ADR 0071). The help texts change in the state only."""

from django.conf import settings
from django.db import migrations, models

COLUMN = "automatic"
ASSIGNED_BY_HELP = (
    "Who assigned it, or pressed the automatic assignment (`automatic`); empty when Certify "
    "assigned it at submission or after an appeal."
)


def _field() -> models.BooleanField:
    field = models.BooleanField(
        default=False,
        help_text="Picked by the automatic assignment: at submission, after an appeal, or "
        "pressed by staff (`assigned_by`).",
    )
    field.set_attributes_from_name(COLUMN)
    return field


def add_column(apps, schema_editor):
    ReviewAssignment = apps.get_model("portfolios", "ReviewAssignment")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'ALTER TABLE "portfolios_reviewassignment" ADD COLUMN "{COLUMN}" bool '
            "NOT NULL DEFAULT 0"
        )
    else:
        schema_editor.add_field(ReviewAssignment, _field())


def remove_column(apps, schema_editor):
    ReviewAssignment = apps.get_model("portfolios", "ReviewAssignment")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'ALTER TABLE "portfolios_reviewassignment" DROP COLUMN "{COLUMN}"')
    else:
        schema_editor.remove_field(ReviewAssignment, _field())


def _nearest(entries: list[tuple], moment):
    """The audit entry written with the assignment: the one nearest its `assigned_at` (the same
    transaction), among those of its version and reviewer."""
    return min(entries, key=lambda entry: abs(entry[0] - moment)) if entries else None


def fill(apps, schema_editor):
    """An empty `assigned_by` is automatic only when the audit trail says Certify assigned it
    (`review.assigned` with no actor): a hand assignment whose staff account is gone has an
    empty `assigned_by` too, and shows "By a former staff member". Pressed ones: their entry has
    the staff member and `auto`."""
    ReviewAssignment = apps.get_model("portfolios", "ReviewAssignment")
    AuditEvent = apps.get_model("core", "AuditEvent")
    entries: dict[tuple[int, int], list[tuple]] = {}
    trail = AuditEvent.objects.filter(
        verb="review.assigned", target_type="portfolios.submission"
    ).values_list("created_at", "target_id", "actor_id", "data")
    for created_at, submission_id, actor_id, data in trail.iterator():
        if isinstance(data, dict) and data.get("reviewer"):
            key = (int(submission_id), int(data["reviewer"]))
            entries.setdefault(key, []).append((created_at, actor_id, bool(data.get("auto"))))
    by_certify = []
    for pk, submission_id, reviewer_id, assigned_at in ReviewAssignment.objects.filter(
        assigned_by__isnull=True
    ).values_list("pk", "submission_id", "reviewer_id", "assigned_at"):
        entry = _nearest(entries.get((submission_id, reviewer_id), []), assigned_at)
        if entry is not None and entry[1] is None and entry[2]:
            by_certify.append(pk)
    ReviewAssignment.objects.filter(pk__in=by_certify).update(automatic=True)
    for (submission_id, reviewer_id), found in entries.items():
        for _, actor_id, auto in found:
            if auto and actor_id is not None:
                ReviewAssignment.objects.filter(
                    submission_id=submission_id, reviewer_id=reviewer_id, assigned_by_id=actor_id
                ).update(automatic=True)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_data_versions"),
        ("portfolios", "0010_plan_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField("reviewassignment", COLUMN, _field()),
                migrations.AlterField(
                    model_name="reviewassignment",
                    name="assigned_by",
                    field=models.ForeignKey(
                        blank=True,
                        help_text=ASSIGNED_BY_HELP,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, remove_column)],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
