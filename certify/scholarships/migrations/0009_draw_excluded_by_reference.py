"""`Draw.excluded` by reference: the applicant's id and the committee's words with a mark where
the name goes, instead of the name as it was on the draw's day (ADR 0050)."""

from django.conf import settings
from django.db import migrations, models

APPLICANT = "{applicant}"  # as certify/scholarships/left_out.py writes it
LEFT_OUT_MARK = "(draw {number}): "
NOT_SHOWN = "The reason was kept under a name no longer shown."


def _name(user) -> str:
    return (user.full_name or user.email) if user.is_active else ""


def by_reference(apps, schema_editor):
    Draw = apps.get_model("scholarships", "Draw")
    ScholarshipApplication = apps.get_model("scholarships", "ScholarshipApplication")
    for draw in Draw.objects.order_by("pk"):
        if not draw.excluded:
            continue
        ids = [int(pk) for pk in draw.excluded]
        by_id = {
            a.pk: a
            for a in ScholarshipApplication.objects.filter(pk__in=ids).select_related("applicant")
        }
        excluded = {}
        for pk, why in draw.excluded.items():
            if isinstance(why, dict):  # already by reference
                excluded[pk] = why
                continue
            application = by_id.get(int(pk))
            if application is None:
                excluded[pk] = {"applicant": None, "why": NOT_SHOWN}
                continue
            name = _name(application.applicant)
            if name and name in why:
                words = why.replace(name, APPLICANT)
            else:
                # Renamed or closed since: the old name cannot be told from the words, so the
                # committee reads what the applicant was told (their reason names nobody).
                _, found, told = application.reason.partition(
                    LEFT_OUT_MARK.format(number=draw.number)
                )
                words = f"As the applicant was told: {told}" if found else NOT_SHOWN
            excluded[pk] = {"applicant": application.applicant_id, "why": words}
        draw.excluded = excluded
        draw.save(update_fields=["excluded"])


def by_name(apps, schema_editor):
    Draw = apps.get_model("scholarships", "Draw")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for draw in Draw.objects.order_by("pk"):
        if not draw.excluded:
            continue
        people = {
            u.pk: u
            for u in User.objects.filter(
                pk__in=[e["applicant"] for e in draw.excluded.values() if isinstance(e, dict)]
            )
        }
        excluded = {}
        for pk, entry in draw.excluded.items():
            if not isinstance(entry, dict):
                excluded[pk] = entry
                continue
            person = people.get(entry["applicant"])
            name = (_name(person) if person else "") or "The applicant"
            excluded[pk] = entry["why"].replace(APPLICANT, name)
        draw.excluded = excluded
        draw.save(update_fields=["excluded"])


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("scholarships", "0008_award_ended_by_rejection"),
    ]

    operations = [
        migrations.AlterField(
            model_name="draw",
            name="excluded",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Applications left out of the pool, by id: the applicant's id and why, "
                "in the committee's words with {applicant} where the name goes.",
            ),
        ),
        migrations.RunPython(by_reference, by_name),
    ]
