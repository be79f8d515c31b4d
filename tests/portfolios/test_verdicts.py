"""The portfolio rule over every combination of ratings for sets of 8 to 16 competencies."""

import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certify.portfolios.verdicts import (
    Outcome,
    Rating,
    combined_outcome,
    minimum_met,
    reviewer_verdict,
)

M, P, N = Rating.MET, Rating.PARTIAL, Rating.NOT_MET
LSSCP = 70  # LSSCP's portfolio_met_percent


def expected_verdict(met: int, partial: int, not_met: int) -> Rating:
    """The program's rule, written independently: Met needs >= 70 % Met and no Not met."""
    total = met + partial + not_met
    if not_met:
        return N
    return M if met / total >= 0.7 - 1e-12 else P


@pytest.mark.parametrize("size", range(8, 17))
def test_every_count_combination_gives_the_rule_verdict(size):
    for met in range(size + 1):
        for partial in range(size - met + 1):
            not_met = size - met - partial
            ratings = [M] * met + [P] * partial + [N] * not_met
            assert reviewer_verdict(ratings, met_percent=LSSCP) == expected_verdict(
                met, partial, not_met
            ), (
                size,
                met,
                partial,
                not_met,
            )


@pytest.mark.parametrize(
    ("size", "needed"),
    [(8, 6), (9, 7), (10, 7), (11, 8), (12, 9), (13, 10), (14, 10), (15, 11), (16, 12)],
)
def test_the_70_percent_boundary(size, needed):
    assert minimum_met(size, met_percent=LSSCP) == needed
    assert reviewer_verdict([M] * needed + [P] * (size - needed), met_percent=LSSCP) == M
    assert reviewer_verdict([M] * (needed - 1) + [P] * (size - needed + 1), met_percent=LSSCP) == P


def test_one_not_met_decides_even_with_everything_else_met():
    assert reviewer_verdict([M] * 15 + [N], met_percent=LSSCP) == N


@given(st.lists(st.sampled_from([M, P, N]), min_size=8, max_size=16), st.randoms())
def test_the_order_of_ratings_does_not_matter(ratings, rnd):
    shuffled = list(ratings)
    rnd.shuffle(shuffled)
    assert reviewer_verdict(shuffled, met_percent=LSSCP) == reviewer_verdict(
        ratings, met_percent=LSSCP
    )


PASSING = {(M, M), (M, P), (P, M)}


@pytest.mark.parametrize(("first", "second"), list(itertools.product([M, P, N], repeat=2)))
def test_two_verdicts_combine_as_product_says(first, second):
    first_try = combined_outcome(first, second, attempt=1, resubmissions_allowed=1)
    second_try = combined_outcome(first, second, attempt=2, resubmissions_allowed=1)
    if (first, second) in PASSING:
        assert first_try == second_try == Outcome.PASSED
    else:
        assert first_try == Outcome.MORE_EVIDENCE  # asked once for more evidence
        assert second_try == Outcome.FAILED  # a second failure is final


def test_a_program_may_allow_more_resubmissions():
    assert combined_outcome(P, P, attempt=2, resubmissions_allowed=2) == Outcome.MORE_EVIDENCE
    assert combined_outcome(P, P, attempt=3, resubmissions_allowed=2) == Outcome.FAILED


def test_a_verdict_needs_ratings():
    with pytest.raises(ValueError, match=r"^A verdict needs at least one rating\.$"):
        reviewer_verdict([], met_percent=LSSCP)


@pytest.mark.database_free
def test_the_threshold_is_required_so_no_caller_judges_by_lsscps_number():
    with pytest.raises(TypeError, match="met_percent"):
        reviewer_verdict([M])  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="met_percent"):
        minimum_met(10)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="resubmissions_allowed"):
        combined_outcome(P, P, attempt=1)  # type: ignore[call-arg]
    # Another program's threshold decides: 7 of 10 Met passes at 70 % but not at 80 %.
    assert reviewer_verdict([M] * 7 + [P] * 3, met_percent=80) == P


@pytest.mark.parametrize("met_percent", [50, 60, 70, 75, 80, 100])
def test_the_threshold_is_exact_for_any_set_size(met_percent):
    # Sets larger than LSSCP's too: 30 of 43 is 69.8 %, not 70 %; integer arithmetic must not
    # round it up. minimum_met is the fewest Met ratings that give the verdict Met.
    for size in range(1, 61):
        needed = minimum_met(size, met_percent=met_percent)
        assert Fraction(needed, size) >= Fraction(met_percent, 100) > Fraction(needed - 1, size)
        for met in range(size + 1):
            verdict = reviewer_verdict([M] * met + [P] * (size - met), met_percent=met_percent)
            assert (verdict == M) is (met >= needed), (size, met)


def test_thirty_of_forty_three_is_partially_met():
    assert minimum_met(43, met_percent=LSSCP) == 31
    assert reviewer_verdict([M] * 30 + [P] * 13, met_percent=LSSCP) == P
    assert reviewer_verdict([M] * 31 + [P] * 12, met_percent=LSSCP) == M
