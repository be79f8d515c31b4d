"""What each set row of the candidate's plan shows, worked out once per row here; the template
(`progress/partials/set_rows.html`) keeps the markup and the wording and only places these
values (ADR 0059, 0062): the links from one `reverse()` each, the status and route in words, the
completion date's text, the route choices the set allows. A row holds plain values only and is
hashable: the rows are a template fragment's key (the same rows, the same markup)."""

from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo
from urllib.parse import quote

from django.utils import timezone

from certify.core.rows import Row, date_texts, url_for_each
from certify.progress.models import PlannedSet
from certify.progress.ways_left import COURSE, PROGRAMME, ways_left_of

Route = PlannedSet.Route
# The words for each status and route (what `get_status_display` and `get_route_display` give,
# without building the choices' dictionary for every row).
STATUS_LABELS = dict(PlannedSet.Status.choices)
ROUTE_LABELS = dict(Route.choices)


def completed_on_text(
    moment: datetime | None, date_text: Callable[[date], str], zone: tzinfo | None = None
) -> str:
    """The day a set was completed, in the program's time zone `zone` (RULINGS: dates are shown
    there; the site's when None): at 23:30 in Denver it is already the next day in Chicago."""
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment, zone)
    return date_text(moment.date())


def _carried_from(planned: PlannedSet | None) -> dict[str, str]:
    earlier = planned.carried_from if planned is not None else None
    if earlier is None:
        return {"carried_from_code": "", "carried_from_name": "", "carried_from_version": ""}
    return {
        "carried_from_code": earlier.code,
        "carried_from_name": earlier.name,
        "carried_from_version": earlier.framework_version.name,
    }


# The portfolio's status, as `selectors.plan_get` annotates each row with it (`portfolio_status`:
# the words below need no portfolio loaded with the row; "" when the row has none).
DRAFT, SUBMITTED, MORE_EVIDENCE, FAILED = "draft", "submitted", "more_evidence", "failed"

# How to take each way left after a portfolio not met for good, as the route form names it.
HOW = {
    COURSE: "choose Approved course below, then record the course once you have completed it",
    PROGRAMME: "choose Recognized college program below, then claim the program you graduated from",
}


def _portfolio_step(p: PlannedSet, deadline: str, programmes: bool) -> str:
    """The next step of a set on the portfolio route, from where its portfolio stands; once it
    was not met for good, the ways left (`ways_left`: an approved course where the set allows
    one, a recognized college program where the program recognizes graduates)."""
    status = getattr(p, "portfolio_status", None) or ""
    if status == MORE_EVIDENCE:
        by = f" by {deadline}, your deadline to finish" if deadline else ""
        return (
            "The reviewers asked for more evidence: read their comments in the portfolio, add "
            f"to it and submit it again{by}."
        )
    if status == FAILED:
        ways = ways_left_of(competency_set=p.competency_set, programmes=programmes)
        if ways:
            return (
                "Your portfolio was not met and cannot be submitted again, so a portfolio is "
                f"no longer a way to show this set. You can still complete it with "
                f"{' or '.join(ways)}: {' or '.join(HOW[way] for way in ways)}."
            )
        return (
            "Your portfolio was not met and cannot be submitted again: the result is final "
            "for this set. The portfolio says how to appeal."
        )
    if status == SUBMITTED:
        return "Your portfolio is with its reviewers: we e-mail you when they have decided."
    if status == DRAFT:
        return "Finish the portfolio and submit it for review."
    return p.next_step


def _next_step(p: PlannedSet, closed: str, deadline: str, programmes: bool) -> str:
    if p.is_satisfied:
        return ""
    if not closed:
        if p.route == Route.PORTFOLIO and p.status != PlannedSet.Status.NOT_STARTED:
            return _portfolio_step(p, deadline, programmes)
        return p.next_step
    if p.status == PlannedSet.Status.IN_PROGRESS:
        return f"{closed} Work you submitted by then is still reviewed and still counts."
    return closed


def _failed_portfolio(p: PlannedSet) -> bool:
    return p.route == Route.PORTFOLIO and getattr(p, "portfolio_status", None) == FAILED


# Why Portfolio is not among a set's choices once its portfolio was not met for good: the
# service refuses it too (`services.route_choose`).
PORTFOLIO_GONE = (
    "Portfolio is no longer offered: your portfolio for this set was not met and cannot be "
    "submitted again."
)


