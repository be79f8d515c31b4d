"""Acceptance: SSD's scholarships as the people in them meet them, through the pages.

The donor fund (USD 1,000, five awards of USD 200) awards until it is empty and then refuses in
words, also from a decision page opened before the last award; an association member who is
not an SSD member is told why she cannot apply; a fund that awards by random draw draws among
the eligible applicants only, and tells the others why.
"""

import re
from datetime import timedelta

from django.utils import timezone

from tests.acceptance import steps
from tests.acceptance.browser import forms_summary
from tests.acceptance.conftest import PASSWORD, SPONSOR, STAFF

ENROLLMENT = "SSD LSSCP Enrollment Scholarship"
CE = "SSD Continuing Education Scholarship"
SSD = "OLA Support Staff Division (SSD)"
NAMED = r"Application \d+: ([A-Z][a-z]+ [A-Z][a-z]+)"  # the page runs a list's items together


def ssd_member(browser, name: str, number: str) -> steps.Person:
    """Register, record SSD membership; the SSD committee confirms it; signed in again."""
    person = steps.Person(name, f"{name.lower().replace(' ', '.')}@example.org")
    browser.client.logout()
    steps.register(browser, person)
    steps.membership_add(browser, "SSD", SSD, number)
    steps.membership_confirm(browser, SPONSOR, person, "SSD")
    browser.sign_in(person.email, person.password)
    return person


def test_the_donor_fund_makes_five_awards_of_200_and_refuses_a_sixth_in_words(world, browser):
    people = [
        ssd_member(browser, name, f"SSD-70{n}")
        for n, name in enumerate(
            ["Ada Brooks", "Ben Cole", "Cara Diaz", "Dev Iyer", "Eve Fox", "Finn Grant"], 1
        )
    ]
    for person in people:
        browser.sign_in(person.email, person.password)
        steps.scholarship_apply(browser, ENROLLMENT, "The fee is a stretch on my wage.").says(
            f"Your application to the {ENROLLMENT} is sent."
        )
    for person in people[:4]:
        page = steps.scholarship_decide(browser, "ssd-lsscp-enrollment", person, "Award")
        page.says_once(f"$200.00 awarded to {person.name}.")  # the message, once
    # One award is left: the sponsor opens the fifth and the sixth applications in two tabs.
    fifth, sixth = people[4], people[5]
    fund = browser.open("/scholarships/sponsor/funds/ssd-lsscp-enrollment/")
    fund.says("Awards left1 of 5", "Waiting for a decision (2)")
    tab = browser.open(fund.link("decide", within=sixth.name))
    tab.says("$200.00 left of $1,000.00; 1 award of $200.00 can still be made.")
    stale = tab.form("Record the decision").check("Award").set("reason", "A clear need.")
    page = browser.open(fund.link("decide", within=fifth.name))
    page = browser.submit(page.form("Record the decision").check("Award").set("reason", "Need."))
    page.says(
        f"$200.00 awarded to {fifth.name}.",
        "$1,000.00$1,000.00$0.00$0.005 of 5",
        "Awards left0 of 5",
    )

    # The sixth, from the tab opened before: refused in words, nothing more is awarded.
    empty = (
        f"The {ENROLLMENT} has made all 5 of its awards ($1,000.00 of its $1,000.00 budget is "
        "committed or paid): nothing is left to award."
    )
    page = browser.submit(stale, status=400)
    page.says(empty, "$0.00 left of $1,000.00; 0 awards of $200.00 can still be made.")
    browser.open(fund.url).says("Awarded (5)", "Waiting for a decision (1)")
    form = page.form("Record the decision").check("Do not award")
    page = browser.submit(form.set("reason", "The donor's five awards are all made."))
    page.says(f"{sixth.name}'s application is not awarded.", "Not awarded (1)")
    browser.sign_in(sixth.email, sixth.password)
    page = browser.open("/scholarships/")
    page.says(
        f"{ENROLLMENT} Offered by OLA Support Staff Division You applied on ", ": not awarded."
    )
    page = browser.open(page.link(re.compile("."), within=ENROLLMENT + " Dec"))
    page.says("Decision Not awarded on ", ": The donor's five awards are all made.")


