"""Staff pages name a person whose account is closed in words staff understand, never the
closure's placeholder name ("— by Closed account" read like a person's name): a history says "by
the candidate (account closed)" or "by a portfolio reviewer whose account is closed", and the
people page is titled by the candidate number (`accounts.api.actor_named`, `case_title`; ADR
0016). People still active keep their names."""

import html
import re

import pytest
from django.urls import reverse

from certify.accounts.api import actor_named
from certify.accounts.models import Role
from certify.accounts.privacy import CLOSED_NAME, account_close
from certify.accounts.services import role_revoke
from certify.applications.models import ApplicationTransition
from certify.courses.api import candidate_number
from tests.factories import PASSWORD, ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _text(page) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())


def _title(page) -> str:
    return html.unescape(re.search(r"<title>(.*?) · ", page.content.decode(), re.S).group(1))


def _closed(user):
    account_close(user=user, password=PASSWORD)
    user.refresh_from_db()
    return user


def _former(role: str, full_name: str):
    """Someone who held `role`, had it taken away, and then closed their account."""
    person = UserFactory(full_name=full_name, roles=[role])
    role_revoke(user=person, role=role, actor=None, reason="Left.")
    return person


@pytest.fixture
def case(db):
    """An application with a history: the candidate submitted it, staff decided on it."""
    candidate = UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])
    application = ApplicationFactory(candidate=candidate, status="approved")
    staff = UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])
    for actor, to_status in ((candidate, "submitted"), (staff, "approved")):
        ApplicationTransition.objects.create(
            application=application, from_status="draft", to_status=to_status, actor=actor
        )
    return application, candidate, staff


def test_a_closed_candidates_history_says_the_candidate_and_staff_keep_their_names(client, case):
    application, candidate, _ = case
    reader = UserFactory(roles=[Role.PROGRAM_STAFF])
    client.force_login(reader)
    _closed(candidate)

    page = _text(client.get(reverse("applications:staff_detail", args=[application.pk])))

    assert "Submitted, waiting for review — by the candidate (account closed)" in page
    assert "— by Sam Staff" in page
    assert CLOSED_NAME not in page


def test_a_former_reviewer_whose_account_is_closed_is_named_by_their_role(case):
    application, candidate, _ = case
    reviewer = _closed(_former(Role.REVIEWER, "Rita Reviewer"))
    staff = _closed(_former(Role.PROGRAM_STAFF, "Paul Staff"))
    nobody = _closed(UserFactory(full_name="Nina None"))

    assert actor_named(reviewer, candidate=candidate) == (
        "a portfolio reviewer whose account is closed"
    )
    assert actor_named(staff) == "a member of the program staff whose account is closed"
    assert actor_named(nobody) == "a person whose account is closed"
    assert actor_named(_closed(candidate), candidate=application.candidate_id) == (
        "the candidate (account closed)"
    )
    assert actor_named(None) == ""


def test_people_still_active_or_deactivated_keep_their_names(case):
    _, candidate, staff = case
    assert actor_named(candidate, candidate=candidate) == "Dana Okafor"
    assert actor_named(staff, candidate=candidate) == "Sam Staff"
    candidate.is_active = False  # deactivated by an administrator: the name was not erased
    assert actor_named(candidate, candidate=candidate) == "Dana Okafor"


def test_the_people_page_of_a_closed_account_is_titled_by_its_candidate_number(client, case):
    application, candidate, _ = case
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    _closed(candidate)
    number = candidate_number(application)

    page = client.get(reverse("accounts:person", args=[candidate.pk]))

    assert page.status_code == 200
    assert _title(page) == f"Person (account closed), candidate {number}"
    heading = re.search(r"<h1>(.*?)</h1>", page.content.decode(), re.S).group(1)
    assert html.unescape(heading) == f"Person (account closed), candidate {number}"
    assert CLOSED_NAME not in page.content.decode()
    assert "closed.invalid" not in page.content.decode()


def test_the_people_page_of_an_ended_role_names_who_ended_it_in_words(client, db):
    boss = UserFactory(full_name="Bea Boss", roles=[Role.PROGRAM_STAFF])
    person = UserFactory(full_name="Pat Lee", roles=[Role.REVIEWER])
    role_revoke(user=person, role=Role.REVIEWER, actor=boss, reason="Moved on.")
    role_revoke(user=boss, role=Role.PROGRAM_STAFF, actor=None)
    _closed(boss)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))

    page = _text(client.get(reverse("accounts:person", args=[person.pk])))

    assert _title(client.get(reverse("accounts:person", args=[person.pk]))) == "Pat Lee"
    assert "ended by a member of the program staff whose account is closed: Moved on." in page
    assert CLOSED_NAME not in page


def test_moving_a_closed_candidates_plan_names_them_by_number(case):
    from certify.progress.framework_views import _whom

    application, candidate, _ = case
    assert _whom(application) == "Dana Okafor"
    _closed(candidate)
    application.refresh_from_db()
    number = candidate_number(application)
    assert _whom(application) == f"the candidate (account closed, candidate {number})"
