"""On a 320 px phone, in chromium with axe-core: a form refused first lands on its error summary
(`#…-errors`, the address it posted to), and the save that works afterwards leaves no `-errors`
in the address. A browser keeps the fragment it posted to across a redirect that names none, so
each saved redirect names `#main` (`core.http.saved_redirect`, ADR 0043 amended). The forms'
pages and the pages they save to are checked at 390 and 320 px (`phone_problems`)."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import Role
from certify.programs.models import Program
from tests.factories import PASSWORD, UserFactory
from tests.webhooks.test_employer_day import HR, _certificate

from .test_phone_walks import PHONE
from .test_phone_walks import problems_noted as _checked

pytestmark = pytest.mark.django_db(transaction=True)


def _phone(open_page: Callable[..., Page], email: str) -> Page:
    page = open_page(**PHONE)
    page.set_viewport_size({"width": 320, "height": 844})
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    return page


def _press(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_a_membership_and_a_share_saved_after_a_refusal_leave_no_error_fragment(
    open_page: Callable[..., Page], site_url, console_errors
):
    found: dict[str, list[str]] = {}
    candidate = UserFactory(full_name="Ana Lima", email="ana@example.org", roles=[Role.CANDIDATE])
    page = _phone(open_page, candidate.email)
    page.goto("/memberships/add/?organisation=ALA")
    _press(page, "Save membership")
    assert page.url.endswith("#membership-errors")
    expect(page.locator("#membership-errors")).to_be_in_viewport()
    _checked(page, found, "membership refused")
    page.get_by_label("Member number").fill("A-998877")
    until = timezone.localdate() + timedelta(days=365)
    page.get_by_label("Valid until").fill(until.isoformat())
    _press(page, "Save membership")
    expect(page.locator("main")).to_contain_text("Your ALA membership is saved.")
    assert "-errors" not in page.url
    assert page.url.endswith("/memberships/#main")
    _checked(page, found, "memberships saved")
    page.reload()
    expect(page.locator("main")).not_to_contain_text("There is a problem")

    certificate = _certificate(Program.objects.get(slug="lsscp"), "Vera Valid")
    holder = _phone(open_page, certificate.holder.email)
    holder.goto("/webhooks/shares/")
    holder.get_by_label("The employer's e-mail address").fill("hr@@riverside")
    _press(holder, "Share")
    assert holder.url.endswith("#endpoint-errors")
    expect(holder.locator("#endpoint-errors")).to_be_in_viewport()
    _checked(holder, found, "share refused")
    holder.get_by_label("The employer's e-mail address").fill(HR)
    _press(holder, "Share")
    expect(holder.locator("main")).to_contain_text("Shared: that account now finds")
    assert "-errors" not in holder.url
    assert re.search(r"/webhooks/shares/#main$", holder.url)
    _checked(holder, found, "shares saved")

    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert [e for e in console_errors if "status of 400" not in e] == []


def test_a_conflict_and_a_webhook_saved_after_a_refusal_leave_no_error_fragment(
    open_page: Callable[..., Page], site_url, console_errors
):
    """The conflicts page saves to `#main`; a new endpoint goes to the page that shows its secret
    once (ADR 0053 amended), and a reload there opens the endpoint's page without it."""
    found: dict[str, list[str]] = {}
    staff = UserFactory(full_name="Sam Staff", email="sam@example.org", roles=[Role.PROGRAM_STAFF])
    page = _phone(open_page, staff.email)
    page.goto("/account/conflicts/")
    page.locator("#id_organisation").fill("Riverside Library")
    _press(page, "Declare")
    assert page.url.endswith("#declare-errors")
    expect(page.locator("#declare-errors")).to_be_in_viewport()
    _checked(page, found, "conflict refused")
    page.get_by_label("What the conflict is").fill("My former employer.")
    _press(page, "Declare")
    expect(page.locator("main")).to_contain_text("Declared: you will not be asked to decide")
    assert page.url.endswith("/account/conflicts/#main")
    _checked(page, found, "conflict saved")

    page.goto("/webhooks/new/")
    page.get_by_label("Address (URL)").fill("https://10.1.1.1/in")
    page.locator('input[name="event_types"]').first.check()
    _press(page, "Add the endpoint")
    assert page.url.endswith("#endpoint-errors")
    expect(page.locator("#endpoint-errors")).to_be_in_viewport()
    page.get_by_label("Address (URL)").fill("https://93.184.216.34/hook")
    _press(page, "Add the endpoint")
    assert re.search(r"/webhooks/\d+/secret/#main$", page.url), page.url
    secret = page.locator("#new-secret").input_value()
    assert secret.startswith("whsec_")
    _checked(page, found, "webhook secret shown once")
    page.reload()
    assert re.search(r"/webhooks/\d+/(#main)?$", page.url), page.url
    expect(page.locator("main")).not_to_contain_text(secret)
    expect(page.locator("main")).not_to_contain_text("There is a problem")

    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert [e for e in console_errors if "status of 400" not in e] == []
