"""One truth on every surface: the verification page, the API, the PDF and the site's own
credential check say the same status, in the same words, with the same days, for a certificate
that is valid, suspended, revoked, expired or replaced by a renewal.

Before, the own check said "genuine and valid … in force" for a replaced certificate, and a
revoked certificate's PDF looked like a valid one.
"""

import io
import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from certify.certificates import services
from certify.certificates.models import Certificate
from tests.certificates.conftest import finish, nearly_done

STATUSES = ["valid", "suspended", "revoked", "expired", "replaced"]


def _day(day) -> str:
    return date_format(day, "F j, Y")


def _in(status, program, staff_user):
    """A certificate in `status`; (certificate, the words every surface must use, the day)."""
    application, last = nearly_done(program, name=f"Pat {status.title()}")
    finish(last)
    certificate = Certificate.objects.get(pk=application.certificate.pk)
    today = timezone.localdate()
    if status == "suspended":
        services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Audit.")
    elif status == "revoked":
        services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    elif status == "expired":
        issued = today - timedelta(days=6 * 365)
        Certificate.objects.filter(pk=certificate.pk).update(
            issued_on=issued,
            expires_on=issued + timedelta(days=5 * 365),
            issued_at=timezone.now() - timedelta(days=6 * 365),
        )
        certificate.refresh_from_db()
        certificate.credential = services.certificate_credential_sign(
            certificate=certificate, now=timezone.now()
        )
        Certificate.objects.filter(pk=certificate.pk).update(credential=certificate.credential)
    elif status == "replaced":
        renewal = services.certificate_issue_renewal(
            previous=certificate, expires_on=certificate.expires_on + timedelta(days=1826),
            actor=None,
        )  # fmt: skip
        services.certificate_replace(certificate=certificate, replacement=renewal, actor=None)
    certificate.refresh_from_db()
    label = {
        "valid": "Valid",
        "suspended": "Suspended",
        "revoked": "Revoked",
        "expired": "Lapsed",  # a year past its last day: its grace period is long over
        "replaced": f"Replaced by {certificate.replaced_by.number}"
        if certificate.replaced_by
        else "",
    }[status]
    since = today if status in ("suspended", "revoked", "replaced") else None
    return certificate, label, since


def _page(client, certificate):
    html = client.get(f"/verify/{certificate.number}/").text
    status_dd = re.search(r"<dt>Status</dt><dd>(.*?)</dd>", html, re.S).group(1)
    label = unescape(re.sub(r"<[^>]+>", "", status_dd)).split(" since ")[0].strip()
    return label, html


def _pdf_text(client, certificate):
    client.force_login(certificate.holder)
    response = client.get(f"/certificates/{certificate.number}/certificate.pdf")
    client.logout()
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    return " ".join(text.split())


@pytest.mark.parametrize("status", STATUSES)
def test_every_surface_gives_the_same_answer(status, client, program, staff_user):
    certificate, label, since = _in(status, program, staff_user)

    # The verification page.
    page_label, html = _page(client, certificate)
    # The API.
    api = client.get(f"/api/v1/certificates/{certificate.number}").json()
    # The site's own check of the credential as issued (the API and the form).
    checked = client.post(
        "/api/v1/certificates/verify-credential",
        json.dumps(certificate.credential),
        content_type="application/json",
    ).json()
    form = client.post("/verify/credential/", {"text": json.dumps(certificate.credential)}).text
    # The PDF the holder downloads.
    pdf = _pdf_text(client, certificate)

    assert (api["status"], checked["status"]) == (status, status)
    assert (page_label, api["status_label"], checked["status_label"]) == (label, label, label)
    assert checked["signature_valid"] is True
    assert checked["verified"] is (status == "valid")
    assert api["status_since"] == (since.isoformat() if since else None)
    assert f"<strong>{label}.</strong>" in html
    assert f"<strong>{label}.</strong>" in form
    # The same days everywhere: issued, valid until, and the day of the change.
    for day in (certificate.issued_on, certificate.expires_on, since):
        if day is not None:
            assert _day(day) in html
            assert _day(day) in form
            assert _day(day) in pdf
    assert (api["issued_on"], api["expires_on"]) == (
        certificate.issued_on.isoformat(),
        certificate.expires_on.isoformat(),
    )
    if status == "valid":
        assert "Its current status" not in pdf  # no band on a certificate in force
    else:
        assert f"{label}." in pdf  # marked across the page, with what it means
        assert "Its current status:" in pdf
        assert certificate.verification_url in pdf.replace(" ", "")
    if status == "replaced":
        new = certificate.replaced_by
        assert checked["replaced_by"] == api["replaced_by"] == new.number
        assert api["replaced_by_url"] == new.verification_url
        assert f'href="/verify/{new.number}/"' in html
        assert f'href="/verify/{new.number}/"' in form
    else:
        assert checked["replaced_by"] is None


def test_a_reinstated_certificate_downloads_valid_again(client, certificate, staff_user):
    services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Audit.")
    assert "Suspended. The certifying body suspended it on" in _pdf_text(client, certificate)
    services.certificate_reinstate(certificate=certificate, actor=staff_user, reason="Cleared.")
    pdf = _pdf_text(client, certificate)
    assert "Suspended" not in pdf
    assert "Its current status" not in pdf
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    assert "Revoked. The certifying body withdrew it on" in _pdf_text(client, certificate)
