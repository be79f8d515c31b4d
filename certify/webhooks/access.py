"""Who may manage which endpoints: program staff the program's; a provider's people their
provider's; a sponsor's administrators their sponsor's; anyone signed in their own employer
subscriptions (certificates shared with their account's address).

A seat at a provider or sponsor counts only with its role, as on the organization's own pages
(`courses.act_for_provider`, `scholarships.manage_fund`): someone whose role program staff took
away, or a token not made with it (ADR 0023), no longer acts for the organization here.

An endpoint follows the two-factor rule of its maker's tokens and keys (`two_factor_rule`, ADR
0023): while their roles need two-factor authentication and it is off it hears nothing until it
is on again; once they have it on, one they saved with a password alone hears nothing until it
is saved again (`Endpoint.made_with_mfa`)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from certify.accounts.api import (
    BEFORE_MFA,
    MAKER_NEEDS_MFA,
    has_role,
    mfa_required_for,
    two_factor_rule,
    with_two_factor,
)
from certify.accounts.models import Role, RoleAssignment
from certify.courses.models import Provider, ProviderMembership
from certify.programs.models import Program
from certify.scholarships.models import Sponsor, SponsorMember
from certify.webhooks.models import Endpoint, Scope


@dataclass(frozen=True)
class Owner:
    """One place endpoints can belong to, as a person may choose it in a form."""

    scope: str
    pk: int
    label: str

    @property
    def key(self) -> str:
        return f"{self.scope}:{self.pk}"


def _provider_ids(user: Any) -> list[int]:
    if not has_role(user, Role.PROVIDER):
        return []
    return list(ProviderMembership.objects.filter(user=user).values_list("provider_id", flat=True))


def _sponsor_ids(user: Any) -> list[int]:
    if not has_role(user, Role.SPONSOR):
        return []
    admins = SponsorMember.objects.filter(user=user, role=SponsorMember.Role.ADMIN)
    return list(admins.values_list("sponsor_id", flat=True))


def owners_for(user: Any) -> list[Owner]:
    """Every owner `user` may register endpoints for, staff's programs first."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[Owner] = []
    if has_role(user, Role.PROGRAM_STAFF):
        for program in Program.objects.order_by("name"):
            found.append(Owner(Scope.PROGRAM, program.pk, f"{program.short_name} (program staff)"))
    for provider in Provider.objects.filter(pk__in=_provider_ids(user)).order_by("name"):
        found.append(Owner(Scope.PROVIDER, provider.pk, f"{provider.name} (course provider)"))
    for sponsor in Sponsor.objects.filter(pk__in=_sponsor_ids(user)).order_by("name"):
        found.append(Owner(Scope.SPONSOR, sponsor.pk, f"{sponsor.name} (scholarship sponsor)"))
    found.append(Owner(Scope.EMPLOYER, user.pk, "Certificates shared with you (employer)"))
    return found


def manageable(user: Any) -> QuerySet[Endpoint]:
    """The endpoints `user` may see and change."""
    if not getattr(user, "is_authenticated", False):
        return Endpoint.objects.none()
    mine = Q(scope=Scope.EMPLOYER, owner_id=user.pk)
    mine |= Q(scope=Scope.PROVIDER, provider_id__in=_provider_ids(user))
    mine |= Q(scope=Scope.SPONSOR, sponsor_id__in=_sponsor_ids(user))
    if has_role(user, Role.PROGRAM_STAFF):
        mine |= Q(scope=Scope.PROGRAM)
    return Endpoint.objects.filter(mine)


def owner_of(endpoint: Endpoint) -> int | None:
    return {
        Scope.PROGRAM: endpoint.program_id,
        Scope.PROVIDER: endpoint.provider_id,
        Scope.SPONSOR: endpoint.sponsor_id,
        Scope.EMPLOYER: endpoint.owner_id,
    }.get(Scope(endpoint.scope))


MAKER_GONE = (
    "The person who set up this endpoint no longer acts for its owner, so nothing is sent to "
    "it. Someone who does can save it again as theirs."
)
MAKER_WITHOUT_TWO_FACTOR = (
    "The person who set up this endpoint has turned off two-factor authentication, which their "
    "role needs, so nothing is sent to it until they turn it on again. Someone else who acts "
    "for its owner can save it as theirs."
)
MADE_BEFORE_TWO_FACTOR = (
    "The person who set up this endpoint turned on two-factor authentication after saving it "
    "with a password alone, so nothing is sent to it: anyone who had that password could have "
    "set its address. Check the address, then save the endpoint to send to it again."
)
# The same, to the person who set it up (their own page or token): what they can do.
YOU_ARE_GONE = (
    "You no longer act for its owner, so nothing is sent to it. Someone who does can save it "
    "again as theirs."
)
YOU_ARE_WITHOUT_TWO_FACTOR = (
    "Your role needs two-factor authentication and you have turned it off, so nothing is sent "
    "to it. Turn it on again on your account page and it sends again."
)
YOU_MADE_IT_BEFORE_TWO_FACTOR = (
    "You saved this endpoint before you turned on two-factor authentication, so nothing is "
    "sent to it: anyone who had your password could have set its address. Check the address, "
    "then save the endpoint to send to it again."
)
GONE = "gone"  # a reason, beside the two-factor rule's (`BEFORE_MFA`, `MAKER_NEEDS_MFA`)
WORDS = {
    GONE: (MAKER_GONE, YOU_ARE_GONE),
    MAKER_NEEDS_MFA: (MAKER_WITHOUT_TWO_FACTOR, YOU_ARE_WITHOUT_TWO_FACTOR),
    BEFORE_MFA: (MADE_BEFORE_TWO_FACTOR, YOU_MADE_IT_BEFORE_TWO_FACTOR),
}


