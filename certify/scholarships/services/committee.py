"""The committee's work on a fund: its rubric, members' scores, conflicts, and the chair
confirming the awards in the order of the mean score (ties drawn at random). ADR 0050."""

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from certify.accounts.api import conflict_declare
from certify.accounts.models import ConflictDeclaration, User
from certify.core.duties import OwnCaseError, conflict_reason, own_case_message, require_not_own
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.scholarships import ranking
from certify.scholarships.eligibility import long_date
from certify.scholarships.models import (
    CriterionScore,
    Draw,
    Fund,
    RubricCriterion,
    ScholarshipApplication,
    Scorecard,
)
from certify.scholarships.selectors import fund_today
from certify.scholarships.services.applications import decline_locked
from certify.scholarships.services.award_rules import award_obstacles
from certify.scholarships.services.awards import application_award
from certify.scholarships.services.common import (
    ProblemsError,
    application_lock,
    competing_reason,
    confirms_awards,
    fund_lock,
    is_sponsor_member,
    require_admin,
    require_not_competing,
    rubric_refusal,
    scoring_refusal,
    window_closed_problem,
)
from certify.scholarships.services.draws import draw_pick
from certify.scholarships.workflows.sponsor import COLLEAGUE

MAX_CRITERIA = 10
MAX_POINTS = 100
COMMENT_MAX = 2000


@transaction.atomic
def rubric_save(
    *, fund: Fund, actor: User, criteria: list[dict[str, Any]]
) -> list[RubricCriterion]:
    """Replace the fund's rubric: each criterion a name, its maximum points and a description.

    Only until the first member scores: after that every member must have scored the same
    criteria, so the rubric stays as it is. A fund that awards by a random draw has none
    (`rubric_refusal`): nobody scores its applications."""
    fund = fund_lock(fund)
    require_admin(actor, fund.sponsor)
    if why := rubric_refusal(fund):
        raise DomainError(why)
    if ranking.scoring_started(fund):
        raise DomainError(
            f"The committee has started scoring the {fund.name}, so its rubric can no longer "
            "change: every member scores on the same criteria."
        )
    fields: dict[str, str] = {}
    seen: set[str] = set()
    # An empty row (a spare line of the page's form) is skipped; a problem is keyed by the row's
    # place in the list as sent, so the page puts it beside the field the person filled.
    kept = [
        (index, c)
        for index, c in enumerate(criteria)
        if (c.get("name") or "").strip() or c.get("max_points")
    ]
    rows = [row for _, row in kept]
    if len(rows) > MAX_CRITERIA:
        raise DomainError(f"A rubric has at most {MAX_CRITERIA} criteria.")
    for index, row in kept:
        name = " ".join((row.get("name") or "").split())
        points = row.get("max_points")
        if not name:
            fields[f"{index}-name"] = "Name the criterion."
        elif name.casefold() in seen:
            fields[f"{index}-name"] = f"“{name}” is already in the rubric."
        seen.add(name.casefold())
        if points is None or not 1 <= int(points) <= MAX_POINTS:
            fields[f"{index}-max_points"] = f"Give the most points, from 1 to {MAX_POINTS}."
    if fields:
        raise ProblemsError([], fields=fields)
    RubricCriterion.objects.filter(fund=fund).delete()
    saved = RubricCriterion.objects.bulk_create(
        RubricCriterion(
            fund=fund,
            position=index,
            name=" ".join(row["name"].split()),
            description=(row.get("description") or "").strip()[:300],
            max_points=int(row["max_points"]),
        )
        for index, row in enumerate(rows)
    )
    audit_record(
        actor=actor,
        verb="scholarship.rubric_saved",
        target=fund,
        data={"criteria": [[c.name, c.max_points] for c in saved]},
    )
    return saved


def committee_left_out(user: Any, application: ScholarshipApplication) -> str:
    """Why this member is left out of the application ('' when they are not): their own, another
    one to a fund where theirs waits (it competes with it), or a conflict they declared. The
    pages and the API refuse them before anything else."""
    if application.applicant_id == getattr(user, "pk", None):
        return "This is your own application: you are left out of it."
    return competing_reason(user, application.fund) or conflict_reason(
        user, people={application.applicant_id}, colleague=COLLEAGUE
    )


