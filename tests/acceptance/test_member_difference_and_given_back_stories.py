"""Acceptance: what happens after a decision is taken back, through the pages as people meet it.

Vera paid the ALA member price ($325); staff then find her member number was not real and mark
her membership not confirmed: her paid invoice stands, a second one asks for the $25 difference,
the membership queue says so beside her name, and once she pays it nothing more is asked. Wes
records a membership staff confirm before his invoice is paid; refused afterwards, his unpaid
invoice is replaced at the full price, $350, and he pays that. A reviewer whose role ends with
a review open gives it back: Certify gives it to the next reviewer, who scores it to a verdict
the candidate reads. Rosa's refused renewal's fee pays for her next renewal: staff asked to
refund it meanwhile are told why not, and approve the renewal instead.
"""

import re

from certify.accounts.models import Role, User
from certify.accounts.services import role_revoke
from certify.applications.api import add_years
from certify.portfolios.models import ReviewAssignment
from tests.acceptance import steps
from tests.acceptance.conftest import PASSWORD, REVIEWERS, STAFF
from tests.acceptance.test_edge_stories import TODAY, applicant


def _check(browser, invoice: str, amount: str, reference: str):
    browser.sign_in(STAFF, PASSWORD)
    form = browser.open(invoice).form("Record payment")
    form.set("How it was paid", "Check").set("Amount", amount).set("Reference", reference)
    return browser.submit(form.set("Received on", str(TODAY())))


def _refuse(browser, person, reason: str):
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open("/memberships/queue/?status=confirmed")
    form = page.form("Save decision", within=person.name).check("Not confirmed")
    return browser.submit(form.set("reason", reason))


def _applied_as_member(browser, name: str, email: str, number: str):
    person = applicant(browser, name, email)
    job = steps.job(add_years(TODAY(), -2), None, 20, "Maple Library")
    steps.application_submit(browser, steps.application_fill(browser, [job], ala=number))
    steps.membership_confirm(browser, STAFF, person, "ALA")
    browser.sign_in(person.email, person.password)
    page = browser.open("/payments/")
    return person, page.link(re.compile("LSSCP-"))


def test_a_member_who_paid_the_member_price_pays_the_difference_once_refused(world, browser):
    vera, invoice = _applied_as_member(browser, "Vera Quinn", "vera.quinn@example.org", "ALA-5501")
    browser.open(invoice).says("ALA member price (member no. ALA-5501", "Total$325.00")
    _check(browser, invoice, "325", "Check 41").says("Payment of $325.00 recorded")

    page = _refuse(browser, vera, "ALA has no member with number ALA-5501.")
    page.says(f"{vera.name}: ALA")
    page = browser.open("/memberships/queue/?status=all")
    row = page.tree.xpath("//tr[contains(., $n)]", n=vera.name)[0].text_content()
    assert "$25.00" in row, row  # the Invoice column: the difference invoiced

    browser.sign_in(vera.email, vera.password)
    page = browser.open("/payments/")
    page.says(
        "$325.00 $0.00 Paid", "LSSCP enrollment fee difference", "$25.00 $25.00 Awaiting payment"
    )
    difference = page.link(re.compile("LSSCP-"), within="enrollment fee difference")
    assert difference != invoice
    page = browser.open(difference)
    page.says("$25.00", "less the member price paid on invoice")
    browser.open(invoice).says("Total$325.00", "Paid")  # the paid invoice stands as it was

    _check(browser, difference, "25", "Check 42").says("Payment of $25.00 recorded")
    browser.sign_in(vera.email, vera.password)
    page = browser.open("/payments/")
    assert "Awaiting payment" not in page.text


def test_an_unpaid_member_invoice_is_replaced_at_the_full_price_once_refused(world, browser):
    wes, invoice = _applied_as_member(browser, "Wes Arden", "wes.arden@example.org", "ALA-7702")
    browser.open(invoice).says("Total$325.00", "Awaiting payment")

    _refuse(browser, wes, "ALA says ALA-7702 lapsed last year.").says(f"{wes.name}: ALA")

    browser.sign_in(wes.email, wes.password)
    page = browser.open(invoice)
    page.says("Void")
    page = browser.open("/payments/")
    page.says("$350.00 $350.00 Awaiting payment")
    full = page.link(re.compile("LSSCP-"), within="$350.00")
    browser.open(full).says("LSSCP enrollment fee$350.00", "Total$350.00")
    assert "member price" not in browser.open(full).text
    _check(browser, full, "350", "Check 77").says("Payment of $350.00 recorded")