def test_an_ala_member_who_is_not_an_ssd_member_is_told_why_she_cannot_apply(world, browser):
    noor = steps.Person("Noor Aziz", "noor.aziz@example.org")
    steps.register(browser, noor)
    steps.membership_add(browser, "ALA", "American Library Association (ALA)", "ALA-3301")
    steps.membership_confirm(browser, STAFF, noor, "ALA")
    browser.sign_in(noor.email, noor.password)
    why = "Only SSD members can apply; joining SSD is free. Record your SSD membership; once it "
    page = browser.open("/scholarships/")
    page.says(
        "There is no scholarship you can apply to at the moment.",
        f"{ENROLLMENT} Offered by OLA Support Staff Division You cannot apply: {why}",
    )
    page = browser.open("/scholarships/funds/ssd-lsscp-enrollment/apply/")
    page.says(f"You cannot apply at the moment: {why}")
    assert "Send my application" not in forms_summary(page)


def test_a_random_draw_draws_among_the_eligible_applicants_only(world, browser, at):
    # SSD's administrator makes the CE fund a random draw, applications closing today.
    browser.sign_in(SPONSOR, PASSWORD)
    page = browser.open("/scholarships/sponsor/funds/ssd-continuing-education/edit/")
    form = page.form("Save the fund").check("Random draw among eligible applicants")
    page = browser.submit(form.set("Applications close on (optional)", str(timezone.localdate())))
    page.says(f"The {CE} is saved.")
    people = [
        ssd_member(browser, name, f"SSD-80{n}")
        for n, name in enumerate(["Gia Hale", "Hal Ito", "Ivy Jones"], 1)
    ]
    for person in people:
        browser.sign_in(person.email, person.password)
        page = browser.open(browser.open("/scholarships/").link(f"Apply to the {CE}"))
        form = page.form("Send my application").check("A class toward certification")
        form.set("Your statement", "A class in cataloging would help me at the desk.")
        form.set("The class (if the award is for a class)", "Cataloging basics, Lakeland CC")
        browser.submit(form).says(f"Your application to the {CE} is sent.")
    # Ivy also applied to the enrollment fund, and the committee awards her there first.
    ivy = people[2]
    browser.sign_in(ivy.email, ivy.password)
    steps.scholarship_apply(browser, ENROLLMENT, "The fee is a stretch.")
    steps.scholarship_decide(browser, "ssd-lsscp-enrollment", ivy, "Award")

    # The day after applications closed, the administrator draws two awards.
    at(timezone.now() + timedelta(days=1))
    browser.sign_in(SPONSOR, PASSWORD)
    page = browser.open("/scholarships/sponsor/funds/ssd-continuing-education/")
    page = browser.submit(page.form("Continue to the draw").set("Awards to draw", "1"))
    page.says(
        "3 applications are waiting for a decision, and 2 of them meet the fund's rules today",
        "The other 1 is left out and told why.",
        "1 award of $250.00 will be drawn at random among them",
    )
    page = browser.submit(page.form("Yes, draw 1 award"))
    page.says(
        "Draw 1 is done: 1 award among 2 eligible applicants. Everyone has been told.",
        "Checked: repeating the draw with this seed on this list gives the same result.",
        f"Left out of the draw Application {ivy_application(page)}: Ivy Jones: Ivy Jones "
        "received a scholarship award from SSD on",
    )
    drawn_from = re.search(r"The list drawn from, in this order (.*?) Left out", page.text).group(1)
    assert re.findall(NAMED, drawn_from) == ["Gia Hale", "Hal Ito"]
    winner = re.search("Drawn, in the order drawn " + NAMED, page.text).group(1)
    assert winner in ("Gia Hale", "Hal Ito")

    # Each applicant reads the outcome: the winner her award, the other not drawn, Ivy why not.
    for person in people:
        browser.sign_in(person.email, person.password)
        page = browser.open("/scholarships/")
        page = browser.open(page.link(re.compile("."), within=f"{CE} Dec"))
        if person.name == winner:
            page.says("Awarded")
        elif person is ivy:
            page.says(
                "Not in the draw on",
                "(draw 1): You received an SSD scholarship award on ",
                "; SSD gives one award per person in any 18 months, so you were not in this draw.",
            )
            assert "Ivy Jones received" not in page.text
        else:
            page.says("Not drawn in the random draw on", "1 award among 2 eligible applicants.")


def ivy_application(page) -> str:
    return re.search(r"Application (\d+): Ivy Jones", page.text).group(1)
