"""Stackable credentials (ADR 0035): each completed set gets its own signed OB 3.0 credential,
once; it has its own revocation entry from the certificates' lists; it is revoked with the
certificate (not when the certificate is suspended) or by staff; the certificate names it."""

from unittest import mock

import pytest

from certify.accounts.models import Role, RoleAssignment, User
from certify.certificates import services
from certify.certificates.credentials import statuslist
from certify.certificates.models import Certificate, SetCredential, StatusList
from certify.certificates.services import statuslists
from certify.core.errors import DomainError
from certify.notifications.models import Notification
from certify.progress.models import PlannedSet
from certify.progress.services import planned_set_satisfy
from tests.certificates.conformance import assert_ob3_valid
from tests.certificates.conftest import finish, nearly_done


def _bit(set_credential: SetCredential) -> bool:
    status_list = StatusList.objects.get(
        purpose=StatusList.Purpose.REVOCATION, series=set_credential.status_list_series
    )
    return statuslist.bit_get(bytes(status_list.bits), set_credential.status_list_index)


def _first_open_row(application) -> PlannedSet:
    return application.planned_sets.exclude(status=PlannedSet.Status.SATISFIED).first()


def test_a_set_satisfied_gets_its_credential_once_after_commit(
    program, django_capture_on_commit_callbacks
):
    application, last = nearly_done(program)  # sets satisfied, their events not delivered
    assert not SetCredential.objects.exists()
    earlier = application.planned_sets.filter(status=PlannedSet.Status.SATISFIED).first()
    PlannedSet.objects.filter(pk=earlier.pk).update(status=PlannedSet.Status.IN_PROGRESS)
    earlier.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        planned_set_satisfy(planned=earlier, actor=None, route="course", evidence="Course X")
    assert callbacks, "the credential comes from the event, after commit"
    made = SetCredential.objects.get(planned_set=earlier)
    # The handler makes every missing one of the plan (the first sets' events were lost here).
    assert SetCredential.objects.count() == 2
    # Delivered again (a retry, a redelivery): nothing more.
    from certify.certificates.handlers import set_credential_issue

    set_credential_issue(event_id=0, application_id=application.pk)
    with django_capture_on_commit_callbacks(execute=True):
        planned_set_satisfy(planned=earlier, actor=None, route="course", evidence="Course X")
    assert SetCredential.objects.count() == 2
    assert SetCredential.objects.get(planned_set=earlier).credential == made.credential
    del last


@pytest.mark.parametrize(
    ("route", "label", "evidence"),
    [
        ("course", "Approved course", "Cataloging Basics (Northside College), completed 3 May"),
        ("portfolio", "Portfolio", "Portfolio, version 1"),
        ("programme", "Recognized college program", "Library Technical Assistant, AAS"),
    ],
)
def test_the_credential_names_the_set_route_and_day_and_conforms(program, route, label, evidence):
    _, last = nearly_done(program)
    planned_set_satisfy(planned=last, actor=None, route=route, evidence=evidence)
    made = SetCredential.objects.get(planned_set=last)
    document = made.credential
    assert_ob3_valid(document)
    achievement = document["credentialSubject"]["achievement"]
    competency_set = last.competency_set
    assert achievement["achievementType"] == "Competency"
    assert achievement["name"] == competency_set.name
    assert achievement["alignment"][0]["targetCode"] == str(competency_set.case_identifier)
    assert achievement["alignment"][0]["targetType"] == "CFItem"
    assert achievement["criteria"]["narrative"].startswith("Show ")
    assert document["evidence"][0]["name"] == label
    assert evidence in document["evidence"][0]["narrative"]
    assert document["awardedDate"] == document["credentialSubject"]["activityEndDate"]
    status = document["credentialStatus"]
    assert isinstance(status, dict)
    assert (status["type"], status["statusPurpose"]) == ("BitstringStatusListEntry", "revocation")
    assert status["statusListIndex"] == str(made.status_list_index)
    assert services.credential_verify(document=document).status == "valid"


def test_the_certificate_names_every_sets_credential_as_evidence(certificate):
    sets = list(SetCredential.objects.filter(application=certificate.application))
    assert len(sets) == len(certificate.completed_sets) == 3
    evidence = certificate.credential["evidence"]
    assert {e["id"] for e in evidence} == {f"urn:uuid:{s.credential_id}" for s in sets}
    assert all(e["type"] == ["Evidence"] for e in evidence)
    assert_ob3_valid(certificate.credential)
    assert services.credential_verify(document=certificate.credential).status == "valid"


