"""A renewal keeps the program's continuing-education requirement it was submitted under (a rule
change applies to new cases). Renewals still open take their program's requirement of today,
the one they have been judged by until now; closed ones are left empty."""

from django.db import migrations, models

OPEN = ("submitted", "in_audit", "more_evidence")


def keep_current_requirement(apps, schema_editor):
    Renewal = apps.get_model("renewals", "Renewal")
    rows = list(Renewal.objects.filter(status__in=OPEN).select_related("program"))
    for row in rows:
        row.hours_required = row.program.renewal_ce_hours
        row.technology_hours_required = row.program.renewal_technology_hours
    Renewal.objects.bulk_update(
        rows, ["hours_required", "technology_hours_required"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("renewals", "0004_case_assignment")]

    operations = [
        migrations.AddField(
            model_name="renewal",
            name="hours_required",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="renewal",
            name="technology_hours_required",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(keep_current_requirement, migrations.RunPython.noop),
    ]
