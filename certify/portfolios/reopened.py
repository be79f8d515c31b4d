"""What an administrator reads when they open an account again (`accounts.api.reopened_words`,
ADR 0007): the reviews that ended or went back with the account are not restored, and what
waits on the account now waits again."""

from certify.accounts.api import reopened_words
from certify.accounts.models import User
from certify.core.models import AuditEvent
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.selectors import submission_list_for_staff
from certify.portfolios.services.ended_reviewer import DEACTIVATED

WAITING = (
    "Not restored: reviews of this person's portfolio that ended with the account stay ended, "
    "and nobody takes them over by themselves. {versions} listed again under “Waiting for "
    "reviewers” in Portfolio reviews: choose the reviewers there, or press “Assign "
    "automatically”."
)
GIVEN_BACK = (
    "Not given back to them: {reviews} this person had open went to other reviewers (or to "
    "staff) when the account was deactivated, and stay there. Their reviewer role is kept: "
    "assign them new reviews as usual."
)


@reopened_words
def portfolio_reviews_words(user: User) -> list[str]:
    said = []
    waiting = (
        submission_list_for_staff(needs_reviewers=True)
        .filter(portfolio__planned_set__application__candidate_id=user.pk)
        .count()
    )
    if waiting:
        versions = "Its submitted version is" if waiting == 1 else f"Its {waiting} versions are"
        said.append(WAITING.format(versions=versions))
    withdrawn = ReviewAssignment.objects.filter(
        reviewer_id=user.pk, status=ReviewAssignment.Status.WITHDRAWN
    ).values_list("pk", flat=True)
    given_back = AuditEvent.objects.filter(
        verb="review.withdrawn",
        target_type=ReviewAssignment._meta.label_lower,
        target_id__in=[str(pk) for pk in withdrawn],
        reason=DEACTIVATED,
    ).count()
    if given_back:
        reviews = "1 review" if given_back == 1 else f"{given_back} reviews"
        said.append(GIVEN_BACK.format(reviews=reviews))
    return said
