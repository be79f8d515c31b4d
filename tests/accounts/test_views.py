import pytest
from django.urls import reverse

from certify.accounts.models import Role, RoleAssignment
from tests.conftest import count_queries
from tests.factories import UserFactory

REFUSED_FOR_PEOPLE_PAGES = ["candidate", "reviewer", "provider", "sponsor", "no_role"]


def test_account_home_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "text"),
    [
        ("candidate", "As a candidate"),
        ("program_staff", "As program staff"),
        ("reviewer", "As a reviewer"),
        ("provider", "As a course provider"),
        ("sponsor", "As a scholarship sponsor"),
    ],
)
def test_account_home_shows_each_role_what_it_may_do(db, client_as, role, text):
    response = client_as(role).get(reverse("accounts:home"))
    assert response.status_code == 200
    assert text in response.text
    others = {
        "As a candidate",
        "As program staff",
        "As a reviewer",
        "As a course provider",
        "As a scholarship sponsor",
    } - {text}
    assert not any(other in response.text for other in others)


def test_people_page_sends_anonymous_visitors_to_sign_in(db, client):
    response = client.get(reverse("accounts:people"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.parametrize("role", REFUSED_FOR_PEOPLE_PAGES)
def test_people_page_is_refused_to_everyone_but_staff(db, client_as, role):
    assert client_as(role).get(reverse("accounts:people")).status_code == 403


@pytest.mark.parametrize("role", REFUSED_FOR_PEOPLE_PAGES)
def test_role_changes_are_refused_to_everyone_but_staff(db, client_as, role):
    target = UserFactory(roles=[])
    client = client_as(role)
    assert client.get(reverse("accounts:person", args=[target.pk])).status_code == 403
    response = client.post(
        reverse("accounts:person_role_change", args=[target.pk]),
        {"role": Role.PROGRAM_STAFF, "action": "grant"},
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_staff_list_people_filter_by_role_and_search(db, client, staff):
    UserFactory(full_name="Rita Reviewer", roles=[Role.REVIEWER])
    UserFactory(full_name="Carl Candidate", roles=[Role.CANDIDATE])
    client.force_login(staff)
    response = client.get(reverse("accounts:people"), {"role": Role.REVIEWER})
    assert "Rita Reviewer" in response.text
    assert "Carl Candidate" not in response.text
    response = client.get(reverse("accounts:people"), {"q": "carl"})
    assert "Carl Candidate" in response.text
    assert "Rita Reviewer" not in response.text


def test_people_page_query_count_does_not_grow_with_people(db, client, staff):
    client.force_login(staff)
    UserFactory.create_batch(3, roles=[Role.CANDIDATE, Role.REVIEWER])
    few = count_queries(lambda: client.get(reverse("accounts:people")))
    UserFactory.create_batch(30, roles=[Role.CANDIDATE, Role.SPONSOR])
    many = count_queries(lambda: client.get(reverse("accounts:people")))
    assert few == many


def test_staff_grant_and_revoke_a_role_with_a_reason(db, client, staff):
    person = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(staff)
    url = reverse("accounts:person_role_change", args=[person.pk])
    response = client.post(
        url, {"role": Role.REVIEWER, "action": "grant", "reason": "Expert"}, follow=True
    )
    assert "is now a portfolio reviewer" in response.text
    assert RoleAssignment.objects.filter(user=person, role=Role.REVIEWER).exists()
    client.post(url, {"role": Role.REVIEWER, "action": "revoke"})
    assert not RoleAssignment.objects.filter(user=person, role=Role.REVIEWER).exists()


def test_staff_see_a_clear_error_for_a_bad_role_change(db, client, staff):
    client.force_login(staff)
    url = reverse("accounts:person_role_change", args=[staff.pk])
    response = client.post(url, {"role": Role.PROGRAM_STAFF, "action": "revoke"}, follow=True)
    assert "You cannot take a role away from yourself: ask another staff member." in response.text
    response = client.post(url, {"role": "wizard", "action": "grant"}, follow=True)
    assert "Choose a role" in response.text


def test_role_change_only_accepts_post(db, client, staff):
    client.force_login(staff)
    url = reverse("accounts:person_role_change", args=[staff.pk])
    assert client.get(url).status_code == 405
