"""Acceptance: a candidate's whole journey through the pages only, from registration to renewal.

Maria registers and confirms her e-mail, records her ALA and SSD memberships (staff and the SSD
committee confirm them), applies with a job that straddles the five-year window and sees the
hours that count, submits; staff accept her; the SSD committee awards her a scholarship, which
is a credit on her enrollment invoice at the member price, and staff record her institution's
payment for the rest. She chooses three electives; the provider reports her course completion
for one set; the other five go by portfolio, two reviewers each, one set asked for more
evidence and passed on resubmission. Her certificate is issued, its verification page says
valid and its Open Badges credential verifies. Years later she renews it in the window with
32 hours of continuing education (4 on technology); a second holder without them lapses.
"""

import re
from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.utils import timezone

from certify.applications.api import add_years
from certify.programs.models import Program
from tests.acceptance import steps
from tests.acceptance.browser import forms_summary
from tests.acceptance.conftest import PASSWORD, PROVIDER, REVIEWERS, SPONSOR, STAFF

COURSE_SET = "Technology"
COURSE = "Library Technology Essentials"
ELECTIVES = [
    "Cataloging and Classification",
    "Collection Management",
    "Reference and Information Services",
]
PORTFOLIO_SETS = ["Foundations of Library Services", "Communication and Teamwork", *ELECTIVES]
RESUBMITTED = "Cataloging and Classification"
MARIA = steps.Person("Maria Alvarez", "maria.alvarez@example.org")


