"""After a save that worked, the endpoint and share forms' redirects name their own fragment
(ADR 0043): the forms post to `#endpoint-errors`, and a browser keeps that fragment across a
redirect whose address names none, so the saved page's address would aim at a summary that is
not there."""

import pytest
from django.urls import reverse

from certify.webhooks.models import CertificateShare, Endpoint
from certify.webhooks.services import ROTATION_OVERLAP, endpoint_create
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


def _made(client, receiver):
    employer = UserFactory(full_name="Harper Employer", email="hr@employer.example")
    client.force_login(employer)
    form = {"owner": f"employer:{employer.pk}", "url": receiver.url, "event_types": EVENTS}
    return client.post(reverse("webhooks:new"), form)


def test_a_new_endpoint_redirects_to_its_secret_shown_once_and_a_reload_makes_nothing(
    client, receiver
):
    """A render after the POST made a reload post again: a second endpoint, a second secret."""
    response = _made(client, receiver)
    endpoint = Endpoint.objects.get()
    page = reverse("webhooks:secret", args=[endpoint.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{page}#main"
    assert "whsec_" not in str(dict(client.session))  # kept as a fingerprint, never itself
    shown = client.get(page)
    assert shown.status_code == 200
    assert shown["Cache-Control"] == "no-store"
    secret = shown.context["secret"]
    assert secret.startswith("whsec_")
    assert secret in shown.content.decode()
    assert shown.context["rotated"] is None
    again = client.get(page)  # a reload, the back button, or the address shared
    assert again.status_code == 302
    assert again["Location"] == reverse("webhooks:detail", args=[endpoint.pk])
    assert secret not in client.get(again["Location"]).content.decode()
    assert Endpoint.objects.count() == 1


def test_a_rotation_redirects_to_the_new_secret_once_with_the_overlap(client, receiver):
    _made(client, receiver)
    endpoint = Endpoint.objects.get()
    first = client.get(reverse("webhooks:secret", args=[endpoint.pk])).context["secret"]
    response = client.post(reverse("webhooks:rotate", args=[endpoint.pk]))
    page = reverse("webhooks:secret", args=[endpoint.pk])
    assert response["Location"] == f"{page}#main"
    shown = client.get(page)
    assert shown.context["secret"] not in (first, "")
    assert shown.context["rotated"] == ROTATION_OVERLAP
    assert client.get(page).status_code == 302  # once


def test_another_persons_session_never_shows_the_secret(client, receiver):
    _made(client, receiver)
    endpoint = Endpoint.objects.get()
    client.logout()
    client.force_login(endpoint.created_by)  # a new session: nothing was kept in it
    response = client.get(reverse("webhooks:secret", args=[endpoint.pk]))
    assert response.status_code == 302
