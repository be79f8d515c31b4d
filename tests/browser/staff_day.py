"""What a program staff member's day on a phone starts from (tests/browser/test_staff_day_phone.py):
the demo's applications at every stage, and beside them an application with education outside
the US, one whose fee is paid (its rejection refunds it), two renewals chosen at random for an
evidence check, two certificates (one to suspend and reinstate, one to revoke), and staff who
sign in with an authenticator app as MFA_REQUIRED_ROLES requires of program staff in production
(the test settings leave it empty)."""

import re
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.utils import timezone
from playwright.sync_api import Page

from certify.accounts.models import Role, User
from certify.accounts.services import user_create
from certify.applications import services as applications
from certify.applications.api import add_years
from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.core.money import Money
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.loaddata.demo.applications import demo_applications_create
from certify.loaddata.demo.renewals import demo_holder_create
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.models import Invoice
from certify.payments.services import payment_record
from certify.programs.models import Program
from certify.renewals.lifecycle import add_months
from certify.renewals.models import Renewal
from certify.renewals.services import ce_activity_create, renewal_submit, renewal_sync

STAFF = "staff@example.org"
STAFF_ROLES = ("program_staff", "reviewer")  # production's MFA_REQUIRED_ROLES


@dataclass
class Day:
    secret: str  # the staff member's authenticator app
    outside_us: Application
    more_info: Application
    rejected: Application
    fee: Invoice  # the rejected applicant's paid enrollment fee
    accepted: Application  # enrolled: the deadline to extend
    passes: Renewal
    asked_more: Renewal
    suspended: Certificate
    revoked: Certificate


def _submitted(program: Program, email: str, name: str, country: str) -> Application:
    user = user_create(email=email, full_name=name, password=DEMO_PASSWORD, roles=(Role.CANDIDATE,))
    application = applications.application_start(candidate=user, program=program)
    applications.application_update(
        application=application,
        actor=user,
        education_level="diploma",
        education_country=country,
        education_note=(
            "" if country == "US" else "Senior secondary school certificate (WAEC), Lagos, 2015."
        ),
        attested=True,
    )
    applications.experience_save(
        application=application,
        actor=user,
        library_name="Lakeside Branch Library",
        library_type="public",
        role="Library assistant",
        paid=True,
        start_date=timezone.localdate() - timedelta(days=3 * 365),
        end_date=None,
        hours_mode="weekly",
        hours_per_week=Decimal(20),
        supervisor_name="Jo Park",
        supervisor_email="jo.park@example.org",
    )
    return applications.application_submit(application=application, actor=user)


def _audited(program: Program, staff: User, email: str, name: str) -> Renewal:
    """A holder in the renewal window with 32 hours logged (4 on technology), who applied and
    paid, and whose renewal was chosen for an evidence check."""
    today = timezone.localdate()
    certificate = demo_holder_create(
        email=email,
        name=name,
        program=program,
        staff=staff,
        issued_on=add_years(add_months(today, 5), -program.certificate_validity_years),
    )
    sets = {
        s.code: s.pk for s in program.competency_sets.filter(framework_version__status="published")
    }
    for title, hours, code in (
        ("Customer service workshop", "28", "FLS"),
        ("Cybersecurity for libraries", "4", program.renewal_technology_set_code or "TEC"),
    ):
        ce_activity_create(
            actor=certificate.holder,
            title=title,
            provider="State Library",
            completed_on=today - timedelta(days=30),
            format="hours",
            amount=Decimal(hours),
            set_ids=[sets[code]],
        )
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder)
    assert renewal.invoice is not None
    payment_record(
        invoice=renewal.invoice,
        amount=Money(renewal.invoice.balance_cents, renewal.invoice.currency),
        method="cheque",
        reference="Check 5150",
        actor=staff,
    )
    renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT, renewal.status
    return renewal


def staff_day_create(settings) -> Day:
    settings.MFA_REQUIRED_ROLES = STAFF_ROLES
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email=STAFF)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    demo_applications_create(program=program, staff=staff)
    outside_us = _submitted(program, "amara.eze@example.org", "Amara Eze", "NG")
    rejected = _submitted(program, "kim.lowe@example.org", "Kim Lowe", "US")
    fee = enrollment_invoice_get_or_create(
        user=rejected.candidate, program=program, actor=rejected.candidate
    )
    payment_record(
        invoice=fee,
        amount=Money(fee.balance_cents, fee.currency),
        method="cheque",
        reference="Check 1001",
        actor=staff,
    )
    program.renewal_audit_percent = 100
    program.save(update_fields=["renewal_audit_percent"])
    today = timezone.localdate()
    one_year_ago = today - timedelta(days=365)
    suspended = demo_holder_create(
        email="noor.haddad@example.org",
        name="Noor Haddad",
        program=program,
        staff=staff,
        issued_on=one_year_ago,
    )
    revoked = demo_holder_create(
        email="ben.okoro@example.org",
        name="Ben Okoro",
        program=program,
        staff=staff,
        issued_on=one_year_ago,
    )
    return Day(
        secret=secret,
        outside_us=outside_us,
        more_info=Application.objects.get(candidate__email="submitted@example.org"),
        rejected=rejected,
        fee=fee,
        accepted=Application.objects.get(candidate__email="accepted@example.org"),
        passes=_audited(program, staff, "rosa.delgado@example.org", "Rosa Delgado"),
        asked_more=_audited(program, staff, "ivan.petrov@example.org", "Ivan Petrov"),
        suspended=suspended,
        revoked=revoked,
    )


def sign_in_with_app(page: Page, email: str, secret: str) -> None:
    """Password, then the six-digit code of the authenticator app (allauth's second step)."""
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    assert "/accounts/2fa/authenticate/" in page.url, page.url
    page.locator("#id_code").fill(f"{hotp_value(secret, int(time.time()) // 30):06d}")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/account/$"))
