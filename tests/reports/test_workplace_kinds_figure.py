"""The staff reports' "kind of workplace" figure speaks each program's words and counts its own
kinds (ADR 0055): RMT's organizations by its four kinds, LSSCP's types of library, none for a
program that asks no kind (tests/programs/second_program.py sets RMT up as its staff would)."""

from datetime import date

import pytest

from certify.programs.setup import program_settings_update
from certify.reports.filters import Filters
from certify.reports.selectors import staff as figures
from tests.programs.second_program import rmt_set_up
from tests.reports.conftest import applicant

ACCEPTED = "accepted"


def _in(program=None) -> Filters:
    return Filters(start=date(2025, 1, 1), end=date(2025, 12, 31), program=program)


@pytest.fixture
def rmt(lsscp, staff):
    return rmt_set_up(staff)


def test_one_program_is_counted_by_its_own_kinds_in_its_words(rmt, lsscp):
    applicant(rmt, submitted=date(2025, 2, 1), library_types=("government", "health_car"))
    applicant(rmt, submitted=date(2025, 2, 1), status=ACCEPTED, library_types=("government",))
    applicant(lsscp, submitted=date(2025, 2, 1), library_types=("public",))

    figure = figures.candidates_by_library_type(filters=_in(rmt))

    assert figure.title == "Candidates by application status and type of organization"
    assert figure.columns[0].label == "Type of organization"
    assert "library" not in figure.caption
    assert figure.rows == [
        ["Government", 1, 0, 1, 0, 0, 2],
        ["Health care", 1, 0, 0, 0, 0, 1],
    ]


def test_lsscp_keeps_its_types_of_library(lsscp):
    applicant(lsscp, submitted=date(2025, 2, 1), library_types=("school", "public"))

    figure = figures.candidates_by_library_type(filters=_in(lsscp))

    assert figure.title == "Candidates by application status and type of library"
    assert figure.rows == [["Public", 1, 0, 0, 0, 0, 1], ["School", 1, 0, 0, 0, 0, 1]]


def test_over_all_programs_each_row_names_its_program_and_kind(rmt, lsscp):
    applicant(rmt, submitted=date(2025, 2, 1), library_types=("nonprofit",))
    applicant(lsscp, submitted=date(2025, 2, 1), library_types=("public",))

    figure = figures.candidates_by_library_type(filters=_in())

    assert [c.label for c in figure.columns[:2]] == ["Program", "Kind of workplace"]
    assert sorted(r[:3] for r in figure.rows) == [["LSSCP", "Public", 1], ["RMT", "Nonprofit", 1]]


def test_a_kind_taken_away_shows_by_its_code_and_a_program_without_kinds_has_no_rows(rmt, staff):
    applicant(rmt, submitted=date(2025, 2, 1), library_types=("business",))
    eligibility = {"workplace_kinds": ["Government", "Health care", "Nonprofit"]}
    rmt = program_settings_update(program=rmt, actor=staff, section="eligibility", data=eligibility)

    assert figures.candidates_by_library_type(filters=_in(rmt)).rows == [
        ["business", 1, 0, 0, 0, 0, 1]
    ]

    rmt = program_settings_update(
        program=rmt, actor=staff, section="eligibility", data={"workplace_kinds": []}
    )
    applicant(rmt, submitted=date(2025, 3, 1), library_types=("",))
    figure = figures.candidates_by_library_type(filters=_in(rmt))
    assert "asks candidates no kind" in figure.caption
