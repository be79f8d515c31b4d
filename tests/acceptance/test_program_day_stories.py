"""Acceptance: the rules' days turn at the program's midnight, not the server's (UTC).

LSSCP's days are days in Chicago. Each story puts the clock at the edges a tester tries: 19:00
in Chicago (already the next day in UTC), 23:59 on the last day and 00:01 on the next. The
application's day is the program's day: the five-year window of experience, the notice of appeal
(10 days) and its grounds (30), and the deadline to finish (four years from acceptance).
"""

import re
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from django.core import mail
from django.utils import timezone

from certify.applications.api import add_years
from tests.acceptance import steps
from tests.acceptance.browser import forms_summary
from tests.acceptance.conftest import PASSWORD, STAFF
from tests.acceptance.test_edge_stories import TODAY

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def chicago(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment on `day` in Chicago (the program's zone), as an aware datetime."""
    return datetime.combine(day, time(hour, minute), tzinfo=CHICAGO)


def long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def short(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def applicant(browser, name: str) -> steps.Person:
    """A newcomer registers (whoever was signed in before signs out first)."""
    browser.client.logout()
    person = steps.Person(name, f"{name.lower().replace(' ', '.')}@example.org")
    steps.register(browser, person)
    return person


def evening(at) -> date:
    """19:00 in Chicago tomorrow, already the next day in UTC: the program's day, returned."""
    day = TODAY() + timedelta(days=1)
    at(chicago(day, 19))
    assert timezone.now().astimezone(UTC).date() == day + timedelta(days=1)
    return day


def test_the_five_year_window_is_the_programs_days_and_1820_hours_exactly_are_enough(
    world, browser, at
):
    """A job that began before the window counts from its first day; 52 weeks of it at 35 hours
    is 1,820 hours exactly: enough at 23:59 on the day, five short at 00:01 the next day; and
    1,819.5 hours are not enough."""
    day = evening(at)
    first = add_years(day, -5)  # the window's first day: five years before the program's day
    job = steps.job(add_years(first, -1), first + timedelta(days=363), 35, "Lakeside Library")
    summary = f"between {short(first)} and {short(day)}"

    noor = applicant(browser, "Noor Aziz")
    # A job "ending" on UTC's today is still in the future in Chicago.
    page = steps.application_fill(browser, [])

    def add(page, fields, status=200):
        form = page.form("Add this job")
        for label, value in fields.items():
            form.set(label, value)
        return browser.submit(form, status=status)

    page = add(page, steps.job(first, day + timedelta(days=1), 40, "Hilltop Library"), 400)
    page.says("The end date is in the future: leave it empty if you still work there.")
    page = add(page, job)
    noor_application = page.url
    page.says(f"1,820 of the 1,820 hours needed {summary}", "You have enough library experience.")
    # Ola has the same job; she opens the check page at 23:59 and submits at 00:01.
    ola = applicant(browser, "Ola Berg")
    ola_application = steps.application_fill(browser, [job]).url
    at(chicago(day, 23, 59))
    browser.sign_in(ola.email, ola.password)
    check = browser.open(browser.open(ola_application).link("Check your answers and submit"))
    held = check.form("Submit my application")
    browser.sign_in(noor.email, noor.password)
    steps.application_submit(browser, browser.open(noor_application))

    # One minute past midnight the window has moved a day: her job is 5 hours short.
    at(chicago(day + timedelta(days=1), 0, 1))
    browser.sign_in(ola.email, ola.password)
    page = browser.submit(held, status=None)
    later = f"between {short(first + timedelta(days=1))} and {short(day + timedelta(days=1))}"
    page.says(f"1,815 of the 1,820 hours needed {later}", "5 more hours are needed.")
    page = browser.open(browser.open(ola_application).link("Check your answers and submit"))
    page.says("Before you can submit", f"You have 1,815 of the 1,820 hours needed {later}")
    assert "Submit my application" not in forms_summary(page)

    # 1,819.5 hours inside the window are not 1,820: never rounded up to enough.
    applicant(browser, "Pia Lund")
    inside = steps.job(first + timedelta(days=30), day - timedelta(days=30), 0, "Pine Library")
    inside.update(
        {"new-hours_mode": "total", "new-hours_per_week": "", "new-total_hours": "1819.5"}
    )
    page = steps.application_fill(browser, [inside])
    page.says("1,819 of the 1,820 hours needed", "1 more hour is needed.")

    # Staff decide on the window the first applicant submitted under: 1,820 hours.
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(browser.open("/staff/applications/").link("Noor Aziz"))
    page.says(f"1,820 of the 1,820 hours needed {summary}")


def test_appeal_notice_and_grounds_close_at_the_programs_midnight(world, browser, at):
    """Rejected at 19:00 (the next day in UTC): notice by the 10th day, grounds by the 30th,
    counted from the day it was in Chicago; 23:59 on the last day counts, 00:01 is too late."""
    day = evening(at)
    people = [applicant(browser, name) for name in ("Ann Voss", "Ben Cole", "Cy Ward")]
    for person in people:
        browser.sign_in(person.email, person.password)
        page = steps.application_fill(
            browser, [steps.job(add_years(day, -2), None, 20, "Corner Bookshop")]
        )
        steps.application_submit(browser, page)
        steps.staff_decide(browser, person, "Reject", "A bookshop is not a library.")
    notice_by, grounds_by = day + timedelta(days=10), day + timedelta(days=30)

    decisions = {}

    def decision(person) -> str:
        browser.sign_in(person.email, person.password)
        if person not in decisions:
            link = browser.open("/account/").link(re.compile("^Read the decision and appeal"))
            decisions[person] = link
        return decisions[person]

    def notice_form(person):
        page = browser.open(browser.open(decision(person)).link("Give notice of appeal"))
        return page.form(re.compile("appeal", re.I))

    def give_notice(person):
        return browser.submit(notice_form(person), status=None)

    ann, ben, cy = people
    browser.sign_in(ann.email, ann.password)
    browser.open(decision(ann)).says(f"give notice of appeal by {long(notice_by)}")
    give_notice(cy).says(f"Grounds of your appeal Due by {long(grounds_by)}.")

    at(chicago(notice_by, 23, 59))  # 05:59 UTC the next day
    held = notice_form(ben)  # Ben opens the form on the last day, and sends it past midnight
    give_notice(ann).says("Your notice of appeal is recorded. Now give the grounds.")
    at(chicago(notice_by + timedelta(days=1), 0, 1))
    browser.sign_in(ben.email, ben.password)
    page = browser.submit(held, status=None)
    page.says(f"The time to appeal ended on {long(notice_by)}", "(10 days after the decision)")
    browser.open("/account/").says(f"The time to appeal ended on {long(notice_by)}.")

    def grounds_form(person):
        form = browser.open(decision(person)).form("Submit the grounds")
        form.set(form.form.xpath(".//textarea")[0].get("name"), "The shop has a lending library.")
        return form

    at(chicago(grounds_by, 23, 59))
    held = grounds_form(cy)
    browser.submit(grounds_form(ann)).says("Your grounds are submitted.")
    at(chicago(grounds_by + timedelta(days=1), 0, 1))
    browser.sign_in(cy.email, cy.password)
    page = browser.submit(held, status=None)
    page.says(f"The grounds had to be submitted by {long(grounds_by)}: the time to give them")
    assert "Submit the grounds" not in forms_summary(browser.open(decision(cy)))


def test_the_deadline_day_still_counts_in_chicago_and_the_next_is_closed_until_extended(
    world, browser, at
):
    """Accepted at 19:00 (the next day in UTC): the deadline is four years from the day it was
    in Chicago. At 23:59 that day a route is still chosen; at 00:01 the next day the form from
    the open tab is refused in words, until staff extend the deadline."""
    day = evening(at)
    eve = applicant(browser, "Eve Moss")
    page = steps.application_fill(
        browser, [steps.job(add_years(day, -2), None, 20, "Harbor Library")]
    )
    steps.application_submit(browser, page)
    steps.staff_decide(browser, eve, "Accept").says("You accepted the application.")
    deadline = add_years(day, 4)
    (welcome,) = [m.body for m in mail.outbox if m.to == [eve.email] and "accepted" in m.subject]
    assert f"you have until {long(deadline)} to complete the program" in welcome
    browser.sign_in(eve.email, eve.password)
    browser.open("/account/").says(f"Finish the program by {long(deadline)}")

    at(chicago(deadline, 23, 59))
    browser.sign_in(eve.email, eve.password)
    page = browser.open("/plan/")
    page = browser.submit(page.form("Save my choice for Technology").check("Approved course"))
    page.says("Technology")
    held = page.form("Save my choice for Communication and Teamwork").check("Portfolio")

    at(chicago(deadline + timedelta(days=1), 0, 1))
    browser.sign_in(eve.email, eve.password)
    closed = f"Your deadline to finish was {long(deadline)}. Ask program staff for an extension."
    page = browser.submit(held, status=None)
    page.says(closed)
    browser.open("/plan/").says(closed)

    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(browser.open("/staff/applications/?status=accepted").link(eve.name))
    later = deadline + timedelta(days=30)
    form = page.form("Extend the deadline").set("New deadline", str(later))
    browser.submit(form.set("reason", "A long illness.")).says("The deadline is extended.")
    browser.sign_in(eve.email, eve.password)
    page = browser.open("/plan/")
    assert closed not in page.text
    browser.submit(page.form("Save my choice for Communication and Teamwork").check("Portfolio"))
