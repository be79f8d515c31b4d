"""One award per person in so many months is a sponsor's rule, across all its funds: funds of
one sponsor that said different numbers all take the longest of them (the strictest)."""

from django.db import migrations
from django.db.models import Max


def one_rule_per_sponsor(apps, schema_editor):
    Fund = apps.get_model("scholarships", "Fund")
    longest = Fund.objects.values("sponsor_id").annotate(months=Max("cooldown_months"))
    for row in longest:
        Fund.objects.filter(sponsor_id=row["sponsor_id"]).exclude(
            cooldown_months=row["months"]
        ).update(cooldown_months=row["months"])


class Migration(migrations.Migration):
    dependencies = [
        ("scholarships", "0005_committee_scoring"),
    ]

    operations = [
        migrations.RunPython(one_rule_per_sponsor, migrations.RunPython.noop),
    ]
