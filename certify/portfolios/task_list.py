"""The candidate's task list: a set on the portfolio route says where its portfolio stands."""

from typing import Any

from django.urls import reverse

from certify.accounts.api import Journey, TaskStatus, expected_by, task_part
from certify.portfolios.models import Portfolio
from certify.portfolios.selectors import review_turnaround
from certify.programs.api import program_today
from certify.progress.api import ways_left

S = Portfolio.Status


@task_part(40)
def portfolio_rows(journey: Journey) -> None:
    plan = journey.facts.get("plan")
    if plan is None:
        return
    on_route = [
        p for p in plan.core + plan.electives if p.route == "portfolio" and not p.is_satisfied
    ]
    if not on_route:
        return
    portfolios = {
        p.planned_set_id: p for p in Portfolio.objects.filter(planned_set__in=on_route).order_by()
    }
    turnaround = None
    plan_url = reverse("progress:plan_in", args=[plan.application.program.slug])
    # The deadline's words once it has passed (progress' part says so, ADR 0073): no new
    # portfolio, no other route, no submission; a draft can still be opened and edited.
    closed = journey.facts.get("deadline_closed", "")
    for planned in on_route:
        portfolio = portfolios.get(planned.pk)
        url = reverse("portfolios:portfolio", args=[planned.pk])
        key = f"set-{planned.pk}"
        if closed and (portfolio is None or portfolio.status == S.FAILED):
            continue  # progress' row: the deadline's words and the plan
        if closed and portfolio is not None and portfolio.status != S.SUBMITTED:
            journey.update(
                key,
                status=TaskStatus.IN_PROGRESS,
                hint=f"{closed} Your portfolio's draft is kept: you can submit it once staff "
                "extend your deadline.",
                action_label="Open the portfolio",
                action_url=url,
            )
        elif portfolio is None:
            journey.update(
                key,
                status=TaskStatus.NOT_STARTED,
                hint="Portfolio: a response per competency and a learning statement.",
                action_label="Start the portfolio",
                action_url=plan_url + f"#set-{planned.pk}",
            )
        elif portfolio.status == S.SUBMITTED:
            if turnaround is None:
                turnaround = review_turnaround(program=plan.application.program)
            journey.update(
                key,
                status=TaskStatus.WAITING,
                hint="Portfolio submitted: two reviewers rate each competency.",
                action_label="View the portfolio",
                action_url=url,
                turnaround=turnaround,
            )
        elif portfolio.status == S.MORE_EVIDENCE:
            journey.update(
                key,
                status=TaskStatus.IN_PROGRESS,
                hint="The reviewers asked for more evidence (more examples of your work): read "
                "their comments, add to it and submit again.",
                action_label="Add evidence and resubmit",
                action_url=url,
            )
        elif portfolio.status == S.FAILED:
            hint, ways = _not_met_hint(planned, plan.application.program)
            # A way left: choose it on the plan. None: the result, where the appeal is offered
            # (not "Choose another way" when there is none).
            journey.update(
                key,
                status=TaskStatus.IN_PROGRESS if ways else TaskStatus.CLOSED,
                hint=hint,
                action_label="Choose another way to show it" if ways else "Read the result",
                action_url=plan_url + f"#set-{planned.pk}" if ways else url,
            )
        else:
            journey.update(
                key,
                status=TaskStatus.IN_PROGRESS,
                hint="Portfolio draft: write a response per competency and a learning statement,"
                " then submit.",
                action_label="Continue the portfolio",
                action_url=url,
            )


def submitted_message(portfolio: Portfolio) -> str:
    """The confirmation of a submission: what happens next, and by when."""
    program = portfolio.planned_set.application.program
    turnaround = review_turnaround(program=program)
    who = "two reviewers rate each competency and we e-mail you the outcome"
    by = expected_by(turnaround, who=who, today=program_today(program))  # ADR 0036
    return f"Your portfolio is submitted. {by}"


def _not_met_hint(planned: Any, program: Any) -> tuple[str, str]:
    """The words of a portfolio not met for good, and the ways left in words ("" for none)."""
    ways = ways_left(competency_set=planned.competency_set, program=program)
    return (
        f"Portfolio not met. You may still show this set by {ways}."
        if ways
        else "Portfolio not met: the result is final for this set unless an appeal changes it."
    ), ways
