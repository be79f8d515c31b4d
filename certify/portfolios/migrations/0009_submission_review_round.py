"""A submission's review round is kept on the row (it was read off its assignments, and an
appeal sent back with no reviewer found yet left the old round current).

On SQLite the column is added in place with its default (`ALTER TABLE … ADD COLUMN`): Django
would rebuild the table to add a NOT NULL column, and the rebuild breaks the data-version
triggers of the tables whose triggers name this one (ADR 0071)."""

from django.db import migrations, models
from django.db.models import Q

COLUMN = "review_round"


def _field() -> models.PositiveSmallIntegerField:
    field = models.PositiveSmallIntegerField(
        default=1,
        help_text="Goes up when an appeal sends the verdict back: new reviewers, a new round.",
    )
    field.set_attributes_from_name(COLUMN)
    return field


def add_column(apps, schema_editor):
    Submission = apps.get_model("portfolios", "Submission")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'ALTER TABLE "portfolios_submission" ADD COLUMN "{COLUMN}" smallint unsigned '
            f'NOT NULL DEFAULT 1 CHECK ("{COLUMN}" >= 0)'
        )
    else:
        schema_editor.add_field(Submission, _field())


def remove_column(apps, schema_editor):
    Submission = apps.get_model("portfolios", "Submission")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'ALTER TABLE "portfolios_submission" DROP COLUMN "{COLUMN}"')
    else:
        schema_editor.remove_field(Submission, _field())


def rounds_from_assignments(apps, schema_editor):
    """The latest round of a submission's assignments; one more where that round's two reviews
    are both in and no verdict stands: an appeal sent it back and nobody was found for it."""
    Submission = apps.get_model("portfolios", "Submission")
    maybe = Submission.objects.filter(Q(outcome="") | Q(assignments__round__gt=1)).distinct()
    for submission in maybe.prefetch_related("assignments"):
        kept = [a for a in submission.assignments.all() if a.status != "withdrawn"]
        latest = max((a.round for a in kept), default=1)
        done = [a for a in kept if a.round == latest and a.status == "completed"]
        if not submission.outcome and len(done) >= 2:
            latest += 1
        if latest != 1:
            Submission.objects.filter(pk=submission.pk).update(review_round=latest)


class Migration(migrations.Migration):
    dependencies = [
        ("portfolios", "0008_data_versions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField("submission", COLUMN, _field())],
            database_operations=[migrations.RunPython(add_column, remove_column)],
        ),
        migrations.RunPython(rounds_from_assignments, migrations.RunPython.noop),
    ]
