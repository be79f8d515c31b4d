"""Continuing education counts only when tied to one of the program's competency sets. Renewals
made before keep the rule they were submitted under (their untied hours counted): they are
marked so, and new ones are not."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("renewals", "0005_requirement_kept")]

    operations = [
        migrations.AddField(
            model_name="renewal",
            name="untied_hours_count",
            field=models.BooleanField(default=True),
        ),
        migrations.AlterField(
            model_name="renewal",
            name="untied_hours_count",
            field=models.BooleanField(default=False),
        ),
    ]
