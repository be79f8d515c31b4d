"""Tokens follow the person's current roles and security (ADR 0023).

A token acts, on each request, with the roles its scope needs that it was made with and that the
person still holds: a role granted later never widens it, a role taken away stops the scopes that
need it, and whoever's role needs 2FA uses tokens only while 2FA is on.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.urls import reverse

from certify.accounts.models import PersonalAccessToken, Role, RoleAssignment
from certify.accounts.tokens import SCOPE_ROLES, token_create
from certify.core.errors import DomainError
from certify.payments.api import enrollment_invoice_get_or_create
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
FUNDS = f"{API}/sponsor/scholarships/funds"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def grant(user, role):
    RoleAssignment.objects.create(user=user, role=role)


def take_away(user, role):
    RoleAssignment.objects.filter(user=user, role=role).delete()


def refused(response, status, words, kind=""):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert words in body["detail"], body["detail"]
    if kind:
        assert body["type"] == f"/api/v1/problems/{kind}"
    return body


@pytest.fixture
def others_application(lsscp):
    return ApplicationFactory(program=lsscp, candidate=UserFactory(roles=[Role.CANDIDATE]))


# Roles granted after the token was made ----------------------------------------------------------


def test_a_candidate_token_does_not_reach_others_applications_after_a_staff_grant(
    client, candidate, others_application
):
    """The finding: a token made as a candidate kept working as staff and read others' files."""
    secret = token_create(user=candidate, name="script", scopes=["applications"]).secret
    url = f"{API}/applications/{others_application.pk}"
    assert client.get(url, headers=bearer(secret)).status_code == 404  # as an unknown id

    grant(candidate, Role.PROGRAM_STAFF)
    assert client.get(url, headers=bearer(secret)).status_code == 404  # still only the candidate
    assert client.get(f"{API}/applications/mine", headers=bearer(secret)).status_code == 200
    client.force_login(candidate)  # the same person, signed in as staff, does see it
    assert client.get(url).status_code == 200


def test_a_payments_token_reads_only_the_owners_invoices_whatever_roles_come_later(
    client, candidate, lsscp
):
    someone = UserFactory(roles=[Role.CANDIDATE])
    theirs = enrollment_invoice_get_or_create(user=someone, program=lsscp, actor=someone)
    secret = token_create(user=candidate, name="books", scopes=["payments"]).secret
    grant(candidate, Role.PROGRAM_STAFF)
    response = client.get(f"{API}/payments/invoices/{theirs.code}", headers=bearer(secret))
    refused(response, 404, "No such invoice.")  # as an unknown code: it says nothing more


def test_a_role_granted_later_never_adds_to_a_token(client, candidate):
    """A candidate's scholarship token does not become a sponsor's token."""
    secret = token_create(user=candidate, name="s", scopes=["scholarships"]).secret
    assert PersonalAccessToken.objects.get().roles == [Role.CANDIDATE]
    grant(candidate, Role.SPONSOR)
    assert client.get(FUNDS, headers=bearer(secret)).status_code == 403
    now_a_sponsor = type(candidate).objects.get(pk=candidate.pk)
    fresh = token_create(user=now_a_sponsor, name="t", scopes=["scholarships"]).secret
    assert client.get(FUNDS, headers=bearer(fresh)).status_code == 200


# Roles taken away -----------------------------------------------------------------------------


def test_a_scope_stops_when_its_role_is_taken_away_and_the_others_keep_working(client):
    person = UserFactory(roles=[Role.CANDIDATE, Role.REVIEWER])
    secret = token_create(user=person, name="x", scopes=["applications", "reviews"]).secret
    assert client.get(f"{API}/reviews", headers=bearer(secret)).status_code == 200

    take_away(person, Role.REVIEWER)
    refused(
        client.get(f"{API}/reviews", headers=bearer(secret)),
        403,
        "This token's “reviews” scope needs the portfolio reviewer role, which you no longer hold",
        kind="token-role-missing",
    )
    assert client.get(f"{API}/applications/mine", headers=bearer(secret)).status_code == 200

    grant(person, Role.REVIEWER)  # given back: the token had it, so it works again
    assert client.get(f"{API}/reviews", headers=bearer(secret)).status_code == 200


def test_the_token_page_says_which_scopes_stopped(client):
    person = UserFactory(roles=[Role.CANDIDATE, Role.REVIEWER])
    token_create(user=person, name="x", scopes=["applications", "reviews"])
    take_away(person, Role.REVIEWER)
    client.force_login(person)
    page = client.get(reverse("accounts:tokens")).text
    assert "No longer works for reviews" in page


# The staff scope --------------------------------------------------------------------------------


def test_the_staff_scope_is_refused_to_non_staff_at_creation_and_on_the_form(client, candidate):
    with pytest.raises(DomainError, match="Only program staff"):
        token_create(user=candidate, name="x", scopes=["staff"])
    client.force_login(candidate)
    page = client.get(reverse("accounts:tokens")).text
    assert 'value="staff"' not in page
    assert 'value="reviews"' not in page  # nor a reviewer's scope to a candidate
    assert 'value="applications"' in page
    response = client.post(
        reverse("accounts:tokens"), {"name": "Mine", "scopes": ["staff"], "days": 30}
    )
    assert not PersonalAccessToken.objects.filter(user=candidate).exists()
    assert 'value="Mine"' in response.text  # what was typed is kept


def test_the_staff_scope_is_refused_at_use_once_the_staff_role_is_gone(client, staff):
    secret = token_create(user=staff, name="queue", scopes=["staff"]).secret
    assert client.get(f"{API}/staff/applications", headers=bearer(secret)).status_code == 200
    take_away(staff, Role.PROGRAM_STAFF)
    refused(
        client.get(f"{API}/staff/applications", headers=bearer(secret)),
        403,
        "needs the program staff role, which you no longer hold",
    )