def test_certificates_and_sets_never_share_a_status_list_entry(certificate, program):
    entries = [(c.status_list_series, c.status_list_index) for c in Certificate.objects.all()]
    entries += [(s.status_list_series, s.status_list_index) for s in SetCredential.objects.all()]
    assert len(entries) == len(set(entries)) == 4
    # An entry held by a certificate or a set's credential is never handed out again.
    more = statuslists.status_indexes_allocate(500)
    assert len(set(more)) == 500
    assert not set(more) & set(entries)


def test_revoking_the_certificate_revokes_its_sets_in_the_same_transaction(certificate, staff_user):
    sets = list(SetCredential.objects.filter(application=certificate.application))
    # If anything after the moves fails, neither the certificate nor a set changes.
    with (
        mock.patch(
            "certify.certificates.services.transitions._tell_holder", side_effect=RuntimeError
        ),
        pytest.raises(RuntimeError),
    ):
        services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    assert set(SetCredential.objects.values_list("status", flat=True)) == {"valid"}
    assert not any(_bit(s) for s in sets)

    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    for item in SetCredential.objects.filter(application=certificate.application):
        assert item.status == SetCredential.Status.REVOKED
        assert item.status_reason == f"The certificate {certificate.number} was revoked: Fraud."
        assert _bit(item)
        assert services.credential_verify(document=item.credential).status == "revoked"


def test_suspending_the_certificate_leaves_its_sets_valid(certificate, staff_user):
    services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Checking.")
    for item in SetCredential.objects.all():
        assert item.status == SetCredential.Status.VALID
        assert not _bit(item)
        assert services.credential_verify(document=item.credential).status == "valid"


def test_a_renewals_certificate_revoked_revokes_the_first_plans_sets(certificate, staff_user):
    renewed = services.certificate_issue_renewal(
        previous=certificate, expires_on=certificate.expires_on, actor=None
    )
    services.certificate_replace(certificate=certificate, replacement=renewed, actor=None)
    assert len(renewed.credential["evidence"]) == 3
    services.certificate_revoke(certificate=renewed, actor=staff_user, reason="Fraud.")
    assert set(SetCredential.objects.values_list("status", flat=True)) == {"revoked"}


def test_staff_revoke_one_set_with_a_reason_and_the_holder_is_told(certificate, staff_user):
    item = SetCredential.objects.filter(application=certificate.application).first()
    with pytest.raises(DomainError, match="Give a reason"):
        services.set_credential_revoke(set_credential=item, actor=staff_user, reason="")
    services.set_credential_revoke(set_credential=item, actor=staff_user, reason="Wrong course.")
    item.refresh_from_db()
    assert (item.status, item.status_reason, _bit(item)) == ("revoked", "Wrong course.", True)
    assert services.credential_verify(document=item.credential).status == "revoked"
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID  # decided on its own
    assert Notification.objects.filter(
        recipient=certificate.holder, event="set_credential.revoked"
    ).exists()
    with pytest.raises(DomainError, match="already “Revoked”"):
        services.set_credential_revoke(set_credential=item, actor=staff_user, reason="Again.")


def test_nobody_revokes_their_own_sets_credential(program):
    application, last = nearly_done(program, name="Sam Staff-Candidate")
    RoleAssignment.objects.create(user=application.candidate, role=Role.PROGRAM_STAFF)
    holder = User.objects.get(pk=application.candidate_id)
    finish(last)
    item = SetCredential.objects.filter(holder=holder).first()
    with pytest.raises(DomainError, match="own case"):
        services.set_credential_revoke(set_credential=item, actor=holder, reason="Mine.")


def test_regenerating_the_lists_keeps_a_revoked_sets_bit(certificate, staff_user):
    item = SetCredential.objects.first()
    services.set_credential_revoke(set_credential=item, actor=staff_user, reason="Wrong course.")
    StatusList.objects.update(bits=statuslist.empty())
    services.status_lists_regenerate()
    assert _bit(item)
    assert not any(_bit(s) for s in SetCredential.objects.exclude(pk=item.pk))
