"""A supervisor's one-time link used twice at the same moment (PostgreSQL): one answer is
recorded, the other click is told the link was used, nothing changed. Threads with their own
connections, released together, against committed data."""

import pytest
from django.test import Client
from django.urls import reverse

from certify.applications.models import ConfirmationRequest, ExperienceEntry
from certify.core.models import AuditEvent
from tests.applications.test_confirmations import ask, entry  # noqa: F401 (the fixture)
from tests.payments.test_concurrency import at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_a_confirmation_link_answered_twice_at_once_is_answered_once(
    entry,  # noqa: F811
    applicant,
    django_capture_on_commit_callbacks,
):
    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    url = reverse("applications:supervisor", args=[token])
    answers = [
        {"answer": "confirm", "hours": "", "note": ""},
        {"answer": "correct", "hours": "10", "note": "Fewer hours than that."},
        {"answer": "confirm", "hours": "", "note": ""},
    ]

    def post(data):
        return lambda: Client().post(url, data)

    results, errors = at_once(*(post(a) for a in answers))
    assert errors == []
    codes = sorted(r.status_code for r in results)
    assert codes[0] in (200, 302)
    assert codes[1:] == [410, 410]
    entry.refresh_from_db()
    assert entry.supervisor_status in (
        ExperienceEntry.SupervisorStatus.CONFIRMED,
        ExperienceEntry.SupervisorStatus.CORRECTED,
    )
    assert ConfirmationRequest.objects.get().ended == ConfirmationRequest.Ended.ANSWERED
    moves = AuditEvent.objects.filter(
        target_id=str(entry.pk), data__move__in=["confirm", "correct"]
    )
    assert moves.count() == 1
