"""The reviewer's workspace in chromium (ADR 0049): their account page lists the reviews waiting
for them; on the assess page a PDF opens beside the ratings, drawn by pdf.js on a
canvas under the site's CSP (no console error), turns pages and zooms from the keyboard; and j/k
move between competencies, but not while the reviewer types. Each page is checked at 1280, 390
and 320 px by `workspace_step` (axe-core, no sideways scrolling) and photographed. Staff replace
a reviewer of the version on a phone."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from certify.accounts.models import User
from certify.loaddata.demo.certificates import demo_enrolled_create
from certify.loaddata.demo.portfolios import demo_reviewers_create
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services import (
    evidence_add_file,
    learning_statement_save,
    portfolio_open,
    portfolio_submit,
    response_save,
)
from certify.programs.models import Program
from certify.progress.services import route_choose
from tests.portfolios.conftest import make_reviewer

from .conftest import fits
from .wcag22 import tab_through

REVIEWER = "reviewer@example.org"
CANDIDATE = ("desk.log@example.org", "Robin Deskworth")
VIEW_PDF = re.compile(r"^View beside the ratings\W+Evidence 1 \(PDF\)$")


def drawn_pdf(pages: int = 2) -> bytes:
    """A PDF whose pages are filled rectangles (no fonts: nothing for pdf.js to fetch)."""
    writer = PdfWriter()
    for number in range(pages):
        page = writer.add_blank_page(612, 792)
        stream = DecodedStreamObject()
        shade = 0.2 + 0.3 * number
        stream.set_data(f"{shade} 0.3 0.6 rg 72 72 468 648 re f".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def assignment(site_url: str) -> ReviewAssignment:
    """A submitted Communication and Teamwork portfolio with a two-page PDF, reviewed by the demo
    reviewer."""
    program = Program.objects.get(slug="lsscp")
    reviewer, _ = demo_reviewers_create(program=program)
    user, application, _ = demo_enrolled_create(
        program=program,
        staff=User.objects.get(email="staff@example.org"),
        email=CANDIDATE[0],
        name=CANDIDATE[1],
        library_name="Riverside Public Library",
        role="Library assistant",
    )
    assert application is not None
    planned = route_choose(
        planned=application.planned_sets.get(competency_set__code="CT"),
        actor=user,
        route="portfolio",
    )
    portfolio = portfolio_open(planned=planned, actor=user)
    rows = list(portfolio.responses.select_related("competency"))
    for row in rows:
        response_save(response=row, actor=user, narrative=f"At the desk I {row.competency.code}.")
    learning_statement_save(portfolio=portfolio, actor=user, text="I learned to listen first.")
    evidence_add_file(
        response=rows[0],
        actor=user,
        upload=SimpleUploadedFile(
            "Robin_Deskworth_log.pdf", drawn_pdf(), content_type="application/pdf"
        ),
        title="Robin's desk log",
    )
    submission = portfolio_submit(portfolio=portfolio, actor=user)
    return submission.assignments.get(reviewer=reviewer)


def sign_in_as_reviewer(page: Page) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(REVIEWER)
    from certify.loaddata.demo.accounts import DEMO_PASSWORD

    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def painted(page: Page) -> int:
    """How many sampled pixels of the viewer's canvas are not white."""
    return page.evaluate(
        """() => {
          const canvas = document.querySelector('[data-viewer="canvas"]');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let count = 0;
          for (let i = 0; i < data.length; i += 4 * 97) {
            if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) count++;
          }
          return count;
        }"""
    )


