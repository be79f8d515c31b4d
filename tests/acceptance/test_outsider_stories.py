"""Acceptance: what the program's outsiders and its people at its edges try, on the pages. A holder
whose renewal fee went unpaid until her certificate lapsed finds it refused, with a stale card
button, until staff reinstate it; a course whose renewal fee was half-way to paid is suspended
and reinstated, and its fee is taken only after; a provider withdraws a course returned to it
and the part of the fee it paid comes back; a reviewer who finds she knows the candidate
declares a conflict mid-review and gives it back at once; a draw's left-out applicant
reads why in her own words, another applicant reads it without her name, and an outsider reads
nothing; a colleague's invitation is withdrawn when the provider who sent it changes her
password, and works once sent again.
"""

import re
from datetime import datetime, time, timedelta
from unittest import mock

from django.utils import timezone

from certify.applications.api import add_years
from certify.programs.days import program_zone
from certify.programs.models import Program
from certify.renewals.selectors import certificate_lifecycle
from tests.acceptance import steps
from tests.acceptance.browser import forms_summary
from tests.acceptance.conftest import PASSWORD, SPONSOR, STAFF
from tests.acceptance.test_repeats_and_status_stories import renewing_and_lapsed

TODAY = timezone.localdate
CONTACT = "renewals@lsscp.example.org"
INVOICE = re.compile(r"^LSSCP-\d+$")


