"""Triggers that give a person's data (or the data every person's pages share) a new version
whenever a row of it changes (ADR 0071, `certify/core/data_versions.py`)."""

from django.db import migrations

from certify.core.data_versions import track


class Migration(migrations.Migration):
    dependencies = [("core", "0007_data_versions"), ("payments", "0006_refund_delivery")]

    operations = [
        track("payments_invoice", person="{row}.user_id"),
    ]
