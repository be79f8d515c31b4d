"""A new candidate on a 320 px phone, from signing up to sharing her certificate, in chromium
with axe-core: every page she reaches fits the screen, passes axe-core and the target-size check
at 390 and 320 px (`test_phone_walks.phone_problems`), and says in her words what to do next.

Staff's part (accepting her, recording her check, confirming her courses) is done through the
services, as the staff pages are walked by their own tests; the invoice page is walked by
test_invoices.py. Her own pages are walked as she would: she signs up, confirms her e-mail,
signs in, applies (a job, her education, the hours counted as she types), checks and submits,
sees what she owes and that she must pay, plans her sets (three electives, a course or a
portfolio for each), records a course completion with its certificate, starts a portfolio, and
gets her certificate and shares it. `CANDIDATE_WORDS=<file>` writes each page's words to that
file as the walk goes, for a person to read them as she would.
"""

import os
import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications.decisions import application_accept
from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.core.money import Money
from certify.courses.models import CourseCompletion
from certify.loaddata.demo.courses import demo_courses_create
from certify.payments.selectors import enrollment_invoice_for
from certify.payments.services.payments import payment_record
from certify.programs.models import Program
from certify.progress.models import PlannedSet
from certify.progress.services import planned_set_satisfy
from tests import files

from .test_phone_walks import phone_problems

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
NAME, EMAIL, PASSWORD = "Dana Whitfield", "dana.whitfield@example.org", "story-time-2026"
ELECTIVES = ("Reference and Information Services", "Youth Services", "Access Services")
COURSE_SET, COURSE = "Technology", "Library Technology Essentials"
PORTFOLIO_SET = "Youth Services"
WORDS = os.environ.get("CANDIDATE_WORDS")  # a file to write each page's words to, to read them


def _submit(page: Page, name: str | re.Pattern[str]) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).first.click()


