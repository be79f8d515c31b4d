"""Blind review is no longer a setting (ADR 0026): every submission is reviewed without the
candidate's name, so its copy of the old setting (`blind`) goes.

On SQLite the column is dropped and added back in place (`ALTER TABLE … DROP/ADD COLUMN`), as
migrations 0009 and 0011 do: a rebuild of the table would break the data-version triggers that
name it (ADR 0071)."""

from django.db import migrations, models

COLUMN = "blind"


def _field() -> models.BooleanField:
    field = models.BooleanField(default=True, help_text="Reviewers do not see the name.")
    field.set_attributes_from_name(COLUMN)
    return field


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'ALTER TABLE "portfolios_submission" DROP COLUMN "{COLUMN}"')
    else:
        schema_editor.remove_field(apps.get_model("portfolios", "Submission"), _field())


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'ALTER TABLE "portfolios_submission" ADD COLUMN "{COLUMN}" bool NOT NULL DEFAULT 1'
        )
    else:
        schema_editor.add_field(apps.get_model("portfolios", "Submission"), _field())


class Migration(migrations.Migration):
    dependencies = [
        ("portfolios", "0011_assignment_automatic"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="submission", name="blind")],
            database_operations=[migrations.RunPython(drop_column, add_column, elidable=False)],
        ),
    ]
