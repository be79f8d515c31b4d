"""Acceptance: the journey's key steps through the REST API only, as an integrator does them.

A candidate and a staff member each make a token on their tokens page (making tokens is a
browser flow, docs/integration.md's parity exemptions); from then on everything goes through
/api/v1/: the candidate records her ALA membership, applies with a job that straddles the
five-year window and reads the hours that count, submits; staff confirm the membership and
accept; her enrollment invoice is at the member price; staff record the payment; she chooses
three electives and a route for a set; and anyone checks a certificate and its credential.
Every operation used is in the OpenAPI document served at the docs endpoint.
"""

import json
import re
from datetime import timedelta

from django.utils import timezone

from certify.accounts.models import User
from certify.applications.api import add_years
from certify.loaddata.demo.certificates import demo_certified_create
from tests.acceptance import steps
from tests.acceptance.conftest import PASSWORD, STAFF

DANA = steps.Person("Dana Brooks", "dana.brooks@example.org")


def token_made_on_the_page(browser, email: str, password: str, scopes: list[str]) -> str:
    """The person signs in and makes a token on their tokens page; it is shown once."""
    browser.sign_in(email, password)
    page = browser.open("/account/tokens/")
    form = page.form("Make the token").set("Name", "Integration")
    for scope in scopes:
        form.check(scope)
    page = browser.submit(form)
    secret = re.search(r"cert_\w+_[\w-]{20,}", page.source).group(0)  # in its copy box
    browser.client.logout()
    return secret


class Api:
    """A client of /api/v1/ with one token; each call's after-commit work runs as it ends."""

    def __init__(self, browser, secret: str) -> None:
        self.client, self.committed = browser.client, browser.committed
        self.headers = {"Authorization": f"Bearer {secret}"}

    def __call__(self, method: str, path: str, body=None, *, status: int = 200):
        call = getattr(self.client, method)
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
        with self.committed(execute=True):
            response = call(f"/api/v1/{path}", **kwargs)
        assert response.status_code == status, f"{method} {path}: {response.content[:1500]}"
        return response.json() if response.content else None


def test_the_journey_s_key_steps_through_the_api(world, browser, client):
    steps.register(browser, DANA)
    mine = Api(
        browser,
        token_made_on_the_page(
            browser,
            DANA.email,
            DANA.password,
            [
                "Your application",
                "Your portfolios",
                "Your invoices and payments",
                "Your certificates",
            ],
        ),
    )
    staff = Api(browser, token_made_on_the_page(browser, STAFF, PASSWORD, ["Staff decisions"]))

    # The candidate: her ALA membership, then her application.
    today = timezone.localdate()
    membership = mine(
        "post",
        "memberships",
        {
            "organisation": "ALA",
            "member_number": "ALA-77",
            "expires_on": str(today + timedelta(days=400)),
        },
        status=201,
    )
    application = mine("post", "applications", {"program": "lsscp"}, status=201)
    app_id = application["id"]
    mine(
        "patch",
        f"applications/{app_id}",
        {
            "education_level": "diploma",
            "education_country": "US",
            "attested": True,
        },
    )
    start, end = add_years(today, -6), add_years(today, -3)
    mine(
        "post",
        f"applications/{app_id}/experience",
        {
            "library_name": "Lakeside Public Library",
            "library_type": "public",
            "role": "Clerk",
            "paid": True,
            "start_date": str(start),
            "end_date": str(end),
            "hours_mode": "weekly",
            "hours_per_week": 20,
        },
        status=201,
    )
    eligibility = mine("get", f"applications/{app_id}/eligibility")
    window_start = add_years(today, -5)
    inside = (end - window_start).days + 1
    assert eligibility["meets_hours"] is True
    assert eligibility["summary"].startswith(f"{inside * 20 // 7:,} of the 1,820 hours needed")
    assert mine("post", f"applications/{app_id}/submit")["status"] == "submitted"

    # Staff, with their token: confirm the membership, accept the application.
    decision = staff(
        "post", f"staff/memberships/{membership['id']}/decision", {"decision": "confirm"}
    )
    assert decision["status"] == "confirmed"
    accepted = staff("post", f"staff/applications/{app_id}/decision", {"decision": "accept"})
    assert accepted["status"] == "accepted"
    assert accepted["completion_deadline"] == str(add_years(today, 4))

    # Her enrollment invoice is at the member price; staff record her check.
    (invoice,) = mine("get", "payments/invoices")["items"]
    assert (invoice["kind"], invoice["total_cents"]) == ("enrollment", 32500)
    assert [line["kind"] for line in invoice["lines"]] == ["enrollment_fee", "member_discount"]
    staff(
        "post",
        f"staff/payments/invoices/{invoice['code']}/payments",
        {
            "method": "cheque",
            "amount_cents": 32500,
            "reference": "Check 311",
            "received_on": str(today),
        },
        status=201,
    )
    assert mine("get", f"payments/invoices/{invoice['code']}")["status"] == "paid"

    # Her plan: three electives, then a route for a set.
    plan = mine("put", "plan/electives", {"electives": ["ACC", "CAT", "YTH"]})
    assert sorted(p["competency_set"] for p in plan) == ["ACC", "CAT", "CT", "FLS", "TEC", "YTH"]
    fls = next(p for p in plan if p["competency_set"] == "FLS")
    assert mine("put", f"plan/{fls['id']}/route", {"route": "portfolio"})["route"] == "portfolio"
    assert mine("post", f"portfolios/{fls['id']}/start", status=201) is not None

    # Anyone checks a certificate by its number, and its credential, without a token.
    holder = demo_certified_create(program=world, staff=User.objects.get(email=STAFF))
    anyone = Api(browser, "")
    anyone.headers = {}
    found = anyone("get", f"certificates/{holder.number}")
    assert (found["status"], found["holder_name"]) == ("valid", holder.holder.full_name)
    holder_api = Api(
        browser,
        token_made_on_the_page(browser, holder.holder.email, PASSWORD, ["Your certificates"]),
    )
    (certificate,) = holder_api("get", "certificates/mine")
    credential = holder_api("get", f"certificates/mine/{certificate['number']}/credential")
    checked = anyone("post", "certificates/verify-credential", credential)
    assert checked["verified"] is True, checked
    assert checked["status"] == "valid", checked

    # Every operation used above is in the OpenAPI document the docs page serves.
    assert browser.client.get("/api/v1/docs").status_code == 200
    document = browser.client.get("/api/v1/openapi.json").json()
    used = {
        ("post", "/api/v1/memberships"),
        ("post", "/api/v1/applications"),
        ("patch", "/api/v1/applications/{application_id}"),
        ("post", "/api/v1/applications/{application_id}/experience"),
        ("get", "/api/v1/applications/{application_id}/eligibility"),
        ("post", "/api/v1/applications/{application_id}/submit"),
        ("post", "/api/v1/staff/memberships/{membership_id}/decision"),
        ("post", "/api/v1/staff/applications/{application_id}/decision"),
        ("get", "/api/v1/payments/invoices"),
        ("post", "/api/v1/staff/payments/invoices/{code}/payments"),
        ("put", "/api/v1/plan/electives"),
        ("put", "/api/v1/plan/{planned_set_id}/route"),
        ("post", "/api/v1/portfolios/{planned_set_id}/start"),
        ("get", "/api/v1/certificates/{number}"),
        ("get", "/api/v1/certificates/mine"),
        ("get", "/api/v1/certificates/mine/{number}/credential"),
        ("post", "/api/v1/certificates/verify-credential"),
    }
    missing = {(m, p) for m, p in used if m not in document["paths"].get(p, {})}
    assert missing == set()
