"""Acceptance: a course provider's story, through the pages as its people take them.

A librarian at a college registers her organization and staff approve it. She adds a course
for Foundations of Library Services, maps its content to every competency of the set, uploads
the syllabus and submits it; the USD 100 approval fee is invoiced. Staff evaluate the course
against the rubric, record the college's check and approve it for four years; it shows in the
public catalog for the set. A candidate names it in her plan, the college reports her
completion and her set is satisfied. Near the end of the four years the college renews the
approval: a new fee, a new evaluation, and the approval runs four more years.
"""

import re
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certify.applications.api import add_years
from certify.programs.days import program_zone
from tests import files
from tests.acceptance import steps
from tests.acceptance.browser import Page
from tests.acceptance.conftest import PASSWORD, STAFF
from tests.acceptance.test_program_day_stories import applicant, long

TODAY = timezone.localdate
FLS = "Foundations of Library Services"
COLLEGE = "Lakeshore Technical College"
COURSE = "Foundations of Library Work"
INVOICE = re.compile(r"^LSSCP-\d+$")
JUDY = steps.Person("Judy Park", "judy.park@lakeshore.example.edu", PASSWORD)


def college_registered(browser) -> str:
    """Judy signs up, registers the college, and staff approve it; her organization's page."""
    browser.client.logout()
    steps.register(browser, JUDY)
    page = browser.open("/providers/register/")
    form = page.form("Register").set("Organization name", COLLEGE)
    form.set("Kind of organization", "College").set(
        "Website (optional)", "https://lakeshore.example.edu"
    )
    form.set("Contact e-mail for candidates and staff", "courses@lakeshore.example.edu")
    page = browser.submit(form)
    page.says(COLLEGE)
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open("/staff/providers/")
    page = browser.submit(page.form("Approve", within=COLLEGE))
    browser.sign_in(JUDY.email, JUDY.password)
    page = browser.open("/providers/")  # her only organization's page
    page.says(COLLEGE, "No courses yet.")
    return page.url


def course_submitted(browser, organization: str) -> str:
    """Judy adds the course, maps every competency, uploads the syllabus and submits it."""
    page = browser.open(browser.open(organization).link("Add a course"))
    form = page.form("Save the draft").set("Competency set the course is for", FLS)
    form.set("Course title", COURSE).set("Description", "How libraries serve their communities.")
    form.check("Online").set("Self-paced: learners start when they like", True)
    form.set("Tuition", "240").set("Assessments", "Weekly assignments and a final project.")
    page = browser.submit(form.set("Instructors", "Dr. Ana Ruiz, MLIS, twenty years in libraries."))
    course = page.url
    maps = [f.get("action") for f in page.tree.forms if "/map/" in (f.get("action") or "")]
    assert len(maps) == 12, maps  # every competency of the set
    for number, action in enumerate(maps, start=1):
        form = page.form("Save", action=action).set("content", f"Module {number}: readings, task.")
        browser.submit(form)
        page = browser.open(course)
    syllabus = SimpleUploadedFile("syllabus.pdf", files.pdf(2), "application/pdf")
    page = browser.submit(page.form("Upload the syllabus").attach("Syllabus", syllabus))
    page = browser.open(course)
    page.says(
        "Submitting invoices the approval fee ($100.00). It buys 4 years of approval, renewable"
    )
    page = browser.submit(page.form("Submit for approval"))
    page.says(COURSE, "Submitted", "Approval fee: invoice")
    return course


def fee_paid_by_check(browser, amount: str = "100") -> None:
    """Staff record the college's check against the course's approval invoice."""
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(browser.open("/staff/courses/").link(COURSE))
    page.says("The approval fee is not paid yet")
    form = browser.open(page.link(re.compile(r"^invoice LSSCP-"))).form("Record payment")
    form.set("How it was paid", "Check").set("Amount", amount).set("Reference", "Check 5120")
    page = browser.submit(form.set("Received on", str(TODAY())))
    page.says(f"Payment of ${amount}.00 recorded")


