"""Acceptance: the ways to show a set, and a class paid by a scholarship, through the pages.

Each reviewer reaches her own verdict from her ratings (Met when at least 70 % of the set's
competencies are Met and none is Not met), and the two verdicts combine: Met and Partially met
pass the set; Met and Not met ask the candidate for more evidence, once. A graduate of a
recognized college program claims it and staff confirm the claim: every set the program covers
is complete. The SSD Continuing Education Scholarship pays a class toward certification: the
committee awards it and SSD records paying the class provider; the candidate and the fund's
money say so.
"""

import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from certify.applications.api import add_years
from tests import files
from tests.acceptance import steps
from tests.acceptance.conftest import PASSWORD, REVIEWERS, SPONSOR, STAFF
from tests.acceptance.test_edge_stories import TODAY, applicant
from tests.acceptance.test_scholarship_stories import CE, ssd_member

CT = "Communication and Teamwork"  # nine competencies: 7 Met are 78 %, 6 Met are 67 %


def enrolled(browser, name: str, email: str) -> steps.Person:
    """Registered, accepted and paid up (staff record her check); signed in as her again."""
    person = applicant(browser, name, email)
    page = steps.application_fill(
        browser, [steps.job(add_years(TODAY(), -2), None, 20, "Lakeview Library")]
    )
    steps.application_submit(browser, page)
    steps.staff_decide(browser, person, "Accept").says("You accepted the application.")
    page = browser.open("/payments/staff/invoices/")
    form = browser.open(page.link(re.compile("LSSCP-"), within=person.name)).form("Record payment")
    form.set("How it was paid", "Check").set("Amount", "350").set("Reference", "Check 31")
    browser.submit(form.set("Received on", str(TODAY()))).says("Payment of $350.00 recorded")
    browser.sign_in(person.email, person.password)
    return person


def portfolio_in(browser, person: steps.Person, set_name: str) -> None:
    browser.sign_in(person.email, person.password)
    page = browser.open("/plan/")
    browser.submit(page.form(f"Save my choice for {set_name}").check("Portfolio"))
    steps.portfolio_fill(browser, set_name)
    steps.portfolio_submit(browser, set_name)


def rate(browser, reviewer: str, set_name: str, ratings: list[str]):
    """A reviewer rates the set's competencies one by one, as listed, and submits her review."""
    browser.sign_in(reviewer, PASSWORD)
    page = browser.open(browser.open("/review/").link(set_name))
    actions = [f.get("action") for f in page.tree.forms if "/ratings/" in (f.get("action") or "")]
    for action, rating in zip(actions, ratings, strict=True):
        form = page.form("Save", action=action).check(rating)
        if rating != "Met":
            form.set("comment", "Give an example from your own desk.")
        page = browser.submit(form)
    return browser.submit(page.form("Submit my review").set("comment", "Well organized."))


def test_met_and_partially_met_pass_the_set_though_one_reviewer_found_67_percent_met(
    world, browser
):
    ines = enrolled(browser, "Ines Carter", "ines.carter@example.org")
    portfolio_in(browser, ines, CT)
    rate(browser, REVIEWERS[0], CT, ["Met"] * 9).says(
        "Your review is recorded: your verdict is Met.",
        "The set's result is decided when the other reviewer has finished too.",
    )
    # Six of nine Met (67 %, under 70 %) and none Not met: her verdict is Partially met.
    page = rate(browser, REVIEWERS[1], CT, ["Met"] * 6 + ["Partially met"] * 3)
    page.says(
        "Your review is recorded: your verdict is Partially met.",
        "Both reviews are in; the set's result: Met: the set is complete.",
    )
    browser.sign_in(ines.email, ines.password)
    browser.open("/plan/").says(
        "1 of 6 competency sets complete.", f"{CT} Complete Completed", "by portfolio"
    )


def test_seven_of_nine_met_is_met_but_one_not_met_asks_for_more_evidence_once(world, browser):
    jon = enrolled(browser, "Jon Pike", "jon.pike@example.org")
    portfolio_in(browser, jon, CT)
    # Seven of nine Met (78 %) and two Partially met: Met. Eight Met and one Not met: Not met.
    rate(browser, REVIEWERS[0], CT, ["Met"] * 7 + ["Partially met"] * 2).says(
        "your verdict is Met."
    )
    rate(browser, REVIEWERS[1], CT, ["Met"] * 8 + ["Not met"]).says(
        "your verdict is Not met.", "Both reviews are in"
    )
    browser.sign_in(jon.email, jon.password)
    page = browser.open("/plan/")
    assert f"{CT} Complete" not in page.text
    page = browser.open(page.link("Open the portfolio", within=CT))
    page.says(
        "Your reviewers ask for more evidence.",
        "this is your last portfolio attempt for this set",
    )
    browser.open(page.link(re.compile("^CT-09"))).says("Give an example from your own desk.")
    # He adds it and resubmits; both reviewers now find every competency Met.
    steps.portfolio_fill(browser, CT, "Here is a handover note I wrote for my team")
    steps.portfolio_submit(browser, CT)
    for reviewer in REVIEWERS:
        rate(browser, reviewer, CT, ["Met"] * 9)
    browser.sign_in(jon.email, jon.password)
    browser.open("/plan/").says(f"{CT} Complete Completed", "by portfolio: Portfolio, version 2")


