"""A candidate closes their account: personal data and files go, records stay truthful.

Apart from `test_privacy.py`, whose tests share one world: this closure deletes the world's
evidence files, which a rollback does not bring back, so it builds a world of its own."""

import pytest
from django.urls import reverse

from certify.accounts.models import User
from certify.core.models import AuditEvent
from tests.factories import PASSWORD
from tests.security.world import world_build


@pytest.fixture
def world(db):
    return world_build()


def test_closing_removes_personal_data_and_verification_stays_truthful(client, world):
    candidate = world.users["candidate"]
    evidence_file = world.evidence.file
    storage, stored_name = evidence_file.storage, evidence_file.name
    assert storage.exists(stored_name)
    client.force_login(candidate)
    response = client.post(
        reverse("accounts:privacy_close"), {"password": PASSWORD, "understood": "on"}
    )
    assert response.status_code == 302
    closed = User.objects.get(pk=candidate.pk)
    assert not closed.is_active
    assert not closed.has_usable_password()
    assert closed.full_name == "Closed account"
    assert closed.email.endswith("@closed.invalid")
    assert not closed.emailaddress_set.exists()
    assert not closed.api_tokens.exists()
    assert not closed.memberships.exists()
    assert not closed.notifications.exists()
    assert not closed.role_assignments.exists()
    assert not world.application.experience.exists()
    assert not storage.exists(stored_name)
    activity = world.ce_activity
    ce_storage, ce_name = activity.evidence.storage, activity.evidence.name
    activity.refresh_from_db()
    assert (activity.title, activity.provider, activity.evidence.name) == ("Removed", "", "")
    assert not ce_storage.exists(ce_name)
    world.response.refresh_from_db()
    assert world.response.narrative == ""
    # Signed out, and cannot sign in again.
    assert client.get(reverse("accounts:home")).status_code == 302
    assert not client.login(email=candidate.email, password=PASSWORD)
    # The certificate still verifies, as issued, under the name printed on it.
    page = client.get(reverse("certificates:verify", args=[world.certificate.number]))
    assert page.status_code == 200
    assert world.certificate.holder_name in page.text
    assert "Valid" in page.text or "valid" in page.text
    api = client.get(f"/api/v1/certificates/{world.certificate.number}")
    assert api.status_code == 200
    assert api.json()["status"] == "valid"
    # Financial records and the audit trail are kept.
    assert closed.invoices.filter(code=world.invoice.code).exists()
    assert AuditEvent.objects.filter(verb="account.closed", target_id=str(closed.pk)).exists()
