"""A one-time link used twice at the same moment (PostgreSQL): the attester's answer is recorded
once, whichever click arrives first; the other click is told the link was used, nothing
changed. Threads with their own connections, released together, against committed data."""

import pytest
from django.test import Client

from certify.core.models import AuditEvent
from certify.portfolios.models import EvidenceItem
from tests.payments.test_concurrency import at_once
from tests.portfolios.test_attestations import TEXT, request

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_an_attestation_link_answered_twice_at_once_is_answered_once(
    portfolio, django_capture_on_commit_callbacks
):
    item, token = request(portfolio, django_capture_on_commit_callbacks)
    texts = [f"{TEXT} Answer number {n}." for n in range(3)]

    def answer(text):
        return lambda: Client().post(f"/attest/{token}/", {"answer": "give", "text": text})

    results, errors = at_once(*(answer(t) for t in texts))
    assert errors == []
    assert sorted(r.status_code for r in results) == [200, 410, 410]
    item.refresh_from_db()
    assert item.attestation_status == EvidenceItem.AttestationStatus.GIVEN
    assert item.attestation_text in texts
    moves = AuditEvent.objects.filter(target_id=str(item.pk), data__move="give")
    assert moves.count() == 1
