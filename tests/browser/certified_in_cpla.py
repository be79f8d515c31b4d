"""A candidate certified in CPLA beside her LSSCP enrollment, through the screens, after staff
set CPLA up on theirs (test_program_setup.py). The decisions go through the screens: her
application, staff's record of her check, their acceptance, her electives and staff's approval
of her certificate (CPLA's rule). Only the completion of her sets goes through the service the
course screens call: showing it on a screen would need a provider to propose courses for CPLA's
competencies and staff to approve them first, a journey of its own (test_journey.py walks it for
LSSCP)."""

import re
from collections.abc import Callable
from datetime import date
from urllib.parse import urlsplit

from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications.decisions import application_accept
from certify.applications.models import Application
from certify.applications.services import (
    application_start,
    application_submit,
    application_update,
    experience_save,
)
from certify.certificates.models import Certificate, SetCredential
from certify.payments.models import Invoice
from certify.programs.models import Program
from certify.progress.services import plan_ensure, planned_set_satisfy

from .journey import expect_message, submit

CANDIDATE = "candidate@example.org"
STAFF = "staff@example.org"
ELECTIVES = ("Current Issues", "Marketing", "Politics and Networking")


def lsscp_enrolled(email: str) -> Application:
    """Her LSSCP side, made through the services as other browser tests make what they do not
    walk: applied, accepted, her plan in place (the demo account has paid LSSCP's fee)."""
    candidate = User.objects.get(email=email)
    staff = User.objects.get(email=STAFF)
    application = application_start(candidate=candidate, program=Program.objects.get(slug="lsscp"))
    application_update(
        application=application,
        actor=candidate,
        education_level="diploma",
        education_country="US",
        attested=True,
    )
    experience_save(
        application=application,
        actor=candidate,
        library_name="Hill Public Library",
        library_type="public",
        role="Library assistant",
        start_date=date(2019, 1, 7),
        hours_mode="weekly",
        hours_per_week=40,
    )
    application_submit(application=application, actor=candidate)
    application = application_accept(application=application, actor=staff)
    plan_ensure(application=application)
    return application


def apply_with_a_masters(dana: Page, application_url: str) -> None:
    """Her CPLA application, on its page: CPLA's education rule wants an accredited master's."""
    dana.goto(application_url)
    dana.get_by_label("Master's degree or higher").check()
    dana.get_by_label(
        "My degree is from a program accredited by the American Library Association (ALA)."
    ).check()
    dana.get_by_label("Country where you got it").select_option("US")
    dana.get_by_label(re.compile("I confirm that the information")).check()
    expect(dana.locator("#education-status")).to_contain_text("Saved at")
    dana.locator("#id_new-library_name").fill("Hill Public Library")
    dana.locator("#id_new-library_type").select_option(label="Public")
    dana.locator("#id_new-role").fill("Branch manager")
    dana.locator("#id_new-start_date").fill("2019-01-07")
    dana.locator("#id_new-end_date").fill("2025-12-31")
    dana.locator("#id_new-hours_mode_0").check()
    dana.locator("#id_new-hours_per_week").fill("40")
    dana.get_by_role("button", name="Add this job").click()  # htmx: the list updates in place
    job = dana.get_by_role("heading", name="Branch manager at Hill Public Library")
    expect(job).to_be_visible()
    dana.get_by_role("link", name="Check your answers and submit").click()
    expect(dana.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before you submit"
    )
    submit(dana, dana.get_by_role("button", name="Submit my application"))
    expect_message(dana, "Your application is submitted.")


