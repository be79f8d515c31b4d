"""The list pages of staff, sponsors, providers and reviewers on a 320 px phone: a wide table
scrolls inside its own region (focusable, named) or, where each row ends in a decision, stacks
into one card per row; never the page. axe-core finds no serious problem. Each of these pages
used to push the whole page sideways, by up to 440 px. A row that ends in an action (send again,
revoke, withdraw) is a card too: the action is on the screen without scrolling anything; so is
an endpoint of the webhook list, whose address and events are too wide for a phone's table."""

import re
from collections.abc import Callable

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page

from certify.accounts.conflicts import conflict_declare
from certify.accounts.models import Role, User
from certify.accounts.tokens import token_create
from certify.applications.models import Application
from certify.core.models import Event
from certify.courses.services import api_key_create
from certify.loaddata.demo.applications import demo_applications_create
from certify.loaddata.demo.courses import demo_courses_create
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.notifications.models import OutgoingEmail
from certify.programs.models import Program
from certify.webhooks.models import Attempt, Delivery
from certify.webhooks.services import endpoint_create
from tests.factories import UserFactory

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


@pytest.fixture
def actions(site_url) -> list[tuple[str, str, str]]:
    """Rows that end in an action, with realistic widths: (who, the page, the action's name). A
    failed e-mail with a long error, a token, a provider's key, a declared conflict, and a
    webhook with a message that was tried twice."""
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    OutgoingEmail.objects.create(
        to="a.very.long.address.for.a.supervisor@county-library-system.example.org",
        subject="Please confirm the library work of Ines Moreau at Riverside Public Library",
        text_body="…",
        status=OutgoingEmail.Status.FAILED,
        attempts=8,
        last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable at the receiving server",
    )
    token_create(user=staff, name="Reports spreadsheet", scopes=["staff", "webhooks"])
    conflict_declare(
        actor=staff, reason="My sister works there.", organisation="Riverside Public Library"
    )
    provider = demo_courses_create(program=program, staff=staff)
    assert provider is not None
    provider_user = User.objects.get(email="provider@example.org")
    api_key_create(provider=provider, actor=provider_user, name="Learning management system")
    endpoint = endpoint_create(
        actor=staff,
        owner=f"program:{program.pk}",
        url="https://93.184.216.34/hooks/certify/lsscp/completions",
        event_types=["set.completed"],
    ).endpoint
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event=Event.objects.create(name="plan_set.satisfied", payload={}),
        message_id="msg_2f6c1a9e4b7d4c0f8e3a5b6c7d8e9f01",
        event_type="set.completed",
        payload={"type": "set.completed", "data": {}},
    )
    for code in (500, 200):
        Attempt.objects.create(
            delivery=delivery, started_at=delivery.created_at, response_code=code, duration_ms=812
        )
    return [
        ("staff@example.org", "/notifications/outbox/", "Send again"),
        ("staff@example.org", "/account/tokens/", "Revoke"),
        ("staff@example.org", "/account/conflicts/", "Withdraw"),
        ("staff@example.org", f"/webhooks/{endpoint.pk}/", "Send again"),
        ("provider@example.org", f"/providers/{provider.pk}/api-keys/", "Revoke"),
    ]


def test_the_actions_at_the_end_of_a_row_are_on_a_phones_screen(
    open_page: Callable[..., Page], sign_in, actions, assert_accessible, console_errors
):
    """A row's action (send an e-mail again, revoke a token or key, withdraw a conflict, send a
    webhook's message again) is on the screen at 320 px: the row is a card, not the far end of
    a table scrolled sideways inside its region."""
    off_screen: dict[str, dict] = {}
    pages: dict[str, Page] = {}
    for email, path, name in actions:
        if email not in pages:
            pages[email] = open_page(**PHONE)
            sign_in(pages[email], email)
        page = pages[email]
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, path
        assert overflow(page) == 0, path
        button = page.get_by_role("button", name=re.compile(f"^{name}")).first
        box = button.bounding_box()
        assert box is not None, path
        if box["x"] < 0 or box["x"] + box["width"] > PHONE["viewport"]["width"]:
            off_screen[path] = box
        assert_accessible(page)
    assert off_screen == {}, f"actions off a 320 px screen: {off_screen}"
    assert console_errors == []


# What scrolls sideways inside a table's own region (0 when its rows fit).
REGION_SCROLLS = """() => [...document.querySelectorAll(".table-scroll")]
  .map((r) => r.scrollWidth - r.clientWidth).filter((d) => d > 1)"""


def test_the_webhook_list_is_cards_on_a_phone(
    open_page: Callable[..., Page], sign_in, actions, assert_accessible, console_errors
):
    """The webhook list has no action column but five wide ones (a long address, several
    events): at 320 px each endpoint is a card, as the other lists' rows are, and nothing
    scrolls sideways, not even inside the table's region."""
    program = Program.objects.get(slug="lsscp")
    endpoint_create(
        actor=User.objects.get(email="staff@example.org"),
        owner=f"program:{program.pk}",
        url="https://93.184.216.34/hooks/certify/lsscp/certificates-and-awards/all-of-them",
        event_types=["certificate.issued", "certificate.suspended", "award.decided"],
        description="The county library system's HR records",
    )
    # One a colleague saved before turning on two-factor authentication: its state says why it
    # does not send and what to do, in a card that fits too.
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF])
    endpoint_create(
        actor=colleague,
        owner=f"program:{program.pk}",
        url="https://93.184.216.34/hooks/certify/lsscp/renewals",
        event_types=["certificate.renewed"],
    )
    Authenticator.objects.create(user=colleague, type=Authenticator.Type.TOTP, data={})
    page = open_page(**PHONE)
    sign_in(page, "staff@example.org")
    response = page.goto("/webhooks/")
    assert response is not None
    assert response.status == 200
    assert page.get_by_text("Check the address, then save the endpoint").count() == 1
    assert overflow(page) == 0
    assert page.evaluate(REGION_SCROLLS) == []
    link = page.locator("td[data-label=Address] a").last
    box = link.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= PHONE["viewport"]["width"], box
    assert_accessible(page)
    assert console_errors == []
