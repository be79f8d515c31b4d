"""Conflict-of-interest declarations: who declared one, with whom, and what it stops (ADR 0022).

Someone who decides about others (program staff, a reviewer, a sponsor's committee member, a
provider's staff) declares a conflict with a person (by e-mail address) or with a library or
other organisation (named in the published programs' workplace nouns), with a reason. An address
is linked to the person who confirmed it, whichever of their confirmed addresses it is, never to
an account that only shows it, so another account's closure never erases it (ADR 0025's
amendment, `accounts/addresses.py`); it keeps the declarer out of the cases of anyone who shows
or confirmed it (`every_address_of_people`): a refused decider costs another decider, a
conflicted decision cannot be undone. While it stands:
- every decision about that person refuses them (the workflow engine and `core.duties` ask
  `declared_conflict`, registered below);
- a conflict with a library covers everyone who works or worked there (the libraries of their
  experience entries, which the applications app tells `core.duties`);
- reviewer assignment (automatic and by hand) skips them; committee members do not score;
- a review of the person the declarer still had open is given back at once, and goes to the
  next eligible reviewer (staff assign one when nobody may take it)
  (`conflict_hooks.on_conflict_declared`, which the portfolios app registers).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from certify.accounts.addresses import (
    every_address_of_people,
    has_proven_address,
    proven_addresses,
    proven_owners_by_address,
)
from certify.accounts.conflict_hooks import conflict_declared_run
from certify.accounts.models import ConflictDeclaration, Role, User
from certify.accounts.roles import has_role
from certify.core import duties
from certify.core.errors import DomainError
from certify.core.names import fold
from certify.core.services import audit_record

INVALID_EMAIL = "Enter the person's e-mail address, for example name@library.org."
DECLARING_ROLES = (Role.PROGRAM_STAFF, Role.REVIEWER, Role.SPONSOR, Role.PROVIDER)


def a_or_an(noun: str) -> str:
    """ "an organization", "a library or organization"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def may_declare(user: Any) -> bool:
    return any(has_role(user, r) for r in DECLARING_ROLES)


@transaction.atomic
def conflict_declare(
    *,
    actor: User,
    reason: str,
    person_email: str = "",
    organisation: str = "",
    person: User | None = None,
) -> ConflictDeclaration:
    """Declare a conflict with one person (their e-mail address) or one organisation.

    The address names the account that confirmed it (`addresses.proven_owners_by_address`),
    never one that only shows it: an address typed in the program settings, or one added and
    not confirmed, may be anyone's. `person`: the account itself, when the caller already knows
    whom the conflict is with (a committee member and an applicant), whatever its address."""
    if not may_declare(actor):
        raise DomainError(
            "Only program staff, reviewers, sponsors and course providers declare conflicts: "
            "they are the people who decide about others."
        )
    if person is not None and not person_email:
        person_email = _address_of(person)
    person_email = (person_email or "").strip().lower()
    organisation = " ".join((organisation or "").split())
    reason = (reason or "").strip()
    if bool(person_email) == bool(organisation):
        from certify.programs.api import workplaces_in_words  # programs reads accounts' roles

        raise DomainError(
            f"Give either the person's e-mail address or the {workplaces_in_words()}, not both.",
            field="person_email" if person_email else "organisation",
        )
    if person_email:
        try:
            validate_email(person_email)
        except ValidationError:
            raise DomainError(INVALID_EMAIL, field="person_email") from None
    if person_email and (person == actor or has_proven_address(actor, person_email)):
        raise DomainError(
            "That is your own address: nobody decides their own case anyway.",
            field="person_email",
        )
    if not reason:
        raise DomainError("Say what the conflict is (kept in the record).", field="reason")
    person_id = person.pk if person is not None else None
    if person_id is None and person_email:
        person_id = proven_owners_by_address([person_email]).get(person_email)
    try:
        with transaction.atomic():
            declaration = ConflictDeclaration.objects.create(
                declared_by=actor,
                person_email=person_email,
                person_id=person_id,
                organisation=organisation,
                organisation_key=fold(organisation),
                reason=reason[:300],
            )
    except IntegrityError:
        raise DomainError(
            f"You have already declared a conflict with {person_email or organisation}.",
            field="person_email" if person_email else "organisation",
        ) from None
    audit_record(
        actor=actor,
        verb="conflict.declared",
        target=declaration,
        reason=reason,
        data={"with": declaration.with_whom},
    )
    # What the declaration changes at once in other apps (a reviewer's open review of the
    # candidate is given back), in this transaction.
    conflict_declared_run(declaration)
    return declaration


