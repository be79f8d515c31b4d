"""A GIN index for the catalogue's full-text search, on PostgreSQL only (SQLite has no GIN).

The indexed expression is exactly what `courses.selectors.catalogue` filters on:
`SearchVector("search_document", config="english")`.
"""

from django.db import migrations

INDEX = "courses_course_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON courses_course USING GIN "
        "(to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
