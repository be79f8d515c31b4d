"""Staff's other words for the random evidence check, as the renewal pages say it ("Chosen at
random for an evidence check"): the program setting (it said "Renewals drawn for an evidence
check"), the staff home's card (it said "Renewals to audit (evidence to check)") and the staff
renewals API's description (it said "Renewals drawn for audit first")."""

import json

from django.urls import reverse

from certify.renewals.models import Renewal
from tests.renewals.conftest import certificate_per_module
from tests.renewals.test_stopped_certificates import _submitted

program, today, certificate = certificate_per_module()

LABEL = "Share of renewals chosen at random for an evidence check (%)"


def _page(client, user, url) -> str:
    client.force_login(user)
    return " ".join(client.get(url).text.split())


def test_the_program_setting_says_chosen_at_random(client, certificate, staff_user):
    url = reverse("programs:setup_settings", args=[certificate.program.slug])
    page = _page(client, staff_user, url)
    assert f'for="id_renewal-renewal_audit_percent">{LABEL}' in page
    assert "a renewal chosen waits for staff to check its evidence" in page
    assert "drawn" not in page.lower()


def test_the_staff_home_card_says_what_waits(client, certificate, today, staff_user):
    renewal = _submitted(certificate, today, audited=True)
    Renewal.objects.filter(pk=renewal.pk).update(status=Renewal.Status.IN_AUDIT)
    page = _page(client, staff_user, reverse("staff:home"))
    assert "Evidence to check: renewals chosen at random" in page
    assert "to audit" not in page.lower()


def test_the_staff_renewals_api_says_chosen_at_random(db):
    from certify.rest.api import api

    schema = api.get_openapi_schema()
    listing = schema["paths"]["/api/v1/staff/renewals"]["get"]
    assert listing["description"].startswith(
        "Renewals chosen at random for an evidence check first, then newest"
    )
    assert "drawn for audit" not in json.dumps(schema).lower()
