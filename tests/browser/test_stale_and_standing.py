"""On a 390 px and a 320 px phone (as the phone walks check a page: no sideways scrolling,
axe-core, headings in order, focus visible): the staff course page refusing a decision taken
from a page opened before a colleague reinstated the course; the invited person's invitations
page and home page with an invitation whose sender no longer manages the provider (its words,
no button); a voided invoice that holds a part payment, saying the refund once (staff view)."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from certify.accounts.invitations import colleague_invite
from certify.accounts.models import Role, User
from certify.core.money import Money
from certify.courses import services as courses
from certify.courses.models import Course, ProviderMembership
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.services import invoice_void_rest, payment_record
from certify.programs.models import CompetencySet, Program
from tests.courses.conftest import approved_course
from tests.factories import ProviderFactory, UserFactory

from .test_form_errors import unexpected
from .test_phone_walks import PHONE, phone_problems

REASON = "The provider's accreditation is under review."


def test_a_stale_staff_course_page_is_refused_in_words_on_a_phone(
    open_page: Callable[..., Page], sign_in, console_errors
):
    provider = ProviderFactory(name="Riverside Community College")
    technology = CompetencySet.objects.get(program__slug="lsscp", code="TEC")
    course = approved_course(provider=provider, competency_set=technology)
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF])
    courses.course_approval_suspend(course=course, actor=colleague, reason=REASON)
    page = open_page(**PHONE)
    sign_in(page, "staff@example.org")
    page.goto(f"/staff/courses/{course.pk}/")
    courses.course_approval_reinstate(course=course, actor=colleague, reason="Cleared.")
    page.get_by_label("Revoke the approval (final)").check()
    page.get_by_label("Reason").fill(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("This course changed after you opened the page")).to_be_visible()
    assert Course.objects.get(pk=course.pk).status == Course.Status.APPROVED
    assert phone_problems(page) == []
    assert unexpected(console_errors) == []  # the refused form's own 400 aside


def test_an_invitation_whose_sender_left_reads_on_a_phone_without_a_button(
    open_page: Callable[..., Page], sign_in, settings, console_errors
):
    settings.RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY = 50
    sender = UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])
    for name in ("Northside College", "Gone Away College of Library Technology"):
        provider = ProviderFactory(name=name, staff=[sender])
        colleague_invite(
            kind=courses.PROVIDER_KIND,
            organisation_id=provider.pk,
            organisation_name=provider.name,
            email="candidate@example.org",
            actor=sender,
        )
    ProviderMembership.objects.filter(user=sender, provider=provider).delete()
    page = open_page(**PHONE)
    sign_in(page, "candidate@example.org")
    gone = "This invitation no longer stands: the person who invited you no longer manages"
    expect(page.get_by_text(gone)).to_be_visible()
    assert phone_problems(page) == []
    page.goto("/account/invitations/")
    expect(page.get_by_text(gone)).to_be_visible()
    assert page.get_by_role("button", name="Accept the invitation to Northside College").count()
    accepts = page.get_by_role("button", name="Accept the invitation to Gone Away College")
    assert accepts.count() == 0
    assert phone_problems(page) == []
    assert unexpected(console_errors) == []


def test_a_voided_part_paid_invoice_says_the_refund_once_on_a_phone(
    open_page: Callable[..., Page], sign_in, console_errors
):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    staff = User.objects.get(email="staff@example.org")
    program = Program.objects.get(slug="lsscp")
    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    payment_record(
        invoice=invoice, amount=Money(4000), method="cheque", reference="C1", actor=staff
    )
    invoice_void_rest(invoice=invoice, reason="No longer owed.", actor=staff)
    page = open_page(**PHONE)
    sign_in(page, "staff@example.org")  # the page the person billed reads, with staff's words
    page.goto(invoice.get_absolute_url())
    text = page.locator("main").inner_text()
    assert text.count("Refund pending: $40.00 paid on this invoice is not owed") == 1
    assert "More was paid than is owed" not in text
    assert phone_problems(page) == []
    assert unexpected(console_errors) == []
