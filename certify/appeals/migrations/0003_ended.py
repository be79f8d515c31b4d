"""The `ended` status (Certify's `end` move, `appeals.ended`), and the open appeals whose
appellant's account is already closed or deactivated ended as the move would end them: the
reason in the outcome, and one audit row each (`appeal.ended`, no actor, by Certify). A closed
account is the one whose address the closure replaced (`closed-<id>@closed.invalid`); any
other inactive account was deactivated. Nothing is sent to anyone."""

import django_fsm
from django.db import migrations
from django.utils import timezone

OPEN = ("notice", "grounds")
# The words of `appeals.ended.CLOSED` and `DEACTIVATED` as they are today.
CLOSED = (
    "The appellant closed their account, so this appeal ended: nobody can follow it, and the "
    "decision stands as it was made."
)
DEACTIVATED = (
    "An administrator deactivated the appellant's account, so this appeal ended: nobody can "
    "follow it, and the decision stands as it was made."
)


def end_open_appeals_of_closed_accounts(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    AuditEvent = apps.get_model("core", "AuditEvent")
    now = timezone.now()
    appeals = (
        Appeal.objects.filter(status__in=OPEN, appellant__is_active=False)
        .select_related("appellant")
        .order_by("pk")
    )
    for appeal in appeals:
        closed = appeal.appellant.email == f"closed-{appeal.appellant_id}@closed.invalid"
        reason = CLOSED if closed else DEACTIVATED
        before = appeal.status
        Appeal.objects.filter(pk=appeal.pk).update(
            status="ended", outcome_reason=reason, outcome_at=now
        )
        AuditEvent.objects.create(
            actor=None,
            verb="appeal.ended",
            target_type="appeals.appeal",
            target_id=str(appeal.pk),
            target_repr=f"Appeal by {appeal.appellant.full_name or appeal.appellant.email}"[:200],
            reason=reason,
            data={"from": before, "to": "ended", "move": "end", "via": "system"},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0002_status_workflow"),
        ("core", "0007_data_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="appeal",
            name="status",
            field=django_fsm.FSMField(
                choices=[
                    ("notice", "Notice of appeal given"),
                    ("grounds", "Grounds submitted, waiting for review"),
                    ("upheld", "Decision upheld"),
                    ("sent_back", "Sent back for a new decision"),
                    ("ended", "Ended: the appellant's account is closed"),
                ],
                default="notice",
                max_length=10,
                protected=True,
            ),
        ),
        migrations.RunPython(end_open_appeals_of_closed_accounts, migrations.RunPython.noop),
    ]