def _require_scorer(actor: Any, application: ScholarshipApplication) -> None:
    fund = application.fund
    if not is_sponsor_member(actor, fund.sponsor_id):
        raise DomainError(f"Only {fund.sponsor.name}'s committee scores applications to it.")
    if application.applicant_id == getattr(actor, "pk", None):
        raise OwnCaseError("This is your own application. " + own_case_message(COLLEAGUE))
    require_not_competing(actor, fund)
    require_not_own(actor, people={application.applicant_id}, colleague=COLLEAGUE)
    if why := scoring_refusal(fund):
        raise DomainError(why)


@transaction.atomic
def scorecard_save(
    *,
    application: ScholarshipApplication,
    actor: User,
    scores: dict[int, tuple[int | None, str]],
) -> Scorecard:
    """Save one member's scores (criterion id → points, comment) for one application.

    Every member has their own card (one row each, unique), so two members saving at the same
    moment never overwrite each other; a member saving again replaces their own scores."""
    application = application_lock(application)
    _require_scorer(actor, application)
    if application.status != ScholarshipApplication.Status.SUBMITTED:
        raise DomainError("This application is decided, so its scores can no longer change.")
    criteria = ranking.criteria_of(application.fund)
    if not criteria:
        raise DomainError(
            f"The {application.fund.name} has no rubric yet: its administrators set one first."
        )
    fields: dict[str, str] = {}
    for c in criteria:
        points, _comment = scores.get(c.pk, (None, ""))
        if points is None:
            fields[f"points_{c.pk}"] = f"Score “{c.name}” from 0 to {c.max_points}."
        elif not 0 <= points <= c.max_points:
            fields[f"points_{c.pk}"] = f"“{c.name}” is scored from 0 to {c.max_points}."
    if fields:
        raise ProblemsError([], fields=fields)
    total = sum(int(scores[c.pk][0] or 0) for c in criteria)
    card, _ = Scorecard.objects.update_or_create(
        application=application, member=actor, defaults={"total_points": total}
    )
    for c in criteria:
        points, comment = scores[c.pk]
        CriterionScore.objects.update_or_create(
            scorecard=card,
            criterion=c,
            defaults={"points": int(points or 0), "comment": (comment or "").strip()[:COMMENT_MAX]},
        )
    audit_record(
        actor=actor,
        verb="scholarship.scored",
        target=application,
        data={"total": total, "out_of": ranking.rubric_total(criteria)},
    )
    return card


@transaction.atomic
def committee_conflict_declare(
    *, application: ScholarshipApplication, actor: User, reason: str
) -> ConflictDeclaration:
    """A member declares a conflict with the applicant: from then on they are left out of the
    application (not shown it, not scoring it, not counted in its mean) and of any decision
    about the person (ADR 0022's declaration, the one model for every decider)."""
    application = application_lock(application)
    fund = application.fund
    if not is_sponsor_member(actor, fund.sponsor_id):
        raise DomainError(f"Only {fund.sponsor.name}'s committee declares conflicts on it.")
    if application.applicant_id == actor.pk:
        raise DomainError("This is your own application: you are left out of it anyway.")
    return conflict_declare(actor=actor, reason=reason, person=application.applicant)


@dataclass
class Confirmed:
    awarded: list[ScholarshipApplication]
    declined: list[ScholarshipApplication]
    draw: Draw | None


def _tie_draw(*, fund: Fund, actor: User, pool: list[int], places: int, seed: str) -> Draw:
    winners = draw_pick(seed=seed, pool=pool, places=places)
    number = (Draw.objects.filter(fund=fund).aggregate(n=Max("number"))["n"] or 0) + 1
    draw = Draw.objects.create(
        fund=fund,
        number=number,
        seed=seed,
        pool=pool,
        places=places,
        winners=winners,
        drawn_by=actor,
        breaks_tie=True,
    )
    audit_record(
        actor=actor,
        verb="scholarship.drawn",
        target=draw,
        data={"seed": seed, "pool": pool, "winners": winners, "breaks_tie": True},
    )
    return draw


def committee_outline(*, fund: Fund, today: date | None = None) -> ranking.Plan:
    """What confirming the ranking would do today (the confirmation page, and the API before a
    confirmation): its `outcome` is what `committee_confirm` takes back as `outcome_seen`."""
    return ranking.plan(fund=fund, today=today or fund_today(fund), obstacles=award_obstacles)


