import rules

from certify.accounts.api import is_program_staff, is_reviewer


@rules.predicate
def is_portfolio_owner(user, portfolio) -> bool:
    return portfolio is not None and portfolio.planned_set.application.candidate_id == user.pk


@rules.predicate
def is_assigned_reviewer(user, portfolio) -> bool:
    """A live assignment on the version the portfolio now is (`certify/portfolios/access.py`):
    not after the verdict, not once withdrawn, never a later version's work."""
    from certify.portfolios.access import sees_portfolio

    return sees_portfolio(user, portfolio)


@rules.predicate
def has_reviewed(user, portfolio) -> bool:
    """Assigned to any version of it, ever (a finished or withdrawn review included): they know
    it exists, so a refusal may say so (403) rather than answer as an unknown id."""
    from certify.portfolios.models import ReviewAssignment

    return (
        portfolio is not None
        and ReviewAssignment.objects.filter(
            reviewer_id=user.pk, submission__portfolio=portfolio
        ).exists()
    )


@rules.predicate
def is_evidence_owner(user, item) -> bool:
    return (
        item is not None and item.response.portfolio.planned_set.application.candidate_id == user.pk
    )


@rules.predicate
def is_evidence_reviewer(user, item) -> bool:
    """The item is in the version of one of the user's live assignments (`access.py`)."""
    from certify.portfolios.access import sees_evidence

    return item is not None and sees_evidence(user, item)


rules.add_perm(
    "portfolios.view_portfolio",
    is_portfolio_owner | is_program_staff | (is_reviewer & is_assigned_reviewer),
)
# Who knows the portfolio exists: a refusal to anyone else answers as an unknown id (404).
rules.add_perm(
    "portfolios.know_of", is_portfolio_owner | is_program_staff | (is_reviewer & has_reviewed)
)
# One evidence file: the same people, but a reviewer only the items of the version they review.
rules.add_perm(
    "portfolios.view_evidence",
    is_evidence_owner | is_program_staff | (is_reviewer & is_evidence_reviewer),
)
rules.add_perm("portfolios.edit_portfolio", is_portfolio_owner)
rules.add_perm("portfolios.review", is_reviewer)
rules.add_perm("portfolios.manage_reviews", is_program_staff)
rules.add_perm("portfolios", is_program_staff)
for model in ("reviewerprofile",):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"portfolios.{action}_{model}", is_program_staff)