@dataclass(frozen=True)
class Seats:
    """What one maker may register endpoints for, as `owners_for` would list it: any program
    (program staff), the providers and sponsors whose seat they hold with its role; and what
    the two-factor rule reads (their roles, and whether they have 2FA on now)."""

    staff: bool = False
    providers: frozenset[int] = frozenset()
    sponsors: frozenset[int] = frozenset()
    roles: frozenset[str] = frozenset()
    two_factor: bool = False

    def may_own(self, scope: str, owner: int) -> bool:
        if scope == Scope.PROGRAM:
            return self.staff
        if scope == Scope.PROVIDER:
            return owner in self.providers
        if scope == Scope.SPONSOR:
            return owner in self.sponsors
        return False


def makers_seats(maker_ids: Iterable[int | None]) -> dict[int, Seats]:
    """Every maker's seats in four queries, however many makers (roles, provider seats,
    sponsor administrators, 2FA); one without a role has none."""
    ids = {i for i in maker_ids if i}
    if not ids:
        return {}
    roles: dict[int, set[str]] = defaultdict(set)
    for user_id, role in RoleAssignment.objects.filter(user_id__in=ids).values_list(
        "user_id", "role"
    ):
        roles[user_id].add(role)
    providers: dict[int, set[int]] = defaultdict(set)
    for user_id, provider_id in ProviderMembership.objects.filter(user_id__in=ids).values_list(
        "user_id", "provider_id"
    ):
        providers[user_id].add(provider_id)
    sponsors: dict[int, set[int]] = defaultdict(set)
    admins = SponsorMember.objects.filter(user_id__in=ids, role=SponsorMember.Role.ADMIN)
    for user_id, sponsor_id in admins.values_list("user_id", "sponsor_id"):
        sponsors[user_id].add(sponsor_id)
    # Everyone's: whoever has 2FA on uses only what they made with it on (ADR 0023).
    with_two_factor_ids = with_two_factor(ids)

    def seats(user_id: int) -> Seats:
        held = roles[user_id]  # a seat counts only with its role, as in `owners_for`
        return Seats(
            staff=Role.PROGRAM_STAFF in held,
            providers=frozenset(providers[user_id]) if Role.PROVIDER in held else frozenset(),
            sponsors=frozenset(sponsors[user_id]) if Role.SPONSOR in held else frozenset(),
            roles=frozenset(held),
            two_factor=user_id in with_two_factor_ids,
        )

    return {user_id: seats(user_id) for user_id in ids}


def makers_of(user: Any) -> dict[int, Seats]:
    """The seats of everyone who made an endpoint `user` manages: read once for a list."""
    return makers_seats(
        manageable(user).order_by().values_list("created_by_id", flat=True).distinct()
    )


def why_not_sending(endpoint: Endpoint, memo: dict[int, Seats] | None = None) -> str:
    """Why whoever set the endpoint up (or last saved it) no longer has it send, or "": `GONE`
    once they left the provider or sponsor, lost the role or closed their account; else the
    two-factor rule of their tokens and keys (`two_factor_rule`, ADR 0023): `BEFORE_MFA` when
    they saved it with a password alone and have 2FA on now, `MAKER_NEEDS_MFA` while their
    roles need it and it is off. An endpoint is their word, like a provider API key. Read
    fresh: a seat removed a moment ago counts. `memo` holds makers' seats for the length of
    one answer (`makers_seats`, `makers_of`); a maker not in it is read and added."""
    maker, owner = endpoint.created_by, owner_of(endpoint)
    if maker is None or owner is None or not maker.is_active:
        return GONE
    if memo is None:
        memo = {}
    if maker.pk not in memo:
        memo[maker.pk] = makers_seats([maker.pk]).get(maker.pk, Seats())
    seats = memo[maker.pk]
    if endpoint.scope == Scope.EMPLOYER:
        if owner != maker.pk:
            return GONE
    elif not seats.may_own(endpoint.scope, owner):
        return GONE
    return two_factor_rule(
        made_with_mfa=endpoint.made_with_mfa,
        has_two_factor=seats.two_factor,
        required=mfa_required_for(seats.roles, is_superuser=maker.is_superuser),
    )


def maker_may_own(endpoint: Endpoint, memo: dict[int, Seats] | None = None) -> bool:
    """Whether the endpoint sends: its maker may still register endpoints for its owner, and
    the two-factor rule does not stop what they made (`why_not_sending`)."""
    return not why_not_sending(endpoint, memo)


def not_sending(
    endpoint: Endpoint, memo: dict[int, Seats] | None = None, viewer: Any = None
) -> str | None:
    """Why nothing is sent to an enabled endpoint, in words with what to do (`MAKER_GONE`,
    `MAKER_WITHOUT_TWO_FACTOR`, `MADE_BEFORE_TWO_FACTOR`; to `viewer` when they set it up, the
    same said to them), or None: what its pages say and what the API's `not_sending` answers."""
    why = why_not_sending(endpoint, memo)
    if not why:
        return None
    theirs, yours = WORDS[why]
    mine = viewer is not None and endpoint.created_by_id == getattr(viewer, "pk", None)
    return yours if mine else theirs
