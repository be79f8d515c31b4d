"""Reads for memberships."""

from datetime import date

from django.db.models import Count, Max, Min, Q, QuerySet

from certify.accounts.api import Waiting
from certify.accounts.models import Role, User
from certify.memberships.models import Membership, Organisation
from certify.memberships.services import can_decide


def organisation_list(*, active_only: bool = True) -> QuerySet[Organisation]:
    qs = Organisation.objects.order_by("code")
    return qs.filter(is_active=True) if active_only else qs


def membership_list(*, user: User) -> QuerySet[Membership]:
    """A person's memberships with their organisations."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "confirmed_by")
        .order_by("organisation__code")
    )


def membership_get(*, pk: int) -> Membership:
    return Membership.objects.select_related("organisation", "user", "confirmed_by").get(pk=pk)


def membership_queue(
    *, user: User, status: str = Membership.Status.PENDING, checked_by: str = ""
) -> QuerySet[Membership]:
    """Memberships this person may confirm: staff see staff-checked ones, sponsors their own.
    `checked_by` (an `Organisation.ConfirmedBy`) keeps one of the two queues of someone who is
    both (the API's sponsor door lists only the sponsor's)."""
    qs = Membership.objects.select_related("organisation", "user", "confirmed_by").order_by(
        "created_at", "id"
    )
    if status:
        qs = qs.filter(status=status)
    if checked_by:
        qs = qs.filter(organisation__confirmed_by=checked_by)
    if user.is_superuser:
        return qs
    mine = Q(pk__in=[])
    if user.has_role(Role.PROGRAM_STAFF):
        mine |= Q(organisation__confirmed_by=Organisation.ConfirmedBy.PROGRAM_STAFF)
    if user.has_role(Role.SPONSOR):
        # Only the organisations whose sponsor this person helps run (SSD for SSD's committee).
        sponsored = Organisation.objects.filter(confirmed_by=Organisation.ConfirmedBy.SPONSOR)
        mine |= Q(organisation__in=[o for o in sponsored if can_decide(user=user, organisation=o)])
    return qs.filter(mine)


def memberships_to_confirm(*, user: User) -> Waiting:
    """For the staff home: the memberships waiting for this person's confirmation (the queue's
    own rows) and the oldest one's recording time, in one query. A membership belongs to an
    organization, not to a program: no zone (the staff home counts its days in every
    program's zone when they share one, else the site's)."""
    found = membership_queue(user=user, status=Membership.Status.PENDING).aggregate(
        n=Count("id"), oldest=Min("created_at")
    )
    return Waiting(found["n"], found["oldest"])


def membership_current(*, user: User, organisation_code: str, on: date) -> Membership | None:
    """The confirmed membership valid on `on` (expiry day included), if there is one."""
    return (
        Membership.objects.filter(
            Q(user=user),
            organisation__code__iexact=organisation_code,
            status=Membership.Status.CONFIRMED,
            expires_on__gte=on,
        )
        .select_related("organisation")
        .first()
    )


def memberships_confirmed_until(*, user: User) -> dict[str, date]:
    """The last day each organisation's confirmed memberships of the person run to (its code
    upper-cased): `membership_current` finds one on a day exactly when that day is no later.
    One query for every organisation and day a page asks about."""
    rows = (
        Membership.objects.filter(user=user, status=Membership.Status.CONFIRMED)
        .values("organisation__code")
        .annotate(until=Max("expires_on"))
        .order_by()
    )
    return {r["organisation__code"].upper(): r["until"] for r in rows if r["until"] is not None}


def membership_find(*, pk: int) -> Membership | None:
    return Membership.objects.select_related("organisation", "user").filter(pk=pk).first()


def memberships_waiting(*, user: User, organisation_code: str) -> list[Membership]:
    """The person's memberships of that organisation still waiting for confirmation."""
    return list(
        Membership.objects.filter(
            user=user,
            organisation__code__iexact=organisation_code,
            status=Membership.Status.PENDING,
        ).select_related("organisation")
    )


def organisation_find(*, code: str) -> Organisation | None:
    """The active organisation with this code (e.g. a program's member organization)."""
    return Organisation.objects.filter(code__iexact=code, is_active=True).first() if code else None
