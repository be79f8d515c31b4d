import django.db.models.deletion
from django.db import migrations, models


# A separate migration from the data it follows: PostgreSQL refuses to change a constraint in the
# transaction that wrote the rows it checks ("pending trigger events").
class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0010_framework_versions_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="competencyset",
            name="framework_version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="competency_sets",
                to="programs.frameworkversion",
            ),
        ),
    ]
