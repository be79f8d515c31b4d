"""Acceptance: courses, recognized programs and SSD awards at the edges of the program's days.

The program's courses are approved, and the SSD award made, at 19:00 in Chicago: already the
next day in UTC. Completions count from two years before that day, a graduate claims within
two years of graduating, an approval lasts four years (its last day the day before the
anniversary), and SSD makes one award per person in any 18 months: each edge is tried on its
day in Chicago, at 23:59 or 19:00 and at 00:01 the next day.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certify.accounts.models import User
from certify.applications.api import add_years
from certify.loaddata.demo.accounts import demo_accounts_create
from certify.loaddata.demo.courses import demo_courses_create
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.scholarships.eligibility import add_months
from tests import files
from tests.acceptance import steps
from tests.acceptance.browser import forms_summary
from tests.acceptance.conftest import SPONSOR, STAFF
from tests.acceptance.test_program_day_stories import applicant, chicago, evening, long

COURSE = "Library Technology Essentials"


@pytest.fixture
def day(lsscp, at):
    """The demo world made at 19:00 in Chicago (the next day in UTC): its courses approved and
    SSD's funds opened then. The program's day."""
    demo_accounts_create()
    day = evening(at)
    demo_scholarships_create(program=lsscp, sponsor_user=User.objects.get(email=SPONSOR))
    demo_courses_create(program=lsscp, staff=User.objects.get(email=STAFF))
    return day


def accepted(browser, name: str, day) -> steps.Person:
    person = applicant(browser, name)
    page = steps.application_fill(browser, [steps.job(add_years(day, -2), None, 20, "Bay Library")])
    steps.application_submit(browser, page)
    steps.staff_decide(browser, person, "Accept").says("You accepted the application.")
    browser.sign_in(person.email, person.password)
    return person


def test_completions_count_from_two_years_before_the_approval_day_in_chicago(day, browser, at):
    raj = accepted(browser, "Raj Iyer", day)
    page = browser.open("/plan/")
    page = browser.submit(page.form("Save my choice for Technology").check("Approved course"))
    page = browser.open(page.link("Record a course completion"))

    def record(completed_on):
        form = page.form("Record the completion")
        form.set("The approved course you completed", f"{COURSE} (Northside Community College)")
        form.set("Completion date", str(completed_on))
        signed = SimpleUploadedFile("completion.pdf", files.pdf(), "application/pdf")
        form.attach("Completion certificate signed by the provider", signed)
        return browser.submit(form, status=None)

    first = add_years(day, -2)  # approved on `day` in Chicago, though UTC's date was the next
    tomorrow = day + timedelta(days=1)  # UTC's today
    assert record(tomorrow).status == 400
    browser.page.says(f"The completion date {long(tomorrow)} is in the future.")
    assert record(first - timedelta(days=1)).status == 400
    browser.page.says(f"but completions of this course count from {long(first)} (2 years before")
    record(first).says("Your completion is recorded.")
    assert raj


def test_a_course_approval_ends_the_day_before_its_fourth_anniversary_in_chicago(day, browser, at):
    last = add_years(day, 4) - timedelta(days=1)
    at(chicago(last, 23, 59))  # 05:59 UTC the next day
    browser.open("/courses/").says(COURSE)
    page = browser.open(browser.open("/courses/").link(COURSE))
    page.says(long(last))
    at(chicago(last + timedelta(days=1), 0, 1))
    assert COURSE not in browser.open("/courses/").text


def test_a_graduate_claims_within_two_years_of_graduating_counted_in_chicago(day, browser, at):
    accepted(browser, "Gail Ross", day)
    fls = "Foundations of Library Services"
    page = browser.open("/plan/")
    page = browser.submit(
        page.form(f"Save my choice for {fls}").check("Recognized college program")
    )
    claim = page.link("Claim your recognized program", within=fls)

    def send(graduated_on):
        form = browser.open(claim).form("Send my claim")
        form.set("Your program", "Library Technical Assistant, AAS")
        form.set("Graduation date", str(graduated_on))
        proof = SimpleUploadedFile("diploma.pdf", files.pdf(), "application/pdf")
        return browser.submit(form.attach("Proof of graduation", proof), status=None)

    earliest = add_years(day, -2)
    page = send(earliest - timedelta(days=1))
    assert page.status == 400
    page.says(
        "Graduates claim within 2 years of graduating",
        f"(the earliest that counts today is {earliest:%B} {earliest.day}, {earliest.year})",
    )
    page = send(earliest)
    assert page.status == 200
    browser.open(claim).says(f"graduated {earliest:%B} {earliest.day}, {earliest.year}")


def test_one_ssd_award_in_18_months_ends_at_midnight_in_chicago(day, browser, at):
    lee = applicant(browser, "Lee Moon")
    steps.membership_add(browser, "SSD", "OLA Support Staff Division (SSD)", "SSD-8812")
    steps.membership_confirm(browser, SPONSOR, lee, "SSD")
    browser.sign_in(lee.email, lee.password)
    steps.scholarship_apply(browser, "SSD LSSCP Enrollment Scholarship", "It would help me.")
    steps.scholarship_decide(browser, "ssd-lsscp-enrollment", lee, "Award").says(
        f"$200.00 awarded to {lee.name}."
    )
    again = add_months(day, 18)
    apply = "/scholarships/funds/ssd-continuing-education/apply/"

    at(chicago(again - timedelta(days=1), 23, 59))
    browser.sign_in(lee.email, lee.password)
    page = browser.open(apply)
    page.says(
        f"You received a scholarship award from SSD on {long(day)}",
        f"you can receive another from {long(again)}.",
    )
    assert "Send my application" not in forms_summary(page)

    at(chicago(again, 0, 1))
    browser.sign_in(lee.email, lee.password)
    page = browser.open(apply)
    assert "one award per person" not in page.text
    assert "Send my application" in forms_summary(page)
