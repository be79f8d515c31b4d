"""Acceptance: staff decisions a candidate or a holder meets, through the pages as they meet them.

Staff revoke a certificate: its verification page, the API and the check of the signed
credential an employer kept all say "revoked", the holder is told why and can no longer renew
it. Staff ask an applicant for more information: she reads what to add, changes her
application and submits it again, and is accepted. An ALA member's enrollment invoice waits
for staff to confirm her membership and then asks the member price, USD 325; an applicant
whose membership staff cannot confirm pays USD 350.
"""

import re

from django.core import mail

from certify.applications.api import add_years
from tests.acceptance import steps
from tests.acceptance.browser import forms_summary
from tests.acceptance.conftest import PASSWORD, STAFF
from tests.acceptance.test_edge_stories import TODAY, applicant
from tests.acceptance.test_repeats_and_status_stories import renewing_and_lapsed, staff_act

COPIED = "Its portfolio evidence was found to be copied."


def test_a_revoked_certificate_reads_revoked_on_its_page_in_the_api_and_in_its_credential(
    world, browser
):
    certificate, _lapsed = renewing_and_lapsed(world)
    number, holder = certificate.number, certificate.holder
    # The holder sent her signed credential to an employer, who kept the file.
    browser.sign_in(holder.email, PASSWORD)
    page = browser.open("/certificates/")
    credential = browser.client.get(page.link(re.compile("^Download the digital credential")))
    browser.client.logout()
    browser.open(f"/verify/{number}/").says("Valid.")

    page = staff_act(
        browser,
        certificate,
        "Revoke this certificate…",
        f"Yes, revoke certificate {number}",
        "Why revoke it?",
        COPIED,
    )
    page.says(f"Certificate {number} is revoked. Its holder was told, with your reason.")

    # Anyone: the verification page, the API and the employer's file all say revoked.
    browser.client.logout()
    page = browser.open(f"/verify/{number}/")
    page.says(
        holder.full_name, "Revoked. The certifying body withdrew it on", "StatusRevoked since"
    )
    assert "Valid." not in page.text
    assert COPIED not in page.text  # the reason is the holder's and staff's, not the public's
    found = browser.client.get(f"/api/v1/certificates/{number}").json()
    assert (found["status"], found["status_label"]) == ("revoked", "Revoked")
    assert found["status_since"] == TODAY().isoformat()
    page = browser.open("/verify/credential/")
    form = page.form("Check the credential").set("text", credential.content.decode())
    browser.submit(form).says(
        "The credential is genuine but not valid now",
        "Signature: passed",
        "Status (revocation): failed",
    )

    # The holder is e-mailed the reason, reads it on her page and has nothing to renew.
    told = [m for m in mail.outbox if m.to == [holder.email] and "revoked" in m.subject]
    assert told, [m.subject for m in mail.outbox]
    assert COPIED in told[-1].body
    browser.sign_in(holder.email, PASSWORD)
    page = browser.open("/certificates/")
    page.says(f"Revoked Certificate {number}", "it is now revoked", COPIED)
    page = browser.open("/renewal/")
    page.says("You hold no certificate in the renewal cycle, so there is nothing to renew yet.")
    assert "Apply to renew" not in forms_summary(page)


def test_staff_ask_for_more_information_and_the_applicant_answers_and_is_accepted(world, browser):
    tess = applicant(browser, "Tess Lowe", "tess.lowe@example.org")
    job = steps.job(add_years(TODAY(), -2), None, 20, "Oak Library")
    page = steps.application_fill(browser, [job])
    steps.application_submit(browser, page)
    ask = "Please give your supervisor's name for Oak Library."
    page = steps.staff_decide(browser, tess, "Ask for more information", ask)
    page.says(
        "You asked the candidate for more information. They were told what to add.",
        "More information requested",
    )

    # She is told on her account page and reads what is asked on her application.
    assert any(m.to == [tess.email] for m in mail.outbox)
    browser.sign_in(tess.email, tess.password)
    page = browser.open("/account/")
    page.says("Program staff asked for more information. Answer them and submit again.")
    page = browser.open(page.link(re.compile("^Answer and submit again")))
    page.says(f"Program staff need more information: {ask}", "Change what is needed below")
    form = page.form("Save", within="Library assistant at Oak Library")
    page = browser.submit(form.set("Supervisor's name (optional)", "Dana Whitfield"))
    page = steps.application_submit(browser, page)

    # Staff read the answer and accept her; she reads her deadline.
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(browser.open("/staff/applications/").link(tess.name))
    page.says("Submitted, waiting for review", "Dana Whitfield")
    steps.staff_decide(browser, tess, "Accept").says("You accepted the application.")
    deadline = add_years(TODAY(), 4)
    browser.sign_in(tess.email, tess.password)
    browser.open("/account/").says(
        f"Finish the program by {deadline:%B} {deadline.day}, {deadline.year}"
    )


def test_the_member_price_waits_for_staff_to_confirm_the_membership(world, browser):
    """Vera records her ALA membership on her application; Walt records one staff cannot
    confirm. Neither invoice is issued until staff decide; then Vera's asks $325, Walt's $350."""
    vera = applicant(browser, "Vera Quinn", "vera.quinn@example.org")
    job = steps.job(add_years(TODAY(), -2), None, 20, "Maple Library")
    steps.application_submit(browser, steps.application_fill(browser, [job], ala="ALA-5501"))
    browser.client.logout()
    walt = applicant(browser, "Walt Ibsen", "walt.ibsen@example.org")
    steps.application_submit(browser, steps.application_fill(browser, [job], ala="ALA-0000"))
    page = browser.open("/payments/")
    page.says(
        "Your LSSCP invoice is issued once your ALA membership is confirmed, so that it has the "
        "right price ($325.00 for confirmed ALA members, $350.00 otherwise).",
        "You have no invoices yet.",
    )

    steps.membership_confirm(browser, STAFF, vera, "ALA")
    page = browser.open("/memberships/queue/")
    form = page.form("Save decision", within=walt.name).check("Not confirmed")
    page = browser.submit(form.set("reason", "ALA has no member with number ALA-0000."))
    page.says(f"{walt.name}: ALA")

    for person, fee, lines in (
        (vera, "$325.00", ("ALA member price (member no. ALA-5501", "Total$325.00")),
        (walt, "$350.00", ("LSSCP enrollment fee$350.00", "Total$350.00")),
    ):
        browser.sign_in(person.email, person.password)
        page = browser.open("/payments/")
        page.says("LSSCP enrollment Dec", f"{fee} {fee} Awaiting payment")
        page = browser.open(page.link(re.compile("LSSCP-")))
        page.says(*lines)
    assert "member price" not in page.text  # Walt's
