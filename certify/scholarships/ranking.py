"""The committee's ranking of a fund's waiting applications: reads, no writes (ADR 0050).

Each member scores an application on the fund's rubric; its score is the mean of the totals of
the members who scored it. Members who declared a conflict with the applicant are left out: their
card (if they scored before declaring) does not count, and their absence does not lower the mean.
So are members whose own application to the fund waits, from every other application to it.
The award order is the mean score, highest first; applications tied for the last places are
drawn at random (`plan`), which the chair confirms.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch, QuerySet

from certify.accounts.api import conflict_pairs, listed_name, references_attach
from certify.scholarships.models import (
    CriterionScore,
    Fund,
    RubricCriterion,
    ScholarshipApplication,
    Scorecard,
    SponsorMember,
)
from certify.scholarships.selectors import EligibilityReader


@dataclass
class Ranked:
    """One waiting application as the committee sees it."""

    application: ScholarshipApplication
    mean: Fraction | None = None  # None: no member scored it yet
    scorers: int = 0
    conflicted: frozenset[int] = frozenset()  # members left out of it
    mine: Scorecard | None = None  # the viewer's own card
    rank: int = 0
    obstacle: str = ""  # why it cannot be awarded today ("" when it can)

    @property
    def mean_text(self) -> str:
        if self.mean is None:
            return "—"
        value = Decimal(self.mean.numerator) / Decimal(self.mean.denominator)
        return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    @property
    def name(self) -> str:
        # Never a closure's placeholder name: "Account closed (candidate …)" (ADR 0016).
        return listed_name(self.application.applicant)


def left_to_score(row: Ranked, member: Any) -> bool:
    """Whether `row` is still `member`'s to score: they have no saved card on it (a card is saved
    whole, every criterion scored; there are no drafts), it is not their own, and they are not
    left out of it (a conflict, or their own application to the fund waiting)."""
    return (
        row.mine is None
        and row.application.applicant_id != member.pk
        and member.pk not in row.conflicted
    )


def criteria_of(fund: Fund) -> list[RubricCriterion]:
    return list(RubricCriterion.objects.filter(fund=fund).order_by("position", "id"))


def rubric_total(criteria: list[RubricCriterion]) -> int:
    return sum(c.max_points for c in criteria)


def committee_ids(fund: Fund) -> set[int]:
    """The people who score for the fund: its sponsor's administrators and committee."""
    return set(
        SponsorMember.objects.filter(sponsor_id=fund.sponsor_id).values_list("user_id", flat=True)
    )


def scoring_started(fund: Fund) -> bool:
    return Scorecard.objects.filter(application__fund=fund).exists()


def waiting_applications(fund: Fund) -> QuerySet[ScholarshipApplication]:
    return (
        ScholarshipApplication.objects.filter(
            fund=fund, status=ScholarshipApplication.Status.SUBMITTED
        )
        .select_related("applicant")
        .order_by("id")
    )


def ranking(*, fund: Fund, viewer: Any = None) -> list[Ranked]:
    """Every waiting application with its mean score, best first (unscored last, by number).

    A fixed number of queries, however many applications and members: the applications, the
    members, the cards, the conflicts (plus one per person when a library was declared; one
    for the references of closed accounts, when there are any).
    """
    applications = list(waiting_applications(fund))
    references_attach(a.applicant for a in applications)  # none unless an account is closed
    members = committee_ids(fund)
    cards = list(
        Scorecard.objects.filter(application__in=applications, member_id__in=members).order_by("id")
    )
    pairs = conflict_pairs(people={a.applicant_id for a in applications}, candidates=members)
    viewer_id = getattr(viewer, "pk", None)
    # Members whose own application waits are left out of the others: they compete with them.
    competing = {a.applicant_id for a in applications} & members
    rows: list[Ranked] = []
    for application in applications:
        left_out = frozenset(
            m for m, person in pairs if person == application.applicant_id and m in members
        ) | (competing - {application.applicant_id})
        counted = [
            c
            for c in cards
            if c.application_id == application.pk
            and c.member_id not in left_out
            and c.member_id != application.applicant_id
        ]
        rows.append(
            Ranked(
                application=application,
                mean=Fraction(sum(c.total_points for c in counted), len(counted))
                if counted
                else None,
                scorers=len(counted),
                conflicted=left_out,
                mine=next(
                    (
                        c
                        for c in cards
                        if c.application_id == application.pk and c.member_id == viewer_id
                    ),
                    None,
                ),
            )
        )
    rows.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.application.pk))
    rank = 0
    previous: Fraction | None = None
    for index, row in enumerate(rows, start=1):
        if row.mean is None:
            continue
        if row.mean != previous:
            rank, previous = index, row.mean
        row.rank = rank
    return rows


