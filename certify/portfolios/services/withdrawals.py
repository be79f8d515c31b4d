"""The one loop that withdraws reviews Certify ends or gives back (ADR 0007): the closure's and
a deactivation's (`closed_candidate`, audited `portfolio.review_ended`) and a reviewer's role
end, deactivation or declared conflict (`ended_reviewer.reviews_give_back`, audited
`portfolio.needs_reviewers`). The callers lock the rows first, in ADR 0007's order."""

from certify.core.services import audit_record
from certify.core.workflow import System, transition
from certify.portfolios.models import ReviewAssignment


def reviews_withdraw(
    assignments: list[ReviewAssignment], *, why: str, verb: str, reason: str, **data: object
) -> None:
    """Certify's `withdraw` move on each review (its row locked by the caller), `why` in its
    history, then the audit entry `verb` on its version with `reason`, the reviewer and the
    withdrawn review's id (and `data`). Ratings given so far stay on the withdrawn review."""
    actor = System(why=why)
    for assignment in assignments:
        transition(assignment, "withdraw", actor=actor, reason=reason)
        audit_record(
            actor=None,
            verb=verb,
            target=assignment.submission,
            reason=reason,
            data={"reviewer": assignment.reviewer_id, "withdrawn": assignment.pk, **data},
        )