def test_a_staff_scope_on_a_token_made_without_the_role_is_refused(client, candidate):
    """A token from before tokens recorded roles, or written by hand, gets no staff powers."""
    created = token_create(user=candidate, name="x", scopes=["applications"])
    PersonalAccessToken.objects.filter(pk=created.token.pk).update(scopes=["staff"])
    grant(candidate, Role.PROGRAM_STAFF)
    refused(
        client.get(f"{API}/staff/applications", headers=bearer(created.secret)),
        403,
        "which you did not hold when the token was made",
    )


def test_a_scope_needs_one_of_its_roles_at_creation(candidate):
    with pytest.raises(DomainError, match="portfolio reviewer role"):
        token_create(user=candidate, name="x", scopes=["reviews"])
    reviewer = UserFactory(roles=[Role.REVIEWER])
    with pytest.raises(DomainError, match="candidate role"):
        token_create(user=reviewer, name="x", scopes=["applications"])
    # Scopes about one's own things need no role.
    assert token_create(user=reviewer, name="x", scopes=["payments"]).token.roles == []


def test_every_scope_names_its_roles():
    assert set(SCOPE_ROLES) == set(PersonalAccessToken.Scope.values)


# Two-factor authentication ----------------------------------------------------------------------

MFA = override_settings(MFA_REQUIRED_ROLES=("program_staff", "reviewer"))


@MFA
def test_a_token_stops_when_the_person_gets_a_role_that_needs_2fa_until_it_is_on(client, candidate):
    secret = token_create(user=candidate, name="x", scopes=["applications"]).secret
    url = f"{API}/applications/mine"
    assert client.get(url, headers=bearer(secret)).status_code == 200  # candidates need no 2FA

    grant(candidate, Role.REVIEWER)
    refused(
        client.get(url, headers=bearer(secret)),
        403,
        "Turn on two-factor authentication to use API tokens",
        kind="two-factor-required",
    )
    Authenticator.objects.create(user=candidate, type=Authenticator.Type.TOTP, data={})
    # The token was made with a password alone: with 2FA on it needs making again, with it on.
    refused(client.get(url, headers=bearer(secret)), 403, "before you turned on two-factor")
    again = token_create(user=candidate, name="y", scopes=["applications"]).secret
    assert client.get(url, headers=bearer(again)).status_code == 200


def test_a_token_made_before_two_factor_was_turned_on_stops_until_made_again(client, candidate):
    """Signing in needs the second factor once it is on, so a token made with a password alone
    (perhaps by whoever had the password, the reason 2FA was turned on) no longer works."""
    old = token_create(user=candidate, name="old", scopes=["applications"])
    url = f"{API}/applications/mine"
    assert client.get(url, headers=bearer(old.secret)).status_code == 200
    Authenticator.objects.create(user=candidate, type=Authenticator.Type.TOTP, data={})
    refused(
        client.get(url, headers=bearer(old.secret)),
        403,
        "This token was made before you turned on two-factor authentication",
        kind="two-factor-required",
    )
    client.force_login(candidate)
    page = client.get(reverse("accounts:tokens")).text
    assert "made before you turned on two-factor authentication" in page
    new = token_create(user=candidate, name="new", scopes=["applications"])
    assert new.token.made_with_mfa
    assert client.get(url, headers=bearer(new.secret)).status_code == 200


@MFA
def test_a_token_made_with_2fa_stops_while_it_is_off_and_works_again_once_on(client, staff):
    """Staff without 2FA reach no page (the middleware sends them to set it up) and their
    provider keys stop (ADR 0009): their tokens stop too, those made with 2FA included, and work
    again, unchanged, once it is back on (ADR 0023). One made while it was off never works."""
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    created = token_create(user=staff, name="x", scopes=["staff"])
    assert created.token.made_with_mfa
    url = f"{API}/staff/applications"
    assert client.get(url, headers=bearer(created.secret)).status_code == 200
    Authenticator.objects.filter(user=staff).delete()
    refused(
        client.get(url, headers=bearer(created.secret)),
        403,
        "Turn on two-factor authentication to use API tokens",
        kind="two-factor-required",
    )
    gap = token_create(user=staff, name="y", scopes=["staff"]).secret
    refused(client.get(url, headers=bearer(gap)), 403, "Turn on two-factor")
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    refused(client.get(url, headers=bearer(gap)), 403, "before you turned on two-factor")
    assert client.get(url, headers=bearer(created.secret)).status_code == 200


@MFA
def test_staff_without_2fa_cannot_use_a_token(client, staff):
    created = token_create(user=staff, name="x", scopes=["staff"])
    assert not created.token.made_with_mfa
    refused(
        client.get(f"{API}/staff/applications", headers=bearer(created.secret)),
        403,
        "two-factor",
    )


@MFA
def test_a_superuser_without_2fa_cannot_use_a_token(client, candidate):
    secret = token_create(user=candidate, name="x", scopes=["applications"]).secret
    type(candidate).objects.filter(pk=candidate.pk).update(is_superuser=True)
    refused(client.get(f"{API}/applications/mine", headers=bearer(secret)), 403, "two-factor")


# Cost ------------------------------------------------------------------------------------------


def test_a_token_request_loads_the_person_roles_and_2fa_in_one_query(
    client, candidate, django_assert_max_num_queries
):
    secret = token_create(user=candidate, name="x", scopes=["applications"]).secret
    client.get(f"{API}/applications/mine", headers=bearer(secret))  # sets last_used_at
    # The token, the person with roles and 2FA (one query), the (empty) list of applications.
    with django_assert_max_num_queries(3):
        assert client.get(f"{API}/applications/mine", headers=bearer(secret)).status_code == 200