def test_staff_confirm_a_recognized_program_claim_and_every_set_it_covers_is_complete(
    world, browser
):
    gail = enrolled(browser, "Gail Ross", "gail.ross@example.org")
    fls = "Foundations of Library Services"
    page = browser.open("/plan/")
    page = browser.submit(
        page.form(f"Save my choice for {fls}").check("Recognized college program")
    )
    page = browser.open(page.link("Claim your recognized program", within=fls))
    form = page.form("Send my claim").set("Your program", "Library Technical Assistant, AAS")
    form.set("Graduation date", str(TODAY() - timedelta(days=100)))
    proof = SimpleUploadedFile("diploma.pdf", files.pdf(), "application/pdf")
    page = browser.submit(form.attach("Proof of graduation", proof))
    page.says("Your claim is recorded. Program staff will check the proof.", "waiting for staff")
    browser.open("/plan/").says("0 of 6 competency sets complete.")

    # Staff check the proof against the agreement and confirm the claim.
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(browser.open("/staff/programmes/").link("Program claims"))
    page.says("Waiting for staff: 1", gail.name, "Lakeshore Technical College", "diploma.pdf")
    browser.submit(page.form("Confirm", within=gail.name))

    # The agreement covers the three core sets: each is complete, by the recognized program.
    browser.sign_in(gail.email, gail.password)
    page = browser.open("/plan/")
    page.says("3 of 6 competency sets complete.")
    for set_name in (fls, CT, "Technology"):
        page.says(f"{set_name} Complete Completed")


def test_the_continuing_education_scholarship_pays_a_class_to_its_provider(world, browser):
    gia = ssd_member(browser, "Gia Hale", "SSD-801")
    page = browser.open(browser.open("/scholarships/").link(f"Apply to the {CE}"))
    page.says("Pays towardthe enrollment fee or a class toward certification")
    form = page.form("Send my application").check("A class toward certification")
    form.set("Your statement", "A class in cataloging would help me at the desk.")
    form.set("The class (if the award is for a class)", "Cataloging basics, Lakeland CC")
    browser.submit(form).says(f"Your application to the {CE} is sent.")
    page = steps.scholarship_decide(browser, "ssd-continuing-education", gia, "Award")
    page.says(
        f"$250.00 awarded to {gia.name}.",
        "$1,000.00$250.00$0.00$750.00",
        "A class toward certification",
    )
    assert not browser.open("/payments/").links(re.compile("LSSCP-"))  # no invoice credit

    # The award is paid once she has enrolled: before, SSD reads when, and has no form.
    browser.sign_in(SPONSOR, PASSWORD)
    fund = "/scholarships/sponsor/funds/ssd-continuing-education/"
    page = browser.open(browser.open(fund).link(gia.name))
    page.says(f"Payable once {gia.name} has enrolled in LSSCP")
    assert "Record the payment" not in page.text
    browser.sign_in(gia.email, gia.password)
    page = steps.application_fill(
        browser, [steps.job(add_years(TODAY(), -2), None, 20, "Lakeview Library")]
    )
    steps.application_submit(browser, page)
    steps.staff_decide(browser, gia, "Accept").says("You accepted the application.")

    # SSD pays Lakeland CC for her class and records it on her application.
    browser.sign_in(SPONSOR, PASSWORD)
    page = browser.open(browser.open(fund).link(gia.name))
    page.says("Payable since")
    form = page.form("Record the payment").check("The class provider")
    form.set("Name of the payee", "Lakeland Community College")
    form.set("Check number or transfer reference", "SSD check 1207")
    page = browser.submit(form.set("Paid on", str(TODAY())))
    page.says("Payment to Lakeland Community College recorded.")
    browser.open(fund).says("$1,000.00$0.00$250.00$750.00", "paid to Lakeland Community College")

    browser.sign_in(gia.email, gia.password)
    page = browser.open(browser.open("/scholarships/").link(re.compile("."), within=f"{CE} Dec"))
    page.says(
        "Class: Cataloging basics, Lakeland CC",
        "Paid to Lakeland Community College (the class provider) on",
        "reference SSD check 1207",
    )


def test_exactly_three_electives_and_a_started_one_stays_in_the_plan(world, browser):
    kay = enrolled(browser, "Kay Olsen", "kay.olsen@example.org")
    access, youth, cataloging, reference = (
        "Access Services",
        "Youth Services",
        "Cataloging and Classification",
        "Reference and Information Services",
    )

    def choose(*names: str, status: int = 200):
        """Tick exactly `names` in the electives form (unticking what the page had ticked)."""
        form = browser.open("/plan/").form("Save my electives")
        for box in form.form.xpath(".//input[@type='checkbox']"):
            box.checked = False
        for name in names:
            form.check(name)
        return browser.submit(form, status=status)

    choose(access, youth, status=400).says("Choose exactly 3 electives (you chose 2).")
    choose(access, youth, cataloging, reference, status=400).says(
        "Choose exactly 3 electives (you chose 4)."
    )
    choose(access, youth, cataloging).says("Your electives are saved.")

    # She starts Youth Services by portfolio; swapping it for Reference is refused in words,
    # while swapping Access Services (not started) for Reference is saved.
    page = browser.open("/plan/")
    browser.submit(page.form(f"Save my choice for {youth}").check("Portfolio"))
    steps.portfolio_fill(browser, youth)
    choose(access, cataloging, reference, status=400).says(
        f"You have already started or completed {youth}; it stays in your plan."
    )
    choose(youth, cataloging, reference).says("Your electives are saved.")
    plan = browser.open("/plan/")
    buttons = [" ".join(b.text_content().split()) for b in plan.tree.iter("button")]
    for chosen in (youth, cataloging, reference):
        assert f"Save my choice for {chosen}" in buttons, buttons
    assert f"Save my choice for {access}" not in buttons
    assert kay.email
