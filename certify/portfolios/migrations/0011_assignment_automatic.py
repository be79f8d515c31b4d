"""Whether the automatic assignment picked a reviewer, staff-pressed ones included: until now
only an empty `assigned_by` said so, and a pressed one looked like a hand assignment. Filled
from that, and from the audit entries of the presses (`review.assigned` with `auto`).

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


def fill(apps, schema_editor):
    ReviewAssignment = apps.get_model("portfolios", "ReviewAssignment")
    AuditEvent = apps.get_model("core", "AuditEvent")
    ReviewAssignment.objects.filter(assigned_by__isnull=True).update(automatic=True)
    pressed = AuditEvent.objects.filter(
        verb="review.assigned", target_type="portfolios.submission", actor__isnull=False
    ).values_list("target_id", "actor_id", "data")
    for submission_id, actor_id, data in pressed.iterator():
        if data.get("auto") and data.get("reviewer"):
            ReviewAssignment.objects.filter(
                submission_id=int(submission_id),
                reviewer_id=data["reviewer"],
                assigned_by_id=actor_id,
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