def test_a_candidate_goes_from_registration_to_renewal_on_the_pages(world, browser, at):
    # Register, confirm the e-mail address, record SSD membership; the SSD committee confirms.
    steps.register(browser, MARIA)
    steps.membership_add(browser, "SSD", "OLA Support Staff Division (SSD)", "SSD-4711")
    steps.membership_confirm(browser, SPONSOR, MARIA, "SSD")

    # Apply: a job from six to three years ago counts only for its part inside the window.
    browser.sign_in(MARIA.email, MARIA.password)
    today = timezone.localdate()
    start, end = add_years(today, -6), add_years(today, -3)
    page = steps.application_fill(
        browser, [steps.job(start, end, 20, "Riverside Public Library")], ala="ALA-2210456"
    )
    window_start = add_years(today, -5)
    inside = (end - window_start).days + 1
    page.says(
        f"{inside * 20 // 7:,} of the 1,820 hours needed",
        "A job that started earlier counts for the part inside these dates.",
        "You have enough library experience.",
    )
    steps.application_submit(browser, page)
    steps.scholarship_apply(
        browser, "SSD LSSCP Enrollment Scholarship", "The fee is a stretch on my wage."
    ).says("Your application to the SSD LSSCP Enrollment Scholarship is sent.")

    # Staff see the invoice waits on her ALA membership, confirm it and accept her.
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(browser.open("/staff/applications/").link(MARIA.name))
    page.says("The enrollment invoice waits on a membership confirmation.")
    steps.membership_confirm(browser, STAFF, MARIA, "ALA")
    steps.staff_decide(browser, MARIA, "Accept").says("You accepted the application.")
    steps.scholarship_decide(browser, "ssd-lsscp-enrollment", MARIA, "Award").says(
        f"$200.00 awarded to {MARIA.name}."
    )

    # Her invoice: the member price, less the award; she asks her library to pay the rest.
    browser.sign_in(MARIA.email, MARIA.password)
    page = browser.open(browser.open("/account/").link("Pay the invoice"))
    page.says(
        "LSSCP enrollment fee$350.00",
        "ALA member price (member no. ALA-2210456",
        "SSD LSSCP Enrollment Scholarship: scholarship award-$200.00",
        "Total$125.00",
        "Pay by purchase order or institutional invoice",
    )
    invoice = page.url

    # Staff record the library's payment against the invoice.
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(
        browser.open("/payments/staff/invoices/").link(re.compile("LSSCP-"), within=MARIA.name)
    )
    assert page.url == invoice
    form = page.form("Record payment").set("How it was paid", "Institutional invoice")
    form.set("Amount", "125").set("Reference", "Riverside PL voucher 88")
    page = browser.submit(form.set("Received on", str(today)))
    page.says("Payment of $125.00 recorded")

    # Her plan: three electives and a route for each of the six sets.
    browser.sign_in(MARIA.email, MARIA.password)
    page = browser.open(browser.open("/account/").link("Choose electives"))
    form = page.form("Save my electives")
    for elective in ELECTIVES:
        form.check(elective)
    page = browser.submit(form)
    page.says("Your electives are saved.")
    for set_name in [COURSE_SET, *PORTFOLIO_SETS]:
        route = "Approved course" if set_name == COURSE_SET else "Portfolio"
        page = browser.submit(page.form(f"Save my choice for {set_name}").check(route))
    page.says("You will complete Reference and Information Services with a portfolio.")

    # The course route: she names her course, so its provider may report her completion.
    page = browser.open(page.link("Record a course completion"))
    form = page.form("Name this course in my plan")
    form.set("The approved course you are taking", f"{COURSE} (Northside Community College)")
    page = browser.submit(form)
    page.says(f"Your plan names {COURSE}")
    browser.open(page.link("Your plan"))
    for set_name in PORTFOLIO_SETS:
        steps.portfolio_fill(browser, set_name)
        steps.portfolio_submit(browser, set_name)

    # Two reviewers assess each portfolio; both find Cataloging only partly shown.
    for reviewer in REVIEWERS:
        for set_name in PORTFOLIO_SETS:
            if set_name == RESUBMITTED:
                page = steps.review(
                    browser, reviewer, set_name, "Partially met", "Show a record you made."
                )
            else:
                page = steps.review(browser, reviewer, set_name, "Met")

    # She reads why, adds what was asked and resubmits; both reviewers now find it Met.
    browser.sign_in(MARIA.email, MARIA.password)
    page = browser.open(browser.open("/plan/").link("Open the portfolio", within=RESUBMITTED))
    page.says(
        "Your reviewers ask for more evidence.",
        "this is your last portfolio attempt for this set",
    )
    page = browser.open(page.link(re.compile("^CAT-01")))
    page.says("Show a record you made.")
    steps.portfolio_fill(browser, RESUBMITTED, "Here is an original record I made")
    steps.portfolio_submit(browser, RESUBMITTED)
    for reviewer in REVIEWERS:
        steps.review(browser, reviewer, RESUBMITTED, "Met")

    # The provider reports her course completion; it counts at once (her plan names it).
    page = steps.completions_report(browser, PROVIDER, COURSE, MARIA, today - timedelta(days=3))
    page.says("Will be recorded1", "Recorded and confirmed")
    page = browser.submit(page.form("Import 1 completion"))

    # Every set is complete: her certificate is issued, with its PDF, credential and page.
    browser.sign_in(MARIA.email, MARIA.password)
    page = browser.open("/account/")
    page.says("You have completed 10 of 11 tasks.", "Technology Approved course: complete.")
    page = browser.open(page.link(re.compile(r"^See certificate LSSCP-\S+ and share it")))
    number = re.search(r"Certificate (LSSCP-\d{4}-\w+), issued", page.text).group(1)
    page.says(f"Certificate {number}, issued {today:%B} {today.day}, {today.year}")
    pdf = browser.client.get(page.link(f"Download the certificate {number} (PDF)"))
    assert pdf["Content-Type"] == "application/pdf"
    credential = browser.client.get(
        page.link(re.compile("^Download the digital credential"))
    ).content
    verification = f"/verify/{number}/"
    assert verification in page.links(re.compile(""))

    # An employer, signed in as nobody, follows the link and checks the credential file.
    browser.client.logout()
    page = browser.open(verification)
    page.says(MARIA.name, number, "Valid. This certificate was issued by ALA-APA")
    page = browser.open("/verify/credential/")
    page = browser.submit(page.form("Check the credential").set("text", credential.decode()))
    page.says(
        "The credential is genuine and valid",
        "Signature: passed",
        "Status (revocation): passed",
        f"Holder{MARIA.name}",
    )

    # Four and a half years on, the renewal window is open. (This program draws no renewals
    # for an evidence check: a setting staff change on its settings page.)
    Program.objects.filter(pk=world.pk).update(renewal_audit_percent=0)
    at(timezone.now() + timedelta(days=4 * 365 + 200))
    browser.sign_in(MARIA.email, MARIA.password)
    page = browser.open("/renewal/")
    page.says("Valid; renewal open", "0 of 32 hours, 0 of 4 on Technology")
    done = timezone.localdate() - timedelta(days=100)
    steps.activity_log(browser, "Cataloging with RDA", done, "Semester credits", "1", RESUBMITTED)
    steps.activity_log(browser, "Reference course", done, "Quarter credits", "1", ELECTIVES[2])
    page = steps.activity_log(browser, "Weeding workshop", done, "Contact hours", "3", ELECTIVES[1])
    page.says(
        "28 of 32 hours, 0 of 4 on Technology",
        "Still needed: 4 more hours and 4 more on Technology.",
    )
    page = browser.submit(page.form("Apply to renew"))
    assert page.messages.startswith("Not yet: 28 of 32 hours, 0 of 4 on Technology."), page.messages
    page = steps.activity_log(
        browser, "Library technology webinars", done, "Contact hours", "4", "Technology"
    )
    page.says("32 of 32 hours, 4 of 4 on Technology")
    page = browser.submit(page.form("Apply to renew"))
    page.says("Renewal applied for. Pay invoice", "LSSCP certificate renewal fee$150.00")
    renewal_invoice = page.url

    # Staff record the fee; the renewal is approved and a new certificate issued.
    browser.sign_in(STAFF, PASSWORD)
    form = browser.open(renewal_invoice).form("Record payment")
    form.set("How it was paid", "Check").set("Amount", "150").set("Reference", "Check 2044")
    page = browser.submit(form.set("Received on", str(timezone.localdate())))
    page.says("Payment of $150.00 recorded")
    browser.sign_in(MARIA.email, MARIA.password)
    page = browser.open("/certificates/")
    renewed = re.search(r"Certificate (LSSCP-\d{4}-\w+), issued", page.text).group(1)
    new_expiry = add_years(add_years(today, 5), 5)
    page.says(
        f"valid until {new_expiry:%B} {new_expiry.day}, {new_expiry.year}", "Replaced by a renewal"
    )
    browser.client.logout()
    browser.open(verification).says(f"Replaced by {renewed}.")

    # She logs nothing more: two months after the renewed certificate expires, it lapses. Noon
    # on the program's day 63 days on (two months are at most 62), not a count of 24-hour days:
    # those would cross daylight saving changes and land on the evening before at 23:00.
    lapse_day = new_expiry + timedelta(days=63)
    at(datetime.combine(lapse_day, time(12), tzinfo=timezone.get_current_timezone()))
    call_command("run_jobs")
    browser.open(f"/verify/{renewed}/").says("Lapsed.", "was not renewed; it is no longer in force")
    browser.sign_in(MARIA.email, MARIA.password)
    page = browser.open("/renewal/")
    page.says(f"Certificate {renewed}: Lapsed", "Your certificate has lapsed")
    assert not page.links("Apply to renew")
    assert "Apply to renew" not in forms_summary(page)
