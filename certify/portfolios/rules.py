import rules

from certify.accounts.api import is_program_staff, is_reviewer


@rules.predicate
def is_portfolio_owner(user, portfolio) -> bool:
    return portfolio is not None and portfolio.planned_set.application.candidate_id == user.pk


@rules.predicate
def is_assigned_reviewer(user, portfolio) -> bool:
    from certify.portfolios.models import ReviewAssignment

    return (
        portfolio is not None
        and ReviewAssignment.objects.filter(submission__portfolio=portfolio, reviewer=user)
        .exclude(status=ReviewAssignment.Status.WITHDRAWN)
        .exists()
    )


rules.add_perm(
    "portfolios.view_portfolio",
    is_portfolio_owner | is_program_staff | (is_reviewer & is_assigned_reviewer),
)
rules.add_perm("portfolios.edit_portfolio", is_portfolio_owner)
rules.add_perm("portfolios.review", is_reviewer)
rules.add_perm("portfolios.manage_reviews", is_program_staff)
rules.add_perm("portfolios", is_program_staff)
for model in ("reviewerprofile",):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"portfolios.{action}_{model}", is_program_staff)
