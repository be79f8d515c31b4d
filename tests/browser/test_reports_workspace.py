"""The staff and sponsor dashboards in chromium at 1280, 390 and 320 px: axe-clean, no sideways
scrolling (a wide table scrolls inside its own box), the open work first with counts that open
their queues, and every chart drawn with its text alternative."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page

from certify.accounts.models import User
from certify.programs.models import Program
from tests.factories import FundFactory, SponsorMemberFactory
from tests.reports.conftest import (
    applicant,
    award,
    certificate,
    invoice,
    payment,
    planned,
    scholarship_application,
)

CHARTS_DRAWN = """() => [...document.querySelectorAll('.report__chart img')].every(
    (img) => img.complete && img.naturalWidth > 0 && img.alt.length > 20)"""

# Each table's box: how wide its table is, how wide the box shows it, and how wide the page is.
TABLE_BOXES = """() => [...document.querySelectorAll('.report__table')].map((box) => ({
    id: box.closest('section').id, table: box.scrollWidth, box: box.clientWidth,
    right: box.getBoundingClientRect().right, page: document.documentElement.clientWidth}))"""


def _program_data() -> None:
    program = Program.objects.get(slug="lsscp")
    today = timezone.localdate()
    for i, status in enumerate(["accepted", "accepted", "submitted", "submitted", "rejected"]):
        a = applicant(
            program,
            submitted=today - timedelta(days=40 * i + 3),
            status=status,
            enrolled_on=today - timedelta(days=300) if status == "accepted" else None,
            library_types=("public", "school") if i % 2 else ("academic",),
        )
        if status == "accepted":
            payment(invoice(a), cents=35_000, on=today - timedelta(days=290))
            planned(a, "REF", route="portfolio", satisfied=today - timedelta(days=100))
            if i == 0:
                certificate(a, issued_on=today - timedelta(days=20))


def _load_charts(page: Page) -> None:
    for image in page.locator(".report__chart img").all():
        image.scroll_into_view_if_needed()
    page.wait_for_function(CHARTS_DRAWN)
    page.evaluate("window.scrollTo(0, 0)")


def test_staff_dashboard_at_every_width(open_page, sign_in, workspace_step, console_errors):
    _program_data()
    page = open_page()
    sign_in(page, "staff@example.org")
    response = page.goto("/staff/reports/")
    assert response is not None
    assert response.status == 200
    _load_charts(page)

    ageing = page.locator("#ageing")
    assert ageing.get_by_role("rowheader", name="Applications to decide").count() == 1
    with page.expect_navigation():
        ageing.locator("td a").first.click()
    assert "/staff/applications/?status=submitted" in page.url
    page.go_back()
    _load_charts(page)

    # The photographs show the open work, the first figure.
    page.evaluate("document.querySelector('#ageing').scrollIntoView()")
    workspace_step(page, "staff-reports")

    # At 320 px the widest tables scroll inside their own box, which ends inside the page.
    page.set_viewport_size({"width": 320, "height": 800})
    boxes = page.evaluate(TABLE_BOXES)
    assert any(b["table"] > b["box"] for b in boxes), "no table is wider than a phone"
    for b in boxes:
        assert b["right"] <= b["page"] + 0.5, f"the table {b['id']} runs past the page"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert console_errors == []


def test_sponsor_dashboard_at_every_width(open_page, sign_in, workspace_step, console_errors):
    program = Program.objects.get(slug="lsscp")
    person = User.objects.get(email="sponsor@example.org")
    member = SponsorMemberFactory(user=person)
    today = timezone.localdate()
    for name in ("Enrollment help for support staff", "Continuing education awards"):
        fund = FundFactory(sponsor=member.sponsor, name=name, program=program)
        for i, (state, status) in enumerate(
            [("OH", "awarded"), ("MI", "submitted"), ("OH", "declined"), ("IN", "awarded")]
        ):
            row = scholarship_application(
                fund, submitted=today - timedelta(days=30 * i + 5), status=status, state=state
            )
            if status == "awarded":
                award(row, on=today - timedelta(days=30 * i))
    page = open_page()
    sign_in(page, "sponsor@example.org")
    response = page.goto("/reports/sponsor/")
    assert response is not None
    assert response.status == 200
    _load_charts(page)
    assert page.locator("#funds table").get_by_text("Enrollment help for support staff").count()

    page.evaluate("document.querySelector('#funds').scrollIntoView()")
    workspace_step(page, "sponsor-reports")
    assert console_errors == []
