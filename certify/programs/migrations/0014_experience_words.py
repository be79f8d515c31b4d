"""What experience a program counts, in its words: where candidates work, the field of the work,
the kinds of workplace offered and a phrase of what counts (programs/experience.py).

On SQLite the columns are added in place with their defaults (`ALTER TABLE … ADD COLUMN`):
Django would rebuild the table to add a NOT NULL column, and the rebuild breaks the data-version
triggers of the tables whose triggers name this one (ADR 0071). The programs already there spoke
of libraries until now and keep those words (LSSCP's); a new program starts with none of them."""

from django.db import migrations, models

LIBRARY_WORDS = {
    "workplace_noun": "library",
    "experience_field": "library",
    "workplace_kinds": ["Public", "Academic", "School", "Special", "Tribal", "Other"],
    "experience_counts": "paid or unpaid, in any type of library",
}


def _fields() -> dict[str, models.Field]:
    fields: dict[str, models.Field] = {
        "workplace_noun": models.CharField(max_length=40, default="organization"),
        "experience_field": models.CharField(max_length=60, blank=True),
        "workplace_kinds": models.JSONField(default=list, blank=True),
        "experience_counts": models.CharField(max_length=200, blank=True),
    }
    for name, field in fields.items():
        field.set_attributes_from_name(name)
    return fields


SQLITE_COLUMNS = {
    "workplace_noun": "varchar(40) NOT NULL DEFAULT 'organization'",
    "experience_field": "varchar(60) NOT NULL DEFAULT ''",
    "workplace_kinds": "text NOT NULL DEFAULT '[]' CHECK "
    '((JSON_VALID("workplace_kinds") OR "workplace_kinds" IS NULL))',
    "experience_counts": "varchar(200) NOT NULL DEFAULT ''",
}


def add_columns(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    for name, field in _fields().items():
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(
                f'ALTER TABLE "programs_program" ADD COLUMN "{name}" {SQLITE_COLUMNS[name]}'
            )
        else:
            schema_editor.add_field(Program, field)


def remove_columns(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    for name, field in _fields().items():
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f'ALTER TABLE "programs_program" DROP COLUMN "{name}"')
        else:
            schema_editor.remove_field(Program, field)


def library_words(apps, schema_editor):
    apps.get_model("programs", "Program").objects.update(**LIBRARY_WORDS)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0013_data_versions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField("program", name, field) for name, field in _fields().items()
            ],
            database_operations=[migrations.RunPython(add_columns, remove_columns)],
        ),
        migrations.RunPython(library_words, migrations.RunPython.noop),
    ]
