"""One validation, two doors: the same bad input through the page's form and through the API is
refused with the same words, named by the same field (ADR 0054): experience entries,
memberships, CE activities, conflict-of-interest declarations and staff changes to invoices.
Each rule lives in the service (or a shared check) both doors call; each door only reads what
was typed.

An input that cannot even be read (letters in a date) is each door's own: a form says so beside
the field, the API's schema answers 422. Everything else is compared here: dates in the future,
an end before the start, hours out of range, amounts, values left out.
"""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import ConflictDeclaration, Role
from certify.applications.forms import ExperienceForm
from certify.applications.models import ExperienceEntry
from certify.memberships.models import Membership
from certify.memberships.services import organisations_ensure
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.models import Invoice
from certify.renewals.models import CeActivity
from tests.days import TODAY, TOMORROW, YESTERDAY, InDays, dated
from tests.factories import ApplicationFactory, UserFactory
from tests.renewals.conftest import in_window

START_DAYS = -(52 * 7 - 1)
START = InDays(START_DAYS)


def api_fields(response: Any) -> dict[str, str]:
    """What the API's problem document says is wrong, by field."""
    assert response.status_code == 400, response.text
    problem = response.json()
    if problem.get("fields"):
        return problem["fields"]
    if problem.get("errors"):
        return {e["field"]: e["message"] for e in problem["errors"]}
    return {problem.get("field") or "": problem["detail"]}


def form_fields(form: Any) -> dict[str, str]:
    """What the form says is wrong, by field (its first message for each)."""
    return {name or "": errors[0] for name, errors in form.errors.items()}


# --- Experience entries -------------------------------------------------------------------------
JOB = {
    "library_name": "Riverside Public Library",
    "library_type": "public",
    "role": "Circulation assistant",
    "start_date": START,
    "hours_mode": "weekly",
    "hours_per_week": "35",
}
BAD_JOBS: dict[str, dict[str, Any]] = {
    "an end before the start": {"end_date": InDays(START_DAYS - 1)},
    "a start in the future": {"start_date": InDays(30)},
    "an end in the future": {"end_date": InDays(30)},
    "more hours a week than a person works": {"hours_per_week": "81"},
    "no weekly hours": {"hours_per_week": None},
    "a total that cannot fit between the dates": {
        "hours_mode": "total",
        "hours_per_week": None,
        "end_date": InDays(START_DAYS + 6),
        "total_hours": "500",
    },
    "no library": {"library_name": ""},
    "no role": {"role": ""},
    "no start date": {"start_date": None},
}


@pytest.fixture
def draft(lsscp, candidate):
    return ApplicationFactory(candidate=candidate, program=lsscp)


@pytest.mark.parametrize("case", BAD_JOBS)
def test_an_experience_entry_is_refused_alike_by_the_form_and_the_api(client, draft, case):
    job = dated({**JOB, **BAD_JOBS[case]}, iso=True)
    client.force_login(draft.candidate)
    form = ExperienceForm({k: "" if v is None else v for k, v in job.items()})
    assert not form.is_valid()

    api = client.post(
        f"/api/v1/applications/{draft.pk}/experience",
        {k: v for k, v in job.items() if v is not None},
        content_type="application/json",
    )

    assert api_fields(api) == form_fields(form)
    assert not ExperienceEntry.objects.exists()


def test_a_good_entry_is_taken_by_both(client, draft):
    job = dated(JOB, iso=True)
    client.force_login(draft.candidate)
    assert ExperienceForm(job).is_valid()
    api = client.post(
        f"/api/v1/applications/{draft.pk}/experience", job, content_type="application/json"
    )
    assert api.status_code == 201, api.text


# --- Memberships -------------------------------------------------------------------------------
MEMBERSHIP = {
    "organisation": "ALA",
    "member_number": "123456",
    "expires_on": InDays(200),
}
BAD_MEMBERSHIPS: dict[str, dict[str, Any]] = {
    "no member number": {"member_number": ""},
    "a blank member number": {"member_number": "   "},
    "no end date": {"expires_on": None},
    "an end date that has passed": {"expires_on": YESTERDAY},
    "no organization": {"organisation": ""},
}


@pytest.mark.parametrize("case", BAD_MEMBERSHIPS)
def test_a_membership_is_refused_alike_by_the_form_and_the_api(client, candidate, case):
    organisations = {o.code: o for o in organisations_ensure()}
    data = dated({**MEMBERSHIP, **BAD_MEMBERSHIPS[case]}, iso=True)
    client.force_login(candidate)
    posted = {k: "" if v is None else v for k, v in data.items()}
    if posted["organisation"]:
        posted["organisation"] = organisations[posted["organisation"]].pk
    page = client.post(reverse("memberships:add"), posted)
    assert page.status_code == 400  # the form again, with the errors (ADR 0043)
    said_by_the_form = form_fields(page.context["form"])

    api = client.post(
        "/api/v1/memberships",
        {k: v for k, v in data.items() if v is not None},
        content_type="application/json",
    )

    assert api_fields(api) == said_by_the_form
    assert not Membership.objects.exists()


