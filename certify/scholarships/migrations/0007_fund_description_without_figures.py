"""The SSD enrollment fund's seed description wrote out its own figures (USD 1,000, five awards
of USD 200), which the fund's page and the program's costs page show from the fund's fields: a
sponsor who changed the amounts left the description saying the old ones. Only the seed's exact
text is replaced; a description the sponsor rewrote stays theirs."""

from django.db import migrations

BEFORE = (
    "An anonymous donor gave SSD USD 1,000 to help five SSD members enroll in the LSSCP: five "
    "awards of USD 200 toward the enrollment fee."
)
NOW = (
    "An anonymous donor's gift to SSD, to help SSD members enroll in the LSSCP: awards toward "
    "the enrollment fee."
)


def _swap(apps, old: str, new: str) -> None:
    Fund = apps.get_model("scholarships", "Fund")
    Fund.objects.filter(slug="ssd-lsscp-enrollment", description=old).update(description=new)


def forward(apps, schema_editor):
    _swap(apps, BEFORE, NOW)


def backward(apps, schema_editor):
    _swap(apps, NOW, BEFORE)


class Migration(migrations.Migration):
    dependencies = [
        ("scholarships", "0006_one_cooldown_per_sponsor"),
    ]

    operations = [migrations.RunPython(forward, backward)]
