"""The candidate's task list: choosing electives, and each competency set with its route."""

from typing import Any

from django.urls import reverse

from certify.accounts.api import Journey, Task, TaskStatus, task_part
from certify.core.plain_words import PLAIN
from certify.progress.deadline import deadline_closed, deadline_text
from certify.progress.models import PlannedSet
from certify.progress.selectors import Plan, plan_get

GROUP = "Show your competence"  # the program's words ("Two ways to show competence")
# Said once under that heading: what a set is, and what showing competence in it asks.
INTRO = f"{PLAIN['competency_set']} {PLAIN['show_competence']}"


@task_part(30)
def plan_rows(journey: Journey) -> None:
    application: Any = journey.facts.get("application")
    accepted = application is not None and application.status == application.Status.ACCEPTED
    if not accepted:
        journey.facts["plan"] = None
        journey.add(
            Task(
                key="electives",
                title="Choose your electives",
                group=GROUP,
                group_intro=INTRO,
                status=TaskStatus.CANNOT_START,
                hint="Once your application is accepted.",
            )
        )
        journey.add(
            Task(
                key="sets",
                title="Show your competence in each set",
                group=GROUP,
                status=TaskStatus.CANNOT_START,
                hint=(
                    "Once your application is accepted: by an approved course, a portfolio, or "
                    "a recognized college program."
                ),
            )
        )
        return
    plan = plan_get(application=application)
    journey.facts["plan"] = plan
    plan_url = reverse("progress:plan_in", args=[application.program.slug])
    # After the deadline no row offers new work the services would refuse (ADR 0073): its
    # words instead, and the plan. Later parts read the same fact (portfolios).
    unfinished = plan.satisfied_count < plan.required_count
    closed = deadline_closed(application=application) if unfinished else ""
    if closed:
        journey.add(_deadline_row(application.completion_deadline, plan_url))
    journey.facts["deadline_closed"] = closed
    journey.add(_electives_row(plan, plan_url, closed))
    for planned in plan.core + plan.electives:
        journey.add(set_row(planned, plan_url, closed=closed))


def _deadline_row(deadline: Any, plan_url: str) -> Task:
    """The deadline has passed (ADR 0073): what was submitted is still reviewed; new work waits
    for staff to extend it."""
    return Task(
        key="deadline",
        title="Your deadline to finish has passed",
        group=GROUP,
        group_intro=INTRO,
        status=TaskStatus.CLOSED,
        hint=deadline_text(deadline)
        + " Work you submitted by then is still reviewed; new submissions wait for an extension.",
        action_label="See what still counts on your plan",
        action_url=plan_url,
    )


def _electives_row(plan: Plan, plan_url: str, closed: str = "") -> Task:
    required = plan.electives_required
    chosen = len(plan.electives)
    names = ", ".join(p.competency_set.name for p in plan.electives)
    if plan.electives_chosen:
        status, hint = TaskStatus.COMPLETED, f"You chose {names}."
    elif chosen:
        status, hint = TaskStatus.IN_PROGRESS, f"{chosen} of {required} chosen: {names}."
    else:
        status, hint = TaskStatus.NOT_STARTED, f"Choose {required} of the elective sets."
    label = "Change your electives" if plan.electives_chosen else "Choose electives"
    if closed and not plan.electives_chosen:
        # Not until staff extend the deadline: nothing to do here (the deadline's row links to
        # the plan), so no action beside "Cannot start yet".
        status, hint, label = TaskStatus.CANNOT_START, closed, ""
    elif closed:
        label = ""  # they cannot change now
    return Task(
        key="electives",
        title="Choose your electives",
        group=GROUP,
        group_intro=INTRO,
        status=status,
        hint=hint,
        action_label=label,
        action_url=plan_url + "#electives" if label else "",
    )


def set_row(planned: PlannedSet, plan_url: str, *, closed: str = "") -> Task:
    """A set's row as progress knows it; the route's app may say more (portfolios does).
    `plan_url`: the page of the plan the set is in (a candidate may have one per program);
    `closed`: the deadline's words once it has passed (the row then offers only the plan)."""
    route = planned.get_route_display()
    if planned.is_satisfied:
        status = TaskStatus.COMPLETED
        hint = f"{route}: complete." if route else "Complete."
    elif not planned.route:  # the plan's words for it, every way offered
        status = TaskStatus.NOT_STARTED
        hint = planned.next_step
    else:
        in_progress = planned.status == PlannedSet.Status.IN_PROGRESS
        status = TaskStatus.IN_PROGRESS if in_progress else TaskStatus.NOT_STARTED
        hint = f"{route}. {planned.next_step}"
    label, url = "Go to your plan", plan_url + f"#set-{planned.pk}"
    if closed and not planned.is_satisfied:
        in_progress = planned.status == PlannedSet.Status.IN_PROGRESS
        status = TaskStatus.IN_PROGRESS if in_progress else TaskStatus.CANNOT_START
        hint = closed + (" Work you submitted by then is still reviewed." if in_progress else "")
        if not in_progress:  # it cannot start until an extension: no action offered
            label = url = ""
    elif planned.is_satisfied:
        label = url = ""
    elif planned.route == PlannedSet.Route.COURSE:
        label = "Record a course completion"
        url = reverse("courses:course_completion", args=[planned.pk])
    elif planned.route == PlannedSet.Route.PROGRAMME:
        label = "Claim your recognized college program"
        url = reverse("courses:programme_claim", args=[planned.pk])
    return Task(
        key=f"set-{planned.pk}",
        title=planned.competency_set.name,
        group=GROUP,
        group_intro=INTRO,
        status=status,
        hint=hint,
        action_label=label,
        action_url=url,
    )
