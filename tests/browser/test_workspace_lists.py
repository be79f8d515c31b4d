"""The list pages of staff, sponsors, providers and reviewers on a 320 px phone: a wide table
scrolls inside its own region (focusable, named) or, where each row ends in a decision, stacks
into one card per row; never the page. axe-core finds no serious problem. Each of these pages
used to push the whole page sideways, by up to 440 px."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from certify.accounts.models import User
from certify.applications.models import Application
from certify.loaddata.demo.applications import demo_applications_create
from certify.loaddata.demo.courses import demo_courses_create
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.programs.models import Program

from .conftest import WIDER_THAN_THE_SCREEN, overflow

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
FUND = "/scholarships/sponsor/funds/ssd-lsscp-enrollment"


@pytest.fixture
def lists(site_url) -> dict[str, list[str]]:
    """Applications, invoices, memberships, a provider with courses and an SSD award, and the
    list pages of each role, and the page moving an application to the current rules."""
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    provider = demo_courses_create(program=program, staff=staff)
    assert provider is not None
    demo_scholarships_create(
        program=program, sponsor_user=User.objects.get(email="sponsor@example.org")
    )
    # A submitted application whose kept rules the program has since changed: the page that
    # moves it to the current rules shows its table of changes.
    waiting = Application.objects.filter(program=program, status="submitted").first()
    assert waiting is not None
    assert waiting.rules
    program.experience_hours_required += 100
    program.save(update_fields=["experience_hours_required"])
    return {
        "staff@example.org": [
            "/staff/appeals/",
            "/memberships/queue/?status=all",
            "/staff/portfolios/",
            "/staff/courses/",
            "/staff/providers/",
            "/staff/completions/",
            "/staff/completions/unmatched/",
            "/staff/programme-claims/",
            "/payments/staff/invoices/",
            "/payments/staff/payments/",
            "/staff/certificates/",
            "/staff/renewals/",
            "/staff/audit/",
            "/notifications/outbox/",
            "/staff/programs/",
            f"/staff/applications/{waiting.pk}/rules/",
        ],
        "sponsor@example.org": [
            "/memberships/queue/?status=all",
            "/scholarships/sponsor/",
            "/scholarships/sponsors/ssd/members/",
            f"{FUND}/?status=awarded",
            f"{FUND}/report/",
            f"{FUND}/scoring/",
            "/webhooks/",
        ],
        "provider@example.org": [
            f"/providers/{provider.pk}/completions/",
            f"/providers/{provider.pk}/invitations/",
            f"/providers/{provider.pk}/imports/",
            f"/providers/{provider.pk}/api-keys/",
        ],
        "reviewer@example.org": ["/review/"],
    }


def test_every_list_page_fits_a_phone_and_is_accessible(
    open_page: Callable[..., Page], sign_in, lists, assert_accessible, console_errors
):
    too_wide: dict[str, list[str]] = {}
    for email, paths in lists.items():
        page = open_page(**PHONE)
        sign_in(page, email)
        for path in paths:
            response = page.goto(path)
            assert response is not None, path
            assert response.status == 200, path
            if overflow(page):
                too_wide[f"{email} {path}"] = page.evaluate(WIDER_THAN_THE_SCREEN)
            if path.startswith("/memberships/queue/"):
                # A queue whose decision is in its last column stacks into cards: the button
                # is on the screen, not at the far end of a table scrolled sideways.
                button = page.get_by_role("button", name="Save decision").first
                box = button.bounding_box()
                assert box is not None
                assert box["x"] + box["width"] <= PHONE["viewport"]["width"], box
            assert_accessible(page)
    assert too_wide == {}, f"pages that scroll sideways at 320 px: {too_wide}"
    assert console_errors == []
