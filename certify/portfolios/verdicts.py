"""The portfolio rule, in one place (the program's "Ways to show competence": portfolio).

Each reviewer rates every competency Met, Partially met or Not met, and so reaches a verdict on
the set: Met when at least the program's share of its competencies are Met (the case's
`portfolio_met_percent`, 70 % for LSSCP; a required argument, so no caller silently judges by
LSSCP's number) and none is Not met; Not met when any is Not met; Partially met otherwise. Two
verdicts combine: Met + Met or Met + Partially met passes; both Partially met, or either Not met,
asks for more evidence, once; after the resubmission the same rule decides, and a second failure
is final for the portfolio route.
"""

from collections.abc import Iterable

from django.db import models


class Rating(models.TextChoices):
    MET = "met", "Met"
    PARTIAL = "partial", "Partially met"
    NOT_MET = "not_met", "Not met"


class Outcome(models.TextChoices):
    PASSED = "passed", "Met: the set is complete"
    MORE_EVIDENCE = "more_evidence", "More evidence needed"
    FAILED = "failed", "Not met: final for the portfolio route"


def reviewer_verdict(ratings: Iterable[str], *, met_percent: int) -> Rating:
    """One reviewer's verdict on a set from their rating of every competency, Met from
    `met_percent` % of them Met (the case's `portfolio_met_percent`)."""
    values = list(ratings)
    if not values:
        raise ValueError("A verdict needs at least one rating.")
    if any(r == Rating.NOT_MET for r in values):
        return Rating.NOT_MET
    met = sum(1 for r in values if r == Rating.MET)
    # Integer arithmetic: exactly "at least met_percent % of the competencies".
    if met * 100 >= met_percent * len(values):
        return Rating.MET
    return Rating.PARTIAL


def combined_outcome(
    first: str, second: str, *, attempt: int, resubmissions_allowed: int
) -> Outcome:
    """The two reviewers' verdicts together, for the given attempt (1 = first submission), with
    the program's number of resubmissions (no default: LSSCP's one is not every program's)."""
    verdicts = {first, second}
    if Rating.NOT_MET not in verdicts and Rating.MET in verdicts:
        return Outcome.PASSED
    if attempt <= resubmissions_allowed:
        return Outcome.MORE_EVIDENCE
    return Outcome.FAILED


def minimum_met(count: int, *, met_percent: int) -> int:
    """The fewest Met ratings that reach the threshold for a set of `count` competencies."""
    return -(-met_percent * count // 100)
