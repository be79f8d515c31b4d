from allauth.account.models import EmailAddress
from django.db.models import Prefetch, Q, QuerySet

from certify.accounts.models import RoleAssignment, User


def user_list(*, search: str = "", role: str = "") -> QuerySet[User]:
    """People for staff, with their roles prefetched (one query for all roles)."""
    qs = User.objects.prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role"))
    ).order_by("full_name", "email")
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    if role:
        qs = qs.filter(role_assignments__role=role)
    return qs


def user_get(*, user_id: int) -> User:
    return User.objects.prefetch_related("role_assignments").get(pk=user_id)


def user_email_addresses(*, user: User) -> set[str]:
    """Every address the person has given us (the account's and each allauth address, verified
    or not), lower-cased: an address that is theirs may not stand in for someone else's."""
    addresses = {user.email} | set(
        EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return {a.strip().lower() for a in addresses if a and a.strip()}
