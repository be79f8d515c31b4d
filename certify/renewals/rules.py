import rules

from certify.accounts.api import is_program_staff


@rules.predicate
def is_active_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def holds_certificate(user) -> bool:
    from certify.renewals.selectors import certificate_current_for

    return certificate_current_for(holder=user) is not None


# Anyone signed in may look at the renewal page (it says when there is nothing to renew);
# keeping a continuing-education log and applying need a certificate in the renewal cycle.
rules.add_perm("renewals.view_own", is_active_user)
rules.add_perm("renewals.renew", is_active_user & holds_certificate)
rules.add_perm("renewals.manage_renewals", is_program_staff)
for model in ("ceactivity", "renewal", "renewaltransition", "reinstatement"):
    rules.add_perm(f"renewals.view_{model}", is_program_staff)
rules.add_perm("renewals", is_program_staff)