def evaluated_and_approved(browser) -> Page:
    """Staff score the course against the rubric and approve it; the page they end on."""
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(browser.open("/staff/courses/").link(COURSE))
    form = page.form("Record my evaluation", section="Evaluate against the rubric")
    for key in ("coverage", "assessment", "instruction", "currency"):
        form.set(f"score_{key}", "4 · Exceeds the standard")
    page = browser.submit(form.set("Overall comment", "Every competency taught and assessed."))
    page.says("Your evaluation is recorded.")
    form = page.form("Record the decision", section="Decide").check("Approve")
    return browser.submit(form.set("Comments for the provider", "A clear, current course."))


def test_a_provider_gets_a_course_approved_and_reports_a_candidates_completion(world, browser):
    organization = college_registered(browser)
    course = course_submitted(browser, organization)
    page = browser.open(browser.open(course).link(INVOICE))
    page.says("$100.00")
    fee_paid_by_check(browser)
    expires = add_years(TODAY(), 4) - timedelta(days=1)
    evaluated_and_approved(browser).says(f"Approved until {long(expires)}.")

    # The public catalog lists it for the set, with its college and its last day.
    browser.client.logout()
    page = browser.open("/courses/")
    page.says(COURSE, COLLEGE)
    page = browser.open(page.link(COURSE))
    page.says(FLS, long(expires))

    # A candidate names it in her plan; the college reports her completion; the set is done.
    nia = applicant(browser, "Nia Brooks")
    job = steps.job(add_years(TODAY(), -2), None, 20, "Lakeshore Public Library")
    steps.application_submit(browser, steps.application_fill(browser, [job]))
    steps.staff_decide(browser, nia, "Accept").says("You accepted the application.")
    browser.sign_in(nia.email, nia.password)
    page = browser.open("/plan/")
    page = browser.submit(page.form(f"Save my choice for {FLS}").check("Approved course"))
    page = browser.open(page.link("Record a course completion", within=FLS))
    form = page.form("Name this course in my plan")
    page = browser.submit(form.set("The approved course you are taking", f"{COURSE} ({COLLEGE})"))
    page.says(f"Your plan names {COURSE}")
    page = steps.completions_report(browser, JUDY.email, COURSE, nia, TODAY() - timedelta(days=1))
    page.says("Will be recorded1", "Recorded and confirmed")
    browser.submit(page.form("Import 1 completion"))
    browser.sign_in(nia.email, nia.password)
    browser.open("/plan/").says(f"{FLS} Complete Completed", f"by approved course: {COURSE}")


def test_a_provider_renews_a_course_approval_near_the_end_of_its_four_years(world, browser, at):
    organization = college_registered(browser)
    course = course_submitted(browser, organization)
    fee_paid_by_check(browser)
    first_end = add_years(TODAY(), 4) - timedelta(days=1)
    evaluated_and_approved(browser).says(f"Approved until {long(first_end)}.")

    # Two months before the approval ends, at noon in the program's zone, Judy renews it.
    near = first_end - timedelta(days=60)
    at(datetime.combine(near, time(12), tzinfo=program_zone(world)))
    browser.sign_in(JUDY.email, JUDY.password)
    page = browser.open(course)
    page.says(f"Approved until {long(first_end)}", "Renewal opens a year before it ends")
    page = browser.submit(page.form("Renew the approval"))
    page.says("Approval fee: invoice")
    browser.client.logout()
    browser.open("/courses/").says(COURSE)  # still listed while the renewal is decided

    fee_paid_by_check(browser)
    second_end = add_years(first_end, 4)
    evaluated_and_approved(browser).says(f"Approved until {long(second_end)}.")

    # After the first approval's last day the course stays in the catalog, to the new one.
    at(datetime.combine(first_end + timedelta(days=1), time(12), tzinfo=program_zone(world)))
    browser.client.logout()
    page = browser.open(browser.open("/courses/").link(COURSE))
    page.says(long(second_end))
