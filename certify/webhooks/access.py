"""Who may manage which endpoints: program staff the program's; a provider's people their
provider's; a sponsor's administrators their sponsor's; anyone signed in their own employer
subscriptions (certificates shared with their account's address).

A seat at a provider or sponsor counts only with its role, as on the organization's own pages
(`courses.act_for_provider`, `scholarships.manage_fund`): someone whose role program staff took
away, or a token not made with it (ADR 0023), no longer acts for the organization here. Nor
does someone whose roles need two-factor authentication while it is off (as their tokens and
keys): their endpoints hear nothing until it is on again."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from certify.accounts.api import has_role, with_two_factor
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


@dataclass(frozen=True)
class Seats:
    """What one maker may register endpoints for, as `owners_for` would list it: any program
    (program staff), the providers and sponsors whose seat they hold with its role."""

    staff: bool = False
    providers: frozenset[int] = frozenset()
    sponsors: frozenset[int] = frozenset()
    # Their roles need two-factor authentication and it is off: nothing acts for them.
    without_two_factor: bool = False

    def may_own(self, scope: str, owner: int) -> bool:
        if self.without_two_factor:
            return False
        if scope == Scope.PROGRAM:
            return self.staff
        if scope == Scope.PROVIDER:
            return owner in self.providers
        if scope == Scope.SPONSOR:
            return owner in self.sponsors
        return False


def makers_seats(maker_ids: Iterable[int | None]) -> dict[int, Seats]:
    """Every maker's seats in three queries, however many makers (roles, provider seats,
    sponsor administrators; a fourth, for 2FA, when some hold a role that needs it); one
    without a role has none."""
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

    required = frozenset(getattr(settings, "MFA_REQUIRED_ROLES", ()))
    needing = {user_id for user_id in ids if roles[user_id] & required}
    without = needing - with_two_factor(needing) if needing else set()

    def seats(user_id: int) -> Seats:
        held = roles[user_id]  # a seat counts only with its role, as in `owners_for`
        return Seats(
            staff=Role.PROGRAM_STAFF in held,
            providers=frozenset(providers[user_id]) if Role.PROVIDER in held else frozenset(),
            sponsors=frozenset(sponsors[user_id]) if Role.SPONSOR in held else frozenset(),
            without_two_factor=user_id in without,
        )

    return {user_id: seats(user_id) for user_id in ids}


def makers_of(user: Any) -> dict[int, Seats]:
    """The seats of everyone who made an endpoint `user` manages: read once for a list."""
    return makers_seats(
        manageable(user).order_by().values_list("created_by_id", flat=True).distinct()
    )


def maker_may_own(endpoint: Endpoint, memo: dict[int, Seats] | None = None) -> bool:
    """Whether whoever set the endpoint up (or last saved it) may still register endpoints for
    its owner. An endpoint is their word, like a provider API key (ADR 0023): once they left
    the provider or sponsor, lost the role or closed their account, their address hears
    nothing more. Read fresh: a seat removed a moment ago counts. `memo` holds makers' seats
    for the length of one answer (`makers_seats`, `makers_of`); a maker not in it is read and
    added."""
    maker, owner = endpoint.created_by, owner_of(endpoint)
    if maker is None or owner is None or not maker.is_active:
        return False
    if endpoint.scope == Scope.EMPLOYER:
        return owner == maker.pk
    if memo is None:
        memo = {}
    if maker.pk not in memo:
        memo[maker.pk] = makers_seats([maker.pk]).get(maker.pk, Seats())
    return memo[maker.pk].may_own(endpoint.scope, owner)


def not_sending(endpoint: Endpoint, memo: dict[int, Seats] | None = None) -> str | None:
    """Why nothing is sent to an enabled endpoint (`MAKER_GONE`, `MAKER_WITHOUT_TWO_FACTOR`),
    or None: what its page says and what the API's `not_sending` answers."""
    memo = {} if memo is None else memo
    if maker_may_own(endpoint, memo):
        return None
    seats = memo.get(endpoint.created_by_id or 0)
    return MAKER_WITHOUT_TWO_FACTOR if seats and seats.without_two_factor else MAKER_GONE
