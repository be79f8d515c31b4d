"""A reinstatement is a staff decision (a reason, an audit row, the holder told, the PDF typeset
again): the admin shows it and never deletes it, even for a superuser, since deleting it there
made the certificate lapse again with no audit row of that decision and a stored PDF still
reading "Expired" (ADR 0014). Renewals and continuing-education activities likewise change
only through their services."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory

from certify.accounts.models import Role
from certify.programs.api import program_today
from certify.renewals.lifecycle import Phase
from certify.renewals.models import CeActivity, Reinstatement, Renewal
from certify.renewals.selectors import certificate_lifecycle
from certify.renewals.services import certificate_reinstate_lapsed
from tests.factories import UserFactory
from tests.renewals.test_one_word_for_lapsed import lapsed_one

ADMIN = "/admin/renewals/reinstatement/"


@pytest.fixture
def reinstatement(program):
    today = program_today(program)
    return certificate_reinstate_lapsed(
        certificate=lapsed_one(program, today),
        actor=UserFactory(roles=[Role.PROGRAM_STAFF]),
        reason="Hospital stay.",
        renew_by=today + timedelta(days=30),
    )


@pytest.fixture
def superuser(db, client):
    person = UserFactory(is_staff=True, is_superuser=True, roles=[Role.PROGRAM_STAFF])
    client.force_login(person)
    return person


def test_a_superuser_reads_a_reinstatement_in_the_admin_and_cannot_delete_it(
    client, superuser, reinstatement
):
    listed = client.get(ADMIN)
    assert listed.status_code == 200
    assert reinstatement.certificate.number in listed.text
    assert 'value="delete_selected"' not in listed.text  # no bulk deletion offered
    shown = client.get(f"{ADMIN}{reinstatement.pk}/change/")
    assert shown.status_code == 200
    assert "Hospital stay." in shown.text
    assert f"{ADMIN}{reinstatement.pk}/delete/" not in shown.text
    assert client.get(f"{ADMIN}{reinstatement.pk}/delete/").status_code == 403
    assert client.post(f"{ADMIN}{reinstatement.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(
        ADMIN, {"action": "delete_selected", "_selected_action": [reinstatement.pk], "post": "yes"}
    )
    assert Reinstatement.objects.filter(pk=reinstatement.pk).exists()
    cycle = certificate_lifecycle(certificate=reinstatement.certificate)
    assert cycle.phase == Phase.GRACE  # still reinstated: expired, renewal open


def test_nor_can_a_superuser_change_it_in_the_admin(client, superuser, reinstatement):
    renew_by = reinstatement.renew_by
    client.post(
        f"{ADMIN}{reinstatement.pk}/change/",
        {"renew_by": (renew_by + timedelta(days=300)).isoformat(), "reason": "Changed."},
    )
    reinstatement.refresh_from_db()
    assert (reinstatement.renew_by, reinstatement.reason) == (renew_by, "Hospital stay.")


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Reinstatement, Renewal, CeActivity], ids=lambda m: m.__name__)
def test_the_admin_shows_renewals_but_never_adds_changes_or_deletes_them(model):
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