def test_a_reviewer_whose_role_ends_mid_review_is_replaced_and_the_verdict_is_reached(
    world, browser, django_capture_on_commit_callbacks
):
    """Eve's portfolio is with the two demo reviewers; the first one's role ends before she
    finishes. Certify gives her review to Tom, who has room; Tom and the other reviewer find it
    met, and Eve reads the set complete."""
    from certify.portfolios.models import ReviewerProfile
    from tests.acceptance.test_repeats_and_status_stories import accepted_and_paid
    from tests.factories import UserFactory

    ct = "Communication and Teamwork"
    eve = accepted_and_paid(browser, "Eve Nakamura", "eve.nakamura@example.org", "Lakeview Library")
    tom = UserFactory(full_name="Tom Third", email="tom.third@example.org", roles=[Role.REVIEWER])
    tom.set_password(PASSWORD)
    tom.save(update_fields=["password"])
    ReviewerProfile.objects.create(user=tom, capacity=5).expertise.set(
        world.competency_sets.filter(name=ct)
    )
    browser.sign_in(eve.email, eve.password)
    browser.submit(browser.open("/plan/").form(f"Save my choice for {ct}").check("Portfolio"))
    steps.portfolio_fill(browser, ct, "At the Lakeview Library desk")
    steps.portfolio_submit(browser, ct)
    leaving = ReviewAssignment.objects.get(reviewer__email=REVIEWERS[0], status="assigned")

    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(
            user=leaving.reviewer,
            role=Role.REVIEWER,
            actor=User.objects.get(email=STAFF),
            reason="Moved to another state.",
        )

    # Tom finds it in his queue; the reviewer who left has nothing to open.
    browser.sign_in(tom.email, PASSWORD)
    browser.open("/review/").says(ct)
    for reviewer in (tom.email, REVIEWERS[1]):
        steps.review(browser, reviewer, ct, "Met")
    browser.sign_in(eve.email, eve.password)
    browser.open("/plan/").says(f"{ct} Complete")


def test_a_refused_renewals_fee_pays_the_next_one_and_is_not_refunded_meanwhile(world, browser):
    """Rosa's renewal is refused (one activity was not real); she applies again with her fee
    already paid. Staff asked to refund that fee are told why not while her new renewal is open;
    they approve it and the fee pays for it."""
    from certify.programs.models import Program
    from tests.acceptance.test_repeats_and_status_stories import renewing_and_lapsed

    certificate, _lapsed = renewing_and_lapsed(world)
    Program.objects.filter(pk=world.pk).update(renewal_audit_percent=100)  # staff check each
    holder = certificate.holder
    browser.sign_in(holder.email, PASSWORD)
    steps.activity_log(
        browser, "Library technology course", TODAY(), "Contact hours", "32", "Technology"
    )
    page = browser.submit(browser.open("/renewal/").form("Apply to renew"))
    page.says("Renewal applied for.", "LSSCP certificate renewal fee$150.00")
    fee = page.url  # the invoice, where she is sent
    _check(browser, fee, "150", "Check 150").says("Payment of $150.00 recorded")

    def decide(choice: str, reason: str):
        browser.sign_in(STAFF, PASSWORD)
        queue = browser.open("/staff/renewals/")
        page = browser.open(queue.link(certificate.number))
        form = page.form("Save the decision").check(choice).set("Reason", reason)
        return browser.submit(form)

    decide("Refuse the renewal", "The course certificate was not hers.")
    browser.sign_in(holder.email, PASSWORD)
    page = browser.submit(browser.open("/renewal/").form("Apply to renew"))
    page.says("Renewal applied for: evidence being checked by staff.")  # the fee paid counts

    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(fee)
    form = page.form("Check the refund").set("Amount", "150").set("Reason", "Renewal refused.")
    page = browser.submit(form, status=400)
    page.says("cannot be refunded now", "Decide it first")

    decide("Approve: the evidence supports the hours", "The new evidence holds.")
    browser.sign_in(holder.email, PASSWORD)
    page = browser.open("/renewal/")
    page.says("Valid until", "Renewed; new certificate LSSCP-", "Refused")
