"""Candidate numbers get a stored, random part (ADR 0021). Applications numbered before keep
their old number: their part is the six-digit id the number was derived from."""

from django.db import migrations, models


def keep_old_numbers(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    rows = list(Application.objects.filter(number_key__isnull=True).only("pk"))
    for row in rows:
        row.number_key = f"{row.pk:06d}"
    Application.objects.bulk_update(rows, ["number_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("applications", "0005_supervisor_confirmation_requests")]

    operations = [
        migrations.AddField(
            model_name="application",
            name="number_key",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.RunPython(keep_old_numbers, migrations.RunPython.noop),
    ]
