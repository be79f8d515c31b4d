"""The program's whole journey in a real browser, across every role, as people do it.

A new candidate registers and verifies her e-mail, records her SSD membership (the sponsor
confirms it), applies with her library experience and her ALA membership; staff confirm the ALA
membership (so the enrollment invoice is issued at the member price) and accept; the SSD
committee awards her a scholarship, which becomes a credit on the enrollment invoice, and staff
record her cheque for the rest; she chooses three electives and a route per set; the provider
reports two course completions by CSV; four sets go by portfolio, assessed by two reviewers, one
of them after a resubmission; the certificate is issued, and an employer verifies it through the
link its QR code carries; later she renews it.

Every page the journey stops at is checked with axe-core and for target sizes (WCAG 2.5.8) and
photographed; `make tour` copies the photographs to docs/tour/ for docs/tour.md. The tour and the
steps (signing in, a portfolio, a review) are in journey.py beside this module.
"""

import csv
import io
import re
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications.api import add_years
from certify.certificates.models import Certificate
from certify.core.money import Money
from certify.loaddata.demo.courses import demo_courses_create
from certify.loaddata.demo.portfolios import demo_reviewers_create
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.programs.models import Program

from .journey import (
    Tour,
    expect_message,
    fill_portfolio,
    minimal_pdf,
    review,
    run_jobs_now,
    set_section,
    sign_in,
    submit,
    submit_portfolio,
    write_tour,
)

pytestmark = pytest.mark.django_db(transaction=True)

CANDIDATE = ("Maria Alvarez", "maria.alvarez@example.org", "shelving-carts-2026")
COURSE_SETS = {
    "Technology": "Library Technology Essentials",
    "Communication and Teamwork": "Communicating at the Library Desk",
}
PORTFOLIO_SETS = [
    "Foundations of Library Services",
    "Cataloging and Classification",
    "Collection Management",
    "Reference and Information Services",
]
RESUBMITTED_SET = "Cataloging and Classification"
SET_NAMES = {
    "CAT": "Cataloging and Classification",
    "TEC": "Technology",
    "REF": "Reference and Information Services",
    "COL": "Collection Management",
}
ELECTIVES = [
    "Cataloging and Classification",
    "Collection Management",
    "Reference and Information Services",
]


@pytest.fixture
def world(site_url: str) -> dict[str, object]:
    """The demo reviewers, sponsor funds and provider courses the journey meets."""
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_reviewers_create(program=program)
    demo_scholarships_create(
        program=program, sponsor_user=User.objects.get(email="sponsor@example.org")
    )
    demo_courses_create(program=program, staff=staff)
    return {"program": program}


