"""The completion deadline as a rule (ADR 0073): the one check every door of new work calls.

An accepted candidate finishes within the program's years of acceptance
(`Application.completion_deadline`, moved later by staff with `deadline_extend`). The deadline
is a day in the program's time zone and that day still counts; from the next day the candidate
submits no new work toward a set (a portfolio, a course completion of their own, a claim of a
recognized program, a choice of electives or of a route) until staff extend it. What was
submitted on or before the deadline is still reviewed and confirmed, and still counts.
"""

from datetime import date

from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.programs.api import program_today


def deadline_text(deadline: date) -> str:
    """The candidate's words for a passed deadline (pages, API, task list)."""
    return f"Your deadline to finish was {deadline:%B} {deadline.day}, {deadline.year}. " + (
        "Ask program staff for an extension."
    )


def deadline_has_passed(*, application: Application, today: date | None = None) -> bool:
    """True from the day after the deadline (in the program's time zone); never without one."""
    deadline = application.completion_deadline
    if deadline is None:
        return False
    return (today or program_today(application.program)) > deadline


def deadline_closed(*, application: Application, today: date | None = None) -> str:
    """The deadline's words once it has passed ("" before, and without one): what the pages say
    instead of offering new work the services would refuse."""
    deadline = application.completion_deadline
    if deadline is None or not deadline_has_passed(application=application, today=today):
        return ""
    return deadline_text(deadline)


def deadline_require_open(*, application: Application, today: date | None = None) -> None:
    """Refuse new work toward a set once the deadline has passed, in the candidate's words."""
    if closed := deadline_closed(application=application, today=today):
        raise DomainError(closed)


def deadline_covers(*, application: Application, day: date) -> bool:
    """Whether work done on `day` (e.g. a course completed then) is within the deadline as it
    stands now (an extension covers the days it adds)."""
    deadline = application.completion_deadline
    return deadline is None or day <= deadline
