"""The staff reports in chromium: each chart is drawn, in colour, under the site's strict CSP
(and its own), with no violation reported; the page has no serious accessibility problem."""

from django.utils import timezone
from playwright.sync_api import Page

from certify.programs.models import Program
from tests.reports.conftest import applicant, certificate, invoice, payment

# Draws the <img> on a canvas and counts the pixels of the palette's first colour (#0072B2).
COLOURED_PIXELS = """(img) => {
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d");
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - 0x00) < 8 && Math.abs(data[i + 1] - 0x72) < 8
            && Math.abs(data[i + 2] - 0xB2) < 8) n++;
    }
    return n;
}"""


def test_staff_reports_draw_their_charts_in_colour_without_csp_violations(
    page: Page, sign_in, assert_accessible, screenshot, console_errors
):
    program = Program.objects.get(slug="lsscp")
    today = timezone.localdate()
    a = applicant(program, submitted=today, status="accepted", enrolled_on=today)
    payment(invoice(a), cents=35_000, on=today)
    certificate(a, issued_on=today)
    sign_in(page, "staff@example.org")

    response = page.goto("/staff/reports/")
    assert response is not None
    assert response.status == 200
    chart = page.locator("#funnel img")
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    assert chart.get_attribute("alt", timeout=1000).startswith("Bar chart of from application")
    assert chart.evaluate(COLOURED_PIXELS) > 500, "the chart's bars are not in the palette color"
    screenshot(page, "staff-reports")
    assert_accessible(page)

    # The chart opened on its own: its style applies (under its own policy), nothing is refused.
    page.goto(chart.get_attribute("src"))
    fill = page.evaluate(
        "getComputedStyle(document.querySelector('.series.serie-0 .rect, .serie-0 rect')).fill"
    )
    assert fill == "rgb(0, 114, 178)"
    assert console_errors == []
