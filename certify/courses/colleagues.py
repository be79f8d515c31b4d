"""Providers as a kind of organisation people are invited to act for (ADR 0025)."""

from typing import Any

from django.urls import reverse

from certify.accounts.api import ColleagueKind, colleague_kind
from certify.accounts.models import ColleagueInvitation, Role, User
from certify.courses.models import Provider, ProviderMembership
from certify.courses.services.providers import PROVIDER_KIND, provider_member_add
from certify.courses.workflows.relations import acts_for, acts_with_role


def _join(invitation: ColleagueInvitation, user: User) -> None:
    provider_member_add(invitation=invitation, user=user)


def _manages(actor: Any, provider_id: int) -> bool:
    """The provider's people who hold the provider role (as on its pages): a seat whose role
    program staff took away manages nothing."""
    return acts_with_role(actor, provider_id)


def _managing(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """`_manages` for many (person, provider) pairs in one query (the invited person's lists)."""
    if not pairs:
        return set()
    seats = ProviderMembership.objects.filter(
        user_id__in={user for user, _ in pairs},
        provider_id__in={provider for _, provider in pairs},
        user__is_active=True,
        user__role_assignments__role=Role.PROVIDER,
    ).values_list("user_id", "provider_id")
    return set(seats) & pairs


PROVIDERS = colleague_kind(
    ColleagueKind(
        name=PROVIDER_KIND,
        noun="course provider",
        does="submit courses for approval and report completions",
        manages=_manages,
        managing=_managing,
        join=_join,
        page=lambda provider_id: reverse("courses:provider", kwargs={"pid": provider_id}),
        seated=acts_for,  # a seat, with or without the role: they know its invitations
        # an unapproved provider's name is what its registrant typed: e-mails do not carry it
        vetted=lambda provider_id: Provider.objects.filter(
            pk=provider_id, status=Provider.Status.APPROVED
        ).exists(),
    )
)
