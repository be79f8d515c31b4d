from django.db import migrations
from django.utils import timezone


def version_one(apps, schema_editor):
    """Every program gets a published version 1 holding the sets it has today (ADR 0056).

    Version 1 keeps the program's CASE identifier, so the framework's CFDocument keeps its
    identity. Written with the ORM only, so it runs the same on SQLite and PostgreSQL.
    """
    Program = apps.get_model("programs", "Program")
    FrameworkVersion = apps.get_model("programs", "FrameworkVersion")
    CompetencySet = apps.get_model("programs", "CompetencySet")
    for program in Program.objects.all():
        if FrameworkVersion.objects.filter(program=program).exists():
            continue
        version = FrameworkVersion.objects.create(
            program=program,
            number=1,
            status="published",
            published_at=program.updated_at or timezone.now(),
            case_identifier=program.case_identifier,
        )
        CompetencySet.objects.filter(program=program).update(framework_version=version)


def sets_back(apps, schema_editor):
    apps.get_model("programs", "CompetencySet").objects.update(framework_version=None)
    apps.get_model("programs", "FrameworkVersion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0009_framework_versions"),
    ]

    operations = [
        migrations.RunPython(version_one, sets_back),
    ]
