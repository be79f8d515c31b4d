"""Nobody reviews their own appeal, and a conflict keeps staff out of it (ADR 0022): the
appellant holding a staff role, and staff who declared a conflict of interest with the
appellant, are refused the appeal's page (reading it and deciding it) and the API's decision
with the reason, and the list shows those appeals as theirs or "Conflict declared", without a
link. The person who made the decision under appeal still reads the page; only its decision is
refused to them."""

import pytest
from django.urls import reverse

from certify.accounts.api import conflict_declare
from certify.accounts.models import Role, RoleAssignment
from certify.appeals.access import CONFLICT_DECLARED, CONFLICT_LABEL, OWN_APPEAL, OWN_LABEL
from certify.appeals.models import Appeal
from tests.appeals.test_appeals import GROUNDS, _failed_portfolio_appeal, _notice, rejected
from tests.conftest import count_queries
from tests.factories import ApplicationFactory, UserFactory

__all__ = ["rejected"]  # the fixture, used by the tests below


def _with_grounds(application):
    from certify.appeals.services import appeal_submit_grounds

    return appeal_submit_grounds(
        appeal=_notice(application), actor=application.candidate, grounds=GROUNDS
    )


def _tried(client, appeal):
    """The page read, the page's decision, the API's decision: the three answers."""
    url = reverse("appeals:review", args=[appeal.pk])
    decision = {"outcome": "uphold", "reason": "The decision stands."}
    return (
        client.get(url),
        client.post(url, decision),
        client.post(
            f"/api/v1/staff/appeals/{appeal.pk}/decision", decision, content_type="application/json"
        ),
    )


def _refused_everywhere(client, appeal, words):
    page, posted, api = _tried(client, appeal)
    for response in (page, posted):
        assert response.status_code == 403
        assert words in response.text
        assert GROUNDS not in response.text  # nothing of the case is shown
    assert api.status_code == 403
    assert api.json()["detail"] == words
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.GROUNDS_SUBMITTED


def test_the_appellant_on_staff_cannot_open_their_own_appeal(client, rejected):
    appeal = _with_grounds(rejected)
    RoleAssignment.objects.create(user=rejected.candidate, role=Role.PROGRAM_STAFF)
    client.force_login(rejected.candidate)
    _refused_everywhere(client, appeal, OWN_APPEAL)
    listing = client.get(reverse("appeals:list")).text
    assert OWN_LABEL in listing
    assert reverse("appeals:review", args=[appeal.pk]) not in listing


def test_staff_who_declared_a_conflict_with_the_appellant_cannot_open_it(client, rejected):
    appeal = _with_grounds(rejected)
    conflicted = UserFactory(roles=[Role.PROGRAM_STAFF])
    conflict_declare(actor=conflicted, person_email=rejected.candidate.email, reason="Neighbor.")
    client.force_login(conflicted)
    _refused_everywhere(client, appeal, CONFLICT_DECLARED)
    listing = client.get(reverse("appeals:list")).text
    assert CONFLICT_LABEL in listing
    assert reverse("appeals:review", args=[appeal.pk]) not in listing
    # another staff member reads and decides it
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    page, posted, _ = _tried(client, appeal)
    assert page.status_code == 200
    assert GROUNDS in page.text
    assert posted.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD


def test_a_portfolio_appeal_is_refused_to_staff_who_declared_a_conflict(client, lsscp):
    reviewers = [UserFactory(roles=[Role.REVIEWER]) for _ in range(2)]
    appeal = _failed_portfolio_appeal(lsscp, reviewers)
    conflicted = UserFactory(roles=[Role.PROGRAM_STAFF])
    conflict_declare(actor=conflicted, person_email=appeal.appellant.email, reason="Old friend.")
    client.force_login(conflicted)
    _refused_everywhere(client, appeal, CONFLICT_DECLARED)


def test_the_first_decider_still_reads_the_page_but_does_not_decide(client, rejected, staff):
    appeal = _with_grounds(rejected)
    client.force_login(staff)  # who rejected the application
    page = client.get(reverse("appeals:review", args=[appeal.pk]))
    assert page.status_code == 200
    assert "You made the decision under appeal" in page.text
    assert OWN_APPEAL not in page.text


def test_the_lists_query_count_does_not_grow_with_refused_rows(client, lsscp, rejected):
    conflicted = UserFactory(roles=[Role.PROGRAM_STAFF])

    def appeal_by_someone_conflicted():
        application = ApplicationFactory(program=lsscp)
        application.decided_by, application.decided_at = rejected.decided_by, rejected.decided_at
        _notice(application)
        conflict_declare(
            actor=conflicted, person_email=application.candidate.email, reason="Family."
        )

    appeal_by_someone_conflicted()
    client.force_login(conflicted)
    few = count_queries(lambda: client.get(reverse("appeals:list")))
    for _ in range(3):
        appeal_by_someone_conflicted()
    listing = client.get(reverse("appeals:list")).text
    assert listing.count(CONFLICT_LABEL) == 4
    assert count_queries(lambda: client.get(reverse("appeals:list"))) == few


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_the_list_and_page_stay_refused_to_other_roles(db, rejected, client_as, role):
    appeal = _with_grounds(rejected)
    client = client_as(role)
    assert client.get(reverse("appeals:list")).status_code == 403
    assert client.get(reverse("appeals:review", args=[appeal.pk])).status_code == 403
