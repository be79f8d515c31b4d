"""Random draws among eligible applicants: reproducible from a stored seed and list."""

import random
import secrets
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from certify.core.duties import OwnCaseError, own_case_message, require_not_own
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.scholarships.eligibility import long_date
from certify.scholarships.left_out import (
    APPLICANT,
    LEFT_OUT_HEADING,
    LeftOut,
    committee_words,
    left_out_entry,
)
from certify.scholarships.models import Draw, Fund, ScholarshipApplication
from certify.scholarships.selectors import fund_today
from certify.scholarships.services.applications import decline_locked
from certify.scholarships.services.award_rules import award_obstacles
from certify.scholarships.services.awards import application_award
from certify.scholarships.services.common import (
    fund_lock,
    require_confirmer,
    require_decider,
    window_closed_problem,
)
from certify.scholarships.workflows.sponsor import COLLEAGUE

NOT_IN_THE_DRAW = "you were not in this draw"


def draw_pick(*, seed: str, pool: list[int], places: int) -> list[int]:
    """The ids drawn: `places` of `pool`, in the order drawn, by a generator seeded with `seed`.

    Pure and deterministic: the same seed and the same ordered pool give the same winners, so
    anyone can re-run a stored draw. The seed itself comes from `secrets` (unpredictable);
    `random` only turns it into a choice, which is why a non-cryptographic generator is right.
    """
    generator = random.Random(seed)  # noqa: S311 - reproducible on purpose; the seed is secret
    return generator.sample(pool, min(places, len(pool)))


def draw_replay(*, draw: Draw) -> list[int]:
    """Run the stored draw again: the winners it must have produced."""
    return draw_pick(seed=draw.seed, pool=list(draw.pool), places=draw.places)


def draw_is_reproduced(*, draw: Draw) -> bool:
    return draw_replay(draw=draw) == list(draw.winners)


def draw_pool_count(*, fund: Fund, today: date | None = None) -> tuple[int, int]:
    """(waiting, eligible): the applications waiting for a decision, and how many of them meet
    the fund's rules today and so would go into a draw now, by the test `draw_run` applies.
    Reads only, for the confirmation page: the draw decides again under the fund's lock."""
    today = today or fund_today(fund)
    waiting = list(
        ScholarshipApplication.objects.filter(
            fund=fund, status=ScholarshipApplication.Status.SUBMITTED
        ).select_related("applicant")
    )
    eligible = 0
    for application in waiting:
        application.fund = fund
        eligible += not award_obstacles(application=application, today=today)
    return len(waiting), eligible


@transaction.atomic
def draw_run(
    *,
    fund: Fund,
    actor: Any,
    places: int | None = None,
    today: date | None = None,
    seed: str | None = None,
) -> Draw:
    """Draw awards at random among the fund's eligible applicants, and decide every application.

    The pool is every application waiting for a decision whose applicant meets the fund's rules
    today, ordered by id; the others are left out, with the reason stored. Winners are awarded
    (under the fund's lock, like any award); everyone else in the pool is told they were not
    drawn, and those left out why. `places` defaults to every award the fund can still make.
    """
    fund = fund_lock(fund)
    today = today or fund_today(fund)
    require_decider(actor, fund)
    if fund.method != Fund.Method.DRAW:
        raise DomainError(f"The {fund.name} awards by committee decision, not by a draw.")
    capacity = fund.awards_left
    if capacity <= 0:
        raise DomainError(f"The {fund.name} has no award left to draw.")
    if places is None:
        places = capacity
    if places < 1:
        raise DomainError("Draw at least one award.", field="places")
    if places > capacity:
        raise DomainError(
            f"The {fund.name} can make {capacity} more award{'s' if capacity != 1 else ''}: "
            f"draw {capacity} or fewer.",
            field="places",
        )
    waiting = list(
        ScholarshipApplication.objects.select_for_update(of=("self",))
        .filter(fund=fund, status=ScholarshipApplication.Status.SUBMITTED)
        .select_related("applicant")
        .order_by("id")
    )
    if any(a.applicant_id == getattr(actor, "pk", None) for a in waiting):
        raise OwnCaseError(
            "You applied to this fund yourself. " + own_case_message(COLLEAGUE),
        )
    # A declared conflict with any applicant in the draw: someone else runs it (ADR 0022).
    require_not_own(actor, people={a.applicant_id for a in waiting}, colleague=COLLEAGUE)
    require_confirmer(actor, fund)
    if problem := window_closed_problem(fund, today):
        raise DomainError(problem)
    pool: list[int] = []
    # Who was left out and why, by reference: the name is put in when the words are read.
    excluded: dict[str, LeftOut] = {}
    for application in waiting:
        application.fund = fund
        if obstacles := award_obstacles(application=application, today=today, name=APPLICANT):
            excluded[str(application.pk)] = left_out_entry(application=application, why=obstacles)
        else:
            pool.append(application.pk)
    if not pool:
        by_pk = {a.pk: a for a in waiting}
        raise DomainError(
            "No eligible application is waiting, so there is nobody to draw from."
            if not waiting
            else "None of the waiting applicants meets the fund's rules today: "
            + " ".join(
                committee_words(entry["why"], by_pk[int(pk)].applicant)
                for pk, entry in excluded.items()
            )
        )
    seed = seed or secrets.token_hex(16)
    winners = draw_pick(seed=seed, pool=pool, places=places)
    number = (Draw.objects.filter(fund=fund).aggregate(n=Max("number"))["n"] or 0) + 1
    draw = Draw.objects.create(
        fund=fund,
        number=number,
        seed=seed,
        pool=pool,
        excluded=excluded,
        places=places,
        winners=winners,
        drawn_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        verb="scholarship.drawn",
        target=draw,
        data={"seed": seed, "pool": pool, "winners": winners, "excluded": excluded},
    )
    by_id = {a.pk: a for a in waiting}
    when = long_date(today)
    for pk in winners:
        application_award(
            application=by_id[pk],
            actor=actor,
            reason=f"Drawn at random in draw {number} on {when}.",
            today=today,
            draw=draw,
        )
    chosen = set(winners)
    for pk in pool:
        if pk not in chosen:
            decline_locked(
                application=by_id[pk],
                actor=actor,
                reason=f"Not drawn in the random draw on {when} (draw {number}): "
                f"{len(winners)} award{'s' if len(winners) != 1 else ''} among {len(pool)} "
                "eligible applicants.",
                draw=draw,
            )
    for pk_text in excluded:
        # `excluded` keeps the committee's words (the draw's page); the applicant reads theirs.
        application = by_id[int(pk_text)]
        why = award_obstacles(application=application, today=today, outcome=NOT_IN_THE_DRAW)
        decline_locked(
            application=application,
            actor=actor,
            reason=LEFT_OUT_HEADING.format(when=when, number=number) + " ".join(why),
            draw=draw,
        )
    return draw
