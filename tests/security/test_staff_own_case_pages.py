"""Program staff deciding their own case on the pages the rest of the suite did not try (the
services refuse them all: test_separation_of_duties.py; the application's and renewal's staff
pages and decision forms: tests/casework/test_own_case.py), and those pages answering a form
from a page out of date in the workflow's words (ADR 0018).

- A staff member who holds the certificate is refused its staff page, its confirmation pages and
  the action itself (403, the way to their own certificates page), and nothing changes; another
  staff member still opens and acts on it.
- A staff member who is the candidate is refused an extension of their own completion deadline.
- A renewal decided by a colleague after the page was opened, and a certificate suspended after
  its confirmation was opened, answer with where they are now, on their current page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.accounts.models import Role, RoleAssignment
from certify.certificates.models import Certificate
from certify.certificates.services import certificate_suspend
from certify.renewals.models import Renewal
from certify.renewals.services import renewal_decide
from tests.certificates.conftest import certificate as certificate
from tests.certificates.conftest import nearly as nearly
from tests.certificates.conftest import program as program
from tests.factories import UserFactory
from tests.renewals.conftest import in_audit

OUT_OF_DATE = "the page you used was out of date. Here is its current page."


@pytest.fixture
def staff_user(db):
    return UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])


def _words(response) -> str:
    return " ".join(response.text.split())


def test_staff_who_hold_the_certificate_are_refused_its_staff_pages_and_actions(
    client, certificate, staff_user
):
    holder = certificate.holder
    RoleAssignment.objects.create(user=holder, role=Role.PROGRAM_STAFF)
    client.force_login(holder)
    base = f"/staff/certificates/{certificate.pk}/"
    for method, url, data in (
        ("get", base, {}),
        ("get", f"{base}suspend/confirm/", {}),
        ("get", f"{base}revoke/confirm/", {}),
        ("post", f"{base}action/", {"action": "suspend", "current": "valid", "reason": "x"}),
        ("post", f"{base}action/", {"action": "revoke", "current": "valid", "reason": "x"}),
    ):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
        assert "This is your own certificate" in response.text, url
        assert 'href="/certificates/"' in response.text, url
        assert "Yes, " not in response.text, url  # no confirmation button to press
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert certificate.transitions.count() == 1  # its issue only

    client.force_login(staff_user)
    assert client.get(base).status_code == 200
    assert client.get(f"{base}suspend/confirm/").status_code == 200


def test_staff_who_are_the_candidate_cannot_extend_their_own_deadline(
    client, certificate, staff_user
):
    application = certificate.application
    RoleAssignment.objects.create(user=application.candidate, role=Role.PROGRAM_STAFF)
    before = application.completion_deadline
    later = (before or timezone.localdate()) + timedelta(days=180)
    client.force_login(application.candidate)
    response = client.post(
        f"/staff/applications/{application.pk}/extend/",
        {"new_deadline": later.isoformat(), "reason": "I need more time."},
    )
    assert response.status_code == 403
    assert "This is your own application" in response.text
    application.refresh_from_db()
    assert application.completion_deadline == before


def test_a_renewal_decided_in_another_tab_answers_with_where_it_is_now(
    client, certificate, staff_user
):
    renewal = in_audit(certificate)
    client.force_login(staff_user)
    opened = renewal.updated_at.isoformat()
    assert f'value="{opened}"' in client.get(f"/staff/renewals/{renewal.pk}/").text
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF])
    renewal_decide(renewal=renewal, actor=colleague, action="refuse", reason="No proof at all.")

    response = client.post(
        f"/staff/renewals/{renewal.pk}/decide/",
        {"action": "approve", "reason": "", "updated_at_seen": opened},
    )
    assert response.status_code == 302
    assert response.url == f"/staff/renewals/{renewal.pk}/#main"
    page = _words(client.get(response.url))
    assert f"This renewal is “Refused” now, so it cannot become “Renewed”: {OUT_OF_DATE}" in page
    renewal.refresh_from_db()
    assert renewal.status == Renewal.Status.REFUSED
    assert renewal.new_certificate is None


def test_a_certificate_confirmation_opened_before_a_colleague_acted_shows_it_as_it_is_now(
    client, certificate, staff_user
):
    client.force_login(staff_user)
    base = f"/staff/certificates/{certificate.pk}/"
    assert client.get(f"{base}suspend/confirm/").status_code == 200  # the tab left open
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF])
    certificate_suspend(certificate=certificate, actor=colleague, reason="Under review.")

    sent = client.post(
        f"{base}action/", {"action": "suspend", "current": "valid", "reason": "Complaint."}
    )
    assert sent.status_code == 302
    assert sent.url == f"{base}#main"
    assert f"This certificate is already “Suspended”: {OUT_OF_DATE}" in _words(client.get(sent.url))
    # The link on the page of before: the confirmation is not offered for a suspended one.
    link = client.get(f"{base}suspend/confirm/")
    assert link.status_code == 302
    assert f"This certificate is already “Suspended”: {OUT_OF_DATE}" in _words(client.get(link.url))
    assert certificate.transitions.filter(to_status="suspended").count() == 1
