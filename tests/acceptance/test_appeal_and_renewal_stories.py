"""Acceptance: appeals decided by a second reviewer, and renewal's continuing education, through
the pages as the people in them meet them.

A rejected applicant gives notice of appeal and then the grounds; the staff member who rejected
her cannot review the appeal; another staff member, who did not decide it, sends it back (the
program's rules say "a second committee": in Certify, one more program staff member), and
the application is decided again (and invoiced again: the fee comes with the application);
another appeal is upheld; a new rejection after an appeal sent back is appealed again. The
applicant is told at each step.

A holder in her renewal window mixes a semester credit (15 hours), a conference day (6), a
quarter credit (10) and contact hours: 31.9 hours are refused, and so are 3 hours on technology
however many in all; with 4 she applies and is invoiced the renewal fee, the lower fee.
"""

import re
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from certify.accounts.models import Role
from certify.accounts.services import user_create
from certify.applications.api import add_years
from tests.acceptance import steps
from tests.acceptance.browser import forms_summary
from tests.acceptance.conftest import PASSWORD, STAFF
from tests.acceptance.test_repeats_and_status_stories import renewing_and_lapsed

TODAY = timezone.localdate
SECOND = "appeals@example.org"


def second_staff_member() -> None:
    """Who reviews the appeals: one more program staff member, who did not decide the case (the
    program's rules say "a second committee"), seeded as the demo staff are."""
    user = user_create(
        email=SECOND, full_name="Robin Ames", password=PASSWORD, roles=(Role.PROGRAM_STAFF,)
    )
    EmailAddress.objects.create(user=user, email=SECOND, verified=True, primary=True)


def rejected_applicant(browser, name: str, email: str) -> tuple[steps.Person, str]:
    person = steps.Person(name, email)
    browser.client.logout()
    steps.register(browser, person)
    page = steps.application_fill(
        browser, [steps.job(add_years(TODAY(), -2), None, 20, "Hillside Reading Room")]
    )
    steps.application_submit(browser, page)
    steps.staff_decide(browser, person, "Reject", "The reading room is not a library.").says(
        "You did not accept the application."
    )
    browser.sign_in(person.email, person.password)
    decision = browser.open("/account/").link(re.compile("^Read the decision and appeal"))
    return person, decision


def appeal(browser, person: steps.Person, decision: str, grounds: str) -> None:
    """The applicant gives notice of appeal, then the grounds, reading each step's answer."""
    browser.sign_in(person.email, person.password)
    page = browser.open(browser.open(decision).link("Give notice of appeal"))
    page.says("is looked at again by a staff member who did not make it.")
    page = browser.submit(page.form("Yes, give notice of appeal"))
    page.says("Your notice of appeal is recorded. Now give the grounds.", "Notice of appeal given.")
    page = browser.submit(page.form("Submit the grounds").set("grounds", grounds))
    page.says(
        "Your grounds are submitted. A reviewer will decide.",
        "Grounds submitted, waiting for review.",
    )


def appeal_decide(browser, person: steps.Person, outcome: str, reason: str):
    """The second staff member opens the appeal from the open appeals and records the outcome."""
    browser.sign_in(SECOND, PASSWORD)
    page = browser.open(browser.open("/staff/appeals/").link(person.name))
    form = page.form("Record the outcome").check(outcome).set("reason", reason)
    return browser.submit(form)


def told(person: steps.Person, subject: str) -> str:
    return next(
        m for m in reversed(mail.outbox) if m.to == [person.email] and m.subject == subject
    ).body


def test_the_first_decider_cannot_review_the_appeal_and_a_second_sends_it_back(world, browser):
    second_staff_member()
    june, decision = rejected_applicant(browser, "June Park", "june.park@example.org")
    assert "you may give notice of appeal by" in told(june, "Your application was not accepted")
    appeal(browser, june, decision, "The reading room lends books and is run by the town.")

    # Sam Rivera rejected her: the appeal's page says he cannot review it, and offers no form.
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open("/staff/appeals/")
    page.says("Grounds submitted, waiting for review: 1")
    page = browser.open(page.link(june.name))
    page.says(
        "Against a decision of",
        "by Sam Rivera.",
        "The reading room lends books and is run by the town.",
        "You made the decision under appeal, so another staff member must review it.",
    )
    assert "Record the outcome" not in forms_summary(page)

    # Robin Ames sends it back; June is told why, and her application waits for a new decision.
    reason = "The town runs the reading room as a public library: decide again."
    page = appeal_decide(browser, june, "Send it back for a new decision", reason)
    page.says("The appeal is decided and the appellant was told.", "No open appeals.")
    assert f"sent the decision back to be made again. Their reason: {reason}" in told(
        june, "An update on your appeal"
    )
    browser.sign_in(june.email, june.password)
    browser.open("/account/").says(
        "View your application (Apply to the program) Waiting for review"
    )
    page = browser.open(decision)
    page.says(
        "Your application Submitted, waiting for review",
        f"Submitted, waiting for review. {reason}",
    )
    # Staff decide again: this time she is accepted, told, and her enrollment fee is due.
    steps.staff_decide(browser, june, "Accept").says("You accepted the application.")
    browser.sign_in(june.email, june.password)
    browser.open(decision).says("Your application Accepted")
    # Her application is again one waiting with its fee: a new invoice, and she can pay it.
    page = browser.open(browser.open("/account/").link("Pay the invoice"))
    page.says("LSSCP enrollment fee$350.00", "Total$350.00")


