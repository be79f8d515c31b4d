"""Relations the courses workflows share: acting for the subject's provider, or not.

A provider's staff are the people with a `ProviderMembership` and the course provider role (a
seat without the role decides nothing for it, but still makes a decision about it their own
case); a provider API key acts for its provider without a person. Read fresh from the database
at each move (not the per-request cache the page rules use): a decision must see a membership
added or removed a moment ago.
"""

from collections.abc import Callable, Sequence
from typing import Any

from certify.accounts.models import Role
from certify.core.workflow import Relation, role, subject_people

ProviderOf = Callable[[Any], Any]  # the subject's provider id


def acts_for(actor: Any, provider_id: Any) -> bool:
    """Whether the person has a seat at the provider (with or without the role: a seat alone
    still makes a decision about the provider their own case)."""
    if provider_id is None:
        return False
    from certify.courses.models import ProviderMembership  # the models import this module

    return ProviderMembership.objects.filter(provider_id=provider_id, user_id=actor.pk).exists()


def acts_with_role(actor: Any, provider_id: Any) -> bool:
    """Whether the person may act for the provider now: a seat there and the course provider
    role (program staff may take the role away and leave the seat recorded), as on its pages."""
    from certify.accounts.api import has_role  # an active, signed-in person holding the role

    return has_role(actor, Role.PROVIDER) and acts_for(actor, provider_id)


def members_of(provider_id: Any) -> set[Any]:
    """The people who act for a provider: a decision about it is about them too (a declared
    conflict with one of them keeps a staff member out of it)."""
    if provider_id is None:
        return set()
    from certify.courses.models import ProviderMembership

    return set(
        ProviderMembership.objects.filter(provider_id=provider_id).values_list("user_id", flat=True)
    )


def provider_staff(provider_of: ProviderOf, label: str) -> Relation:
    """A person who acts for the subject's provider: the organisation acting on its own record
    (submitting its course, importing its report), not deciding about someone else."""
    return Relation(
        label,
        lambda actor, subject: (
            getattr(actor, "pk", None) is not None and acts_with_role(actor, provider_of(subject))
        ),
        kind="themselves",
    )


def provider_key(provider_of: ProviderOf, label: str) -> Relation:
    """An active API key of the subject's provider (the REST API's way of acting for it)."""

    def test(actor: Any, subject: Any) -> bool:
        from certify.courses.models import ProviderApiKey

        return (
            isinstance(actor, ProviderApiKey)
            and actor.is_active
            and actor.provider_id == provider_of(subject)
        )

    return Relation(label, test, kind="themselves")


def staff_outside(
    provider_of: ProviderOf, label: str, *, not_subject: Sequence[str] = ()
) -> Relation:
    """Program staff who do not act for the subject's provider (and are none of the people
    `not_subject` names): nobody approves their own organisation or course."""
    staff = role(Role.PROGRAM_STAFF, label, not_subject=not_subject)

    def own(actor: Any, subject: Any) -> bool:
        return staff.is_own_case(actor, subject) or (
            staff.holds(actor, subject) and acts_for(actor, provider_of(subject))
        )

    return Relation(
        label,
        lambda actor, subject: (
            staff.holds(actor, subject) and not acts_for(actor, provider_of(subject))
        ),
        own_case=own,
        parties=lambda subject: (
            subject_people(subject, not_subject) | members_of(provider_of(subject))
        ),
    )
