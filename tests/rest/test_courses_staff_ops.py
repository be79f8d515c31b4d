"""Program staff's course decisions through the API (/staff/courses): the staff pages'
services and permissions; one-time acts are refused the second time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.courses import services
from certify.courses.models import (
    Course,
    CourseEvaluation,
    ProgrammeClaim,
    Provider,
    RecognisedProgramme,
    UnmatchedCompletion,
)
from certify.courses.numbers import candidate_number
from tests.courses.conftest import (  # noqa: F401  (fixtures)
    course,
    ct,
    enrol,
    enrolled,
    pdf_upload,
    planned,
    provider,
    provider_user,
)
from tests.courses.test_courses import pay, ready
from tests.factories import UserFactory

API = "/api/v1/staff/courses"
SCORES = {k: {"score": 3, "comment": ""} for k in ("coverage", "assessment", "instruction")}


@pytest.fixture
def submitted(provider, provider_user, ct):  # noqa: F811
    return services.course_submit(course=ready(provider, provider_user, ct), actor=provider_user)


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.mark.parametrize("role", ["anonymous", "candidate", "provider", "reviewer"])
def test_only_program_staff_reach_the_course_decisions(client_as, submitted, role):
    client = client_as(role)
    answers = [
        post(client, f"{API}/{submitted.pk}/evaluation", {"scores": SCORES}),
        post(client, f"{API}/{submitted.pk}/decision", {"decision": "return", "comments": "x"}),
        post(client, f"{API}/providers/{submitted.provider_id}/approve"),
        post(client, f"{API}/programmes", {"college": "C", "name": "N"}),
    ]
    expected = 401 if role == "anonymous" else 403
    assert [a.status_code for a in answers] == [expected] * 4
    submitted.refresh_from_db()
    assert submitted.status == Course.Status.SUBMITTED
    assert not CourseEvaluation.objects.exists()
    assert not RecognisedProgramme.objects.exists()


def test_staff_evaluate_then_approve_once(client, submitted, staff):
    client.force_login(staff)
    url = f"{API}/{submitted.pk}/evaluation"
    missing = post(client, url, {"scores": SCORES})
    assert missing.status_code == 400
    assert "missing: Currency and clarity" in missing.json()["detail"]
    full = {"scores": {**SCORES, "currency": {"score": 4, "comment": "Up to date."}}}
    for _ in range(2):  # scoring again replaces: one evaluation
        assert post(client, url, full).status_code == 200
    assert CourseEvaluation.objects.filter(course=submitted).count() == 1

    decide = f"{API}/{submitted.pk}/decision"
    assert post(client, decide).json()["field"] == "decision"
    unpaid = post(client, decide, {"decision": "approve"})
    assert unpaid.status_code == 400
    assert "is not paid yet" in unpaid.json()["detail"]
    pay(submitted.fee_invoice, UserFactory(roles=[Role.PROGRAM_STAFF]))
    approved = post(client, decide, {"decision": "approve", "comments": "Well done."})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert post(client, decide, {"decision": "approve"}).status_code == 400
    assert submitted.approvals.count() == 1


def test_staff_return_a_course_with_comments(client, submitted, staff):
    client.force_login(staff)
    url = f"{API}/{submitted.pk}/decision"
    bare = post(client, url, {"decision": "return"})
    assert (bare.status_code, bare.json()["field"]) == (400, "comments")  # as the page says
    returned = post(client, url, {"decision": "return", "comments": "Map CT-3 to a module."})
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned"
    assert post(client, url, {"decision": "return", "comments": "Again"}).status_code == 400


def test_staff_approve_a_provider_once(client, staff):
    registered = services.provider_register(
        actor=UserFactory(),
        name="Lakeshore Library School",
        kind="college",
        contact_email="courses@lakeshore.example.edu",
    )
    assert registered.status == Provider.Status.PENDING
    client.force_login(staff)
    url = f"{API}/providers/{registered.pk}/approve"
    first = post(client, url)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "approved"
    assert post(client, url).status_code == 400


def test_staff_decide_a_completion_once(client, planned, course, staff):  # noqa: F811
    today = timezone.localdate()
    completion = services.completion_record(
        planned=planned,
        actor=planned.application.candidate,
        course=course,
        completed_on=today - timedelta(days=3),
        certificate=pdf_upload(),
    )
    client.force_login(staff)
    url = f"{API}/completions/{completion.pk}/decision"
    rejected = post(client, url, {"decision": "reject", "reason": "Not signed."})
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["done"]) == ("rejected", "rejected")
    assert post(client, url, {"decision": "confirm"}).status_code == 400


def test_staff_match_an_unmatched_row_once(
    client,
    lsscp,
    course,  # noqa: F811
    provider_user,  # noqa: F811
    staff,
):
    today = timezone.localdate()
    row = services.ReportRow(
        line=2, email="dana.old@example.org", full_name="Dana Okafor", completed_on=str(today)
    )
    services.completions_report(course=course, rows=[row], actor=provider_user)
    unmatched = UnmatchedCompletion.objects.get()
    application = enrol(lsscp, email="dana@example.org", names=course)
    client.force_login(staff)
    url = f"{API}/unmatched/{unmatched.pk}"
    assert post(client, url).json()["field"] == "action"
    nobody = post(client, url, {"action": "match", "candidate": "who@example.org", "note": "x"})
    assert nobody.json()["field"] == "candidate"
    body = {"action": "match", "candidate": candidate_number(application), "note": "Old e-mail."}
    matched = post(client, url, body)
    assert matched.status_code == 200, matched.text
    assert matched.json()["status"] == "matched"
    assert matched.json()["completion_id"]
    assert post(client, url, body).status_code == 400
    assert application.planned_sets.get(competency_set__code="CT").is_satisfied


def test_staff_recognize_a_program_with_the_forms_words_for_what_is_missing(client, lsscp, staff):
    client.force_login(staff)
    url = f"{API}/programmes"
    no_college = post(client, url, {"name": "LTA", "sets": ["CT"], "starts_on": "2024-05-01"})
    assert (no_college.json()["field"], no_college.json()["detail"]) == (
        "college",
        "Give the college's name.",
    )
    unknown = post(client, url, {"college": "C", "name": "N", "sets": ["ZZ"]})
    assert unknown.json()["field"] == "sets"
    no_start = post(client, url, {"college": "C", "name": "N", "sets": ["CT"]})
    assert no_start.json()["field"] == "starts_on"
    made = post(
        client,
        url,
        {
            "college": "Lakeshore",
            "name": "LTA, AAS",
            "sets": ["CT", "FLS"],
            "starts_on": "2024-05-01",
        },
    )
    assert made.status_code == 201, made.text
    assert made.json()["sets"] == ["CT", "FLS"]
    again = post(
        client,
        url,
        {"college": "Lakeshore", "name": "LTA, AAS", "sets": ["CT"], "starts_on": "2024-05-01"},
    )
    assert (again.status_code, again.json()["field"]) == (400, "name")
    assert RecognisedProgramme.objects.get().competency_sets.count() == 2


def test_staff_decide_a_claim_once(client, lsscp, staff):
    today = timezone.localdate()
    programme = services.programme_create(
        program=lsscp,
        actor=staff,
        college="Lakeshore Technical College",
        name="Library Technical Assistant, AAS",
        starts_on=today - timedelta(days=365 * 5),
        competency_sets=list(lsscp.competency_sets.filter(code="FLS")),
    )
    graduate = enrol(lsscp, email="grad@example.org", sets=("FLS",), route="programme")
    claim = services.claim_submit(
        planned=graduate.planned_sets.get(competency_set__code="FLS"),
        actor=graduate.candidate,
        programme=programme,
        graduated_on=today - timedelta(days=200),
        proof=pdf_upload("diploma.pdf"),
    )
    client.force_login(staff)
    url = f"{API}/programme-claims/{claim.pk}/decision"
    assert post(client, url).json()["field"] == "decision"
    confirmed = post(client, url, {"decision": "confirm"})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    assert post(client, url, {"decision": "reject", "reason": "No."}).status_code == 400
    claim.refresh_from_db()
    assert claim.status == ProgrammeClaim.Status.CONFIRMED
    assert graduate.planned_sets.get(competency_set__code="FLS").is_satisfied
