"""A conflict of interest declared with an e-mail address is linked to the person who confirmed
that address (any of their confirmed addresses, any case), never to an account that only shows
it, and closing an account erases it from the declarations naming any address the account
confirmed (ADR 0025's amendment, ADR 0022). Keeping the declarer out goes the other way: every
address a person shows or confirmed counts, since a conflicted decision cannot be undone.

Each test runs both ways: the declaration keeps the declarer out once the address is confirmed,
so none of them could pass on a rule that matched nobody."""

import pytest
from allauth.account.models import EmailAddress

from certify.accounts.conflicts import (
    conflict_declare,
    conflict_pairs,
    conflicted_with,
    declared_conflict,
)
from certify.accounts.models import ConflictDeclaration, Role
from certify.accounts.privacy import account_close
from certify.core.errors import DomainError
from tests.factories import PASSWORD, UserFactory

ADDRESS = "ann.lee@library.example"


def _kept_out(declarer, person) -> dict[str, bool]:
    """Every way Certify asks whether the declarer may decide about the person."""
    people = frozenset({person.pk})
    return {
        "a decision": bool(declared_conflict(declarer, people, "reviewer")),
        "reviewer assignment": declarer.pk
        in conflicted_with(people=people, candidates={declarer.pk}),
        "committee scoring": (declarer.pk, person.pk)
        in conflict_pairs(people=people, candidates={declarer.pk}),
    }


def _confirm(user, address=ADDRESS):
    EmailAddress.objects.update_or_create(
        user=user, email=address, defaults={"verified": True, "primary": False}
    )


def _created_in_the_admin():
    return UserFactory(email=ADDRESS, verified=False)


def _changed_in_the_admin():
    ann = UserFactory(email="ann@home.example")
    ann.email = ADDRESS
    ann.save(update_fields=["email"])
    return ann


def _added_not_confirmed():
    ann = UserFactory(email="ann@home.example")
    EmailAddress.objects.create(user=ann, email=ADDRESS, verified=False, primary=False)
    return ann


WAYS = {
    "created in the admin": _created_in_the_admin,
    "changed in the admin": _changed_in_the_admin,
    "a second address added, not confirmed": _added_not_confirmed,
}


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=[Role.REVIEWER])


@pytest.mark.parametrize("way", WAYS)
def test_a_declaration_links_nobody_by_an_address_they_never_confirmed_yet_keeps_out(reviewer, way):
    """Linked to nobody (another account's closure could not erase it), and still the declarer
    stays out of the case of the account showing the address: a sister whose address was
    typed in the program settings is a sister all the same."""
    ann = WAYS[way]()
    stranger = UserFactory(email="zed@home.example")
    declaration = conflict_declare(actor=reviewer, reason="My sister.", person_email=ADDRESS)
    assert declaration.person_id is None
    assert all(_kept_out(reviewer, ann).values())
    assert not any(_kept_out(reviewer, stranger).values())

    _confirm(ann)  # she follows the link: the address is hers
    assert all(_kept_out(reviewer, ann).values())


@pytest.mark.parametrize("way", WAYS)
def test_a_declaration_made_once_the_address_is_confirmed_is_linked_to_its_owner(reviewer, way):
    ann = WAYS[way]()
    _confirm(ann)
    declaration = conflict_declare(actor=reviewer, reason="My sister.", person_email=ADDRESS)
    assert declaration.person_id == ann.pk
    assert all(_kept_out(reviewer, ann).values())


def test_any_confirmed_address_names_the_person_after_they_change_their_primary(reviewer):
    ann = UserFactory(email="ann@home.example")
    by_old = UserFactory(roles=[Role.REVIEWER])
    conflict_declare(actor=by_old, reason="A neighbor.", person_email="ann@home.example")
    # She confirms a work address and makes it the one she signs in with.
    EmailAddress.objects.filter(user=ann).update(primary=False)
    EmailAddress.objects.create(user=ann, email=ADDRESS, verified=True, primary=True)
    ann.email = ADDRESS
    ann.save(update_fields=["email"])
    conflict_declare(actor=reviewer, reason="My sister.", person_email=ADDRESS)
    assert all(_kept_out(by_old, ann).values())
    assert all(_kept_out(reviewer, ann).values())


def test_an_address_is_compared_whatever_its_case(reviewer):
    ann = UserFactory(email="ann@home.example")
    EmailAddress.objects.create(user=ann, email="Ann.Lee@Library.example", verified=True)
    declaration = conflict_declare(
        actor=reviewer, reason="My sister.", person_email=" ANN.LEE@library.EXAMPLE "
    )
    assert declaration.person_email == ADDRESS
    assert declaration.person_id == ann.pk
    assert all(_kept_out(reviewer, ann).values())


