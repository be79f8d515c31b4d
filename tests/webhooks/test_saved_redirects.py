"""After a save that worked, the endpoint and share forms' redirects name their own fragment
(ADR 0043): the forms post to `#endpoint-errors`, and a browser keeps that fragment across a
redirect whose address names none, so the saved page's address would aim at a summary that is
not there."""

import pytest
from django.urls import reverse

from certify.webhooks.models import CertificateShare
from certify.webhooks.services import endpoint_create
from tests.factories import UserFactory
from tests.webhooks.test_employer_day import HR, _certificate

pytestmark = pytest.mark.django_db
EVENTS = ["certificate.suspended", "certificate.revoked"]


def test_a_saved_endpoint_opens_its_page_at_the_main_content(client, receiver):
    employer = UserFactory(full_name="Harper Employer", email="hr@employer.example")
    made = endpoint_create(
        actor=employer, owner=f"employer:{employer.pk}", url=receiver.url, event_types=EVENTS
    )
    client.force_login(employer)
    url = reverse("webhooks:detail", args=[made.endpoint.pk])
    response = client.post(
        url, {"url": receiver.url, "description": "HR", "event_types": ["certificate.revoked"]}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}#main"
    made.endpoint.refresh_from_db()
    assert made.endpoint.event_types == ["certificate.revoked"]


def test_a_share_made_opens_the_shares_page_at_the_main_content(client, program):
    certificate = _certificate(program, "Vera Valid")
    client.force_login(certificate.holder)
    url = reverse("webhooks:shares")
    response = client.post(url, {"certificate": str(certificate.pk), "email": HR})
    assert response.status_code == 302
    assert response["Location"] == f"{url}#main"
    assert CertificateShare.objects.filter(certificate=certificate).count() == 1
