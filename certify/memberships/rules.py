import rules

from certify.accounts.api import is_candidate, is_program_staff, is_sponsor
from certify.memberships.services import can_decide


@rules.predicate
def is_membership_owner(user, membership) -> bool:
    return membership is not None and membership.user_id == user.pk


@rules.predicate
def may_decide_membership(user, membership) -> bool:
    return membership is not None and can_decide(user=user, organisation=membership.organisation)


rules.add_perm("memberships.record_membership", is_candidate)
rules.add_perm("memberships.change_own_membership", is_candidate & is_membership_owner)
rules.add_perm("memberships.view_queue", is_program_staff | is_sponsor)
rules.add_perm("memberships.decide_membership", may_decide_membership)
# Who knows a membership exists (refused with 403); anyone else gets the 404 of an unknown id.
rules.add_perm(
    "memberships.know_of", is_membership_owner | is_program_staff | may_decide_membership
)
# The admin: program staff keep the list of organisations.
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"memberships.{action}_organisation", is_program_staff)
rules.add_perm("memberships.view_membership", is_program_staff)
rules.add_perm("memberships", is_program_staff)