def test_a_membership_is_recorded_by_the_api_as_by_the_form(client, candidate):
    organisations_ensure()
    client.force_login(candidate)
    api = client.post(
        "/api/v1/memberships", dated(MEMBERSHIP, iso=True), content_type="application/json"
    )
    assert api.status_code == 201, api.text
    assert api.json()["status"] == "pending"
    assert Membership.objects.get().member_number == "123456"


# --- Continuing-education activities -----------------------------------------------------------
ACTIVITY = {
    "title": "Cybersecurity for libraries",
    "provider": "WebJunction",
    "completed_on": TODAY,
    "format": "hours",
    "amount": "4",
}
BAD_ACTIVITIES: dict[str, dict[str, Any]] = {
    "no title": {"title": ""},
    "a title too long": {"title": "x" * 201},
    "no provider": {"provider": ""},
    "no date": {"completed_on": None},
    "a date in the future": {"completed_on": TOMORROW},
    "no amount": {"amount": None},
    "an amount of zero": {"amount": "0"},
    "a negative amount": {"amount": "-2"},
    "an amount too large": {"amount": "1000"},
    "an amount with three decimals": {"amount": "1.555"},
}


@pytest.mark.parametrize("case", BAD_ACTIVITIES)
def test_a_ce_activity_is_refused_alike_by_the_form_and_the_api(client, lsscp, case):
    certificate = in_window(lsscp, timezone.localdate())
    data = dated({**ACTIVITY, **BAD_ACTIVITIES[case]}, iso=True)
    client.force_login(certificate.holder)
    page = client.post(
        reverse("renewals:activity_add"), {k: "" if v is None else v for k, v in data.items()}
    )
    assert page.status_code == 400
    said_by_the_form = form_fields(page.context["form"])

    api = client.post(
        "/api/v1/renewals/activities",
        {k: v for k, v in data.items() if v is not None},
        content_type="application/json",
    )

    assert api_fields(api) == said_by_the_form
    assert not CeActivity.objects.exists()


# --- Conflict-of-interest declarations ---------------------------------------------------------
CONFLICT = {"person_email": "", "organisation": "Hill Library", "reason": "My former employer"}
BAD_CONFLICTS: dict[str, dict[str, Any]] = {
    "no reason": {"reason": ""},
    "an address that is not one": {"organisation": "", "person_email": "kin@"},
    "both a person and a library": {"person_email": "kin@example.org"},
    "neither a person nor a library": {"organisation": ""},
}


@pytest.mark.parametrize("case", BAD_CONFLICTS)
def test_a_conflict_is_refused_alike_by_the_form_and_the_api(client, db, case):
    data = {**CONFLICT, **BAD_CONFLICTS[case]}
    client.force_login(UserFactory(roles=[Role.SPONSOR]))
    page = client.post(reverse("accounts:conflicts"), data)
    said_by_the_form = form_fields(page.context["form"])

    api = client.post("/api/v1/account/conflicts", data, content_type="application/json")

    assert api_fields(api) == said_by_the_form
    assert not ConflictDeclaration.objects.exists()


# --- Re-pricing and re-issuing an invoice (staff) ----------------------------------------------
BAD_CHANGES: dict[str, tuple[str, dict[str, Any]]] = {
    "a re-price without a price": ("reprice", {"reason": "Member"}),
    "a re-price without a reason": ("reprice", {"amount": "300", "reason": ""}),
    "a re-issue to an address that is not one": (
        "reissue",
        {"reason": "Employer pays", "bill_to_email": "accounts@"},
    ),
    "a re-issue due in the past": (
        "reissue",
        {"reason": "Employer pays", "due_on": YESTERDAY},
    ),
}


@pytest.mark.parametrize("case", BAD_CHANGES)
def test_an_invoice_change_is_refused_alike_by_the_form_and_the_api(
    client, lsscp, candidate, staff, case
):
    invoice = enrollment_invoice_get_or_create(user=candidate, program=lsscp, actor=candidate)
    change, data = dated(BAD_CHANGES[case], iso=True)
    client.force_login(staff)
    posted = {f"{change}-{k}": v for k, v in data.items()}
    page = client.post(
        reverse(f"payments:invoice_{change}", args=[invoice.code]), {**posted, "confirmed": "yes"}
    )
    assert page.status_code == 400
    said_by_the_form = form_fields(page.context[f"{change}_form"])

    body = {("amount_cents" if k == "amount" else k): v for k, v in data.items()}
    if "amount_cents" in body:
        body["amount_cents"] = int(body["amount_cents"]) * 100
    api = client.post(
        f"/api/v1/staff/payments/invoices/{invoice.code}/{change}",
        body,
        content_type="application/json",
    )

    assert api_fields(api) == said_by_the_form
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.OPEN
