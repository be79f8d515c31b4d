"""Acceptance: the edge stories a tester tries, each through the pages as the people in it.

Each story starts where it needs to (a candidate registered and applying through the pages, or
the program's demo people) and checks what the person reads at each step.
"""

import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from certify.applications.api import add_years
from certify.scholarships.eligibility import add_months
from tests import files
from tests.acceptance import steps
from tests.acceptance.browser import forms_summary
from tests.acceptance.conftest import PASSWORD, PROVIDER, REVIEWERS, SPONSOR, STAFF

TODAY = timezone.localdate


def applicant(browser, name: str, email: str) -> steps.Person:
    person = steps.Person(name, email)
    steps.register(browser, person)
    return person


def test_an_applicant_who_is_not_eligible_is_refused_and_the_fee_refunded(world, browser, at):
    omar = applicant(browser, "Omar Haddad", "omar.haddad@example.org")
    today = TODAY()
    # His form shows enough hours, and he pays by check; staff find the job was not library
    # work. (The form itself refuses to submit with too few hours: the check page says so.)
    page = steps.application_fill(
        browser, [steps.job(add_years(today, -2), None, 20, "Hillside Bookshop")]
    )
    steps.application_submit(browser, page)
    page = browser.open("/payments/")
    page.says("LSSCP enrollment Dec", "$350.00 $350.00 Awaiting payment")
    page = browser.open(page.link(re.compile("LSSCP-")))
    invoice = page.url
    browser.sign_in(STAFF, PASSWORD)
    form = browser.open(invoice).form("Record payment")
    form.set("How it was paid", "Check").set("Amount", "350").set("Reference", "Check 9")
    browser.submit(form.set("Received on", str(today))).says("Payment of $350.00 recorded")
    page = steps.staff_decide(
        browser, omar, "Reject", "Hillside Bookshop is a shop, not a library."
    )
    page.says("You did not accept the application. The candidate was told, with your reason.")

    # His invoice: the check he sent is refunded, with the reason.
    browser.sign_in(omar.email, omar.password)
    browser.open(invoice).says(
        "StatusRefunded",
        "Refund of $350.00 requested on",
        "Reason: Hillside Bookshop is a shop, not a library.",
    )
    page = browser.open("/account/")
    page.says(
        "The reason: “Hillside Bookshop is a shop, not a library.”",
        "Your application was not accepted: the $350.00 you paid is refunded.",
    )
    assert page.link("View the invoice and the refund") == invoice
    decision = page.link(re.compile("^Read the decision and appeal"))

    # He opens the notice on day 10, but sends it on day 11: too late, and he is told so.
    at(timezone.now() + timedelta(days=10))
    browser.sign_in(omar.email, omar.password)
    page = browser.open(browser.open(decision).link("Give notice of appeal"))
    form = page.form(re.compile("appeal", re.I))
    at(timezone.now() + timedelta(days=1))
    browser.sign_in(omar.email, omar.password)  # a day later: signed in again
    page = browser.submit(form)
    page.says("The time to appeal ended on", "(10 days after the decision)")
    assert not page.links("Give notice of appeal")


def test_education_outside_the_us_is_never_decided_by_itself(world, browser):
    ana = applicant(browser, "Ana Sousa", "ana.sousa@example.org")
    today = TODAY()
    page = steps.application_fill(
        browser,
        [steps.job(add_years(today, -2), None, 20, "Lisbon Municipal Library")],
        country="PT",
        education_note="Secondary school diploma, Escola Secundária de Camões, 2010.",
    )
    page = steps.application_submit(browser, page)
    page.says("program staff check your eligibility")
    call_command("run_jobs")  # nothing the scheduler does decides it either
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(browser.open("/staff/applications/").link(ana.name))
    page.says(
        "Submitted, waiting for review",
        "Education outside the US: decide case by case.",
        "Accept (case by case: education outside the US)",
    )
    # Accepting asks for the reason, as every decision on education outside the US does.
    page = browser.submit(page.form("Record the decision").check("Accept"), status=400)
    page.says("This applicant's education is outside the US: say why you accept it")
    form = page.form("Record the decision").check("Accept")
    form.set("reason", "A Portuguese secondary diploma is a high-school equivalent.")
    browser.submit(form).says("You accepted the application.")