def _long(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _short(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def test_a_renewal_fee_left_unpaid_until_the_lapse_is_refused_until_staff_reinstate(
    world, browser, settings, at
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"  # the program takes cards
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_not_a_real_secret"
    Program.objects.filter(pk=world.pk).update(contact_email=CONTACT)
    certificate, _lapsed = renewing_and_lapsed(world)
    number, holder = certificate.number, certificate.holder
    browser.sign_in(holder.email, PASSWORD)
    steps.activity_log(
        browser, "Library technology course", TODAY(), "Contact hours", "32", "Technology"
    )
    page = browser.submit(browser.open("/renewal/").form("Apply to renew"))
    page.says("Renewal applied for. Pay invoice", "LSSCP certificate renewal fee$150.00")
    invoice = page.url
    stale = page.form("Pay $150.00 by card")  # the tab she leaves open, and forgets

    # The first morning after her last day to renew, in the program's zone.
    lapses_on = certificate_lifecycle(certificate=certificate).lapses_on
    at(datetime.combine(lapses_on, time(9), tzinfo=program_zone(world)))
    why = (
        f"Your certificate {number} lapsed on {_long(lapses_on)}; the renewal can no longer be "
        f"paid. Program staff can reinstate it: write to them at {CONTACT}, and once they have, "
        "you can pay it here. Nothing was charged."
    )
    browser.sign_in(holder.email, PASSWORD)
    page = browser.open("/renewal/")
    page.says(why)
    assert not page.links("Pay the renewal fee")
    page = browser.open(invoice)
    page.says(why, "Awaiting payment")
    assert "by card" not in forms_summary(page)
    with mock.patch("stripe.checkout.Session.create") as stripe_asked:
        page = browser.submit(stale, status=None)
    stripe_asked.assert_not_called()
    page.says(why)

    # Her check reaches staff: recording it is refused, in words that say what to do.
    browser.sign_in(STAFF, PASSWORD)
    form = browser.open(invoice).form("Record payment")
    form.set("How it was paid", "Check").set("Amount", "150").set("Reference", "Check 88")
    page = browser.submit(form.set("Received on", str(TODAY())), status=400)
    page.says(f"certificate {number} lapsed")
    assert "Payment of $150.00 recorded" not in page.text

    # Staff reinstate it from the lapsed list; her renewal is payable again, by card.
    page = browser.open(browser.open("/staff/renewals/lapsed/").link(f"Reinstate {number}"))
    renew_by = TODAY() + timedelta(days=30)
    form = page.form("Reinstate").set("Last day to renew", str(renew_by))
    page = browser.submit(form.set("Reason", "Her check was in the post before the lapse."))
    page.says(f"{number}: renewal reopened until {_long(renew_by)}.")
    browser.sign_in(holder.email, PASSWORD)
    page = browser.open(invoice)
    assert "lapsed" not in page.text.split("Awaiting payment")[0]
    session = mock.Mock(id="cs_test_l1", url="https://checkout.stripe.com/c/pay/cs_test_l1")
    with mock.patch("stripe.checkout.Session.create", return_value=session) as stripe_asked:
        browser.submit(page.form("Pay $150.00 by card"), status=None)
    stripe_asked.assert_called_once()
    assert browser.page.url == session.url


def _staff_course(browser, title: str) -> str:
    browser.sign_in(STAFF, PASSWORD)
    return browser.open("/staff/courses/").link(title)


def _approval(browser, staff_course: str, choice: str, reason: str):
    """Staff suspend or reinstate the course's approval on its page; the page they end on."""
    page = browser.open(staff_course)
    form = page.form("Record the decision", action=f"{staff_course}approval/").check(choice)
    return browser.submit(form.set("Reason", reason))


def _check(browser, invoice: str, amount: str, reference: str, *, status=200, anyway=False):
    form = browser.open(invoice).form("Record payment")
    form.set("How it was paid", "Check").set("Amount", amount).set("Reference", reference)
    if anyway:  # the box staff tick past a warning
        form.check("Record it all the same")
    return browser.submit(form.set("Received on", str(TODAY())), status=status)


def test_a_course_suspended_half_way_through_paying_its_renewal_is_paid_once_reinstated(
    world, browser, at
):
    from tests.acceptance.test_course_provider_stories import (
        COLLEGE,
        COURSE,
        JUDY,
        college_registered,
        course_submitted,
        evaluated_and_approved,
        fee_paid_by_check,
    )

    organization = college_registered(browser)
    course = course_submitted(browser, organization)
    fee_paid_by_check(browser)
    first_end = add_years(TODAY(), 4) - timedelta(days=1)
    evaluated_and_approved(browser).says(f"Approved until {_long(first_end)}.")

    # Two months before the end Judy renews; the college sends half the fee, then staff suspend.
    at(datetime.combine(first_end - timedelta(days=60), time(12), tzinfo=program_zone(world)))
    browser.sign_in(JUDY.email, JUDY.password)
    page = browser.submit(browser.open(course).form("Renew the approval"))
    invoice = browser.open(course).link(INVOICE)
    staff_course = _staff_course(browser, COURSE)
    _check(browser, invoice, "50", "Check 6001").says("Payment of $50.00 recorded")
    page = _approval(
        browser,
        staff_course,
        "Suspend the approval (it can be reinstated)",
        "Two instructors named no longer teach it.",
    )
    page.says("The approval is suspended and the course left the catalog.")

    # Judy reads that the fee is on hold; the second half is refused while it is suspended.
    hold = (
        "on hold. Not payable now: program staff suspended its approval. Nothing is taken "
        "until it is reinstated."
    )
    browser.sign_in(JUDY.email, JUDY.password)
    browser.open(organization).says(hold)
    browser.open(course).says(hold)
    browser.sign_in(STAFF, PASSWORD)
    page = _check(browser, invoice, "50", "Check 6002", status=400)
    code = invoice.rstrip("/").rsplit("/", 1)[-1]
    page.says(
        f"Invoice {code} is the renewal fee of “{COURSE}” ({COLLEGE}), and program staff "
        "suspended its approval: its fee is not taken now. Keep the payment and record it once "
        "it is reinstated, or return it to the payer."
    )
    # Past the warning, "record it all the same" does not record it either.
    page = _check(browser, invoice, "50", "Check 6002", status=400, anyway=True)
    page.says(f"Invoice {code} is the renewal fee of “{COURSE}” ({COLLEGE})")
    browser.open(invoice).says("Still to pay$50.00", "Paid$50.00 Balance$50.00")

    # Reinstated, the renewal is under review again with the same invoice; paid, approved.
    page = _approval(
        browser,
        staff_course,
        "Reinstate the suspended approval",
        "New instructors named; the course is as approved.",
    )
    page.says("The approval is reinstated. The provider was told.")
    browser.sign_in(JUDY.email, JUDY.password)
    page = browser.open(course)
    assert "on hold" not in page.text
    assert browser.open(course).link(INVOICE) == invoice
    browser.sign_in(STAFF, PASSWORD)
    _check(browser, invoice, "50", "Check 6002").says("Payment of $50.00 recorded")
    second_end = add_years(first_end, 4)
    evaluated_and_approved(browser).says(f"Approved until {_long(second_end)}.")


def test_a_reviewer_who_declares_a_conflict_mid_review_gives_it_back_at_once(world, browser):
    from tests.acceptance.conftest import REVIEWERS
    from tests.acceptance.test_repeats_and_status_stories import accepted_and_paid

    ct = "Communication and Teamwork"
    eve = accepted_and_paid(browser, "Eve Nakamura", "eve.nakamura@example.org", "Lakeview Library")
    browser.sign_in(eve.email, eve.password)
    browser.submit(browser.open("/plan/").form(f"Save my choice for {ct}").check("Portfolio"))
    steps.portfolio_fill(browser, ct, "At the Lakeview Library desk")
    steps.portfolio_submit(browser, ct)

    first = REVIEWERS[0]
    browser.sign_in(first, PASSWORD)
    review = browser.open("/review/").link(ct)
    page = browser.open(review)
    actions = [f.get("action") for f in page.tree.forms if "/ratings/" in (f.get("action") or "")]
    page = browser.submit(page.form("Save", action=actions[0]).check("Met"))
    stale = page  # the tab she keeps open
    # Reading "Lakeview Library", she knows whose portfolio it is: she declares the conflict.
    page = browser.open("/account/conflicts/")
    form = page.form("Declare").set("Or a library", "Lakeview Library")
    page = browser.submit(form.set("What the conflict is", "My sister works there."))
    page.says("Declared: you will not be asked to decide about Lakeview Library.")

    # The review was given back at once: her queue no longer lists it, and its page, her
    # drafts and her submission from the open tab are refused with the reason.
    words = "the review goes to another reviewer (Certify gives it to the next one who may take it"
    assert not browser.open("/review/").links(ct)
    browser.open(review, status=403).says(words)
    browser.submit(stale.form("Save", action=actions[1]).check("Met"), status=403).says(words)
    form = stale.form("Submit my review").set("comment", "Clear responses tied to daily work.")
    browser.submit(form, status=403).says(words, "Your declared conflicts")

    # Staff are told, and find the version waiting for a reviewer.
    browser.sign_in(STAFF, PASSWORD)
    browser.open("/notifications/").says("its reviewer declared a conflict of interest")

    # Eve's portfolio is still waiting for its reviews: nothing was decided about her.
    browser.sign_in(eve.email, eve.password)
    page = browser.open("/plan/")
    assert f"{ct} Complete" not in page.text


def test_a_draws_left_out_applicant_reads_her_own_reason_and_the_others_read_no_name(
    world, browser, at
):
    from tests.acceptance.test_scholarship_stories import CE, ENROLLMENT, ssd_member

    browser.sign_in(SPONSOR, PASSWORD)
    page = browser.open("/scholarships/sponsor/funds/ssd-continuing-education/edit/")
    form = page.form("Save the fund").check("Random draw among eligible applicants")
    browser.submit(form.set("Applications close on (optional)", str(TODAY())))
    gia, ivy = (
        ssd_member(browser, "Gia Hale", "SSD-901"),
        ssd_member(browser, "Ivy Jones", "SSD-902"),
    )
    for person in (gia, ivy):
        browser.sign_in(person.email, person.password)
        page = browser.open(browser.open("/scholarships/").link(f"Apply to the {CE}"))
        form = page.form("Send my application").check("A class toward certification")
        form.set("Your statement", "A class in cataloging would help me at the desk.")
        form.set("The class (if the award is for a class)", "Cataloging basics, Lakeland CC")
        browser.submit(form)
    browser.sign_in(ivy.email, ivy.password)
    steps.scholarship_apply(browser, ENROLLMENT, "The fee is a stretch.")
    steps.scholarship_decide(browser, "ssd-lsscp-enrollment", ivy, "Award")

    at(timezone.now() + timedelta(days=1))
    browser.sign_in(SPONSOR, PASSWORD)
    page = browser.open("/scholarships/sponsor/funds/ssd-continuing-education/")
    page = browser.submit(page.form("Continue to the draw").set("Awards to draw", "1"))
    page = browser.submit(page.form("Yes, draw 1 award"))
    page.says("Draw 1 is done", "Ivy Jones received a scholarship award from SSD on")
    draw = page.url
    number = re.search(r"/draws/(\d+)/", draw).group(1)
    ivy_says = "You received an SSD scholarship award on "

    # Ivy reads the draw: her own line in the words addressed to her, named as her.
    browser.sign_in(ivy.email, ivy.password)
    page = browser.open(draw)
    page.says("(you)", ivy_says)
    assert "Gia Hale" not in page.text  # the other applicant is a number to her
    mine = browser.client.get(f"/api/v1/sponsor/scholarships/draws/{number}").json()
    assert [w[: len(ivy_says)] for w in mine["excluded"].values()] == [ivy_says]
    assert "Ivy Jones" not in str(mine)

    # Gia reads the same draw: Ivy's line names nobody, and is not addressed to Gia.
    browser.sign_in(gia.email, gia.password)
    page = browser.open(draw)
    assert "Ivy Jones" not in page.text
    assert ivy_says not in page.text
    page.says("The applicant received a scholarship award from SSD on")
    theirs = browser.client.get(f"/api/v1/sponsor/scholarships/draws/{number}").json()
    assert theirs["pool"] == mine["pool"]
    assert all(w.startswith("The applicant received") for w in theirs["excluded"].values())
    assert "Ivy Jones" not in str(theirs)

    # Someone who applied to neither fund reads nothing of the draw, page or API.
    browser.sign_in(STAFF, PASSWORD)
    outsider = ssd_member(browser, "Kai Lowe", "SSD-903")
    browser.sign_in(outsider.email, outsider.password)
    browser.open(draw, status=404)
    assert browser.client.get(f"/api/v1/sponsor/scholarships/draws/{number}").status_code == 404


def test_a_providers_new_password_withdraws_the_invitation_she_sent_until_sent_again(
    world, browser
):
    from django.core import mail

    from tests.acceptance.test_course_provider_stories import COLLEGE, JUDY, college_registered

    sam = steps.Person("Sam Ortiz", "sam.ortiz@lakeshore.example.edu", PASSWORD)

    def invited(password: str = JUDY.password) -> str:
        browser.sign_in(JUDY.email, password)
        form = browser.open(organization).form("Send the invitation")
        browser.submit(form.set("Your colleague's e-mail address", sam.email))
        (sent,) = [m for m in mail.outbox if sam.email in m.to]
        mail.outbox.remove(sent)
        return re.search(r"https?://\S+/account/invitations/link/\S+?/", sent.body).group(0)

    organization = college_registered(browser)
    first = invited()
    browser.client.logout()
    browser.open(first).says(COLLEGE)

    # Judy changes her password (her laptop was stolen): what she sent that waits stops too.
    browser.sign_in(JUDY.email, JUDY.password)
    new = "a-new-Passphrase-7710"
    form = browser.open("/accounts/password/change/").form("Save the new password")
    form.set("oldpassword", JUDY.password).set("password1", new).set("password2", new)
    browser.submit(form)
    (notice,) = [m for m in mail.outbox if JUDY.email in m.to and "password" in m.subject.lower()]
    assert "The colleague invitation you sent was withdrawn; send it again if it was yours." in (
        " ".join(notice.body.split())
    )

    # The link she had sent answers that it was withdrawn, and accepts nothing.
    browser.client.logout()
    page = browser.open(first, status=410)
    page.says(
        f"{COLLEGE} withdrew this invitation. If you still expect to act for {COLLEGE}, "
        "ask Judy Park to send you a new one."
    )
    steps.register(browser, sam)
    page = browser.open(first, status=410)
    assert not [f for f in page.tree.forms if "Accept" in f.text_content()]

    # Sent again, with her new password, the new link works once Sam accepts it.
    mail.outbox.clear()
    second = invited(password=new)
    assert second != first
    browser.sign_in(sam.email, sam.password)
    page = browser.open(second)
    page.says(COLLEGE)
    page = browser.submit(page.form(re.compile("^Accept")))
    page.says(f"You now act for {COLLEGE}.")


def test_a_course_withdrawn_after_its_return_voids_the_rest_of_its_fee_and_refunds_the_part(
    world, browser
):
    from tests.acceptance.test_course_provider_stories import (
        COURSE,
        JUDY,
        college_registered,
        course_submitted,
    )

    organization = college_registered(browser)
    course = course_submitted(browser, organization)
    invoice = browser.open(course).link(INVOICE)
    code = invoice.rstrip("/").rsplit("/", 1)[-1]
    staff_course = _staff_course(browser, COURSE)
    _check(browser, invoice, "40", "Check 7001").says("Payment of $40.00 recorded")
    page = browser.open(staff_course)
    form = page.form("Record the decision", action=f"{staff_course}decide/")
    form.check("Return to the provider with comments")
    browser.submit(form.set("Comments for the provider", "Map CT-04 to a module."))

    # Judy decides not to send it again, and withdraws it.
    browser.sign_in(JUDY.email, JUDY.password)
    page = browser.open(browser.open(course).link("Withdraw this course"))
    page = browser.submit(page.form(re.compile("^Yes")))
    page.says(f"“{COURSE}” is withdrawn.", f"Withdrawn — {code}: void")
    refund = (
        f"Credit note CN-LSSCP-000001 of {_short(TODAY())} cancels $60.00 (the $40.00 paid "
        f"before the "
        "void is not canceled: program staff decide whether it is owed for an evaluation already "
        "done, and refund the rest). The reason: The course was withdrawn. The $40.00 already paid "
        "on it is not canceled: program staff decide whether it is owed for an evaluation "
        "already done, and refund the rest."
    )
    page = browser.open(invoice)
    page.says("StatusVoid Still to pay$0.00", refund, "Refund pending: $40.00 paid on this invoice")
    assert "by card" not in forms_summary(page)

    # Staff are told, and refund the $40; recording the rest is not offered.
    browser.sign_in(STAFF, PASSWORD)
    browser.open("/notifications/").says(
        f"The fee of a withdrawn course was paid: invoice {code}",
    )
    page = browser.open(invoice)
    page.says("Staff: record a payment This invoice is void: nothing is left to record.")
    form = page.form("Check the refund").set("Amount to refund", "40")
    page = browser.submit(form.set("Reason", "The course was withdrawn before its evaluation."))
    page.says(f"Invoice {code} stays void.", "This cannot be undone.")
    page = browser.submit(page.form("Yes, refund $40.00"))
    page.says(f"Refund of $40.00 recorded on {code}.")

    # Judy reads what became of her $40: nothing owed, nothing held.
    browser.sign_in(JUDY.email, JUDY.password)
    page = browser.open(invoice)
    page.says(
        "Paid$40.00 Refunded-$40.00 Balance$0.00",
        f"Refund of $40.00 requested on {_short(TODAY())}: sent. For the check payment. Reason: "
        f"The "
        "course was withdrawn before its evaluation.",
    )
    assert "Refund pending" not in page.text
