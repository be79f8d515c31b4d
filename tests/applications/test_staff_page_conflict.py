"""The application's staff page names its appeal (status, grounds, outcome): staff who declared a
conflict of interest with the candidate read the reason instead of the appeal, as its own page
refuses them (ADR 0022); other staff still read it."""

from django.urls import reverse

from certify.accounts.conflicts import conflict_declare
from certify.accounts.models import Role
from certify.appeals.access import CONFLICT_DECLARED
from certify.appeals.services import appeal_submit_grounds
from certify.applications import decisions
from certify.applications.appeals import application_appeal
from tests.factories import UserFactory

GROUNDS = "The hours at the branch library were left out of the count."


def _appealed(submitted, staff):
    decisions.application_reject(application=submitted, actor=staff, reason="Too few hours.")
    submitted.refresh_from_db()
    appeal = application_appeal(application=submitted, actor=submitted.candidate)
    return appeal_submit_grounds(appeal=appeal, actor=submitted.candidate, grounds=GROUNDS)


def test_conflicted_staff_read_the_reason_instead_of_the_appeal(client, submitted, staff):
    appeal = _appealed(submitted, staff)
    other = UserFactory(full_name="Omar Other", roles=[Role.PROGRAM_STAFF])
    conflict_declare(actor=other, person_email=submitted.candidate.email, reason="My cousin.")
    url = reverse("applications:staff_detail", args=[submitted.pk])

    client.force_login(other)
    page = client.get(url)
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert CONFLICT_DECLARED in text.replace("&#x27;", "'")
    assert GROUNDS not in text
    assert reverse("appeals:review", args=[appeal.pk]) not in page.text
    assert reverse("accounts:conflicts") in page.text

    client.force_login(staff)
    page = client.get(url)
    assert GROUNDS in page.text
    assert CONFLICT_DECLARED not in page.text.replace("&#x27;", "'")