def test_a_second_ssd_award_within_18_months_is_refused_across_funds(world, browser):
    lee = applicant(browser, "Lee Park", "lee.park@example.org")
    steps.membership_add(browser, "SSD", "OLA Support Staff Division (SSD)", "SSD-5150")
    steps.membership_confirm(browser, SPONSOR, lee, "SSD")
    browser.sign_in(lee.email, lee.password)
    steps.scholarship_apply(browser, "SSD LSSCP Enrollment Scholarship", "It would help me.")
    steps.scholarship_decide(browser, "ssd-lsscp-enrollment", lee, "Award").says(
        f"$200.00 awarded to {lee.name}."
    )
    # The other SSD fund: the list says why not, and so does its application page.
    browser.sign_in(lee.email, lee.password)
    page = browser.open("/scholarships/")
    page.says("There is no scholarship you can apply to at the moment.")
    again = add_months(TODAY(), 18)
    reason = (
        "You received a scholarship award from SSD on "
        f"{TODAY():%B} {TODAY().day}, {TODAY().year}, and SSD makes one award per person in any "
        f"18 months: you can receive another from {again:%B} {again.day}, {again.year}."
    )
    page.says(
        f"SSD Continuing Education Scholarship Offered by OLA Support Staff Division "
        f"You cannot apply: {reason}"
    )
    page = browser.open("/scholarships/funds/ssd-continuing-education/apply/")
    page.says(f"You cannot apply at the moment: {reason}")
    assert "Send my application" not in forms_summary(page)


def test_the_completion_deadline_is_four_years_after_acceptance_and_staff_extend_it(world, browser):
    kim = applicant(browser, "Kim Tran", "kim.tran@example.org")
    today = TODAY()
    page = steps.application_fill(
        browser, [steps.job(add_years(today, -2), None, 20, "Eastside Library")]
    )
    steps.application_submit(browser, page)
    steps.staff_decide(browser, kim, "Accept").says("You accepted the application.")
    deadline, later = add_years(today, 4), add_years(today, 4) + timedelta(days=180)
    browser.sign_in(kim.email, kim.password)
    browser.open("/account/").says(
        f"Finish the program by {deadline:%B} {deadline.day}, {deadline.year}"
    )

    # Staff extend it by six months, with a reason kept for staff; she reads the new day.
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(browser.open("/staff/applications/?status=accepted").link(kim.name))
    page.says(f"deadline {deadline:%B} {deadline.day}, {deadline.year}")
    form = page.form("Extend the deadline").set("New deadline", str(later))
    page = browser.submit(form.set("reason", "Family leave for six months."))
    page.says("The deadline is extended.", f"deadline {later:%B} {later.day}, {later.year}")
    browser.sign_in(kim.email, kim.password)
    page = browser.open("/account/")
    page.says(f"Finish the program by {later:%B} {later.day}, {later.year}")
    assert "Family leave" not in page.text
    browser.open("/plan/").says(f"Finish by {later:%B} {later.day}, {later.year}.")


def test_a_course_completed_up_to_two_years_before_its_approval_counts_and_older_is_refused(
    world, browser
):
    raj = applicant(browser, "Raj Mehta", "raj.mehta@example.org")
    today = TODAY()
    page = steps.application_fill(
        browser, [steps.job(add_years(today, -2), None, 20, "Northgate Library")]
    )
    steps.application_submit(browser, page)
    steps.staff_decide(browser, raj, "Accept").says("You accepted the application.")
    browser.sign_in(raj.email, raj.password)
    page = browser.open("/plan/")
    page = browser.submit(page.form("Save my choice for Technology").check("Approved course"))
    page = browser.open(page.link("Record a course completion"))
    approved = today  # the demo course was approved today
    course = "Library Technology Essentials (Northside Community College)"

    def record(completed_on):
        form = page.form("Record the completion")
        form.set("The approved course you completed", course)
        form.set("Completion date", str(completed_on))
        signed = SimpleUploadedFile("completion.pdf", files.pdf(), "application/pdf")
        form.attach("Completion certificate signed by the provider", signed)
        return browser.submit(form, status=None)

    first_day = add_years(approved, -2)
    refused = record(first_day - timedelta(days=1))
    assert refused.status == 400
    refused.says(
        f"but completions of this course count from {first_day:%B} {first_day.day}, "
        f"{first_day.year} (2 years before its approval)",
        "Choose the file again: a page that was refused cannot keep it.",
    )
    counted = record(first_day)
    counted.says("Your completion is recorded. The provider or program staff will confirm it")

    # Staff confirm it: the set is complete.
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open("/staff/completions/")
    page = browser.submit(page.form(re.compile("onfirm"), within=raj.name))
    page.says(f"Confirmed: {raj.name} completed Library Technology Essentials.")
    browser.sign_in(raj.email, raj.password)
    browser.open("/plan/").says(
        "1 of 6 competency sets complete.",
        "Technology Complete Completed",
        "by approved course: Library Technology Essentials",
    )


