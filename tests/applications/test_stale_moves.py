"""A decision or a withdrawal sent from a page that was out of date (a second tab, the back
button, a colleague who decided first) is refused in words a person can act on: where the
application is now, and that the page was behind (ADR 0018); the API carries the machine code."""

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.applications import decisions
from certify.core.errors import DomainError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_second_decision_says_the_application_moved_on(submitted, staff):
    decisions.application_accept(application=submitted, actor=staff)
    with pytest.raises(DomainError) as refused:
        decisions.application_reject(application=submitted, actor=staff, reason="No.")
    assert refused.value.message == (
        "This application is “Accepted” now, so it cannot become “Not accepted”: "
        "the page you used was out of date."
    )


def test_a_decision_from_an_old_tab_opens_the_application_as_it_is_now_with_the_words(
    client, submitted, staff
):
    colleague = UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])
    client.force_login(staff)
    url = reverse("applications:staff_detail", args=[submitted.pk])
    old_tab = client.get(url).text  # the decision form, read before a colleague decided
    assert 'name="decision"' in old_tab
    decisions.application_reject(application=submitted, actor=colleague, reason="Too few hours.")
    answer = client.post(
        reverse("applications:decide", args=[submitted.pk]), {"decision": "accept", "reason": ""}
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"{url}#main"
    page = client.get(answer["Location"]).text
    assert (
        "This application is “Not accepted” now, so it cannot become “Accepted”: the page you "
        "used was out of date. Here is its current page."
    ) in page
    assert 'name="decision"' not in page  # no form the status no longer offers
    submitted.refresh_from_db()
    assert submitted.status == "rejected"


def test_a_withdrawal_sent_again_from_an_old_tab_says_it_is_already_withdrawn(
    client, draft, applicant
):
    client.force_login(applicant)
    withdraw = reverse("applications:withdraw", args=[draft.pk])
    client.post(withdraw)
    again = client.post(withdraw, follow=True)
    assert (
        "This application is already “Withdrawn”: the page you used was out of date." in again.text
    )
    draft.refresh_from_db()
    assert draft.status == "withdrawn"


def test_the_api_says_it_in_detail_and_keeps_the_machine_code(client, submitted, staff):
    decisions.application_accept(application=submitted, actor=staff)
    client.force_login(staff)
    refused = client.post(
        f"/api/v1/staff/applications/{submitted.pk}/decision",
        {"decision": "reject", "reason": "No."},
        content_type="application/json",
    )
    assert refused.status_code == 400, refused.text
    body = refused.json()
    assert (
        body["detail"] == "This application is “Accepted” now, so it cannot become “Not accepted”."
    )
    assert body["code"] == "status_changed"
    assert body["current_status"] == "accepted"
    assert body["move"] == "reject"