class Walk:
    """Each page she reaches, checked as it is and its words kept."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: dict[str, list[str]] = {}
        self.words: list[str] = []

    def check(self, step: str) -> str:
        page = self.page
        text = page.locator("main").inner_text()
        self.words.append(f"=== {step} {page.url}\n{text}\n")
        if problems := phone_problems(page):
            self.problems[step] = problems
        if WORDS:  # kept as it goes, to be read even when a later step fails
            with open(WORDS, "a", encoding="utf-8") as out:
                out.write(f"{self.words[-1]}PROBLEMS {problems}\n")
        page.set_viewport_size(PHONE["viewport"])
        return text


def test_a_new_candidate_on_a_phone_from_signing_up_to_sharing_her_certificate(
    open_page: Callable[..., Page], console_errors
):
    page = open_page(**PHONE)
    walk = Walk(page)
    main = page.locator("main")
    staff = User.objects.get(email="staff@example.org")
    demo_courses_create(program=Program.objects.get(slug="lsscp"), staff=staff)
    page.goto("/accounts/signup/")
    walk.check("sign up")
    page.locator("#id_full_name").fill(NAME)
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    _submit(page, "Sign up")
    walk.check("check your e-mail")
    message = next(m for m in mail.outbox if m.to == [EMAIL])
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(link)
    walk.check("confirm the e-mail")
    _submit(page, "Confirm")
    walk.check("confirmed")
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    walk.check("sign in")
    page.locator("#id_login").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    _submit(page, "Sign In")
    walk.check("account home")

    page.goto("/apply/")
    walk.check("apply: start")
    _submit(page, "Start my application")
    walk.check("application: empty")
    page.get_by_label("High-school diploma").check()
    page.get_by_label("Country where you got it").select_option("US")
    page.locator("#id_new-library_name").fill("Maple Grove Public Library")
    page.locator("#id_new-library_type").select_option(label="Public")
    page.locator("#id_new-role").fill("Library assistant")
    page.locator("#id_new-start_date").fill("2023-01-02")
    page.locator("#id_new-end_date").fill("2025-12-31")
    page.locator("#id_new-hours_mode_0").check()
    page.locator("#id_new-hours_per_week").fill("20")
    page.get_by_role("button", name="Add this job").click()
    expect(page.get_by_text("You have enough library experience.")).to_be_visible()
    expect(page.locator("#education-status")).to_contain_text("Saved at")
    expect(page.locator("main")).to_contain_text("of the 1,820 hours needed")
    walk.check("application: a job and her education")
    page.get_by_label(re.compile("I confirm that the information")).check()
    with page.expect_navigation():  # once her confirmation is saved (autosave.js, ADR 0037)
        page.get_by_role("link", name="Check your answers and submit").click()
    walk.check("check your answers")
    _submit(page, "Submit my application")
    expect(main).to_contain_text("Your application is submitted.")
    walk.check("submitted")

    candidate = User.objects.get(email=EMAIL)
    application = Application.objects.get(candidate=candidate)
    application_accept(application=application, actor=staff)
    page.goto("/account/")
    expect(main).to_contain_text("still to pay")
    expect(page.get_by_role("link", name=re.compile("^Pay the invoice"))).to_be_visible()
    walk.check("account home: accepted, to pay")
    page.goto("/plan/")
    expect(main).to_contain_text("the enrollment fee is unpaid")
    walk.check("plan: before paying")

    invoice = enrollment_invoice_for(user=candidate, program=application.program)
    assert invoice is not None
    payment_record(
        invoice=invoice,
        amount=Money(invoice.total_cents),
        method="cheque",
        reference="Check 311",
        actor=staff,
    )
    page.goto("/account/")
    walk.check("account home: paid")
    page.goto("/plan/")
    walk.check("plan: paid")
    for elective in ELECTIVES:
        page.get_by_label(elective).check()
    _submit(page, "Save my electives")
    # Saved: the address keeps nothing of the form's `#electives-errors` (ADR 0043).
    assert "errors" not in page.url
    walk.check("plan: electives saved")

    _route(page, COURSE_SET, "course")
    walk.check("plan: a course for Technology")
    for set_name in _set_names(application):
        if set_name != COURSE_SET:
            _route(page, set_name, "portfolio")
    walk.check("plan: every set's way chosen")

    # A course completion with its certificate; sent first without one.
    _section(page, COURSE_SET).get_by_role("link", name="Record a course completion").click()
    expect(main).to_contain_text("up to 25 MB;")
    walk.check("course completion: empty")
    form = page.locator("form[enctype='multipart/form-data']")
    form.get_by_label("The approved course you completed").select_option(
        label=f"{COURSE} (Northside Community College)"
    )
    form.get_by_label("Completion date").fill("2026-10-15")
    _submit(page, "Record the completion")
    walk.check("course completion: no certificate")
    # Said beside the field and in a summary the page lands on, that links to it; the rest kept.
    summary = page.locator("#completion-errors")
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("Upload the completion certificate your provider signed.")
    form = page.locator("form[enctype='multipart/form-data']")
    expect(form.get_by_label("Completion date")).to_have_value("2026-10-15")
    form.get_by_label("Completion certificate signed by the provider").set_input_files(
        {"name": "completion.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}
    )
    _submit(page, "Record the completion")
    expect(main).to_contain_text("Your completion is recorded.")
    # The refused page's `#completion-errors` does not stay once it is saved.
    assert "errors" not in page.url
    walk.check("course completion: recorded")

    # A portfolio started.
    page.goto("/plan/")
    _submit_in(page, _section(page, PORTFOLIO_SET), "Start the portfolio")
    expect(page.get_by_role("heading", level=1)).to_contain_text(PORTFOLIO_SET)
    walk.check("portfolio: started")

    # Every set done (staff confirm her courses and the reviewers her portfolios): issued.
    for planned in PlannedSet.objects.filter(application=application).exclude(
        status=PlannedSet.Status.SATISFIED
    ):
        planned_set_satisfy(planned=planned, actor=staff, route="course", evidence="Course")
    assert CourseCompletion.objects.filter(candidate=candidate).exists()
    certificate = Certificate.objects.get(holder=candidate)
    page.goto("/account/")
    walk.check("account home: certified")
    page.goto("/certificates/")
    walk.check("her certificates")
    expect(main).to_contain_text(f"Certificate {certificate.number}")
    expect(page.get_by_role("link", name=re.compile("LinkedIn"))).to_be_visible()
    _submit(page, "Make my profile public")
    walk.check("her certificates: profile public")
    page.goto("/account/")
    page.get_by_label("State to be listed under").select_option(label="Ohio")
    _submit(page, "List me in the public register")
    walk.check("account home: listed in the register")
    page.goto(f"/verify/{certificate.number}/")
    expect(main).to_contain_text(NAME)
    walk.check("the verification page she shares")

    assert walk.problems == {}, "\n".join(f"{k}: {v}" for k, v in walk.problems.items())
    # The refused upload's answer (400) is the only one the browser logs.
    assert [e for e in console_errors if "status of 400" not in e] == []


def _set_names(application: Application) -> list[str]:
    return [
        p.competency_set.name
        for p in PlannedSet.objects.filter(application=application).select_related("competency_set")
    ]


def _section(page: Page, set_name: str):
    return (
        page.locator("section, article, li")
        .filter(has=page.get_by_role("heading", name=set_name))
        .last
    )


def _submit_in(page: Page, scope, name: str) -> None:
    with page.expect_navigation():
        scope.get_by_role("button", name=name).click()


def _route(page: Page, set_name: str, route: str) -> None:
    section = _section(page, set_name)
    section.locator(f"input[value={route}]").check()
    _submit_in(page, section, "Save")
