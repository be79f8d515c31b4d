"""Acceptance: a course provider's API key through its approval suspended and reinstated.

Northside's course coordinator makes an API key on the provider's API keys page and her college's
system reports a completion with it: a person nobody knows comes back "unmatched" and waits for
program staff, and the same key sent to another provider's address is answered as an unknown
one. Program staff suspend Northside's approval with a reason on its approval page: the key is
refused in words saying what her people can still do (report earlier completions on its pages),
and nothing is recorded. Staff reinstate it and the same key works again.
"""

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from certify.courses.models import Course, Provider, UnmatchedCompletion
from tests.acceptance.conftest import PASSWORD, PROVIDER, STAFF
from tests.factories import ProviderFactory


def _report(key: str, provider_id: int, course_id: int, email: str):
    body = {"completions": [{"email": email, "full_name": "Sam Unknown", "completed_on": _day()}]}
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}").post(
        f"/api/v1/providers/{provider_id}/courses/{course_id}/completions",
        json.dumps(body),
        "application/json",
    )


def _day() -> str:
    return (timezone.localdate() - timedelta(days=1)).isoformat()


def _decide(browser, provider: Provider, action: str, reason: str):
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(f"/staff/providers/{provider.pk}/approval/")
    form = page.form("Record the decision").check(action).set("Reason", reason)
    return browser.submit(form, status=None)


def test_a_providers_api_key_stops_while_its_approval_is_suspended_and_works_again(world, browser):
    northside = Provider.objects.get(name="Northside Community College")
    course = Course.objects.filter(provider=northside, status="approved").first()
    assert course is not None
    browser.sign_in(PROVIDER, PASSWORD)
    page = browser.open(f"/providers/{northside.pk}/api-keys/")
    page = browser.submit(page.form("Create a key").set("What is the key for?", "Student records"))
    page.says("Your new key.")
    key = page.tree.get_element_by_id("new-key").get("value")

    answer = _report(key, northside.pk, course.pk, "sam.unknown@example.org")
    assert answer.status_code == 200, answer.text
    assert [r["result"] for r in answer.json()["rows"]] == ["unmatched"]
    assert UnmatchedCompletion.objects.filter(email="sam.unknown@example.org").count() == 1
    elsewhere = ProviderFactory(name="Eastside Institute")
    assert _report(key, elsewhere.pk, course.pk, "sam.unknown@example.org").status_code == 404

    _decide(browser, northside, "Suspend the approval", "A complaint is being looked into.")
    northside.refresh_from_db()
    assert northside.status == Provider.Status.SUSPENDED
    refused = _report(key, northside.pk, course.pk, "another.one@example.org")
    assert refused.status_code == 403
    detail = refused.json()["detail"]
    assert detail.startswith("Program staff have suspended the approval of Northside")
    assert "report completions dated before the suspension" in detail
    assert not UnmatchedCompletion.objects.filter(email="another.one@example.org").exists()

    _decide(browser, northside, "Reinstate the suspended approval", "Looked into and settled.")
    northside.refresh_from_db()
    assert northside.status == Provider.Status.APPROVED
    again = _report(key, northside.pk, course.pk, "another.one@example.org")
    assert again.status_code == 200, again.text
    assert UnmatchedCompletion.objects.filter(email="another.one@example.org").count() == 1
