"""A provider's `updated_at`: when its own fields or status last changed (ADR 0009).

Until now a provider's "last changed" was its latest audit row, so the column starts from that
(else its registration): a staff page opened before the migration still decides."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce


def from_latest_audit_row(apps, schema_editor):
    Provider = apps.get_model("courses", "Provider")
    AuditEvent = apps.get_model("core", "AuditEvent")
    latest = AuditEvent.objects.filter(
        target_type="courses.provider", target_id=Cast(OuterRef("pk"), CharField())
    ).order_by("-created_at", "-id")
    Provider.objects.update(
        updated_at=Coalesce(Subquery(latest.values("created_at")[:1]), F("created_at"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_data_versions"),
        ("courses", "0011_provider_approval_stop"),
    ]

    operations = [
        migrations.AddField(
            model_name="provider",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(from_latest_audit_row, migrations.RunPython.noop),
    ]
