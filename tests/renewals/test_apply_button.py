"""The "Apply to renew" button follows the log without a reload: recording the activity that
meets the requirement sends the enabled button out of band with the log."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from tests.renewals.conftest import in_window, log


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def _apply_button(html: str) -> str:
    match = re.search(r"<button[^>]*>Apply to renew</button>", html)
    assert match, "no Apply to renew button"
    return match.group(0)


def test_the_activity_that_meets_the_requirement_enables_apply_out_of_band(client, program, today):
    certificate = in_window(program, today)
    log(certificate.holder, program=program, hours="24", technology="4", on=today)  # 28 of 32
    client.force_login(certificate.holder)
    page = client.get("/renewal/").text
    assert "disabled" in _apply_button(page)
    assert 'aria-describedby="renewal-apply-why"' in _apply_button(page)

    response = client.post(
        "/renewal/activities/",
        {
            "title": "State library conference",
            "provider": "State Library",
            "completed_on": today.isoformat(),
            "format": "hours",
            "amount": "4",
            "competency_sets": [program.competency_sets.get(code="FLS").pk],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert '<div id="renewal-apply" hx-swap-oob="true">' in response.text
    button = _apply_button(response.text)
    assert "disabled" not in button
    assert "You have met the continuing-education requirement" in response.text


def test_an_activity_that_does_not_meet_it_sends_the_button_still_disabled(client, program, today):
    certificate = in_window(program, today)
    client.force_login(certificate.holder)
    response = client.post(
        "/renewal/activities/",
        {
            "title": "Webinar",
            "provider": "WebJunction",
            "completed_on": today.isoformat(),
            "format": "hours",
            "amount": "2",
        },
        HTTP_HX_REQUEST="true",
    )
    assert 'hx-swap-oob="true"' in response.text
    assert "disabled" in _apply_button(response.text)


def test_disabled_and_aria_disabled_never_disagree_on_the_renewal_page(client, program, today):
    """A button marked aria-disabled is disabled, and the stylesheet styles both alike."""
    certificate = in_window(program, today)
    client.force_login(certificate.holder)
    page = client.get("/renewal/").text
    for tag in re.findall(r"<button[^>]*>", page):
        assert ('aria-disabled="true"' in tag) <= (" disabled" in tag), tag
    css = Path(str(finders.find("certify/css/site.css"))).read_text(encoding="utf-8")
    assert 'button[type="submit"]:not(.link-button):disabled' in css
    assert '.button[aria-disabled="true"]' in css
