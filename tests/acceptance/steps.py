"""Steps of the candidate's journey as people take them on the pages, shared by the stories.

Each step signs the right person in, opens the page they would open, reads what it says and
posts its form; together they are the journey of the product description. A story that needs a
candidate at some point of the journey takes these steps to get there, through the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.acceptance.browser import Browser, Page
from tests.acceptance.conftest import PASSWORD, SPONSOR, STAFF


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    password: str = "shelving-carts-2026"


def register(browser: Browser, person: Person) -> Page:
    """Sign up, then open the link in the e-mail and confirm the address (which signs in)."""
    page = browser.open("/accounts/signup/")
    form = (
        page.form("Sign up")
        .set("Full name", person.name)
        .set("email", person.email)
        .set("password1", person.password)
        .set("password2", person.password)
    )
    page = browser.submit(form)
    page.says(f"We sent a link to confirm {person.email}")
    message = next(m for m in reversed(mail.outbox) if m.to == [person.email])
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    page = browser.submit(browser.open(link).form("Confirm"))
    page.says(f"{person.email} is confirmed.", f"You are signed in as {person.name}")
    return page


def membership_add(browser: Browser, code: str, organization: str, number: str) -> Page:
    page = browser.open("/memberships/")
    page = browser.open(page.link(f"Add your {organization} membership"))
    form = (
        page.form("Save membership")
        .set("Organization", organization)
        .set("Member number", number)
        .set("Valid until", str(timezone.localdate() + timedelta(days=600)))
    )
    page = browser.submit(form)
    page.says(f"Your {code} membership is saved.")
    return page


def membership_confirm(browser: Browser, decider: str, person: Person, code: str) -> Page:
    browser.sign_in(decider, PASSWORD)
    page = browser.open("/memberships/queue/")
    page = browser.submit(page.form("Save decision", within=person.name).check("Confirm"))
    page.says(f"{person.name}: {code}")
    return page


def job(start: date, end: date | None, hours_per_week: int, library: str) -> dict[str, str]:
    return {
        "Library": library,
        "Type of library": "Public",
        "Your role or job title": "Library assistant",
        "new-start_date": start.isoformat(),
        "new-end_date": end.isoformat() if end else "",
        "new-hours_mode": "weekly",
        "new-hours_per_week": str(hours_per_week),
    }


def application_fill(
    browser: Browser,
    jobs: list[dict[str, str]],
    *,
    country: str = "US",
    ala: str | None = None,
    education_note: str = "",
) -> Page:
    """Start an application and fill it in: education, the ALA membership, each job."""
    page = browser.open("/apply/")
    page = browser.submit(page.form("Start my application"))
    if ala:
        form = page.form("Save my ALA membership").set("Member number", ala)
        form.set("Valid until", str(timezone.localdate() + timedelta(days=600)))
        page = browser.submit(form)
        page.says("Your ALA membership is saved.")
    form = page.form("Save", within="Your highest level of education")
    form.check("High-school diploma").set("education_country", country)
    if education_note:
        form.set("education_note", education_note)
    page = browser.submit(form.check("I confirm that the information"))
    for fields in jobs:
        form = page.form("Add this job")
        for label, value in fields.items():
            form.set(label, value)
        page = browser.submit(form)
    return page


def application_submit(browser: Browser, page: Page) -> Page:
    page = browser.open(page.link("Check your answers and submit"))
    page.says("Check your answers before you submit")
    page = browser.submit(page.form("Submit my application"))
    page.says("Your application is submitted.")
    return page


def staff_decide(
    browser: Browser, person: Person, decision: str, reason: str = "", *, staff: str = STAFF
) -> Page:
    browser.sign_in(staff, PASSWORD)
    page = browser.open("/staff/applications/")
    page = browser.open(page.link(person.name))
    form = page.form("Record the decision").check(decision)
    if reason:
        form.set("reason", reason)
    return browser.submit(form)


def scholarship_apply(browser: Browser, fund: str, statement: str) -> Page:
    page = browser.open("/scholarships/")
    page = browser.open(page.link(f"Apply to the {fund}"))
    page = browser.submit(page.form("Send my application").set("Your statement", statement))
    return page


def scholarship_decide(browser: Browser, fund_slug: str, person: Person, decision: str) -> Page:
    browser.sign_in(SPONSOR, PASSWORD)
    page = browser.open(f"/scholarships/sponsor/funds/{fund_slug}/")
    page = browser.open(page.link("decide", within=person.name))
    form = page.form("Record the decision").check(decision)
    form.set("reason", "A clear statement of need.")
    return browser.submit(form)


def portfolio_fill(browser: Browser, set_name: str, words: str = "At my library") -> Page:
    """From the plan: open (or start) the portfolio, write the learning statement, then walk
    the competencies one page each, writing a response on every one."""
    plan = browser.open("/plan/")
    starts = [f for f in plan.tree.forms if "Start the portfolio" in f.text_content()]
    if plan.links("Open the portfolio", within=set_name):
        page = browser.open(plan.link("Open the portfolio", within=set_name))
    elif starts:
        page = browser.submit(plan.form("Start the portfolio", within=set_name))
    else:
        page = browser.open(plan.link(re.compile("portfolio", re.I), within=set_name))
    page = browser.submit(
        page.form("Save", within="learning statement").set(
            "learning_statement", f"Putting my {set_name} portfolio together taught me a lot."
        )
    )
    page = browser.open(next(h for h in page.links(re.compile(".")) if "/competencies/" in h))
    number = 0
    while True:
        number += 1
        form = page.form("Save", within="Your response")
        form.set("narrative", f"{words}, I do this every week (example {number}).")
        page = browser.submit(form)
        following = page.links(re.compile(r"^Next: "))
        if not following:
            break
        page = browser.open(following[0])
    return page


def portfolio_submit(browser: Browser, set_name: str) -> Page:
    page = browser.open(browser.open("/plan/").link(re.compile("portfolio", re.I), within=set_name))
    page = browser.open(page.link("Check your answers and submit"))
    page.says("Check your portfolio before you submit")
    page = browser.submit(page.form(re.compile(r"^Yes, submit")))
    page.says("Your portfolio is submitted.")
    return page


def review(browser: Browser, reviewer: str, set_name: str, rating: str, comment: str = "") -> Page:
    """A reviewer opens her review of `set_name`, rates every competency and submits it."""
    browser.sign_in(reviewer, PASSWORD)
    page = browser.open(browser.open("/review/").link(set_name))
    page.says("Candidate hidden (blind review)")
    actions = [f.get("action") for f in page.tree.forms if "/ratings/" in (f.get("action") or "")]
    for action in actions:
        form = page.form("Save", action=action).check(rating)
        if comment:
            form.set("comment", comment)
        page = browser.submit(form)
    form = page.form("Submit my review").set("comment", "Clear responses tied to daily work.")
    return browser.submit(form)


def completions_report(
    browser: Browser, provider: str, course: str, person: Person, completed_on: date
) -> Page:
    """The provider uploads a CSV of completions for `course` and imports it."""
    browser.sign_in(provider, PASSWORD)
    menu = browser.open(browser.open("/providers/").link(re.compile(r"^Report completions$")))
    page = browser.open(menu.link("Many learners: upload a CSV file"))
    rows = [
        "email,candidate_number,full_name,completed_on,reference",
        f"{person.email},,{person.name},{completed_on.isoformat()},NCC-{completed_on:%Y%m%d}",
    ]
    upload = SimpleUploadedFile(
        "completions.csv", ("\n".join(rows) + "\n").encode(), content_type="text/csv"
    )
    form = page.form("Upload and check").set("Course", course).attach("CSV file", upload)
    page = browser.submit(form)
    page = browser.open(page.link("Refresh"))  # the check runs in the task worker
    return page


def activity_log(
    browser: Browser, title: str, completed_on: date, unit: str, amount: str, set_name: str
) -> Page:
    """Log one continuing-education activity on the renewal page."""
    page = browser.open("/renewal/")
    form = page.form("Add this activity").set("Title of the activity", title)
    form.set("Provider", "State Library Association").set("Date completed", str(completed_on))
    form.set("Unit", unit).set("Amount", amount).check(set_name)
    return browser.submit(form)
