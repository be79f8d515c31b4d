"""Staff's renewal page names what describes its fields: every id in an `aria-describedby` is on
the page. Django points the reason's box at `id_reason_helptext`; the page wrote the help text
without that id, so a screen reader read the box without "Needed to ask for more evidence or to
refuse: the holder reads it." The queue and the activities are cards on a phone (`stack`), each
cell named by its column."""

import re

from certify.accounts.models import Role
from tests.certificates.conftest import certificate as certificate
from tests.certificates.conftest import nearly as nearly
from tests.certificates.conftest import program as program
from tests.factories import UserFactory
from tests.renewals.conftest import in_audit

DESCRIBED_BY = re.compile(r'aria-describedby="([^"]+)"')


def _missing_ids(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    return [
        name for names in DESCRIBED_BY.findall(html) for name in names.split() if name not in ids
    ]


def test_the_renewal_staff_pages_describe_their_fields_with_ids_that_exist(client, certificate):
    renewal = in_audit(certificate)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    detail = client.get(f"/staff/renewals/{renewal.pk}/").text
    assert 'aria-describedby="id_reason_helptext"' in detail
    assert _missing_ids(detail) == []
    refused = client.post(
        f"/staff/renewals/{renewal.pk}/decide/",
        {"action": "refuse", "reason": "", "updated_at_seen": renewal.updated_at.isoformat()},
    )
    assert refused.status_code == 400
    assert _missing_ids(refused.text) == []
    queue = client.get("/staff/renewals/").text
    assert '<table class="stack">' in queue
    assert f'<td data-label="Certificate"><a href="/staff/renewals/{renewal.pk}/">' in queue
    assert '<td data-label="Status">' in queue
