from django.db import migrations, models

import certify.programs.models
import certify.programs.rule_text


def education_from_diploma(apps, schema_editor):
    """The yes/no diploma rule becomes the education rule: yes → high school, no → none."""
    Program = apps.get_model("programs", "Program")
    Program.objects.filter(diploma_required=True).update(education_required="high_school")
    Program.objects.filter(diploma_required=False).update(education_required="none")


def diploma_from_education(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Program.objects.update(diploma_required=True)
    Program.objects.filter(education_required="none").update(diploma_required=False)


class Migration(migrations.Migration):
    dependencies = [("programs", "0011_framework_versions_required")]

    operations = [
        # A new program starts without an overview (unpublished until it has one) and without
        # a member organization (when there is no member price).
        migrations.AlterField(
            model_name="program",
            name="overview",
            field=models.TextField(
                blank=True, validators=[certify.programs.rule_text.validate_prose]
            ),
        ),
        migrations.AlterField(
            model_name="program",
            name="member_organisation",
            field=models.CharField(
                blank=True,
                help_text="Membership of this body gives the member price.",
                max_length=100,
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="education_required",
            field=models.CharField(
                choices=[
                    ("none", "No minimum education"),
                    ("high_school", "A high-school diploma or its equivalent"),
                    ("bachelors", "A bachelor's degree"),
                    ("masters", "A master's degree"),
                    ("masters_accredited", "A master's degree from an accredited program"),
                ],
                default="high_school",
                help_text="The least education a candidate needs (programs/education.py applies it).",
                max_length=20,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="program",
            name="education_accreditor",
            field=models.CharField(
                blank=True,
                help_text="Who accredits the degree program, when the rule asks for an accredited one: e.g. the American Library Association (ALA).",
                max_length=200,
            ),
        ),
        migrations.RunPython(education_from_diploma, diploma_from_education),
        migrations.RemoveField(model_name="program", name="diploma_required"),
        # The reminder schedule was fixed in code (12, 6, 3 and 1 months); every program keeps it.
        migrations.AddField(
            model_name="program",
            name="renewal_reminder_months",
            field=models.JSONField(
                default=[12, 6, 3, 1],
                help_text="Months before expiry at which the holder is reminded to renew, e.g. [12, 6, 3, 1] (and once more at lapse).",
                validators=[certify.programs.models.validate_reminder_months],
            ),
            preserve_default=False,
        ),
    ]
