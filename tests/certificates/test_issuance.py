"""Issuance: when the plan completes, once, numbered, dated; approval; staff actions; keys."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from certify.certificates import dates, services
from certify.certificates.credentials import statuslist
from certify.certificates.models import Certificate, CertificateTransition, IssuerKey, StatusList
from certify.certificates.numbers import number_format
from certify.certificates.services.issuance import certificate_create_for_plan
from certify.core.codes import ALPHABET
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.notifications.models import Notification
from certify.progress.models import PlannedSet
from tests.certificates.conftest import finish, nearly_done
from tests.workflow import force_status


def test_completing_the_last_set_issues_the_certificate_once(nearly):
    application, last = nearly
    assert not Certificate.objects.exists()
    finish(last)
    certificate = Certificate.objects.get()
    assert certificate.application == application
    assert certificate.status == Certificate.Status.VALID
    assert certificate.holder_name == "Dana Okafor"
    today = timezone.localdate()
    assert re.fullmatch(rf"LSSCP-{today.year}-[{ALPHABET}]{{8}}", certificate.number)
    assert certificate.issued_on == today
    assert certificate.expires_on == dates.expiry_date(issued_on=today, validity_years=5)
    assert certificate.completed_sets == [
        "Foundations of Library Services",
        "Technology",
        "Reference and Information Services",
    ]
    # A second trigger (the same set again, or the service called directly) changes nothing.
    finish(last)
    again = certificate_create_for_plan(application=application)
    assert again.pk == certificate.pk
    assert Certificate.objects.count() == 1
    assert (
        Notification.objects.filter(
            recipient=application.candidate, event="certificate.issued"
        ).count()
        == 1
    )
    assert AuditEvent.objects.filter(verb="certificate.valid", target_id=str(certificate.pk))


def test_numbers_are_not_sequential_and_older_numbers_still_resolve(program, client):
    """New numbers end in a random part of the unambiguous alphabet (nobody walks them); a
    number issued before in the sequential shape stays what it was and opens its page."""
    numbers = []
    for name in ("Ana", "Bo", "Cy"):
        application, last = nearly_done(program, name=name)
        finish(last)
        numbers.append(Certificate.objects.get(application=application).number)
    year = timezone.localdate().year
    assert len(set(numbers)) == 3
    for number in numbers:
        assert re.fullmatch(rf"LSSCP-{year}-[{ALPHABET}]{{8}}", number)
        assert not number.endswith(("-000001", "-000002", "-000003"))
    assert number_format(short_name="Lib. S-S", year=2031, code="7K3Q9M2X") == "LIBSS-2031-7K3Q9M2X"

    old = Certificate.objects.get(number=numbers[0])
    Certificate.objects.filter(pk=old.pk).update(number=f"LSSCP-{year}-000001")
    assert client.get(f"/verify/LSSCP-{year}-000001/").status_code == 200
    assert client.get(f"/api/v1/certificates/LSSCP-{year}-000001").json()["number"] == (
        f"LSSCP-{year}-000001"
    )


def test_a_plan_that_is_not_complete_gets_no_certificate(nearly):
    application, _ = nearly
    with pytest.raises(DomainError, match="once every required set is complete"):
        certificate_create_for_plan(application=application)


@pytest.mark.parametrize(
    ("issued", "expires"),
    [
        (date(2026, 11, 27), date(2031, 11, 27)),
        (date(2028, 2, 29), date(2033, 2, 28)),  # leap day: the last day of February
        (date(2027, 3, 1), date(2032, 3, 1)),
        (date(2026, 12, 31), date(2031, 12, 31)),
    ],
)
def test_a_certificate_is_valid_for_five_years_through_the_same_day(issued, expires):
    assert dates.expiry_date(issued_on=issued, validity_years=5) == expires


def test_a_leap_day_certificate_is_numbered_and_signed_for_its_dates(nearly):
    application, last = nearly
    force_status(last, PlannedSet.Status.SATISFIED)  # complete, without the handler issuing today
    certificate = certificate_create_for_plan(application=application, on=date(2028, 2, 29))
    assert (certificate.number[:11], certificate.issued_on, certificate.expires_on) == (
        "LSSCP-2028-",
        date(2028, 2, 29),
        date(2033, 2, 28),
    )
    # Valid through February 28, 2033, local time (America/Chicago: UTC-6 in winter).
    assert certificate.credential["validUntil"] == "2033-03-01T05:59:59Z"
    assert certificate.credential["validFrom"] == "2028-02-29T18:00:00Z"


def test_the_program_validity_is_a_setting(nearly):
    application, last = nearly
    application.program.certificate_validity_years = 4
    application.program.save()
    finish(last)
    certificate = Certificate.objects.get()
    assert certificate.expires_on == dates.expiry_date(
        issued_on=certificate.issued_on, validity_years=4
    )


def test_with_approval_required_the_certificate_waits_for_staff(nearly, staff_user):
    application, last = nearly
    application.program.certificate_approval_required = True
    application.program.save()
    finish(last)
    certificate = Certificate.objects.get()
    assert (certificate.status, certificate.number, certificate.credential) == (
        "pending",
        None,
        None,
    )
    assert Notification.objects.filter(recipient=staff_user, event="certificate.approval_needed")
    with pytest.raises(DomainError, match="only program staff other than the holder"):
        services.certificate_approve(certificate=certificate, actor=application.candidate)
    services.certificate_approve(certificate=certificate, actor=staff_user)
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    assert certificate.number
    assert certificate.credential
    assert certificate.approved_by == staff_user
    assert services.credential_verify(document=certificate.credential).verified
    with pytest.raises(DomainError, match="already “Valid”"):
        services.certificate_approve(certificate=certificate, actor=staff_user)


# --- Staff actions: one transition service, the status lists follow at once --------------------


def _bits(certificate, purpose):
    sl = StatusList.objects.get(series=certificate.status_list_series, purpose=purpose)
    return statuslist.bit_get(bytes(sl.bits), certificate.status_list_index)


def test_suspend_reinstate_revoke_flip_the_status_lists_at_once(certificate, staff_user):
    verify = services.credential_verify
    assert verify(document=certificate.credential).status == "valid"
    services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    certificate.refresh_from_db()
    assert (certificate.status, _bits(certificate, "revocation")) == ("suspended", True)
    assert verify(document=certificate.credential).status == "suspended"
    services.certificate_reinstate(certificate=certificate, actor=staff_user, reason="Cleared.")
    certificate.refresh_from_db()
    assert (certificate.status, _bits(certificate, "revocation")) == ("valid", False)
    assert verify(document=certificate.credential).status == "valid"
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    certificate.refresh_from_db()
    assert _bits(certificate, "revocation") is True
    assert verify(document=certificate.credential).status == "revoked"
    moves = list(CertificateTransition.objects.values_list("from_status", "to_status", "reason"))
    assert moves[1:] == [
        ("valid", "suspended", "Under review."),
        ("suspended", "valid", "Cleared."),
        ("valid", "revoked", "Fraud."),
    ]
    assert AuditEvent.objects.filter(verb="certificate.revoked", reason="Fraud.").exists()
    assert Notification.objects.filter(event="certificate.status_changed").count() == 3
    with pytest.raises(DomainError, match="cannot become"):
        services.certificate_suspend(certificate=certificate, actor=staff_user, reason="x")


def test_staff_actions_need_a_reason_and_staff(certificate, staff_user):
    with pytest.raises(DomainError, match="Give a reason"):
        services.certificate_revoke(certificate=certificate, actor=staff_user, reason=" ")
    with pytest.raises(DomainError, match="only program staff other than the holder"):
        services.certificate_revoke(certificate=certificate, actor=certificate.holder, reason="x")
    with pytest.raises(DomainError, match="already “Valid”"):
        services.certificate_reinstate(certificate=certificate, actor=staff_user, reason="x")
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_a_renewal_replaces_a_certificate(certificate, program):
    other, last = nearly_done(program, name="Other Person")
    finish(last)
    services.certificate_replace(certificate=certificate, replacement=other.certificate, actor=None)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.replaced_by) == ("replaced", other.certificate)


def test_expired_is_computed_from_the_expiry_date(certificate):
    certificate.expires_on = timezone.localdate() - timedelta(days=1)
    assert (certificate.current_status, certificate.current_status_label) == ("expired", "Expired")
    certificate.expires_on = timezone.localdate()
    assert certificate.current_status == "valid"  # valid through its expiry date


# --- Keys ---------------------------------------------------------------------------------------


def test_after_a_key_rotation_old_and_new_credentials_both_verify(program, staff_user):
    first, last = nearly_done(program, name="Before Rotation")
    finish(last)
    old_key = IssuerKey.objects.get()
    services.issuer_key_rotate(actor=staff_user, reason="Yearly rotation.")
    second, last = nearly_done(program, name="After Rotation")
    finish(last)
    first.certificate.refresh_from_db()
    a, b = first.certificate.credential, second.certificate.credential
    assert a["proof"][0]["verificationMethod"].endswith("#" + old_key.fragment)
    assert b["proof"][0]["verificationMethod"] != a["proof"][0]["verificationMethod"]
    assert services.credential_verify(document=a).verified
    assert services.credential_verify(document=b).verified
    document = services.did_document()
    assert len(document["verificationMethod"]) == 2
    assert len(document["assertionMethod"]) == 2
    assert IssuerKey.objects.filter(status="active").count() == 1


def test_private_keys_are_stored_encrypted(certificate, settings):
    key = IssuerKey.objects.get()
    assert key.private_key_encrypted.startswith("gAAAA")  # a Fernet token
    settings.CREDENTIAL_KEY_SECRETS = ["a-new-secret", settings.SECRET_KEY]
    from certify.certificates.services.keys import issuer_signing_key

    private, method = issuer_signing_key()  # the old secret still decrypts
    assert method.endswith(key.fragment)
    assert private is not None
    settings.CREDENTIAL_KEY_SECRETS = ["only-a-new-secret"]
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        issuer_signing_key()
