import rules

from certify.accounts.api import is_program_staff


@rules.predicate
def is_active_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def is_holder(user, certificate) -> bool:
    return certificate is not None and certificate.holder_id == user.pk


# Anyone signed in may hold certificates (a holder may since have lost the candidate role).
rules.add_perm("certificates.view_own_certificates", is_active_user)
rules.add_perm("certificates.download_certificate", is_active_user & (is_holder | is_program_staff))
# A set's credential (ADR 0035): the same rule as the certificate's (its `holder`).
rules.add_perm(
    "certificates.download_set_credential", is_active_user & (is_holder | is_program_staff)
)
rules.add_perm("certificates.manage_certificates", is_program_staff)
for model in ("certificate", "issuerkey", "statuslist", "certificatetransition", "setcredential"):
    rules.add_perm(f"certificates.view_{model}", is_program_staff)
rules.add_perm("certificates", is_program_staff)