def scorecards_for(*, application: ScholarshipApplication) -> list[Scorecard]:
    """The members' cards on one application, with their scores (for the members who scored)."""
    return list(
        Scorecard.objects.filter(application=application)
        .select_related("member")
        .prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.select_related("criterion"))
        )
        .order_by("scored_at", "id")
    )


@dataclass(frozen=True)
class CardsSeen:
    """One member's view of an application's scorecards."""

    mine: Scorecard | None
    others: list[Scorecard]  # the other members' cards, once this member may see them
    hidden: int  # the cards kept from this member (scoring blind: none once they have scored)
    decided: bool  # awarded, declined or withdrawn: nothing is hidden, nothing is scored


def scorecards_seen_by(*, application: ScholarshipApplication, member: Any) -> CardsSeen:
    """A member scores blind: the other members' cards stay hidden until this member has scored
    the application or it is decided (awarded, declined, withdrawn)."""
    cards = scorecards_for(application=application)
    mine = next((c for c in cards if c.member_id == member.pk), None)
    decided = application.status != ScholarshipApplication.Status.SUBMITTED
    if mine is not None or decided:
        return CardsSeen(mine, [c for c in cards if c.member_id != member.pk], 0, decided)
    return CardsSeen(None, [], len(cards), decided)


@dataclass
class Plan:
    """What confirming the ranking would do today."""

    places: int
    awarded: list[Ranked] = field(default_factory=list)  # certain of a place
    tie: list[Ranked] = field(default_factory=list)  # tied for the last places: drawn
    tie_places: int = 0
    below: list[Ranked] = field(default_factory=list)  # ranked, but no place left
    ineligible: list[Ranked] = field(default_factory=list)  # scored, cannot be awarded today
    unscored: list[Ranked] = field(default_factory=list)  # nobody scored it yet: stays waiting

    @property
    def needs_draw(self) -> bool:
        return bool(self.tie) and len(self.tie) > self.tie_places

    @property
    def outcome(self) -> str:
        """What confirming decides, as text the confirmation page sends back: who is awarded,
        who goes into the tie's draw, who is told no. Scores that change none of it match."""

        def ids(rows: list[Ranked]) -> str:
            return ",".join(str(pk) for pk in sorted(r.application.pk for r in rows))

        return (
            f"awarded:{ids(self.awarded)};drawn:{self.tie_places} of {ids(self.tie)};"
            f"declined:{ids(self.below + self.ineligible)}"
        )


def plan(*, fund: Fund, today: date, obstacles: Any) -> Plan:
    """The awards confirming would make: the highest means, as many as the fund can still make.

    `obstacles(application, today)` says why an application cannot be awarded (the awards
    service's check, passed in so reads do not import writes).
    """
    result = Plan(places=fund.awards_left)
    eligible: list[Ranked] = []
    for row in ranking(fund=fund):
        if row.mean is None:
            result.unscored.append(row)
            continue
        row.application.fund = fund
        if why := obstacles(application=row.application, today=today):
            row.obstacle = " ".join(why)
            result.ineligible.append(row)
        else:
            eligible.append(row)
    places = result.places
    if len(eligible) <= places:
        result.awarded = eligible
        return result
    cut = eligible[places - 1].mean if places > 0 else None
    if cut is None:
        result.below = eligible
        return result
    result.awarded = [r for r in eligible if r.mean is not None and r.mean > cut]
    tied = [r for r in eligible if r.mean == cut]
    result.tie_places = places - len(result.awarded)
    if len(tied) == result.tie_places:
        result.awarded += tied
    else:
        result.tie = tied
    result.below = [r for r in eligible if r.mean is not None and r.mean < cut]
    return result


def reader_for(application: ScholarshipApplication, today: date) -> EligibilityReader:
    return EligibilityReader(user=application.applicant, today=today)
