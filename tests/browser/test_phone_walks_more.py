"""The pages the phone walk (test_phone_walks.py) could not reach because they need data: a
submitted renewal's staff page (waiting for its fee, and paid and in the evidence check), an
appeal's staff page, a scholarship draw, an opted-in public profile, a set credential's staff
page and a provider's course-withdraw confirmation. Their data is made with the services and
factories; each page is loaded once and checked at 390 and 320 px as there (no sideways
scrolling, axe-core, headings in order, focus visible)."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from certify.accounts.models import User
from certify.appeals.services import appeal_give_notice, appeal_submit_grounds
from certify.applications.models import Application
from certify.certificates.models import SetCredential
from certify.certificates.services.profiles import public_profile_set
from certify.core.money import Money
from certify.courses.models import Course
from certify.loaddata.demo.applications import demo_applications_create
from certify.loaddata.demo.courses import demo_courses_create
from certify.loaddata.demo.renewals import demo_renewals_create
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.memberships.models import Organisation
from certify.payments.services import payment_record
from certify.programs.models import Program
from certify.renewals.services import renewal_submit
from certify.renewals.services.ce_log import ce_activity_create
from certify.scholarships.api import defaults_ensure
from certify.scholarships.services import application_submit, draw_run
from tests.factories import CourseFactory, FundFactory, MembershipFactory, UserFactory
from tests.renewals.conftest import in_window, log

from .test_phone_walks import walk_problems


def _renewal_submitted(program: Program, certificate) -> int:
    """The renewing demo holder logs the hours still needed and applies to renew."""
    today = timezone.localdate()
    sets = dict(program.competency_sets.values_list("code", "pk"))
    for title, amount, code in (
        ("Customer service workshop", "32", "FLS"),
        ("Cybersecurity for libraries", "4", program.renewal_technology_set_code),
    ):
        ce_activity_create(
            actor=certificate.holder,
            title=title,
            provider="State Library",
            completed_on=today - timedelta(days=10),
            format="hours",
            amount=Decimal(amount),
            set_ids=[sets[code]],
        )
    return renewal_submit(certificate=certificate, actor=certificate.holder).pk


def _in_audit(program: Program, staff: User) -> int:
    """Another holder applies to renew, drawn for the evidence check, and the fee is paid by
    check: the renewal waits for staff to decide on its evidence."""
    Program.objects.filter(pk=program.pk).update(renewal_audit_percent=100)
    program.refresh_from_db()
    today = timezone.localdate()
    certificate = in_window(program, today, name="Ada Moss", email="ada.moss@example.org")
    log(certificate.holder, program=program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder)
    payment_record(
        invoice=renewal.invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
    )
    renewal.refresh_from_db()
    assert renewal.status == renewal.Status.IN_AUDIT
    return renewal.pk


def _appealed(program: Program) -> int:
    """The demo applicant who was turned down gives notice of appeal and its grounds."""
    rejected = Application.objects.get(program=program, candidate__email="rejected@example.org")
    appeal = appeal_give_notice(
        subject=rejected,
        appellant=rejected.candidate,
        program=program,
        decided_by=rejected.decided_by,
        decided_at=rejected.decided_at,
    )
    grounds = "My hours at the branch library were left out of the count."
    return appeal_submit_grounds(appeal=appeal, actor=rejected.candidate, grounds=grounds).pk


def _drawn(sponsor: User) -> int:
    """An SSD class fund awarding by draw, closed yesterday, two members in it, drawn."""
    ssd = defaults_ensure()
    ssd_org = Organisation.objects.get(code="SSD")
    fund = FundFactory(sponsor=ssd, method="draw", max_awards=1, required_organisations=[ssd_org])
    for name in ("Ravi Patel", "Mei Chen"):
        member = UserFactory(full_name=name)
        MembershipFactory(user=member, organisation=ssd_org)
        application_submit(fund=fund, applicant=member, statement="I work at the desk nightly.")
    fund.closes_on = timezone.localdate() - timedelta(days=1)
    fund.save(update_fields=["closes_on"])
    return draw_run(fund=fund, actor=sponsor).pk


@pytest.fixture
def walks(site_url) -> dict[str, list[str]]:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    sponsor = User.objects.get(email="sponsor@example.org")
    demo_applications_create(program=program, staff=staff)
    provider = demo_courses_create(program=program, staff=staff)
    assert provider is not None
    demo_scholarships_create(program=program, sponsor_user=sponsor)
    renewing, _lapsed = demo_renewals_create(program=program, staff=staff)
    renewal = _renewal_submitted(program, renewing)
    audited = _in_audit(program, staff)
    appeal = _appealed(program)
    draw = _drawn(sponsor)
    profile = public_profile_set(user=renewing.holder, is_public=True)
    credential = SetCredential.objects.filter(holder=renewing.holder).order_by("pk").first()
    assert credential is not None
    draft = CourseFactory(
        provider=provider,
        competency_set=program.competency_sets.get(code="FLS"),
        title="Serving Every Reader",
    )
    assert draft.status == Course.Status.DRAFT
    return {
        "": [f"/profiles/{profile.slug}/"],
        "staff@example.org": [
            f"/staff/renewals/{renewal}/",
            f"/staff/renewals/{audited}/",
            f"/staff/appeals/{appeal}/",
            f"/staff/certificates/sets/{credential.pk}/",
        ],
        "sponsor@example.org": [f"/scholarships/draws/{draw}/"],
        "provider@example.org": [
            f"/providers/{provider.pk}/courses/{draft.pk}/withdraw/confirm/",
        ],
    }


def test_the_pages_that_need_data_read_on_a_phone(
    open_page: Callable[..., Page], sign_in, walks, console_errors
):
    found = walk_problems(open_page, sign_in, walks)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert console_errors == []
