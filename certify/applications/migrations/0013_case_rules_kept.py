"""An application keeps the program's case rules it was first submitted under (a rule change
applies to new cases). Applications submitted before get the rules their program has now, which
are the ones that judged them until now; drafts get theirs when they are submitted. The column
may be null, so SQLite adds it in place and the table keeps its data-version triggers."""

from django.db import migrations, models

# As `certify.applications.models.CASE_RULES` is today (a migration does not import app code).
CASE_RULES = (
    "experience_hours_required",
    "experience_window_years",
    "electives_required",
    "completion_limit_years",
    "portfolio_met_percent",
    "portfolio_resubmissions",
)


def keep_current_rules(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    rows = list(
        Application.objects.filter(submitted_at__isnull=False)
        .select_related("program")
        .only("pk", "rules", *(f"program__{name}" for name in CASE_RULES))
    )
    for row in rows:
        row.rules = {name: getattr(row.program, name) for name in CASE_RULES}
    Application.objects.bulk_update(rows, ["rules"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("applications", "0012_data_versions")]

    operations = [
        migrations.AddField(
            model_name="application",
            name="rules",
            field=models.JSONField(
                blank=True,
                null=True,
                help_text="The program's case rules (CASE_RULES) as they were at the first "
                "submission.",
            ),
        ),
        migrations.RunPython(keep_current_rules, migrations.RunPython.noop),
    ]
