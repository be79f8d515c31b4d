"""Suspend, reinstate and revoke (ADR 0048): buttons that say what they do, each through a
confirmation page (the shared one of ADR 0040) that changes nothing when read; a stale or
replayed confirmation is refused in words."""

import pytest

from certify.certificates.models import Certificate
from certify.notifications.models import Notification
from tests.certificates.conftest import certificate_per_module
from tests.conftest import writes_during

# The certificate is built once for this module's tests, which read it or change it only in the
# database (each test's savepoint is rolled back): tests/shared.py.
program, certificate = certificate_per_module()


def detail(certificate) -> str:
    return f"/staff/certificates/{certificate.pk}/"


def confirm(certificate, action) -> str:
    return f"/staff/certificates/{certificate.pk}/{action}/confirm/"


def act(certificate) -> str:
    return f"/staff/certificates/{certificate.pk}/action/"


def test_the_certificates_page_labels_each_action_and_has_no_save_button(
    client, certificate, staff_user
):
    client.force_login(staff_user)
    html = client.get(detail(certificate)).text
    assert f'href="{confirm(certificate, "suspend")}"' in html
    assert "Suspend this certificate…" in html
    assert "Revoke this certificate…" in html
    assert "Reinstate this certificate" not in html  # only what may be done now
    assert ">Save<" not in html


@pytest.mark.parametrize("action", ["suspend", "revoke"])
def test_reading_the_confirmation_changes_nothing_and_says_what_will_happen(
    client, certificate, staff_user, action
):
    client.force_login(staff_user)
    assert writes_during(lambda: client.get(confirm(certificate, action))) == []
    page = client.get(confirm(certificate, action))
    assert page.status_code == 200
    number = certificate.number
    assert f"{action.capitalize()} certificate {number}?" in page.text
    assert "published credential status list" in page.text
    assert f"{certificate.holder_name} is e-mailed" in page.text
    assert f"Yes, {action} certificate {number}" in page.text
    assert 'name="current" value="valid"' in page.text
    if action == "revoke":
        assert "This cannot be undone" in page.text
        assert "credentials of its completed sets are revoked with it" in page.text
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_yes_revoke_revokes_and_a_replay_is_refused_in_words(client, certificate, staff_user):
    client.force_login(staff_user)
    form = {"action": "revoke", "current": "valid", "reason": "Fraud."}
    response = client.post(act(certificate), form)
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    done = client.get(response.url).text
    assert f"Certificate {certificate.number} is revoked. Its holder was told" in done
    told = Notification.objects.filter(event="certificate.status_changed").count()

    replay = client.post(act(certificate), form, follow=True)
    assert (
        "This certificate is already “Revoked”: the page you used was out of date. Here is its "
        "current page." in replay.text
    )
    assert certificate.transitions.filter(to_status="revoked").count() == 1
    assert Notification.objects.filter(event="certificate.status_changed").count() == told
    # The confirmation page itself is no longer offered for a revoked certificate.
    again = client.get(confirm(certificate, "revoke"), follow=True)
    assert "This certificate is already “Revoked”: the page you used was out of date." in again.text


def test_a_stale_confirmation_is_refused_when_someone_acted_first(client, certificate, staff_user):
    client.force_login(staff_user)
    client.get(confirm(certificate, "revoke"))  # opened while valid …
    Certificate.objects.filter(pk=certificate.pk).update(status="suspended")  # … then suspended
    response = client.post(
        act(certificate), {"action": "revoke", "current": "valid", "reason": "Fraud."}, follow=True
    )
    assert (
        "This certificate is “Suspended” now, so it cannot become “Revoked”: the page you used "
        "was out of date. Here is its current page." in response.text
    )
    certificate.refresh_from_db()
    assert certificate.status == "suspended"


def test_a_missing_reason_shows_the_confirmation_again_with_the_error(
    client, certificate, staff_user
):
    client.force_login(staff_user)
    response = client.post(act(certificate), {"action": "suspend", "current": "valid"})
    assert response.status_code == 400
    assert "Give a reason" in response.text
    assert f"Yes, suspend certificate {certificate.number}" in response.text
    certificate.refresh_from_db()
    assert certificate.status == "valid"


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_the_confirmation_refuses_everyone_but_staff(client_as, certificate, role):
    assert client_as(role).get(confirm(certificate, "revoke")).status_code == 403
