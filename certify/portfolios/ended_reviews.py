"""What a reviewer reads when she opens her own review after it was withdrawn (ADR 0007): the
`review.assigned` e-mail's link, a bookmark, her browser's history. The review ended, why in
her words, and that nothing more is needed: her queue is the next step.

It is her own review, so saying it ended reveals nothing an unknown id hides: someone else's
review, withdrawn or not, still answers as an unknown id (404), and a person without the
reviewer role is refused whatever the id (`views._assignment`). Nothing of the candidate is
said: the set's name only, as in the e-mail she was sent.

Why it ended is read from the withdrawal's audit row (`review.withdrawn`, its reason): the
closure's or a deactivation's words (`closed_candidate`), a give-back's (her role ended, her
account was deactivated, she declared a conflict), and none when staff gave the review to
another reviewer."""

from certify.core.models import AuditEvent
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services import closed_candidate, conflicted_reviewer, ended_reviewer

HEADING = "This review ended"
NOTHING_MORE = "Nothing more is needed from you: the reviews you have open are in your list."

CANDIDATE_CLOSED = (
    "The candidate closed their account, so Certify ended the review of this portfolio: nobody "
    "reviews it any more."
)
CANDIDATE_DEACTIVATED = (
    "An administrator deactivated the candidate's account, so Certify ended the review of this "
    "portfolio: nobody reviews it while the account is not active."
)
ROLE_ENDED = (
    "Your reviewer role ended, so Certify gave this review to another reviewer (or program staff "
    "choose one)."
)
YOU_DEACTIVATED = (
    "Your account was deactivated, so Certify gave this review to another reviewer (or program "
    "staff choose one)."
)
CONFLICT = (
    "You declared a conflict of interest with this candidate, so Certify gave this review to "
    "another reviewer (or program staff choose one)."
)
REPLACED = "Program staff gave this review to another reviewer."

# The withdrawal's recorded reason → the reviewer's words.
_WORDS = {
    closed_candidate.ENDED: CANDIDATE_CLOSED,
    closed_candidate.ENDED_DEACTIVATED: CANDIDATE_DEACTIVATED,
    ended_reviewer.GIVEN_BACK: ROLE_ENDED,
    ended_reviewer.DEACTIVATED: YOU_DEACTIVATED,
    conflicted_reviewer.GIVEN_BACK: CONFLICT,
}


class ReviewEndedError(Exception):
    """The reviewer's own review was withdrawn: the views that load it answer with the page that
    says it ended (`refusals.review_refused`), the API with 410 and the same words."""

    def __init__(self, assignment: ReviewAssignment) -> None:
        self.why = review_ended_words(assignment)
        self.set_name = assignment.submission.portfolio.planned_set.competency_set.name
        super().__init__(self.why)


def review_ended_words(assignment: ReviewAssignment) -> str:
    """Why the withdrawn review ended, in its reviewer's words (one query): staff's
    replacement, whose reason is not recorded for her, when no known reason is."""
    reason = (
        AuditEvent.objects.filter(
            verb="review.withdrawn",
            target_type=ReviewAssignment._meta.label_lower,
            target_id=str(assignment.pk),
        )
        .order_by("-created_at", "-pk")
        .values_list("reason", flat=True)
        .first()
    )
    return _WORDS.get(reason or "", REPLACED)
