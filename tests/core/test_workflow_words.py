"""The engine's refusal when a move cannot start from a subject's status (ADR 0018): where the
subject is now, in its status's label, and that the page used was out of date; the API's
`detail` says the same without the page, beside a machine code."""

import pytest

from certify.core.workflow_words import CODE, moved_on

pytestmark = pytest.mark.database_free


def test_a_move_to_where_the_subject_is_says_already():
    error = moved_on(
        noun="invoice", now="Void", targets=["Void"], current_status="void", move="void"
    )
    assert error.message == "This invoice is already “Void”: the page you used was out of date."
    assert error.detail == "This invoice is already “Void”."
    assert error.problem_extra == {"code": CODE, "current_status": "void", "move": "void"}


def test_a_move_elsewhere_names_the_status_now_and_the_one_asked_for():
    error = moved_on(
        noun="application",
        now="Withdrawn",
        targets=["Accepted"],
        current_status="withdrawn",
        move="accept",
    )
    assert error.message == (
        "This application is “Withdrawn” now, so it cannot become “Accepted”: "
        "the page you used was out of date."
    )


def test_a_move_with_several_ends_says_it_cannot_be_changed_this_way():
    error = moved_on(
        noun="course", now="Retired", targets=["Approved", "Draft"], current_status="r", move="m"
    )
    assert error.detail == "This course is “Retired” now, so it cannot be changed this way."
