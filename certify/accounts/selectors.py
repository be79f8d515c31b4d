from collections.abc import Iterable
from datetime import datetime

from allauth.account.models import EmailAddress
from django.db.models import Max, Prefetch, Q, QuerySet

from certify.accounts.models import EndedRole, RoleAssignment, User


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


def roles_ended_at(*, users: Iterable[int], role: str) -> dict[int, datetime]:
    """When each of `users` who once held `role` last stopped holding it (one query); those who
    never held it are not in it. Whether they hold it again now is the caller's question."""
    return dict(
        EndedRole.objects.filter(user_id__in=list(users), role=role)
        .values("user_id")
        .annotate(last=Max("ended_at"))
        .values_list("user_id", "last")
    )


def ended_roles_of(*, user: User) -> QuerySet[EndedRole]:
    """A person's ended role periods, the latest first, with who granted and ended each."""
    return EndedRole.objects.filter(user=user).select_related("granted_by", "ended_by")


def user_get(*, user_id: int) -> User:
    return User.objects.prefetch_related("role_assignments").get(pk=user_id)


def user_email_addresses(*, user: User) -> set[str]:
    """Every address the person has given us (the account's and each allauth address, verified
    or not), lower-cased: an address that is theirs may not stand in for someone else's."""
    addresses = {user.email} | set(
        EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return {a.strip().lower() for a in addresses if a and a.strip()}


def own_answer_refusal(
    *, candidate: User, signed_in: User | None, sent_to: str, own: str, recipient: str, answer: str
) -> str | None:
    """Why an answer through a link the candidate asked someone else to answer (a supervisor's
    confirmation, an attestation) cannot count, or None: the candidate is the one signed in with
    it, or the address it was sent to has become one of theirs since they asked. `own` says what
    they may not do ("confirm your own hours"), `recipient` whom the link is for, `answer` what
    would not count ("an answer")."""
    if signed_in is not None and signed_in.pk == candidate.pk:
        return (
            f"You are signed in as the candidate: you cannot {own}. This link is for {recipient}."
        )
    if sent_to.strip().lower() in user_email_addresses(user=candidate):
        return (
            f"This link was sent to {sent_to}, which is now one of the candidate's own e-mail "
            f"addresses, so {answer} through it cannot count. The candidate can ask at another "
            "address."
        )
    return None