@transaction.atomic
def committee_confirm(
    *,
    fund: Fund,
    actor: User,
    today: date | None = None,
    seed: str | None = None,
    outcome_seen: str | None = None,
) -> Confirmed:
    """The chair confirms the committee's ranking: the applications with the highest mean score
    are awarded, as many as the fund can still make; a tie for the last places is drawn at random
    (only once applications have closed); the other scored applications are told they were not
    awarded, and why. Unscored applications keep waiting. `outcome_seen` (the page's
    `Plan.outcome`) refuses a confirmation whose outcome changed since the chair read it.

    Under the fund's row lock, so confirming twice at once awards once: the second sees the first
    one's awards and has nothing left to confirm (and the fund's constraints forbid overspending).
    """
    fund = fund_lock(fund)
    today = today or fund_today(fund)
    if not confirms_awards(actor, fund):
        raise DomainError(f"Only the chair of the {fund.name} committee confirms its awards.")
    if fund.method != Fund.Method.COMMITTEE:
        raise DomainError(
            f"The {fund.name} awards by a random draw, not by the committee's scores."
        )
    waiting = list(
        ScholarshipApplication.objects.select_for_update(of=("self",))
        .filter(fund=fund, status=ScholarshipApplication.Status.SUBMITTED)
        .select_related("applicant")
    )
    require_not_own(actor, people={a.applicant_id for a in waiting}, colleague=COLLEAGUE)
    outline = committee_outline(fund=fund, today=today)
    if outline.places <= 0:
        raise DomainError(f"The {fund.name} has no award left to make.")
    if not (outline.awarded or outline.tie):
        raise DomainError(
            "No scored application can be awarded today: "
            + " ".join(r.obstacle for r in outline.ineligible)
            if outline.ineligible
            else "No scored application can be awarded: the committee scores applications first."
        )
    if outcome_seen is not None and outcome_seen != outline.outcome:
        raise DomainError(
            "The ranking changed since you opened the page (a score, an application or what the "
            "fund can still award), so nothing was confirmed. Here it is as it stands now: "
            "confirm again if you agree."
        )
    draw: Draw | None = None
    winners = list(outline.awarded)
    if outline.needs_draw:
        if problem := window_closed_problem(fund, today):
            raise DomainError(
                f"{len(outline.tie)} applications share the mean score for the last "
                f"{outline.tie_places} place{'s' if outline.tie_places != 1 else ''}, and ties "
                f"are drawn at random. {problem}"
            )
        pool = sorted(r.application.pk for r in outline.tie)
        draw = _tie_draw(
            fund=fund,
            actor=actor,
            pool=pool,
            places=outline.tie_places,
            seed=seed or secrets.token_hex(16),
        )
        drawn = set(draw.winners)
        winners += [r for r in outline.tie if r.application.pk in drawn]
        losers = [r for r in outline.tie if r.application.pk not in drawn]
    else:
        winners += outline.tie
        losers = []
    criteria = ranking.criteria_of(fund)
    out_of = ranking.rubric_total(criteria)
    ranked = len(outline.awarded) + len(outline.tie) + len(outline.below)
    when = long_date(today)
    awarded = []
    for row in winners:
        tied = draw is not None and row.application.pk in draw.pool
        reason = (
            f"Ranked {row.rank} of {ranked} by the committee's mean score "
            f"({row.mean_text} out of {out_of}); confirmed by the chair on {when}."
            + (
                f" Drawn at random among the tied applications (draw {draw.number})."
                if tied and draw
                else ""
            )
        )
        application_award(
            application=row.application,
            actor=actor,
            reason=reason,
            today=today,
            draw=draw if tied else None,
        )
        awarded.append(row.application)
    declined = []
    for row in [*losers, *outline.below]:
        tied = draw is not None and row.application.pk in draw.pool
        reason = (
            f"Ranked {row.rank} of {ranked} by the committee's mean score "
            f"({row.mean_text} out of {out_of}); the fund's awards went to the applications "
            f"ranked higher, confirmed by the chair on {when}."
            + (
                f" Not drawn among the tied applications (draw {draw.number})."
                if tied and draw
                else ""
            )
        )
        declined.append(
            decline_locked(
                application=application_lock(row.application), actor=actor, reason=reason, draw=draw
            )
        )
    for row in outline.ineligible:
        declined.append(
            decline_locked(
                application=application_lock(row.application),
                actor=actor,
                reason=f"Not awarded on {when}: {row.obstacle}",
            )
        )
    audit_record(
        actor=actor,
        verb="scholarship.confirmed",
        target=fund,
        data={
            "awarded": [a.pk for a in awarded],
            "declined": [a.pk for a in declined],
            "draw": draw.pk if draw else None,
        },
    )
    return Confirmed(awarded=awarded, declined=declined, draw=draw)