def test_a_portfolio_failing_twice_is_final_but_a_course_still_completes_the_set(
    world, browser, at
):
    sam = applicant(browser, "Sam Ortiz", "sam.ortiz@example.org")
    today = TODAY()
    page = steps.application_fill(
        browser, [steps.job(add_years(today, -2), None, 20, "Westfield Library")]
    )
    steps.application_submit(browser, page)
    steps.staff_decide(browser, sam, "Accept").says("You accepted the application.")
    form = browser.open(
        browser.open("/payments/staff/invoices/").link(re.compile("LSSCP-"), within=sam.name)
    ).form("Record payment")
    form.set("How it was paid", "Check").set("Amount", "350").set("Reference", "Check 12")
    browser.submit(form.set("Received on", str(today))).says("Payment of $350.00 recorded")

    # Communication and Teamwork by portfolio: both reviewers find it not met, twice.
    ct = "Communication and Teamwork"
    browser.sign_in(sam.email, sam.password)
    page = browser.open("/plan/")
    browser.submit(page.form(f"Save my choice for {ct}").check("Portfolio"))
    for attempt in ("first", "second"):
        browser.sign_in(sam.email, sam.password)
        steps.portfolio_fill(browser, ct, f"My {attempt} try")
        steps.portfolio_submit(browser, ct)
        for reviewer in REVIEWERS:
            steps.review(browser, reviewer, ct, "Not met", "Not shown in the evidence.")
    browser.sign_in(sam.email, sam.password)
    portfolio = browser.open("/plan/").link("Open the portfolio", within=ct)
    page = browser.open(portfolio)
    page.says(
        "Not met — version 2 submitted",
        "This was the last try by portfolio. You can still complete Communication and Teamwork "
        "with an approved course or a recognized college program: choose that way for it in your "
        "plan.",
        "Not shown in the evidence.",
    )
    assert "Check your answers and submit" not in page.text

    # Day 10: he gives notice of appeal; the grounds may follow until day 30.
    decided = timezone.now()
    at(decided + timedelta(days=10))
    browser.sign_in(sam.email, sam.password)
    page = browser.open(browser.open(portfolio).link("Give notice of appeal"))
    page = browser.submit(page.form(re.compile("appeal", re.I)))
    grounds_by = timezone.localdate(decided + timedelta(days=30))  # LSSCP's day: the site's zone
    page.says(
        "Your notice of appeal is recorded. Now give the grounds.",
        f"Grounds of your appeal Due by {grounds_by:%B} {grounds_by.day}, {grounds_by.year}.",
    )
    at(decided + timedelta(days=30))
    browser.sign_in(sam.email, sam.password)
    form = browser.open(portfolio).form("Submit the grounds")
    form.set(form.form.xpath(".//textarea")[0].get("name"), "My evidence was misread.")
    browser.submit(form).says(
        "Your grounds are submitted.", "Grounds submitted, waiting for review."
    )

    # Meanwhile the set can still be completed by an approved course.
    page = browser.open("/plan/")
    page = browser.submit(page.form(f"Save my choice for {ct}").check("Approved course"))
    page = browser.open(page.link("Record a course completion", within=ct))
    course = "Communicating at the Library Desk"
    form = page.form("Name this course in my plan")
    page = browser.submit(
        form.set("The approved course you are taking", f"{course} (Northside Community College)")
    )
    page.says(f"Your plan names {course}")
    page = steps.completions_report(browser, PROVIDER, course, sam, TODAY() - timedelta(days=2))
    browser.submit(page.form("Import 1 completion"))
    browser.sign_in(sam.email, sam.password)
    browser.open("/plan/").says(f"{ct} Complete Completed", f"by approved course: {course}")
