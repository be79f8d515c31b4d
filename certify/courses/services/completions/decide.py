"""A decision on a completion by its provider or program staff: both doors call this one.

A completion the candidate did not expect (awaiting their answer) is answered for them; any
other is confirmed or rejected with a reason.
"""

from typing import Literal

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.courses.models import CourseCompletion
from certify.courses.services.completions.expected import completion_answer
from certify.courses.services.completions.recorded import completion_confirm, completion_reject

Decided = Literal["answered", "confirmed", "rejected"]
DECISIONS = ("confirm", "reject")
DECISION_REQUIRED = "Choose confirm or do not confirm."


def completion_decide(
    *, completion: CourseCompletion, actor: User, decision: str, reason: str = ""
) -> Decided:
    """`decision` is "confirm" or "reject"; returns what was done."""
    if decision not in DECISIONS:
        raise DomainError(DECISION_REQUIRED, field="decision")
    if completion.status == CourseCompletion.Status.AWAITING:
        # One the candidate did not expect: other program staff may answer for them.
        completion_answer(completion=completion, actor=actor, completed=decision == "confirm")
        return "answered"
    if decision == "confirm":
        completion_confirm(completion=completion, actor=actor)
        return "confirmed"
    completion_reject(completion=completion, actor=actor, reason=reason)
    return "rejected"
