"""Triggers that give a person's data (or the data every person's pages share) a new version
whenever a row of it changes (ADR 0071, `certify/core/data_versions.py`)."""

from django.db import migrations

from certify.core.data_versions import track


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_data_versions"),
        ("progress", "0004_planned_set_carried_from"),
        ("applications", "0012_data_versions"),
    ]

    operations = [
        track(
            "progress_plannedset",
            person="SELECT candidate_id AS person FROM applications_application WHERE id = {row}.application_id",
        ),
    ]