def set_rows(
    planned: Iterable[PlannedSet],
    *,
    closed: str = "",
    programmes: bool = True,
    deadline: date | None = None,
    catalogue: str = "",
    zone: tzinfo | None = None,
) -> tuple[Row, ...]:
    """The rows of `planned` (a plan's core sets or electives), in their order. `completed_on` is
    the site's day (`DATE_FORMAT`) in the program's time zone `zone`; `carried_from_*` name the set
    of an earlier framework version the row was carried over from ("" when none); `choices` are the
    routes the set allows (`value`, `label`, `checked`); a recognized college program only when
    the program recognizes graduates (`programmes`: its years to claim are more than 0).

    A set whose portfolio was not met for good (`portfolio_status` "failed") no longer offers
    Portfolio, and `route_note` says why ("" otherwise); with nothing left to choose there is no
    route form (`route_action` "").

    `closed`: the deadline's words once it has passed (ADR 0073), "" before. A closed row offers
    none of the actions the services would refuse (choosing a route, starting a portfolio,
    recording a course completion, claiming a program): its next step is those words. Opening
    a portfolio already started stays: its draft can still be edited, and its review followed.

    A set on the portfolio route says where its portfolio stands (`portfolio_status`, annotated
    by `selectors.plan_get`): more evidence asked (submit again, by `deadline`, the completion
    deadline), not met after the resubmission (the portfolio route is closed: an approved
    course, `catalogue_url` the catalog of `catalogue` filtered to the set)."""
    links: dict[str, Callable[[int], str]] = {}

    def link(viewname: str, pk: int) -> str:
        if viewname not in links:
            links[viewname] = url_for_each(viewname)
        return links[viewname](pk)

    choices = [(value, label) for value, label in Route.choices if value]
    date_text = date_texts()
    # As the deadline's other words say it (`deadline.deadline_text`).
    deadline_words = f"{deadline:%B} {deadline.day}, {deadline.year}" if deadline else ""
    rows = []
    for p in planned:
        satisfied = p.is_satisfied
        allowed = p.competency_set.routes
        # Only what the candidate may still choose: not Portfolio after its final "not met".
        portfolio_gone = getattr(p, "portfolio_status", None) == FAILED
        offered = tuple(
            Row(value=value, label=label, checked=p.route == value)
            for value, label in choices
            if (programmes if value == Route.PROGRAMME else allowed in ("both", value))
            and not (portfolio_gone and value == Route.PORTFOLIO)
        )
        rows.append(
            Row(
                pk=p.pk,
                status=p.status,
                status_label=str(STATUS_LABELS.get(p.status, p.status)),
                name=p.competency_set.name,
                satisfied=satisfied,
                completed_on=(
                    completed_on_text(p.satisfied_at, date_text, zone) if satisfied else ""
                ),
                route_label=str(ROUTE_LABELS.get(p.route, p.route)),
                evidence=p.evidence,
                **_carried_from(p if satisfied else None),
                next_step=_next_step(p, closed, deadline_words, programmes),
                route_action=(
                    "" if satisfied or closed or not offered else link("progress:route", p.pk)
                ),
                choices=offered,
                route_note=PORTFOLIO_GONE if portfolio_gone and offered else "",
                route=p.route,
                start_url=(
                    link("portfolios:start", p.pk)
                    if not satisfied
                    and not closed
                    and p.route == Route.PORTFOLIO
                    and p.status == "not_started"
                    else ""
                ),
                portfolio_url=(
                    link("portfolios:portfolio", p.pk)
                    if not satisfied and p.route == Route.PORTFOLIO and p.status != "not_started"
                    else ""
                ),
                course_url=(
                    link("courses:course_completion", p.pk)
                    if not satisfied and not closed and p.route == Route.COURSE
                    else ""
                ),
                catalogue_url=(
                    f"{catalogue}&set={quote(p.competency_set.code)}"
                    if catalogue
                    and not satisfied
                    and not closed
                    and _failed_portfolio(p)
                    and allowed in ("both", Route.COURSE)
                    else ""
                ),
                programme_url=(
                    link("courses:programme_claim", p.pk)
                    if not satisfied and not closed and p.route == Route.PROGRAMME
                    else ""
                ),
            )
        )
    return tuple(rows)