def test_a_second_reviewer_upholds_a_rejection_and_the_applicant_reads_why(world, browser):
    second_staff_member()
    leo, decision = rejected_applicant(browser, "Leo Grant", "leo.grant@example.org")
    appeal(browser, leo, decision, "I worked there for two years, twenty hours a week.")
    reason = "A reading room in a bookshop is not a library, whoever runs it."
    appeal_decide(browser, leo, "Uphold the decision", reason).says(
        "The appeal is decided and the appellant was told."
    )
    assert f"upheld the original decision. Their reason: {reason}" in told(
        leo, "An update on your appeal"
    )
    browser.sign_in(leo.email, leo.password)
    page = browser.open(decision)
    page.says("Appeal Decision upheld. " + reason, "Apply again")
    assert "Give notice of appeal" not in page.text


def test_a_new_rejection_after_an_appeal_sent_back_is_a_new_decision_to_appeal(world, browser):
    second_staff_member()
    kai, decision = rejected_applicant(browser, "Kai Moss", "kai.moss@example.org")
    appeal(browser, kai, decision, "The reading room lends books and is run by the town.")
    appeal_decide(browser, kai, "Send it back for a new decision", "Look at the town's bylaws.")
    steps.staff_decide(browser, kai, "Reject", "The bylaws make it a shop's reading corner.")

    # The e-mail gives a new day to appeal by; the page offers it, and the notice is taken.
    assert "you may give notice of appeal by" in told(kai, "Your application was not accepted")
    browser.sign_in(kai.email, kai.password)
    page = browser.open(decision)
    page.says(
        "The reason program staff gave: The bylaws make it a shop's reading corner.",
        "If you disagree, give notice of appeal by",
    )
    assert "Sent back for a new decision" not in page.text
    appeal(browser, kai, decision, "The bylaws name it the town's library in section 2.")
    browser.sign_in(SECOND, PASSWORD)
    browser.open("/staff/appeals/").says("Grounds submitted, waiting for review: 1", kai.name)


def test_renewal_needs_32_hours_with_4_on_technology_counted_across_units(world, browser):
    """Rosa Delgado (the demo's holder in her renewal window) has a conference day (6 hours),
    a semester credit (15) and 2 contact hours on technology logged: 23 hours."""
    certificate, _lapsed = renewing_and_lapsed(world)
    holder = certificate.holder
    browser.sign_in(holder.email, PASSWORD)
    page = browser.open("/renewal/")
    page.says("Valid; renewal open", "23 of 32 hours, 2 of 4 on Technology")
    done = TODAY() - timedelta(days=30)
    steps.activity_log(browser, "Library systems webinar", done, "Contact hours", "2", "Technology")
    page = steps.activity_log(
        browser,
        "Reference interview workshop",
        done,
        "Contact hours",
        "6.9",
        "Reference and Information Services",
    )
    # The page counts whole hours: 31.9 reads 31, and the missing 0.1 reads as 1 more.
    page.says("31 of 32 hours, 4 of 4 on Technology", "Still needed: 1 more hour.")
    page = browser.submit(page.form("Apply to renew"))
    assert page.messages.startswith("Not yet: 31 of 32 hours, 4 of 4 on Technology."), page.messages

    # A quarter credit (10 hours) makes the hours; then she corrects the systems webinar, which
    # was 1 hour, not 2: 3 hours on technology are refused, however many hours in all.
    page = steps.activity_log(
        browser,
        "Readers' advisory course",
        done,
        "Quarter credits",
        "1",
        "Adult Readers' Advisory Services",
    )
    page.says(
        "32 of 32 hours (you have 41), 4 of 4 on Technology",
        "You have met the continuing-education requirement: apply to renew. The renewal fee is "
        "$150.00.",
    )
    page = browser.open(page.link("Edit Library systems webinar"))
    page = browser.submit(page.form("Save").set("Amount", "1"))
    page.says("Activity saved.", "32 of 32 hours (you have 40), 3 of 4 on Technology")
    page = browser.submit(page.form("Apply to renew"))
    assert page.messages.startswith(
        "Not yet: 32 of 32 hours (you have 40), 3 of 4 on Technology. Still needed: 1 more on "
        "Technology."
    ), page.messages
    page = steps.activity_log(
        browser, "Catalog software training", done, "Contact hours", "1", "Technology"
    )
    page.says("32 of 32 hours (you have 41), 4 of 4 on Technology")
    page = browser.submit(page.form("Apply to renew"))
    page.says("Renewal applied for. Pay invoice", "LSSCP certificate renewal fee$150.00")

    # The renewal fee is the lower fee: the program's costs page says both.
    costs = browser.open(browser.open("/").link(re.compile("^Costs")))
    costs.says(
        "Enrollment$350.00",
        "Renewal (every 5 years)$150.00",
        "Renewal costs $150.00, less than enrollment.",
        "one semester credit is 15 contact hours, one quarter credit is 10, and one day at a "
        "conference is 6.",
    )