def _address_of(person: User) -> str:
    """The address a declaration about `person` names: their main address when they confirmed
    it, else another one they confirmed, so that the address names nobody else."""
    confirmed = list(
        proven_addresses(user=person).order_by("-primary", "pk").values_list("address", flat=True)
    )
    main = (person.email or "").strip().lower()
    return main if main in confirmed or not confirmed else confirmed[0]


@transaction.atomic
def conflict_withdraw(*, declaration: ConflictDeclaration, actor: User) -> ConflictDeclaration:
    """The declarer withdraws their own declaration; it stays in the record."""
    declaration = ConflictDeclaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.declared_by_id != actor.pk:
        raise DomainError("Only the person who declared a conflict can withdraw it.")
    if declaration.withdrawn_at is not None:
        raise DomainError("This declaration was already withdrawn.")
    declaration.withdrawn_at = timezone.now()
    declaration.save(update_fields=["withdrawn_at"])
    audit_record(
        actor=actor,
        verb="conflict.withdrawn",
        target=declaration,
        data={"with": declaration.with_whom},
    )
    return declaration


# --- Reads ---------------------------------------------------------------------------------


def conflict_list_for(*, user: User) -> QuerySet[ConflictDeclaration]:
    return ConflictDeclaration.objects.filter(declared_by=user).order_by(
        "withdrawn_at", "-declared_at"
    )


def conflict_list(*, standing_only: bool = True) -> QuerySet[ConflictDeclaration]:
    """Every declaration, for staff, with the declarer and the person loaded."""
    qs = ConflictDeclaration.objects.select_related("declared_by", "person").order_by(
        "-declared_at"
    )
    return qs.filter(withdrawn_at__isnull=True) if standing_only else qs


def conflicted_with(*, people: set[Any], candidates: set[Any]) -> set[Any]:
    """Which of `candidates` (user ids of possible deciders) declared a conflict with one of
    `people` or with a library where one of them works: one query for them all (reviewer
    assignment, committee scoring)."""
    if not people or not candidates:
        return set()
    rows = list(
        ConflictDeclaration.objects.filter(
            declared_by_id__in=candidates, withdrawn_at__isnull=True
        ).values_list("declared_by_id", "person_id", "person_email", "organisation_key")
    )
    if not rows:
        return set()
    emails = set(every_address_of_people(people))  # keeping out: every address they show
    keys = {key for *_, key in rows if key}
    libraries = duties.libraries_of(people) if keys else set()
    return {
        by
        for by, person_id, email, key in rows
        if person_id in people or (email and email in emails) or (key and key in libraries)
    }


def conflict_pairs(*, people: set[Any], candidates: set[Any]) -> set[tuple[Any, Any]]:
    """(decider, person) for each of `candidates` who declared a conflict with one of `people`
    or with a library where that person works: what a committee's list needs per application.
    Two queries, plus one per person only when someone declared a library."""
    if not people or not candidates:
        return set()
    rows = list(
        ConflictDeclaration.objects.filter(
            declared_by_id__in=candidates, withdrawn_at__isnull=True
        ).values_list("declared_by_id", "person_id", "person_email", "organisation_key")
    )
    if not rows:
        return set()
    by_email = every_address_of_people(people)
    keys = {key for *_, key in rows if key}
    libraries = {person: duties.libraries_of({person}) for person in people} if keys else {}
    pairs: set[tuple[Any, Any]] = set()
    for by, person_id, email, key in rows:
        if person_id in people:
            pairs.add((by, person_id))
        if email:
            pairs |= {(by, person) for person in by_email.get(email.lower(), ())}
        if key:
            pairs |= {(by, person) for person, found in libraries.items() if key in found}
    return pairs


def declared_conflict(actor: Any, people: frozenset[Any], colleague: str) -> str:
    """`core.duties`' lookup: the refusal for a declared conflict with `people`, or ''."""
    rows = list(
        ConflictDeclaration.objects.filter(
            declared_by_id=actor.pk, withdrawn_at__isnull=True
        ).values_list("person_id", "person_email", "organisation", "organisation_key")
    )
    if not rows:
        return ""
    if any(email for _, email, _, _ in rows):
        emails = set(every_address_of_people(people))
        if any(pid in people or (email and email in emails) for pid, email, _, _ in rows):
            return f"You declared a conflict of interest with this person: ask another {colleague}."
    organisations = {key: name for _, _, name, key in rows if key}
    if organisations:
        libraries = duties.libraries_of(people)
        for key, name in organisations.items():
            if key in libraries:
                return (
                    f"You declared a conflict of interest with {name}, where this person works "
                    f"or worked: ask another {colleague}."
                )
    return ""
