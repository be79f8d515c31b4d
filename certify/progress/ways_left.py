"""The ways a set can still be shown once its portfolio was not met for good, in words: an
approved course where the set allows one, and a recognized college program where the program
recognizes graduates (its years to claim are more than 0: `plan_rows.set_rows`' `programmes`).
One place for every message that says so (the plan, the portfolio's page, the result e-mail,
the task list, the route refusal)."""

from typing import Any

COURSE = "an approved course"
PROGRAMME = "a recognized college program"


def ways_left_of(
    *, competency_set: Any, program: Any = None, programmes: bool | None = None
) -> list[str]:
    """`COURSE` and `PROGRAMME`, those of them left. `programmes` (whether the program
    recognizes graduates) is read from `program` when not given."""
    if programmes is None:
        programmes = bool(getattr(program, "recognised_programme_years", 0))
    ways = [COURSE] if competency_set.allows_route("course") else []
    if programmes:
        ways.append(PROGRAMME)
    return ways


def ways_left(*, competency_set: Any, program: Any = None, programmes: bool | None = None) -> str:
    """ "an approved course or a recognized college program", either one alone, or "" when
    neither is left (`ways_left_of`, in words)."""
    return " or ".join(
        ways_left_of(competency_set=competency_set, program=program, programmes=programmes)
    )
