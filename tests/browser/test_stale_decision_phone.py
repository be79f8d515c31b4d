"""On a phone, in chromium with axe-core: staff decide an application from a page that went out
of date (a colleague decided it meanwhile). The answer is the application's page as it is now,
opened at its main content, saying where it is and that the page was behind (ADR 0018), checked
at 390 and 320 px (`phone_problems`)."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from certify.accounts.models import Role
from certify.applications import decisions
from certify.applications.services import application_submit
from certify.programs.models import Program
from tests.factories import PASSWORD, ApplicationFactory, ExperienceEntryFactory, UserFactory

from .test_phone_walks import PHONE, phone_problems

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_decision_from_an_old_page_opens_the_application_as_it_is_now(
    open_page: Callable[..., Page], site_url, console_errors
):
    candidate = UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])
    draft = ApplicationFactory(candidate=candidate, program=Program.objects.get(slug="lsscp"))
    ExperienceEntryFactory(application=draft, library_name="Riverside Public Library")
    submitted = application_submit(application=draft, actor=candidate)
    staff = UserFactory(full_name="Mary Smith", roles=[Role.PROGRAM_STAFF])
    colleague = UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])

    page = open_page(**PHONE)
    page.set_viewport_size({"width": 320, "height": 844})
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    page.goto(f"/staff/applications/{submitted.pk}/")
    page.get_by_label("Accept").check()
    decisions.application_reject(application=submitted, actor=colleague, reason="Too few hours.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()

    assert page.url.endswith(f"/staff/applications/{submitted.pk}/#main")
    expect(page.locator("main")).to_contain_text(
        "This application is “Not accepted” now, so it cannot become “Accepted”: the page you "
        "used was out of date. Here is its current page."
    )
    expect(page.get_by_role("button", name="Record the decision")).to_have_count(0)
    assert phone_problems(page) == []
    assert console_errors == []
