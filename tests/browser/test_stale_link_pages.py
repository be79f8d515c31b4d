"""A supervisor's link that no longer works, read on a phone (390 and 320 px), axe-core clean and
without sideways scrolling: after the candidate withdrew the application, and while an
administrator has deactivated the candidate's account, the page says which in the supervisor's
words and offers no answer (`tests/security/test_stale_links.py` proves what they refuse)."""

from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.accounts.services import account_deactivate
from certify.applications import services
from certify.applications.models import Application
from certify.loaddata.demo.applications import demo_applications_create
from certify.programs.models import Program

from .conftest import fits

WIDTHS = {"390": 390, "320": 320}
DRAFT = "draft@example.org"
SAYS = {
    "withdrawn": "The candidate withdrew this application, so this link no longer works.",
    "deactivated": (
        "The candidate's account is not active at the moment, so this link does not work."
    ),
}


@pytest.fixture
def asked(site_url) -> tuple[Application, str]:
    """Ravi's draft with its supervisor asked; the path of the supervisor's link."""
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    application = Application.objects.get(candidate__email=DRAFT)
    services.supervisor_request(entry=application.experience.get(), actor=application.candidate)
    token = mail.outbox[-1].body.split("/supervisor/")[1].split("/")[0]
    return application, f"/supervisor/{token}/"


@pytest.mark.parametrize("why", SAYS)
@pytest.mark.parametrize("width", WIDTHS)
def test_a_stale_supervisor_link_says_why_on_a_phone(
    open_page: Callable[..., Page], asked, why, width, assert_accessible, console_errors
):
    application, link = asked
    staff = User.objects.get(email="staff@example.org")
    if why == "withdrawn":
        services.application_withdraw(application=application, actor=application.candidate)
    else:
        account_deactivate(user=application.candidate, actor=staff, reason="A duplicate.")
    viewport = {"width": WIDTHS[width], "height": 720}
    page = open_page(viewport=viewport, is_mobile=True, has_touch=True)
    page.goto(link)
    expect(page.get_by_text(SAYS[why])).to_be_visible()
    expect(page.get_by_role("button", name="Send my answer")).to_have_count(0)
    assert "Ravi" not in page.content()
    fits(page)
    assert_accessible(page)
    # the browser logs the page's own 410; nothing else (no CSP or script error)
    assert [e for e in console_errors if not e.startswith(page.url)] == []
