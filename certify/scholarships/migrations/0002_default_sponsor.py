from django.db import migrations
from django.utils import timezone

# A frozen copy of certify/scholarships/defaults.py at the time of this migration.
SPONSOR = {
    "slug": "ssd",
    "name": "OLA Support Staff Division",
    "joining_note": "joining SSD is free",
    "description": "The Support Staff Division (SSD) of the OLA runs scholarships for library "
    "support staff. Only SSD members are eligible; SSD membership is free.",
}
FUNDS = (
    {
        "slug": "ssd-lsscp-enrollment",
        "name": "SSD LSSCP Enrollment Scholarship",
        "description": "An anonymous donor gave SSD USD 1,000 to help five SSD members enroll "
        "in the LSSCP: five awards of USD 200 toward the enrollment fee.",
        "pays_enrollment": True,
        "budget_cents": 100_000,
        "award_cents": 20_000,
        "max_awards": 5,
    },
    {
        "slug": "ssd-continuing-education",
        "name": "SSD Continuing Education Scholarship",
        "description": "Pays toward the LSSCP enrollment fee or toward a class that counts for "
        "certification.",
        "pays_enrollment": True,
        "pays_class": True,
        "budget_cents": 100_000,
        "award_cents": 25_000,
        "max_awards": 4,
    },
)


def create(apps, schema_editor):
    Organisation = apps.get_model("memberships", "Organisation")
    Sponsor = apps.get_model("scholarships", "Sponsor")
    Fund = apps.get_model("scholarships", "Fund")
    ssd = Organisation.objects.filter(code="SSD").first()
    sponsor, _ = Sponsor.objects.get_or_create(
        slug=SPONSOR["slug"], defaults={**SPONSOR, "organisation": ssd}
    )
    for values in FUNDS:
        fund, created = Fund.objects.get_or_create(
            slug=values["slug"],
            defaults={
                **values,
                "sponsor": sponsor,
                "opens_on": timezone.localdate(),
                "cooldown_months": 18,
            },
        )
        if created and ssd is not None:
            fund.required_organisations.set([ssd])


class Migration(migrations.Migration):
    dependencies = [
        ("scholarships", "0001_initial"),
        ("memberships", "0002_default_organisations"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
