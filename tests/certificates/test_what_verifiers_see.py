"""What an employer or anyone verifying sees, for every state a certificate can be in: the
verification page, the API, the site's check of the signed credential and the holder's public
profile say the same words; an old-shape number (printed QR codes) reads the same as a new one;
a set's credential of a revoked certificate is revoked on the check; the register lists a holder
who chose it only while a certificate of theirs is in force (test_one_truth.py holds the days and
the PDF of the five statuses).
"""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certify.certificates import services
from certify.certificates.models import Certificate, SetCredential
from certify.certificates.services.profiles import public_profile_set
from certify.certificates.services.register import register_listing_set
from tests.certificates.conftest import finish, nearly_done

OLD_NUMBER = "LSSCP-2021-000123"

# state → (the API's and the check's `status`, the words everyone reads; None: "Replaced by …")
STATES = {
    "valid": ("valid", "Valid"),
    "suspended": ("suspended", "Suspended"),
    "revoked": ("revoked", "Revoked"),
    "expired": ("expired", "Expired"),  # yesterday was its last day: renewal is still open
    "lapsed": ("expired", "Lapsed"),  # years ago: its last day to renew has passed
    "replaced": ("replaced", None),
    "old number, valid": ("valid", "Valid"),
    "old number, revoked": ("revoked", "Revoked"),
}


def _expire(certificate: Certificate, *, days_ago: int) -> None:
    """Its period ended `days_ago` days ago; its credential signed again for those dates."""
    today = timezone.localdate()
    expires = today - timedelta(days=days_ago)
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=expires - timedelta(days=5 * 365),
        expires_on=expires,
        issued_at=timezone.now() - timedelta(days=5 * 365 + days_ago),
    )
    certificate.refresh_from_db()
    credential = services.certificate_credential_sign(certificate=certificate, now=timezone.now())
    Certificate.objects.filter(pk=certificate.pk).update(credential=credential)


def _in(state: str, program, staff_user) -> Certificate:
    application, last = nearly_done(program, name="Robin Verified")
    finish(last)
    certificate = Certificate.objects.get(pk=application.certificate.pk)
    if state.startswith("old number"):
        Certificate.objects.filter(pk=certificate.pk).update(number=OLD_NUMBER)
        certificate.refresh_from_db()
    if state == "suspended":
        services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Audit.")
    elif state.endswith("revoked"):
        services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    elif state == "expired":
        _expire(certificate, days_ago=1)
    elif state == "lapsed":
        _expire(certificate, days_ago=3 * 365)
    elif state == "replaced":
        renewal = services.certificate_issue_renewal(
            previous=certificate, expires_on=certificate.expires_on + timedelta(days=1826),
            actor=None,
        )  # fmt: skip
        services.certificate_replace(certificate=certificate, replacement=renewal, actor=None)
    certificate.refresh_from_db()
    return certificate


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _page_label(client, number: str) -> str:
    response = client.get(f"/verify/{number}/")
    assert response.status_code == 200
    status = re.search(r"<dt>Status</dt><dd>(.*?)</dd>", response.text, re.S).group(1)
    return _text(status).split(" since ")[0].strip()


def _check(client, document: dict) -> dict:
    return client.post(
        "/api/v1/certificates/verify-credential",
        json.dumps(document),
        content_type="application/json",
    ).json()


@pytest.mark.parametrize("state", list(STATES))
def test_every_state_reads_the_same_on_the_page_the_api_the_check_and_the_profile(
    state, client, program, staff_user
):
    certificate = _in(state, program, staff_user)
    status, label = STATES[state]
    if label is None:
        label = f"Replaced by {certificate.replaced_by.number}"
    number = certificate.number
    assert (number == OLD_NUMBER) is state.startswith("old number")

    api = client.get(f"/api/v1/certificates/{number}").json()
    checked = _check(client, certificate.credential)
    form = client.post("/verify/credential/", {"text": json.dumps(certificate.credential)})

    assert _page_label(client, number) == label
    assert (api["status"], api["status_label"]) == (status, label)
    assert (checked["status"], checked["status_label"]) == (status, label)
    assert checked["signature_valid"] is True
    assert checked["verified"] is (status == "valid")
    assert f"<strong>{label}.</strong>" in form.text
    # An old number typed as people type it (a printed QR code holds the number as printed).
    if state.startswith("old number"):
        assert client.get("/verify/lsscp 2021 123/")["Location"] == f"/verify/{OLD_NUMBER}/"
        assert client.get("/api/v1/certificates/lsscp-2021-123").json()["status"] == status

    # The holder's public profile, once switched on, says the same (a revoked one is not shown).
    profile = public_profile_set(user=certificate.holder, is_public=True)
    shown = _text(client.get(f"/profiles/{profile.slug}/").text)
    if status == "revoked":
        assert number not in shown
    else:
        assert f"{program.name} {label} Certificate {number}" in shown


@pytest.mark.parametrize("state", list(STATES))
def test_the_register_lists_a_holder_who_chose_it_only_while_in_force(
    state, client, program, staff_user
):
    certificate = _in(state, program, staff_user)
    register_listing_set(user=certificate.holder, state="TX")
    found = client.get("/register/", {"name": "robin verified"}).text
    in_force = Certificate.objects.filter(
        holder=certificate.holder, status="valid", expires_on__gte=timezone.localdate()
    ).values_list("number", flat=True)
    assert (certificate.number in found) is (STATES[state][0] == "valid")
    for number in in_force:  # a renewal that replaced it is listed in its place
        assert number in found
    if state == "replaced":
        assert certificate.replaced_by.number in found


@pytest.mark.parametrize("state", ["valid", "suspended", "revoked", "old number, revoked"])
def test_a_sets_credential_is_revoked_with_its_certificate_and_only_then(
    state, client, program, staff_user
):
    certificate = _in(state, program, staff_user)
    sets = list(SetCredential.objects.filter(application=certificate.application))
    assert sets
    revoked = state.endswith("revoked")
    for item in sets:
        checked = _check(client, item.credential)
        assert checked["signature_valid"] is True
        assert (checked["status"], checked["verified"]) == (
            ("revoked", False) if revoked else ("valid", True)
        )
        assert checked["status_label"] == ("Revoked" if revoked else "Valid")
        form = client.post("/verify/credential/", {"text": json.dumps(item.credential)}).text
        assert ("<strong>Revoked.</strong>" in form) is revoked


def test_the_public_profile_reads_the_same_queries_for_one_certificate_or_many(
    client, program, staff_user, django_assert_max_num_queries
):
    certificate = _in("valid", program, staff_user)
    profile = public_profile_set(user=certificate.holder, is_public=True)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/profiles/{profile.slug}/").status_code == 200
    # Replaced by a renewal (two rows now), and a third certificate of theirs, suspended.
    renewal = services.certificate_issue_renewal(
        previous=certificate, expires_on=certificate.expires_on + timedelta(days=1826), actor=None
    )
    services.certificate_replace(certificate=certificate, replacement=renewal, actor=None)
    other = _in("suspended", program, staff_user)
    Certificate.objects.filter(pk=other.pk).update(holder=certificate.holder)

    with django_assert_max_num_queries(len(one)):
        page = _text(client.get(f"/profiles/{profile.slug}/").text)
    assert f"Replaced by {renewal.number} Certificate {certificate.number}" in page
    assert f"Valid Certificate {renewal.number}" in page
    assert f"Suspended Certificate {other.number}" in page
