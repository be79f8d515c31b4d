import certify.core.codes
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("applications", "0006_candidate_number_key")]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="number_key",
            field=models.CharField(
                default=certify.core.codes.code_new,
                editable=False,
                help_text=(
                    "The candidate number's own part (LSSCP-C-<this>): random for new "
                    "applications, the old six-digit id for those numbered before (ADR 0021)."
                ),
                max_length=16,
                unique=True,
            ),
        ),
    ]