def certified_in_cpla(
    *,
    staff: Page,
    dana: Page,
    cpla_app_url: str,
    lsscp_app: Application,
    step: Callable[[Page, str], None],
) -> None:
    cpla, lsscp = Program.objects.get(slug="cpla"), Program.objects.get(slug="lsscp")

    def lsscp_invoices() -> list[tuple[str, int, int, str]]:
        return list(
            Invoice.objects.filter(user=lsscp_app.candidate, program=lsscp).values_list(
                "code", "total_cents", "paid_cents", "status"
            )
        )

    lsscp_invoices_before = lsscp_invoices()
    assert lsscp_invoices_before  # the demo account's LSSCP enrollment invoice, paid
    apply_with_a_masters(dana, cpla_app_url)
    cpla_app = Application.objects.get(candidate=lsscp_app.candidate, program=cpla)
    name = cpla_app.candidate.full_name

    # CPLA's fee is paid with the application: its invoice was issued on submitting, at CPLA's
    # member price (Dana's ALA membership is confirmed, and CPLA's members are ALA's); staff
    # record her check on the invoice's page.
    invoice = Invoice.objects.get(user=cpla_app.candidate, program=cpla)
    assert invoice.total_cents == cpla.member_fee_cents
    staff.goto(f"/payments/invoices/{invoice.code}/")
    charged = staff.locator("tr", has_text="CPLA enrollment fee")
    expect(charged).to_contain_text(str(cpla.enrollment_fee))
    expect(staff.locator("tr", has_text="Total")).to_contain_text(str(cpla.member_fee))
    staff.get_by_label("How it was paid").select_option(label="Check")
    staff.get_by_label("Amount").fill(str(cpla.member_fee_cents // 100))
    staff.get_by_label("Reference").fill("Check 3117")
    staff.get_by_label("Received on").fill(str(timezone.localdate()))
    submit(staff, staff.get_by_role("button", name="Record payment"))
    expect_message(staff, re.compile(r"Payment of .* recorded"))

    # Staff accept her CPLA application on its page.
    staff.goto(f"/staff/applications/{cpla_app.pk}/")
    expect(staff.get_by_text("Master's degree or higher").first).to_be_visible()
    staff.get_by_label("Accept").check()
    submit(staff, staff.get_by_role("button", name="Record the decision"))
    expect_message(staff, re.compile("You accepted the application"))

    # She has two plans now, one per program; CPLA's holds its four core sets and the three
    # electives she chooses.
    dana.goto("/plan/")
    expect(dana.get_by_role("heading", name="Your plans")).to_be_visible()
    step(dana, "two-plans")
    dana.get_by_role("link", name=cpla.name).click()
    expect(dana).to_have_url(re.compile(r"/plan/programs/cpla/$"))
    for elective in ELECTIVES:
        dana.get_by_label(elective, exact=True).check()
    submit(dana, dana.get_by_role("button", name="Save my electives"))
    expect_message(dana, "Your electives are saved.")
    expect(dana.get_by_role("heading", name="Budget and Finance").first).to_be_visible()
    expect(dana.get_by_text("Cataloging and Classification")).to_have_count(0)  # LSSCP's
    step(dana, "cpla-plan")

    # Her seven sets completed by approved courses, through the service the course screens
    # call (see the module's docstring); her certificate then waits for staff (CPLA's rule).
    cpla_app.refresh_from_db()
    rows = list(cpla_app.planned_sets.select_related("competency_set"))
    assert {r.competency_set.program_id for r in rows} == {cpla.pk}
    assert len(rows) == 7
    for row in rows:
        planned_set_satisfy(
            planned=row, actor=None, route="course", evidence="Approved course completed"
        )
    certificate = Certificate.objects.get(holder=cpla_app.candidate)
    assert (certificate.program, certificate.status) == (cpla, Certificate.Status.PENDING)

    staff.goto(f"/staff/applications/{cpla_app.pk}/plan/")
    expect(staff.get_by_text("7 of 7 sets complete")).to_be_visible()
    staff.goto(f"/staff/certificates/{certificate.pk}/")
    submit(staff, staff.get_by_role("button", name="Approve and issue this certificate"))
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID

    # She sees her CPLA certificate and CPLA's sets; no LSSCP certificate or sets.
    dana.goto("/certificates/")
    expect(dana.get_by_role("heading", name=re.compile(f"^{re.escape(cpla.name)}"))).to_be_visible()
    expect(dana.get_by_text(certificate.number).first).to_be_visible()
    expect(dana.get_by_role("heading", name=f"Your competency sets: {cpla.name}")).to_be_visible()
    expect(dana.get_by_text(lsscp.name)).to_have_count(0)
    credentials = SetCredential.objects.filter(holder=cpla_app.candidate)
    assert {c.program_id for c in credentials} == {cpla.pk}
    assert credentials.count() == 7

    # Its public verification page names CPLA and ALA-APA, not LSSCP or its body.
    visitor = dana.context.browser.new_context(base_url=cpla_app_url.split("/applications/")[0])
    employer = visitor.new_page()
    employer.goto(urlsplit(certificate.verification_url).path)
    assert urlsplit(certificate.verification_url).path == f"/verify/{certificate.number}/"
    main = employer.locator("main")
    expect(main.get_by_text(name).first).to_be_visible()
    expect(main.get_by_role("link", name=cpla.name)).to_be_visible()
    expect(main.get_by_text(cpla.certifying_body, exact=True)).to_be_visible()
    assert cpla.certifying_body.startswith("ALA-APA")
    assert lsscp.certifying_body
    expect(main.get_by_text(lsscp.name)).to_have_count(0)
    expect(main.get_by_text(lsscp.certifying_body, exact=True)).to_have_count(0)
    step(employer, "cpla-verify")
    visitor.close()

    # Apart: each program's invoice at its own fee, her LSSCP plan untouched.
    # (Both programs give ALA members their member price; each its own.)
    assert cpla.member_fee_cents != lsscp.member_fee_cents
    dana.goto("/payments/")
    cpla_row = dana.locator("tr", has_text="CPLA enrollment")
    expect(cpla_row).to_contain_text(str(cpla.member_fee))
    expect(cpla_row).to_contain_text("Paid")
    lsscp_row = dana.locator("tr", has_text="LSSCP enrollment")
    expect(lsscp_row).to_have_count(1)
    expect(lsscp_row).to_contain_text(str(lsscp.member_fee))
    assert lsscp_invoices() == lsscp_invoices_before  # not a cent moved between programs
    staff.goto(f"/staff/applications/{lsscp_app.pk}/plan/")
    expect(staff.get_by_text(re.compile(r"^0 of \d+ sets complete"))).to_be_visible()
    lsscp_app.refresh_from_db()
    assert lsscp_app.status == Application.Status.ACCEPTED
    assert {p.competency_set.program_id for p in lsscp_app.planned_sets.all()} == {lsscp.pk}
    assert not Certificate.objects.filter(holder=cpla_app.candidate, program=lsscp).exists()

    # She opens her LSSCP plan herself: its own sets, none complete, none of CPLA's.
    dana.goto("/plan/")
    dana.get_by_role("link", name=lsscp.name).click()
    expect(dana).to_have_url(re.compile(r"/plan/programs/lsscp/$"))
    expect(dana.get_by_text(re.compile(r"^0 of \d+ competency sets complete"))).to_be_visible()
    expect(dana.get_by_role("heading", name="Budget and Finance")).to_have_count(0)
