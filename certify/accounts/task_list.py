"""The candidate's task list: what they have done, what is next, and by when.

The home page shows one row per step of the journey (apply, pay, choose electives, each
competency set, the certificate, its renewal), in the GOV.UK "task list" pattern. accounts sits
below the apps that own those steps, so it imports none of them: each app registers a part (in
its AppConfig.ready) that adds its rows, in the order of the journey. A part may leave facts for
the parts after it (the application it found, the plan), so no row asks the database again for
what an earlier row already read, and the number of queries does not grow with the data.
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from certify.accounts.models import User

# How far back "typical turnaround" looks: the program's own recent data, not an old average.
TURNAROUND_WINDOW_DAYS = 90


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    WAITING = "waiting", "Waiting for review"
    COMPLETED = "completed", "Completed"
    # Waits on an earlier step: such a row offers no action (there is nothing to do there yet).
    CANNOT_START = "cannot_start", "Cannot start yet"
    # The step ended without being done (a deadline passed, a certificate lapsed, an application
    # not accepted): the row says what happened and may link to where it is explained.
    CLOSED = "closed", "Closed"


@dataclass(frozen=True)
class Turnaround:
    """How long a decision typically takes (the median of the last 90 days' decisions, in
    whole days), beside the program's stated target."""

    what: str  # "a decision on an application"
    typical_days: int | None  # None: no decision in the window
    target_days: int
    decided: int  # how many decisions the median is taken over


def turnaround_since() -> datetime:
    """The start of the window that typical turnarounds are computed over."""
    return timezone.now() - timedelta(days=TURNAROUND_WINDOW_DAYS)


def turnaround_from(
    pairs: Iterable[tuple[datetime | None, datetime | None]], *, what: str, target_days: int
) -> Turnaround:
    """The median time from each start to its end, rounded up to whole days (a decision the
    same day counts as one day); pairs missing either end are left out."""
    spans = sorted(end - start for start, end in pairs if start is not None and end is not None)
    if not spans:
        return Turnaround(what=what, typical_days=None, target_days=target_days, decided=0)
    middle = len(spans) // 2
    median = spans[middle] if len(spans) % 2 else (spans[middle - 1] + spans[middle]) / 2
    days = max(1, math.ceil(median / timedelta(days=1)))
    return Turnaround(what=what, typical_days=days, target_days=target_days, decided=len(spans))


@dataclass(frozen=True)
class Task:
    """One row of the task list. `status` is one of six words; the next action is a link (never
    on a row that cannot start yet)."""

    key: str
    title: str
    status: TaskStatus
    hint: str = ""  # one sentence: where things stand, in the candidate's words
    action_label: str = ""
    action_url: str = ""
    due: date | None = None
    due_label: str = ""  # "Pay by", "Give notice of appeal by", "Renew by"
    turnaround: Turnaround | None = None
    group: str = ""  # the heading the row is listed under
    # A plain line under the heading, for a term a newcomer may not know (`core.plain_words`).
    group_intro: str = ""


@dataclass
class Journey:
    user: User
    tasks: list[Task] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def add(self, task: Task) -> None:
        self.tasks.append(task)

    def update(self, key: str, **changes: Any) -> None:
        """Change a row an earlier part added (a later app knows more about it)."""
        self.tasks = [replace(t, **changes) if t.key == key else t for t in self.tasks]


TaskPart = Callable[[Journey], None]
_parts: list[tuple[int, TaskPart]] = []


def task_part(order: int) -> Callable[[TaskPart], TaskPart]:
    """Register `part(journey)` to add rows at `order` (10 apply, 20 pay, 30 plan and sets,
    40 routes, 50 certificate, 60 renewal). Used as a decorator in each app's `tasks` module."""

    def register(part: TaskPart) -> TaskPart:
        if all(p is not part for _, p in _parts):
            _parts.append((order, part))
            _parts.sort(key=lambda entry: entry[0])
        return part

    return register


@dataclass(frozen=True)
class TaskGroup:
    title: str
    tasks: list[Task]
    intro: str = ""


def candidate_tasks(*, user: User) -> list[Task]:
    """The candidate's task list, in the order of the journey."""
    journey = Journey(user=user)
    for _, part in _parts:
        part(journey)
    return journey.tasks


def task_groups(tasks: list[Task]) -> list[TaskGroup]:
    """The rows under their headings, in order (a heading once, where it first appears), each
    with the first plain line its rows give (`group_intro`)."""
    groups: list[TaskGroup] = []
    for task in tasks:
        if groups and groups[-1].title == task.group:
            groups[-1].tasks.append(task)
            if not groups[-1].intro and task.group_intro:
                groups[-1] = replace(groups[-1], intro=task.group_intro)
        else:
            groups.append(TaskGroup(title=task.group, tasks=[task], intro=task.group_intro))
    return groups


def expected_by(turnaround: Turnaround, *, who: str, today: date | None = None) -> str:
    """What happens next and by when, for a confirmation: "<who> by <date>: the program's target
    is N days; in the last 90 days it took M days, typically." (US date, no time of day)."""
    day = (today or timezone.localdate()) + timedelta(days=turnaround.target_days)
    sentence = (
        f"What happens next: {who} by {day:%B} {day.day}, {day.year} "
        f"(the program's target is {turnaround.target_days} day"
        f"{'s' if turnaround.target_days != 1 else ''}"
    )
    if turnaround.typical_days:
        sentence += (
            f"; in the last 90 days it took {turnaround.typical_days} day"
            f"{'s' if turnaround.typical_days != 1 else ''}, typically"
        )
    return sentence + "). Your account page lists every step and where it stands."
