"""The daily job's completion-deadline reminders (ADR 0073): 6 months, 2 months and 2 weeks
before an accepted candidate's deadline, each once per deadline; after an extension, the notice
of the new deadline at once, with the reminder already due for it (`deadline_extended_remind`).

Only the applications a reminder fell due for between `since` and `today` are read, by the
index on status and deadline (ADR 0060); each program's days are its own (`program_days`).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q
from django.urls import reverse

from certify.applications.models import Application
from certify.notifications.api import last_completed_day, notify
from certify.notifications.models import Notification
from certify.programs.api import program_day_shift, program_today, program_zone
from certify.programs.models import CompetencySet, Program
from certify.progress.models import PlannedSet
from certify.progress.services import plan_sets

JOB = "progress.deadline_reminders"  # the daily job's name (handlers.py)

# A daily run covers the days since the last completed one, at most this many (as the renewal
# reminders): a scheduler stopped longer sends only what fell due in the last month.
CATCH_UP_DAYS = 31
# Month ranges are widened by this much at each end (calendar months are uneven); the rows read
# for the slack are judged exactly and left alone unless a reminder fell due in the days covered.
SLACK = timedelta(days=3)


@dataclass(frozen=True)
class Stage:
    """One reminder: `months` calendar months and `days` days before the deadline."""

    key: str  # in the notice's dedupe key
    left: str  # the time left, in the candidate's words
    months: int = 0
    days: int = 0

    def day_for(self, deadline: date) -> date:
        """The day this reminder falls due for `deadline`."""
        return add_months(deadline, -self.months) - timedelta(days=self.days)


# Latest first: the nearest reminder reached is the one sent (ADR 0073 says why these three).
STAGES = (
    Stage("2w", "2 weeks", days=14),
    Stage("2m", "2 months", months=2),
    Stage("6m", "6 months", months=6),
)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier when negative), or the last day of
    the target month when it is shorter."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def stage_due(*, deadline: date, today: date) -> Stage | None:
    """The nearest reminder reached on `today` for `deadline` (None before the first one and
    after the deadline: a candidate whose deadline has passed gets no reminder)."""
    if today > deadline:
        return None
    return next((s for s in STAGES if s.day_for(deadline) <= today), None)


def program_days(program: Program, *, since: date, today: date) -> tuple[date, date]:
    """The program's (since, today) for the site's (ADR 0036): in another zone `since` starts a
    day earlier, so no day is left out between two runs (the dedupe key sends nothing twice)."""
    shift = program_day_shift(program)
    if shift or program_zone(program) != program_zone(""):
        return since + shift - timedelta(days=1), today + shift
    return since, today


def deadline_reminders_send(*, today: date, since: date | None = None) -> int:
    """Remind accepted candidates of their completion deadline; returns how many were sent.

    Each reminder goes once per deadline (its key names the deadline: an extension starts them
    again for the new one); only the nearest one reached since the last run is sent, so a run
    after missed days catches up without sending the earlier ones. Candidates whose plan is
    complete, who have their certificate, who withdrew or whose deadline passed get none."""
    if since is None:
        last = last_completed_day(job=JOB, before=today)
        since = last + timedelta(days=1) if last else today - timedelta(days=CATCH_UP_DAYS)
    since = max(min(since, today), today - timedelta(days=CATCH_UP_DAYS))
    due = Q(pk__in=[])
    days: dict[int, tuple[date, date]] = {}
    for program in Program.objects.all():
        p_since, p_today = program_days(program, since=since, today=today)
        days[program.pk] = (p_since, p_today)
        reached = Q()
        for stage in STAGES:
            low = add_months(p_since, stage.months) + timedelta(days=stage.days)
            high = add_months(p_today, stage.months) + timedelta(days=stage.days)
            slack = SLACK if stage.months else timedelta(0)
            reached |= Q(completion_deadline__range=(low - slack, high + slack))
        due |= Q(program=program) & reached
    applications = (
        Application.objects.filter(due, status=Application.Status.ACCEPTED)
        .filter(certificate__isnull=True)
        .select_related("program", "candidate")
        .prefetch_related(
            Prefetch(
                "planned_sets",
                queryset=PlannedSet.objects.select_related("competency_set"),
            )
        )
        .order_by("id")
    )
    sent = 0
    sets: dict[tuple[int, int | None], list[CompetencySet]] = {}  # each framework's, read once
    for application in applications:
        p_since, p_today = days[application.program_id]
        deadline = application.completion_deadline or date.min  # selected by its range
        due_stage = stage_due(deadline=deadline, today=p_today)
        # Only a reminder reached since the last run: an earlier one was that run's to send.
        if due_stage is None or due_stage.day_for(deadline) < p_since:
            continue
        sent += _remind(application, due_stage, today=p_today, sets=sets)
    return sent


def _remind(
    application: Application,
    stage: Stage,
    *,
    today: date,
    sets: dict[tuple[int, int | None], list[CompetencySet]],
) -> bool:
    """Send `stage`'s reminder of the application's deadline, once per deadline and stage;
    nothing when the plan is complete. The time left is said as it is on `today`."""
    deadline = application.completion_deadline or date.min
    version = (application.program_id, application.framework_version_id)
    if version not in sets:
        sets[version] = list(plan_sets(application=application))
    left = sets_left(application, sets[version])
    if not left:
        return False  # complete: the certificate is on its way
    return bool(
        notify(
            recipient=application.candidate,
            event="deadline.reminder",
            context={
                "program": application.program,
                "deadline": deadline,
                "left": time_left(today=today, deadline=deadline),
                "sets_left": left,
            },
            link=reverse("progress:plan_in", kwargs={"slug": application.program.slug}),
            dedupe_key=f"deadline:{application.pk}:{deadline.isoformat()}:{stage.key}",
        )
    )


def deadline_extended_remind(*, application_id: int, deadline: date) -> bool:
    """After an extension: tell the candidate their new deadline, once per extension (event
    `application.deadline_extended`, essential). The reason staff gave is not said: it is kept
    for staff in the audit record.

    When a reminder is already reached for the new deadline (its day may have passed before the
    deadline moved, so the daily run would skip it), the same e-mail says what is left and the
    time left, under that reminder's key: one e-mail, not two saying the deadline at once, and
    the daily run does not send that reminder again. Without one, the key names the extension.
    Delivered twice, the second finds either key and sends nothing. Nothing when the deadline has
    moved again since (that extension's event tells) or the candidate is no longer accepted."""
    application = (
        Application.objects.filter(
            pk=application_id,
            status=Application.Status.ACCEPTED,
            completion_deadline=deadline,
        )
        .select_related("program", "candidate")
        .first()
    )
    if application is None:
        return False
    prefix = f"deadline:{application.pk}:{deadline.isoformat()}"
    extended_key = f"deadline-extended:{application.pk}:{deadline.isoformat()}"
    keys = [extended_key, *(f"{prefix}:{stage.key}" for stage in STAGES)]
    if Notification.objects.filter(dedupe_key__in=keys).exists():
        return False  # told already (the event delivered again)
    today = program_today(application.program)
    stage = stage_due(deadline=deadline, today=today)
    left: list[str] = []
    if (
        stage is not None
        and not Application.objects.filter(pk=application.pk, certificate__isnull=False).exists()
    ):
        left = sets_left(application, list(plan_sets(application=application)))
    context = {
        "program": application.program,
        "deadline": deadline,
        "zone": program_zone(application.program).key,
        "left": time_left(today=today, deadline=deadline) if left else "",
        "sets_left": left,
        "action": "See your plan",
    }
    return bool(
        notify(
            recipient=application.candidate,
            event="application.deadline_extended",
            context=context,
            link=reverse("progress:plan_in", kwargs={"slug": application.program.slug}),
            dedupe_key=f"{prefix}:{stage.key}" if left and stage else extended_key,
        )
    )


def time_left(*, today: date, deadline: date) -> str:
    """The time from `today` to `deadline` in the candidate's words: whole calendar months from
    two months on, else whole weeks from two weeks on, else days. On a reminder's own day it is
    that reminder's words ("6 months", "2 months", "2 weeks")."""
    months = 0
    while add_months(today, months + 1) <= deadline:
        months += 1
    if months >= 2:
        return f"{months} months"
    days = (deadline - today).days
    if days >= 14:
        return f"{days // 7} weeks"
    if days >= 1:
        return f"{days} day{'s' if days > 1 else ''}"
    return "less than a day"


def sets_left(application: Application, framework: list[CompetencySet]) -> list[str]:
    """What is left to do, in the candidate's words: each core set and each chosen elective not
    yet satisfied, then how many more electives to choose; [] when the plan is complete (all
    core sets and the electives required satisfied, as `plan_is_complete`)."""
    rows = list(application.planned_sets.all())
    satisfied = {p.competency_set_id for p in rows if p.is_satisfied}
    chosen = {p.competency_set_id for p in rows}
    electives = {s.pk for s in framework if s.kind == CompetencySet.Kind.ELECTIVE}
    required = application.rule("electives_required")
    core_left = [s for s in framework if s.pk not in electives and s.pk not in satisfied]
    if not core_left and len(satisfied & electives) >= required:
        return []
    left = [
        f"{s.code}: {s.name}"
        for s in framework
        if s.pk not in satisfied and (s.pk not in electives or s.pk in chosen)
    ]
    unchosen = required - len(chosen & electives)
    if unchosen > 0:
        left.append(f"{unchosen} more elective set{'s' if unchosen > 1 else ''} to choose")
    return left
