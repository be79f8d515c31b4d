import secrets

from django.db import migrations, models

import certify.certificates.models


def close_or_key(apps, schema_editor):
    """Each list gets its own shuffle key; a list that already holds entries (placed at random
    before ADR 0061) is full for new ones, so the next credential starts a new series."""
    StatusList = apps.get_model("certificates", "StatusList")
    Certificate = apps.get_model("certificates", "Certificate")
    SetCredential = apps.get_model("certificates", "SetCredential")
    used = set(Certificate.objects.values_list("status_list_series", flat=True).distinct())
    used |= set(SetCredential.objects.values_list("status_list_series", flat=True).distinct())
    for status_list in StatusList.objects.all():
        status_list.shuffle_key = secrets.token_hex(32)
        status_list.allocated = status_list.length if status_list.series in used else 0
        status_list.save(update_fields=["shuffle_key", "allocated"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0010_certificate_status_expiry"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuslist",
            name="allocated",
            field=models.PositiveIntegerField(
                default=0, help_text="How many of its indexes were handed out (ADR 0061)."
            ),
        ),
        migrations.AddField(
            model_name="statuslist",
            name="shuffle_key",
            field=models.CharField(
                default=certify.certificates.models._shuffle_key,
                help_text="The secret that shuffles the order its indexes are handed out in (hex).",
                max_length=64,
            ),
        ),
        migrations.RunPython(close_or_key, migrations.RunPython.noop),
    ]
