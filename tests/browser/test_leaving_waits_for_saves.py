"""Leaving the application page by a link waits for its saves (autosave.js, ADR 0037): a change
queued behind a save still on its way ("I confirm…" ticked while the country was being saved)
is sent and answered before the link is followed, so "Check your answers" does not say the
information is unconfirmed. Without the wait the queued save was dropped with the page."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route, expect

from certify.applications.models import Application
from tests.factories import ExperienceEntryFactory

from .test_autosave_sign_in import APPLYING, _candidate

PHONE = {"width": 320, "height": 640}
UNCONFIRMED = "Confirm that the information you gave is true."


@pytest.fixture
def draft_with_a_job(site_url: str) -> tuple[int, int]:
    """A candidate's draft application with one job: (the application, the job)."""
    application = _candidate(*APPLYING)
    entry = ExperienceEntryFactory(application=application, library_name="Hillside Library")
    return application.pk, entry.pk


def test_check_your_answers_opens_after_the_confirmation_queued_behind_a_save_is_saved(
    open_page: Callable[..., Page],
    sign_in,
    draft_with_a_job,
    console_errors,
):
    application_id, _ = draft_with_a_job
    page = open_page(viewport=PHONE)
    sign_in(page, APPLYING[0])
    page.goto(f"/applications/{application_id}/")
    held: list[Route] = []

    def hold_the_first_save(route: Route) -> None:
        if held:  # the saves after it go through
            route.continue_()
        else:  # the first is kept on its way until the test lets it go
            held.append(route)

    page.route(re.compile(rf"/applications/{application_id}/education/$"), hold_the_first_save)
    page.get_by_label("High-school diploma").check()  # saved, and held on its way
    page.wait_for_timeout(200)
    assert len(held) == 1
    page.get_by_label(re.compile("I confirm that the information")).check()  # waits its turn
    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.locator("#education-status")).to_have_text("Saving your change before going on…")
    assert re.search(rf"/applications/{application_id}/$", page.url)  # still here, waiting

    with page.expect_navigation(url=re.compile(rf"/applications/{application_id}/check/$")):
        held[0].continue_()
    assert Application.objects.get(pk=application_id).attested
    expect(page.locator("h1")).to_have_text("Check your answers before you submit")
    expect(page.locator("main")).not_to_contain_text(UNCONFIRMED)
    assert console_errors == []


def test_a_link_with_nothing_to_save_is_followed_at_once(
    open_page: Callable[..., Page],
    sign_in,
    draft_with_a_job,
):
    application_id, _ = draft_with_a_job
    page = open_page(viewport=PHONE)
    sign_in(page, APPLYING[0])
    page.goto(f"/applications/{application_id}/")
    page.get_by_label("High-school diploma").check()
    expect(page.locator("#education-status")).to_contain_text("Saved at")
    with page.expect_navigation(url=re.compile(rf"/applications/{application_id}/check/$")):
        page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.locator("main")).to_contain_text(UNCONFIRMED)  # not ticked: the check says so
