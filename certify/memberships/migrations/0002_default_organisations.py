from django.db import migrations

DEFAULTS = {
    "ALA": {
        "name": "American Library Association",
        "confirmed_by": "program_staff",
        "note": "ALA members pay the member price for enrollment. Membership is not required.",
    },
    "SSD": {
        "name": "OLA Support Staff Division",
        "confirmed_by": "sponsor",
        "note": "Membership is free. Only SSD members may apply for SSD scholarships.",
    },
}


def create(apps, schema_editor):
    Organisation = apps.get_model("memberships", "Organisation")
    for code, values in DEFAULTS.items():
        Organisation.objects.get_or_create(code=code, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("memberships", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