def test_two_accounts_with_near_addresses_are_two_people(reviewer):
    ann = UserFactory(email=ADDRESS)
    near = [
        UserFactory(email="ann.lee@library.example.org"),
        UserFactory(email="ann.leee@library.example"),
        UserFactory(email="ann.lee+work@library.example"),
    ]
    shows_it = UserFactory(email="shows@home.example")
    EmailAddress.objects.create(user=shows_it, email=ADDRESS.upper(), verified=False)
    declaration = conflict_declare(actor=reviewer, reason="My sister.", person_email=ADDRESS)
    assert declaration.person_id == ann.pk  # linked to the one who confirmed it
    assert all(_kept_out(reviewer, ann).values())
    for other in near:
        assert not any(_kept_out(reviewer, other).values()), other.email
    # The account that only shows it: not linked, but the declarer keeps out of its case too.
    assert all(_kept_out(reviewer, shows_it).values())


def test_the_declarers_own_confirmed_addresses_are_refused_not_one_they_only_show(reviewer):
    _confirm(reviewer, "me@work.example")
    with pytest.raises(DomainError, match="your own address"):
        conflict_declare(actor=reviewer, reason="x", person_email="ME@work.example")
    with pytest.raises(DomainError, match="your own address"):
        conflict_declare(actor=reviewer, reason="x", person_email=reviewer.email)
    # An address the reviewer added and never confirmed may be anyone's: the reviewer may
    # declare a conflict with the one who confirmed it, who is not them.
    owner = UserFactory(email=ADDRESS)
    EmailAddress.objects.create(user=reviewer, email=ADDRESS, verified=False)
    declaration = conflict_declare(actor=reviewer, reason="My sister.", person_email=ADDRESS)
    assert declaration.person_id == owner.pk


def test_a_declaration_about_a_known_person_follows_the_account_not_its_address(reviewer):
    """A committee member declares about an applicant they see: the account itself, even when
    the address on it is one it never confirmed, which another person confirmed. The
    declaration names an address the applicant confirmed, so it neither keeps the member out of
    the other person's cases nor ends when the other person closes their account."""
    ann = _changed_in_the_admin()  # shows ADDRESS, confirmed ann@home.example
    zoe = UserFactory(email="zoe@home.example")
    EmailAddress.objects.create(user=zoe, email=ADDRESS, verified=True)
    declaration = conflict_declare(actor=reviewer, reason="My sister.", person=ann)
    assert declaration.person_id == ann.pk
    assert declaration.person_email == "ann@home.example"
    assert all(_kept_out(reviewer, ann).values())
    assert not any(_kept_out(reviewer, zoe).values())
    account_close(user=zoe, password=PASSWORD)
    declaration.refresh_from_db()
    assert declaration.withdrawn_at is None
    assert all(_kept_out(reviewer, ann).values())
    with pytest.raises(DomainError, match="your own address"):
        conflict_declare(actor=reviewer, reason="x", person=reviewer)


def test_closing_an_account_erases_it_from_declarations_naming_any_address_it_confirmed(
    reviewer,
):
    ann = UserFactory(email="ann@home.example")
    _confirm(ann)
    others = [UserFactory(roles=[Role.REVIEWER]) for _ in range(2)]
    # Made before she confirmed the work address, and by her sign-in address (then linked).
    by_work = conflict_declare(actor=reviewer, reason="My sister.", person_email=ADDRESS)
    by_home = conflict_declare(actor=others[0], reason="A neighbor.", person_email=ann.email)
    ConflictDeclaration.objects.filter(pk=by_work.pk).update(person=None)
    # Someone else's address she only added, and a near address: not hers to erase.
    EmailAddress.objects.create(user=ann, email="bo@home.example", verified=False)
    not_hers = conflict_declare(actor=others[1], reason="A friend.", person_email="bo@home.example")
    near = conflict_declare(
        actor=others[1], reason="A friend.", person_email="ann@home.example.org"
    )
    # Linked to another account that confirmed her address before she took it over: about them.
    about_another = conflict_declare(actor=others[0], reason="A friend.", person_email=ADDRESS)
    ConflictDeclaration.objects.filter(pk=about_another.pk).update(person=others[1])

    account_close(user=ann, password=PASSWORD)
    for erased in (by_work, by_home):
        erased.refresh_from_db()
        assert erased.person_email == "closed account"
        assert erased.person_id is None
        assert erased.withdrawn_at is not None
    for kept in (not_hers, near, about_another):
        kept.refresh_from_db()
        assert kept.person_email != "closed account"
        assert kept.withdrawn_at is None
