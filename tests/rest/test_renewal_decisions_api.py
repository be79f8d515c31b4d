"""Renewal decisions through the API: the holder sends a renewal back with evidence; staff
decide an audited renewal and reopen renewal of a lapsed certificate. Same services and
permissions as the pages; a second call of a one-time act is refused."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certify.renewals import selectors
from certify.renewals.lifecycle import Phase, add_months
from certify.renewals.models import Reinstatement, Renewal
from certify.renewals.services import (
    ce_activity_update,
    renewal_submit,
    renewal_sync,
)
from tests import files
from tests.renewals.conftest import (  # noqa: F401  (fixtures)
    holder_with_certificate,
    in_window,
    log,
    program,
    staff_user,
)
from tests.renewals.steps import pay


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def in_audit(program, staff_user):  # noqa: F811
    today = timezone.localdate()
    program.renewal_audit_percent = 100
    program.save()
    certificate = in_window(program, today)
    log(certificate.holder, program=program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT
    return renewal


@pytest.mark.parametrize("role", ["anonymous", "candidate", "reviewer", "provider"])
def test_only_program_staff_decide_renewals(client_as, in_audit, role):
    today = timezone.localdate()
    client = client_as(role)
    answers = [
        post(client, f"/api/v1/staff/renewals/{in_audit.pk}/decision", {"action": "approve"}),
        post(
            client,
            f"/api/v1/staff/renewals/lapsed/{in_audit.certificate_id}/reinstate",
            {"renew_by": str(today + timedelta(days=30)), "reason": "x"},
        ),
    ]
    expected = 401 if role == "anonymous" else 403
    assert [a.status_code for a in answers] == [expected, expected]
    in_audit.refresh_from_db()
    assert in_audit.status == Renewal.Status.IN_AUDIT


def test_the_holder_cannot_decide_their_own_renewal(client, in_audit):
    holder = in_audit.holder
    client.force_login(holder)
    answer = post(client, f"/api/v1/staff/renewals/{in_audit.pk}/decision", {"action": "approve"})
    assert answer.status_code == 403


def test_staff_ask_for_evidence_the_holder_resubmits_and_staff_approve_once(
    client,
    in_audit,
    staff_user,  # noqa: F811
):
    today = timezone.localdate()
    client.force_login(staff_user)
    url = f"/api/v1/staff/renewals/{in_audit.pk}/decision"
    assert post(client, url).json()["field"] == "action"
    no_reason = post(client, url, {"action": "more_evidence", "reason": " "})
    assert (no_reason.status_code, no_reason.json()["field"]) == (400, "reason")
    asked = post(client, url, {"action": "more_evidence", "reason": "Attach the attendance."})
    assert asked.status_code == 200, asked.text
    assert asked.json()["status"] == "more_evidence"

    holder = in_audit.holder
    activity = in_audit.activities.get(title="Customer service workshop")
    ce_activity_update(
        activity=activity,
        actor=holder,
        title=activity.title,
        provider=activity.provider,
        completed_on=activity.completed_on,
        format="hours",
        amount="28",
        set_ids=[s.pk for s in activity.competency_sets.all()],
        evidence=SimpleUploadedFile("attendance.pdf", files.PDF),
        today=today,
    )
    resubmit = f"/api/v1/renewals/{in_audit.pk}/resubmit"
    client.force_login(staff_user)
    assert client.post(resubmit).status_code == 404  # not the holder's: nothing to see
    client.force_login(holder)
    sent = client.post(resubmit)
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "in_audit"
    assert client.post(resubmit).status_code == 400

    client.force_login(staff_user)
    approved = post(client, url, {"action": "approve"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert approved.json()["new_certificate"]
    assert post(client, url, {"action": "refuse", "reason": "No"}).status_code == 400


def test_staff_reopen_a_lapsed_certificate_once(
    client,
    program,  # noqa: F811
    staff_user,  # noqa: F811
):
    today = timezone.localdate()
    expired = add_months(today, -program.renewal_grace_months) - timedelta(days=1)
    lapsed = holder_with_certificate(
        program, issued_on=add_months(expired, -12 * program.certificate_validity_years)
    )
    client.force_login(staff_user)
    url = f"/api/v1/staff/renewals/lapsed/{lapsed.pk}/reinstate"
    no_day = post(client, url, {"reason": "Hospital stay."})
    assert (no_day.status_code, no_day.json()["field"]) == (400, "renew_by")
    body = {"renew_by": str(today + timedelta(days=30)), "reason": "Hospital stay."}
    made = post(client, url, body)
    assert made.status_code == 201, made.text
    assert made.json()["certificate"] == lapsed.number
    cycle = selectors.certificate_lifecycle(certificate=lapsed, today=today)
    assert cycle.phase == Phase.GRACE
    again = post(client, url, body)
    assert again.status_code == 400
    assert "Only a lapsed certificate" in again.json()["detail"]
    assert Reinstatement.objects.filter(certificate=lapsed).count() == 1


def test_a_decision_on_a_renewal_changed_since_it_was_read_is_refused(
    client,
    in_audit,
    staff_user,  # noqa: F811
):
    """`updated_at_seen` is the renewal's `updated_at` the client read (here from its own
    earlier decision): once the holder sent it back, a decision naming the older one is refused
    and nothing changes; the renewal as it is now can be decided."""
    client.force_login(staff_user)
    url = f"/api/v1/staff/renewals/{in_audit.pk}/decision"
    asked = post(client, url, {"action": "more_evidence", "reason": "Attach the attendance."})
    read = asked.json()["updated_at"]
    client.force_login(in_audit.holder)
    sent = client.post(f"/api/v1/renewals/{in_audit.pk}/resubmit")
    assert sent.status_code == 200, sent.text
    client.force_login(staff_user)
    stale = post(client, url, {"action": "refuse", "reason": "No proof.", "updated_at_seen": read})
    assert stale.status_code == 400
    assert "changed after you opened it" in stale.json()["detail"]
    in_audit.refresh_from_db()
    assert in_audit.status == Renewal.Status.IN_AUDIT
    now = in_audit.updated_at.isoformat()
    approved = post(client, url, {"action": "approve", "updated_at_seen": now})
    assert approved.json()["status"] == "approved"


@pytest.mark.parametrize(
    "body",
    [
        {"action": "more_evidence", "reason": "Attach the attendance."},
        {"action": "refuse", "reason": "The workshop is not continuing education."},
        {"action": "approve"},
    ],
)
def test_the_decision_answers_with_the_staff_lists_row(
    client,
    in_audit,
    staff_user,  # noqa: F811
    body,
):
    """Staff read the renewal they decided as their list gives it (`program`, `certificate`,
    `holder_name`, `assigned_to`, `approval_refused_because`), not in the holder's shape (its
    fee fields are the holder's)."""
    client.force_login(staff_user)
    decided = post(client, f"/api/v1/staff/renewals/{in_audit.pk}/decision", body)
    assert decided.status_code == 200, decided.text
    [row] = [
        r for r in client.get("/api/v1/staff/renewals").json()["items"] if r["id"] == in_audit.pk
    ]
    assert decided.json() == row
    assert decided.json()["certificate"] == in_audit.certificate.number
    assert decided.json()["approval_refused_because"] == ""  # decided: nothing to approve
    assert "fee_payable" not in decided.json()


@pytest.mark.database_free
def test_the_openapi_document_gives_the_decision_the_staff_lists_schema():
    from certify.rest.api import api

    document = json.loads(json.dumps(api.get_openapi_schema()))  # as /api/v1/openapi.json
    paths = document["paths"]
    decision = paths["/api/v1/staff/renewals/{renewal_id}/decision"]["post"]
    listed = paths["/api/v1/staff/renewals"]["get"]
    answer = decision["responses"]["200"]["content"]["application/json"]["schema"]
    rows = listed["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    items = document["components"]["schemas"][rows.rsplit("/", 1)[1]]["properties"]["items"]
    assert answer == {"$ref": "#/components/schemas/StaffRenewalOut"} == items["items"]
