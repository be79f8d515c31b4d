"""The daily reminders that a course's approval ends (ADR 0009): 90 and 30 days before its last
day, on the program's day, each once per approval end, to every person who acts for the provider,
linking to the course's page where they submit the renewal.

Only approvals ending in the days a reminder fell due for since the last run are read, by the
index on `approval_expires_on` (ADR 0060); a run after missed days sends the nearest reminder
reached, not the earlier ones. A course whose renewal is under review, or whose approval program
staff suspended or revoked, gets none.
"""

from datetime import date, timedelta

from django.db.models import Q

from certify.courses.models import Course
from certify.notifications.api import daily_job, last_completed_day, notify
from certify.programs.api import program_day_shift, program_zone
from certify.programs.models import Program

JOB = "courses.approval_reminders"
STAGES = (30, 90)  # days before the approval's last day, nearest first
CATCH_UP_DAYS = 31  # as the other daily reminders: a longer gap sends only the last month's


def stage_due(*, expires_on: date, today: date) -> int | None:
    """The nearest reminder reached on `today` (None before the first and after the end)."""
    if today > expires_on:
        return None
    return next((days for days in STAGES if expires_on - timedelta(days=days) <= today), None)


def approval_reminders_send(*, today: date, since: date | None = None) -> int:
    """Remind the provider's people of approvals ending soon; returns how many were sent."""
    if since is None:
        last = last_completed_day(job=JOB, before=today)
        since = last + timedelta(days=1) if last else today - timedelta(days=CATCH_UP_DAYS)
    since = max(min(since, today), today - timedelta(days=CATCH_UP_DAYS))
    due, days = Q(pk__in=[]), {}
    for program in Program.objects.all():
        # In another zone `since` starts a day earlier, so no day is left out between two runs
        # (the dedupe key sends nothing twice), as the completion-deadline reminders do.
        shift = program_day_shift(program)
        other_zone = bool(shift) or program_zone(program) != program_zone("")
        p_since, p_today = since + shift - timedelta(days=int(other_zone)), today + shift
        days[program.pk] = (p_since, p_today)
        for before in STAGES:
            window = (p_since + timedelta(days=before), p_today + timedelta(days=before))
            due |= Q(program=program, approval_expires_on__range=window)
    courses = (
        Course.objects.filter(due, approval_stopped_on__isnull=True)
        .filter(status__in=[Course.Status.APPROVED, Course.Status.RETURNED])
        .select_related("program", "provider")
        .prefetch_related("provider__members")
        .order_by("id")
    )
    sent = 0
    for course in courses:
        expires = course.approval_expires_on or date.min  # selected by its range
        p_since, p_today = days[course.program_id]
        stage = stage_due(expires_on=expires, today=p_today)
        if stage is None or expires - timedelta(days=stage) < p_since:
            continue  # reached before the days this run covers: sent then
        for member in course.provider.members.all():
            if notify(
                recipient=member,
                event="course.approval_ending",
                context={
                    "program": course.program,
                    "course_title": course.title,
                    "expires_on": expires,
                    "days_left": stage,
                },
                link=course.get_provider_url(),
                dedupe_key=f"course.approval_ending:{course.pk}:{expires}:{stage}:{member.pk}",
            ):
                sent += 1
    return sent


@daily_job(JOB)
def approval_reminders(today: date) -> str:
    """Reminders that a course's approval ends in 90 and in 30 days."""
    return f"{approval_reminders_send(today=today)} course approval reminder(s) sent"