def test_the_whole_journey_from_registration_to_renewal(
    open_page: Callable[..., Page], world: dict[str, object], console_errors: list[str]
):
    tour = Tour()
    page = open_page()
    name, email, password = CANDIDATE

    # 1. The public pages.
    page.goto("/")
    tour.step(page, "home", "Anyone can read about the program on its public pages.")

    # 2. Register and verify the e-mail address.
    page.goto("/accounts/signup/")
    page.locator("#id_full_name").fill(name)
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    tour.step(page, "sign-up", "Maria creates an account with her name and e-mail address.")
    submit(page, page.get_by_role("button", name="Sign up"))
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    message = next(m for m in mail.outbox if m.to == [email])
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(link)
    submit(page, page.get_by_role("button", name="Confirm"))
    sign_in(page, email, password)
    tour.step(page, "account", "Her account page lists what she can do next.", phone=True)

    # 3. Record SSD membership; the SSD committee confirms it.
    page.goto("/memberships/add/?organisation=SSD")
    page.get_by_label("Organization").select_option(label="OLA Support Staff Division (SSD)")
    page.get_by_label("Member number").fill("SSD-4711")
    page.get_by_label("Valid until").fill("2028-06-30")
    submit(page, page.get_by_role("button", name="Save membership"))
    expect_message(page, re.compile("membership is saved"))

    sign_in(page, "sponsor@example.org")
    page.goto("/memberships/queue/")
    row = page.locator("tr", has_text=name)
    row.get_by_role("radio", name="Confirm", exact=True).check()
    tour.step(page, "membership-confirm", "The SSD committee confirms her SSD membership.")
    submit(page, row.get_by_role("button", name="Save decision"))
    expect_message(page, re.compile(f"{name}: SSD SSD-4711 is confirmed"))

    # 4. Apply: education, experience, eligible hours computed live, submit.
    sign_in(page, email, password)
    page.goto("/apply/")
    submit(page, page.get_by_role("button", name="Start my application"))
    # Her ALA membership, in the application: the invoice waits until staff confirm it.
    section = page.locator("#memberships")
    section.get_by_label("Member number").fill("ALA-2210456")
    section.get_by_label("Valid until").fill("2028-06-30")
    submit(page, section.get_by_role("button", name="Save my ALA membership"))
    expect_message(page, re.compile("Your ALA membership is saved"))
    page.get_by_label("High-school diploma").check()
    page.get_by_label("Country where you got it").select_option("US")
    page.get_by_label(re.compile("I confirm that the information")).check()
    page.locator("#id_new-library_name").fill("Riverside Public Library")
    page.locator("#id_new-library_type").select_option(label="Public")
    page.locator("#id_new-role").fill("Library assistant")
    page.locator("#id_new-start_date").fill("2023-01-02")
    page.locator("#id_new-end_date").fill("2025-12-31")
    page.locator("#id_new-hours_mode_0").check()
    page.locator("#id_new-hours_per_week").fill("20")
    page.get_by_role("button", name="Add this job").click()
    expect(page.get_by_text("You have enough library experience.")).to_be_visible()
    expect(page.locator("#education-status")).to_contain_text("Saved at")
    tour.step(
        page, "application", "She applies: eligible hours are computed as she types.", phone=True
    )
    # Check your answers first; the submit is on that page.
    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before you submit"
    )
    submit(page, page.get_by_role("button", name="Submit my application"))
    expect_message(page, "Your application is submitted.")

    # 5. She applies for the SSD enrollment scholarship.
    page.goto("/scholarships/")
    page.get_by_role("link", name=re.compile("Apply.*SSD LSSCP Enrollment", re.I)).first.click()
    page.get_by_label("Your statement").fill(
        "I work 20 hours a week at a small public library; the fee is a stretch for me."
    )
    tour.step(page, "scholarship-apply", "She applies for an SSD scholarship toward the fee.")
    submit(page, page.get_by_role("button", name="Send my application"))
    expect_message(page, re.compile("is sent"))

    # 6. Staff see the invoice waits on her ALA membership, confirm it, and accept her.
    sign_in(page, "staff@example.org")
    page.goto("/staff/applications/")
    page.get_by_role("link", name=name).first.click()
    expect_message(page, "The enrollment invoice waits on a membership confirmation.")
    application_url = page.url
    page.goto("/memberships/queue/")
    row = page.locator("tr", has_text=name)
    row.get_by_role("radio", name="Confirm", exact=True).check()
    submit(page, row.get_by_role("button", name="Save decision"))
    expect_message(page, re.compile(f"{name}: ALA ALA-2210456 is confirmed"))
    page.goto(application_url)
    page.get_by_label("Accept").check()
    tour.step(page, "staff-decide", "Program staff check her hours and accept her.")
    submit(page, page.get_by_role("button", name="Record the decision"))
    expect_message(page, re.compile("You accepted the application"))

    # 7. The committee awards the scholarship: a USD 200 credit on her enrollment invoice.
    sign_in(page, "sponsor@example.org")
    page.goto("/scholarships/sponsor/funds/ssd-lsscp-enrollment/")
    page.get_by_role("link", name=re.compile("decide")).first.click()
    page.get_by_label("Award", exact=True).check()
    tour.step(page, "scholarship-award", "The SSD committee awards her USD 200.")
    submit(page, page.get_by_role("button", name="Record the decision"))
    expect_message(page, re.compile(f"\\$200.00 awarded to {name}"))

    # 8. Staff record her cheque for the remaining USD 150.
    sign_in(page, "staff@example.org")
    page.goto("/payments/staff/invoices/")
    page.locator("tr", has_text=name).get_by_role("link").first.click()
    expect(page.get_by_text("scholarship award")).to_be_visible()
    page.get_by_label("How it was paid").select_option(label="Check")
    rest = Program.objects.get(slug="lsscp").member_fee - Money(20000)  # member price less award
    page.get_by_label("Amount").fill(str(rest.cents // 100))
    page.get_by_label("Reference").fill("Check 1042")
    page.get_by_label("Received on").fill("2026-11-27")
    tour.step(
        page,
        "payment",
        "The scholarship is a credit; staff record her check for the rest.",
        show=page.get_by_role("heading", name="Invoice"),
    )
    submit(page, page.get_by_role("button", name="Record payment"))
    expect_message(page, re.compile(rf"Payment of {re.escape(rest.with_cents())} recorded"))

    # 9. Her plan: three electives (by keyboard) and a route for each set.
    sign_in(page, email, password)
    page.goto("/plan/")
    for elective in ELECTIVES:
        page.get_by_label(elective).focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name="Save my electives").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect_message(page, "Your electives are saved.")
    for set_name in [*COURSE_SETS, *PORTFOLIO_SETS]:
        section = set_section(page, set_name)
        route = "course" if set_name in COURSE_SETS else "portfolio"
        section.locator(f"input[value={route}]").check()
        submit(page, section.get_by_role("button", name="Save"))
    tour.step(page, "plan", "She picks three electives and how she will show each set.", phone=True)

    # 10. Consent (ADR 0021). She names her Technology course in her plan; the provider invites
    # her to the other course and she accepts. Only then can the provider report for her.
    named_set, invited_set = COURSE_SETS
    set_section(page, named_set).get_by_role("link", name="Record a course completion").click()
    page.get_by_label("The approved course you are taking").select_option(
        label=f"{COURSE_SETS[named_set]} (Northside Community College)"
    )
    submit(page, page.get_by_role("button", name="Name this course in my plan"))
    expect_message(page, re.compile(f"Your plan names {COURSE_SETS[named_set]}"))
    sign_in(page, "provider@example.org")
    page.goto("/providers/")
    page.get_by_role("link", name="Invite candidates").click()
    page.get_by_role("combobox", name="Course").select_option(label=COURSE_SETS[invited_set])
    page.get_by_label("The candidate's e-mail address or candidate number").fill(email)
    submit(page, page.get_by_role("button", name="Send the invitation"))
    expect_message(page, "Invitation sent.")
    sign_in(page, email, password)
    page.goto("/plan/providers/")
    submit(
        page,
        page.locator("tr", has_text=COURSE_SETS[invited_set]).get_by_role("button", name="Accept"),
    )
    expect_message(page, "You accepted the invitation")

    # 10b. The provider reports both course completions by CSV, with her full name as the
    # second fact.
    sign_in(page, "provider@example.org")
    for set_name, course in COURSE_SETS.items():
        page.goto("/providers/")
        page.get_by_role("link", name="Report completions", exact=True).click()  # the CSV way
        expect(page.get_by_role("link", name="Many learners: upload a CSV file")).to_have_attribute(
            "aria-current", "page"
        )
        page.get_by_role("combobox", name="Course").select_option(label=course)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["email", "candidate_number", "full_name", "completed_on", "reference"])
        writer.writerow([email, "", name, "2026-11-20", f"NCC-{set_name[:4].upper()}"])
        page.get_by_label("CSV file").set_input_files(
            {
                "name": "completions.csv",
                "mimeType": "text/csv",
                "buffer": buffer.getvalue().encode(),
            }
        )
        submit(page, page.get_by_role("button", name="Upload and check"))
        if set_name == "Technology":
            tour.step(page, "provider-import", "The course provider uploads its completions.")
        if set_name == named_set:
            expect(page.get_by_text("Recorded and confirmed")).to_be_visible()
        else:
            expect(page.get_by_text("The candidate confirms it before it counts.")).to_be_visible()
        submit(page, page.get_by_role("button", name=re.compile(r"^Import 1 completion")))

    # 10c. Her plan did not name the invited course: she confirms that completion herself.
    sign_in(page, email, password)
    page.goto("/plan/providers/")
    submit(page, page.get_by_role("button", name="Yes, I completed it"))
    expect_message(page, re.compile(f"Confirmed: {COURSE_SETS[invited_set]} counts"))

    # 11. Four portfolios: responses, evidence, statement, submit.
    sign_in(page, email, password)
    for i, set_name in enumerate(PORTFOLIO_SETS):
        fill_portfolio(page, set_name, evidence=i == 0)
        if i == 0:
            tour.step(
                page,
                "portfolio",
                "Each portfolio is a checklist, one page per competency; she writes a response "
                "on each, and the list says what is still missing.",
                phone=True,
            )
        submit_portfolio(page)
        expect_message(page, "Your portfolio is submitted.")

    # 12. Two reviewers assess each; both find Cataloging only partly shown.
    for reviewer in ("reviewer@example.org", "reviewer2@example.org"):
        sign_in(page, reviewer)
        for set_name in PORTFOLIO_SETS:
            if set_name == RESUBMITTED_SET:
                review(
                    page, set_name, rating="partial", comment="Show an original record you made."
                )
            else:
                review(page, set_name, rating="met")
            if reviewer == "reviewer@example.org" and set_name == PORTFOLIO_SETS[0]:
                page.goto("/review/")
                tour.step(page, "review-queue", "A reviewer's queue (blind review).")

    # 13. She adds the evidence asked for and resubmits; both reviewers now find it Met.
    sign_in(page, email, password)
    page.goto("/plan/")
    tour.step(
        page,
        "more-evidence",
        "Both reviewers asked for more evidence on one set; the others are complete.",
        show=set_section(page, RESUBMITTED_SET),
    )
    fill_portfolio(page, RESUBMITTED_SET, evidence=False)
    submit_portfolio(page)
    for reviewer in ("reviewer@example.org", "reviewer2@example.org"):
        sign_in(page, reviewer)
        review(page, RESUBMITTED_SET, rating="met")

    # 14. All six sets are satisfied: the certificate is issued.
    certificate = Certificate.objects.get(holder__email=email)
    if certificate.status == Certificate.Status.PENDING:
        sign_in(page, "staff@example.org")
        page.goto(f"/staff/certificates/{certificate.pk}/")
        submit(page, page.get_by_role("button", name=re.compile("approve", re.I)))
        certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    sign_in(page, email, password)
    page.goto("/certificates/")
    expect(page.get_by_text(certificate.number).first).to_be_visible()
    tour.step(
        page,
        "certificate",
        "Her certificate: PDF with a QR code, and a signed credential.",
        phone=True,
    )

    # 15. An employer follows the QR code's link: the public verification page.
    employer = open_page()
    employer.goto(urlsplit(certificate.verification_url).path)
    expect(employer.get_by_text(name).first).to_be_visible()
    expect(employer.get_by_text(re.compile("valid", re.I)).first).to_be_visible()
    tour.step(employer, "verify", "Anyone can verify it through the link in the QR code.")

    # 16. Years later: the renewal window is open (12 months before expiry). Her certificate's
    # dates are moved back, as time would; the program audits every renewal here, so staff
    # check her evidence (LSSCP draws a share at random).
    expires_on = timezone.localdate() + timedelta(days=90)
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=add_years(expires_on, -5), expires_on=expires_on
    )
    Program.objects.filter(slug="lsscp").update(renewal_audit_percent=100)
    sign_in(page, email, password)
    page.goto("/renewal/")
    activities = [
        ("Cataloging with RDA workshop", "State Library Association", "conference", "1", "CAT"),
        ("Library technology webinars", "WebJunction", "hours", "4", "TEC"),
        ("Reference services course", "Northside Community College", "semester", "1", "REF"),
        ("Collection development course", "Lakeside College", "quarter", "1", "COL"),
    ]
    for i, (title, provider, unit, amount, set_code) in enumerate(activities):
        page.get_by_label("Title of the activity").fill(title)
        page.get_by_label("Provider").fill(provider)
        page.get_by_label("Date completed").fill(
            str(timezone.localdate() - timedelta(days=200 + 30 * i))
        )
        page.get_by_label("Unit").select_option(unit)
        page.get_by_label("Amount").fill(amount)
        page.locator("#ce-log").get_by_label(SET_NAMES[set_code], exact=True).check()
        if i == 0:
            page.get_by_label("Evidence (optional)").set_input_files(
                {"name": "attendance.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}
            )
        page.get_by_role("button", name="Add this activity").click()
        expect(page.locator("#ce-log").get_by_text(title).first).to_be_visible()
    page.reload()  # the apply button is outside the part of the page that updates live
    expect(page.get_by_role("button", name="Apply to renew")).to_be_enabled()
    tour.step(
        page,
        "renewal-log",
        "In the renewal window she logs 35 hours of continuing education, 4 on technology.",
        show=page.locator("#ce-log"),
    )
    submit(page, page.get_by_role("button", name="Apply to renew"))
    expect_message(page, re.compile("Renewal applied for. Pay invoice"))  # she is on it
    invoice_code = re.search(r"/invoices/([^/]+)/", page.url).group(1)

    # 17. Staff record the renewal fee, check her evidence and approve.
    sign_in(page, "staff@example.org")
    page.goto(f"/payments/invoices/{invoice_code}/")
    page.get_by_label("How it was paid").select_option(label="Institutional invoice")
    page.get_by_label("Amount").fill(
        str(Program.objects.get(slug="lsscp").renewal_fee_cents // 100)
    )
    page.get_by_label("Reference").fill("Riverside PL payment 88")
    page.get_by_label("Received on").fill(str(timezone.localdate()))
    submit(page, page.get_by_role("button", name="Record payment"))
    expect_message(page, re.compile("Payment of .* recorded"))
    run_jobs_now()  # the frequent job moves paid renewals on
    page.goto("/staff/renewals/")
    page.locator("tr", has_text=name).get_by_role("link").first.click()
    page.get_by_label(re.compile("^Approve")).check()
    tour.step(page, "renewal-audit", "Staff check the evidence of an audited renewal and approve.")
    submit(page, page.get_by_role("button", name="Save the decision"))

    # 18. A new certificate for five more years; the old one's page says it was replaced.
    renewed = Certificate.objects.filter(holder__email=email).exclude(pk=certificate.pk).get()
    assert renewed.status == Certificate.Status.VALID
    assert renewed.expires_on == add_years(expires_on, 5)
    sign_in(page, email, password)
    page.goto("/certificates/")
    expect(page.get_by_text(renewed.number).first).to_be_visible()
    employer.goto(urlsplit(certificate.verification_url).path)
    expect(employer.get_by_text(re.compile("replaced", re.I)).first).to_be_visible()
    expect(employer.get_by_text(renewed.number).first).to_be_visible()
    tour.step(
        employer, "replaced", "The old certificate's page says it was replaced, and by which."
    )

    # An autosave superseded by a newer one is aborted on purpose (hx-sync="this:replace" on the
    # application forms), and htmx logs the abort; anything else is a real error.
    superseded = {"htmx:sendAbort", "htmx:afterRequest"}
    assert [e for e in console_errors if e.split(": ", 1)[1] not in superseded] == []
    write_tour(tour)