def test_the_reviewer_home_and_the_assess_page_with_a_pdf_beside_the_ratings(
    open_page, assignment, workspace_step, console_errors
):
    page = open_page()
    page.on("pageerror", lambda error: console_errors.append(f"{page.url}: {error}"))
    sign_in_as_reviewer(page)

    # The account page lists the review with its due date.
    page.goto("/account/")
    section = page.locator("section[aria-labelledby='reviews-heading']")
    expect(section.get_by_role("heading", name="Your reviews")).to_be_visible()
    expect(section.get_by_role("link", name="Communication and Teamwork")).to_be_visible()
    expect(section).to_contain_text("Due")
    expect(section).not_to_contain_text(CANDIDATE[1])  # blind review
    workspace_step(page, "reviewer-home")

    # The assess page: the shortcuts are listed; the PDF opens beside the ratings.
    with page.expect_navigation():
        section.get_by_role("link", name="Communication and Teamwork").click()
    expect(page.get_by_text("Keyboard shortcuts")).to_be_visible()
    # Ratings save as they are chosen: the no-script "Save" buttons stay out of sight.
    expect(page.locator("form[hx-post*='/ratings/'] button.no-js-only").first).to_be_hidden()
    view = page.get_by_role("button", name=VIEW_PDF)
    view.click()
    viewer = page.locator("#evidence-viewer")
    expect(viewer).to_be_visible()
    expect(page.locator("#viewer-title")).to_be_focused()
    expect(page.locator("#viewer-title")).to_have_text("Evidence 1 (PDF)")
    canvas = page.locator('[data-viewer="canvas"]')
    expect(canvas).to_have_attribute("data-rendered-page", "1")
    expect(viewer.get_by_role("status")).to_have_text("Page 1 of 2 · 100 %")
    assert painted(page) > 100
    box_viewer, box_ratings = viewer.bounding_box(), page.locator(".assess-main").bounding_box()
    assert box_viewer
    assert box_ratings
    assert box_viewer["x"] > box_ratings["x"]
    expect(viewer.get_by_role("link", name="Download Evidence 1 (PDF)")).to_be_visible()

    # Keyboard: the page turns and the zoom changes with the viewer focused.
    stage = page.locator('[data-viewer="stage"]')
    stage.focus()
    page.keyboard.press("ArrowRight")
    expect(canvas).to_have_attribute("data-rendered-page", "2")
    expect(canvas).to_have_attribute("aria-label", "Page 2 of 2 of Evidence 1 (PDF)")
    page.keyboard.press("+")
    expect(viewer.get_by_role("status")).to_have_text("Page 2 of 2 · 125 %")
    page.keyboard.press("PageUp")
    expect(canvas).to_have_attribute("data-rendered-page", "1")
    workspace_step(page, "reviewer-assess")

    # Escape closes the viewer and goes back to the button that opened it.
    stage.focus()
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    expect(view).to_be_focused()

    # j and k move between competencies (from the first one, where the focus is now); typing
    # j in a comment does not.
    headings = page.locator("[data-competency] h2")
    page.keyboard.press("j")
    expect(headings.nth(1)).to_be_focused()
    page.keyboard.press("j")
    expect(headings.nth(2)).to_be_focused()
    page.keyboard.press("Alt+ArrowDown")
    expect(headings.nth(3)).to_be_focused()
    page.keyboard.press("k")
    expect(headings.nth(2)).to_be_focused()
    comment = page.locator("[data-competency]").nth(2).locator("textarea")
    comment.focus()
    page.keyboard.type("jk")
    expect(comment).to_be_focused()
    expect(comment).to_have_value("jk")

    csp = [e for e in console_errors if "Content Security Policy" in e or "Refused" in e]
    assert not csp, csp
    assert not console_errors, console_errors


def test_on_a_phone_the_viewer_opens_under_its_competency(open_page, assignment, console_errors):
    page = open_page(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    sign_in_as_reviewer(page)
    # The queue: one card per review, the set's name on one line (in a table scrolling inside
    # its region, "Communication and Teamwork" broke letter by letter in a 20 px column).
    page.goto("/review/")
    link = page.get_by_role("link", name="Communication and Teamwork")
    box = link.bounding_box()
    assert box is not None
    assert box["width"] > 150, box
    expect(page.locator("td[data-label=Rated]")).to_contain_text("0 of")
    fits(page)
    page.goto(f"/review/{assignment.pk}/")
    page.on("pageerror", lambda error: console_errors.append(f"{page.url}: {error}"))
    page.get_by_role("button", name=VIEW_PDF).click()
    first = page.locator("[data-competency]").first
    expect(first.locator("#evidence-viewer")).to_be_visible()
    expect(first.locator('[data-viewer="canvas"]')).to_have_attribute("data-rendered-page", "1")
    assert painted(page) > 100
    fits(page)
    assert not console_errors, console_errors


def test_staff_replace_a_reviewer_on_a_phone_and_a_refusal_is_said_in_its_row(
    open_page, assignment, sign_in, assert_accessible
):
    """The staff page of a version at 390 and 320 px, by keyboard: each reviewer's row has its
    list of who may take the review. A choice refused meanwhile (that reviewer's account was
    deactivated after the page was loaded) is said in its row, beside the list it was chosen in
    (aria-describedby); it was said under "Add a reviewer", far from the row and tied to nothing."""
    gone = make_reviewer("Rosa Rater", employer="Eastside Library")
    make_reviewer("Ravi Reader", employer="Northside Library")
    replaced = str(assignment.reviewer)
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, "staff@example.org")
    page.goto(f"/staff/portfolios/{assignment.submission_id}/")
    for width, height in ((390, 844), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        fits(page)
        assert_accessible(page)
        page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
        problems = tab_through(page, 60)
        assert problems == [], "\n".join(problems)

    User.objects.filter(pk=gone.pk).update(is_active=False)
    page.get_by_label(f"Replace {replaced} with").select_option(label="Rosa Rater")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Replace {replaced}").click()
    choice = page.get_by_label(f"Replace {replaced} with")
    expect(choice).to_have_attribute("aria-invalid", "true")
    expect(choice).to_have_accessible_description(
        "Rosa Rater's account is deactivated: choose another reviewer."
    )
    expect(page.get_by_role("alert")).to_have_count(0)  # not under "Add a reviewer"
    assert assignment.submission.assignments.filter(reviewer=gone).count() == 0
    fits(page)
    assert_accessible(page)
