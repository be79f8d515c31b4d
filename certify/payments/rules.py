import rules

from certify.accounts.api import is_program_staff


@rules.predicate
def is_active_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def is_invoice_owner(user, invoice) -> bool:
    return invoice is not None and invoice.user_id == user.pk


# Anyone signed in may have invoices: candidates (enrollment, renewal), providers (courses).
rules.add_perm("payments.view_own_invoices", is_active_user)
rules.add_perm("payments.view_invoice", is_active_user & (is_invoice_owner | is_program_staff))
rules.add_perm("payments.pay_invoice", is_active_user & is_invoice_owner)
rules.add_perm("payments.manage_payments", is_program_staff)
# The read-only admin pages (view_invoice above already lets staff see every invoice).
for model in ("payment", "refund", "stripeevent"):
    rules.add_perm(f"payments.view_{model}", is_program_staff)
rules.add_perm("payments", is_program_staff)
