"""A course's fee while program staff have it on hold, and what the provider and staff read
(ADR 0009): a first approval's fee is not taken while the provider's approval is suspended, as a
renewal's is not while the course's is; the provider's courses page and API say why beside the
invoice; a revocation's refund is one notice, not a receipt besides it; a reinstated renewal
goes on where it was; a withdrawn course's paid fee is for staff, who are told."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from certify.core.errors import DomainError
from certify.core.money import Money
from certify.courses import services
from certify.courses.models import Course, CourseEvaluation
from certify.notifications.models import Notification
from certify.payments.models import CheckoutSession, Invoice, Payment
from certify.payments.services import checkout_session_create, payment_record
from certify.programs.api import program_today
from tests.courses.conftest import full_map, pdf_upload
from tests.courses.test_renewal_fees import REASON, _fee, _pay, _renewal
from tests.factories import CourseFactory, ProviderFactory, UserFactory
from tests.payments.conftest import WEBHOOK_SECRET, card_paid, checkout_open

FIRST_PAYER = (
    "We cannot take the approval fee of “Story Time” now: program staff suspended Northside "
    "Community College as a course provider. Nothing was charged. If they reinstate it, you can "
    "pay this invoice then."
)
FIRST_STAFF = (
    "Invoice {} is the approval fee of “Story Time” (Northside Community College), and program "
    "staff suspended Northside Community College as a course provider: its fee is not taken now. "
    "Keep the payment and record it once it is reinstated, or return it to the payer."
)
COURSE_HOLD = (
    "Not payable now: program staff suspended its approval. Nothing is taken until it is "
    "reinstated."
)
PROVIDER_HOLD = (
    "Not payable now: program staff suspended Northside Community College as a course provider. "
    "Nothing is taken until it is reinstated."
)
SCORES = dict.fromkeys(("coverage", "assessment", "instruction", "currency"), (3, ""))


def _first(provider, provider_user, cset, title="Story Time") -> Course:
    """A course submitted for its first approval (its fee invoice open)."""
    course = CourseFactory(provider=provider, competency_set=cset, title=title)
    full_map(course)
    services.course_syllabus_upload(course=course, actor=provider_user, upload=pdf_upload())
    return services.course_submit(course=Course.objects.get(pk=course.pk), actor=provider_user)


@pytest.fixture
def cards(settings, lsscp):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    lsscp.accepts_card = True
    lsscp.save(update_fields=["accepts_card"])


@pytest.fixture
def first(provider, provider_user, ct, cards):
    return _first(provider, provider_user, ct)


def _check(invoice, staff):
    return payment_record(
        invoice=invoice,
        amount=Money(invoice.balance_cents, invoice.currency),
        method=Payment.Method.CHEQUE,
        reference="Check 9",
        actor=staff,
    )


# --- 1. A first approval's fee while the provider is suspended --------------------------------


def test_a_suspended_providers_first_approval_fee_is_not_taken_page_card_or_check(
    client, first, provider, provider_user, staff
):
    services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    invoice = _fee(first)
    assert invoice.status == Invoice.Status.OPEN
    client.force_login(provider_user)
    page = client.get(invoice.get_absolute_url()).text
    assert FIRST_PAYER in page
    assert "by card</button>" not in page
    with (
        mock.patch("stripe.checkout.Session.create") as stripe_asked,
        pytest.raises(DomainError) as refused,
    ):
        checkout_session_create(
            invoice=invoice,
            actor=provider_user,
            success_url="https://certify.test/paid/",
            cancel_url="https://certify.test/back/",
        )
    assert refused.value.message == FIRST_PAYER
    stripe_asked.assert_not_called()
    assert not CheckoutSession.objects.filter(invoice=invoice).exists()
    with pytest.raises(DomainError) as staff_refused:
        _check(invoice, staff)
    assert staff_refused.value.message == FIRST_STAFF.format(invoice.code)
    client.force_login(staff)
    api = client.post(
        f"/api/v1/staff/payments/invoices/{invoice.code}/payments",
        {"method": "cheque", "amount_cents": invoice.balance_cents, "reference": "Check 9"},
        content_type="application/json",
    )
    assert (api.status_code, api.json()["detail"]) == (400, FIRST_STAFF.format(invoice.code))
    form = {"method": "cheque", "amount": "100", "reference": "Check 9"}
    form["received_on"] = program_today(invoice.program).isoformat()
    page = client.post(reverse("payments:payment_record", args=[invoice.code]), form)
    assert page.status_code == 400
    assert FIRST_STAFF.format(invoice.code) in page.text
    assert not Payment.objects.filter(invoice=invoice).exists()

    services.provider_approval_reinstate(provider=provider, actor=staff, reason="Cleared.")
    _check(_fee(first), staff)  # reinstated: paid as usual
    assert _fee(first).status == Invoice.Status.PAID


def test_another_providers_first_fee_stays_payable(first, provider, staff, ct, cards):
    elsewhere_user = UserFactory(roles=["provider"])
    elsewhere = ProviderFactory(name="Elsewhere Online School", staff=[elsewhere_user])
    theirs = _first(elsewhere, elsewhere_user, ct, title="Reference Desk")
    services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    _check(_fee(theirs), staff)
    assert _fee(theirs).status == Invoice.Status.PAID


def test_suspending_a_provider_expires_its_first_fees_open_checkout_after_commit(
    first, provider, staff, django_capture_on_commit_callbacks
):
    session = checkout_open(_fee(first), session_id="cs_test_first")
    with mock.patch("stripe.checkout.Session.expire") as expire:
        with django_capture_on_commit_callbacks(execute=False) as after_commit:
            services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
        expire.assert_not_called()
        for callback in after_commit:
            callback()
    expire.assert_called_once_with("cs_test_first", api_key="sk_test_not_a_real_key")
    session.refresh_from_db()
    assert session.status == CheckoutSession.Status.EXPIRED


def test_a_card_payment_already_under_way_is_kept_and_staff_are_told(first, provider, staff):
    services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    invoice = _fee(first)
    card_paid(invoice, intent="pi_first")
    assert _fee(first).status == Invoice.Status.PAID
    notice = Notification.objects.get(event="payment.to_check", recipient=staff)
    assert "suspended Northside Community College as a course provider" in " ".join(
        notice.body.split()
    )


# --- 2. The provider's courses page and API say why ---------------------------------------------


def _api_course(client, provider, course):
    listed = client.get(f"/api/v1/providers/{provider.pk}/courses").json()["items"]
    return next(c for c in listed if c["id"] == course.pk)


def test_the_api_and_page_say_a_suspended_courses_renewal_fee_is_on_hold(
    client, provider, provider_user, ct, staff
):
    course = _renewal(provider, provider_user, ct)
    client.force_login(provider_user)
    row = _api_course(client, provider, course)
    assert (row["fee_invoice_status"], row["fee_payable"], row["fee_on_hold"]) == (
        "open",
        True,
        None,
    )
    services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    row = _api_course(client, provider, course)
    assert (row["fee_invoice_status"], row["fee_payable"], row["fee_on_hold"]) == (
        "open",
        False,
        COURSE_HOLD,
    )
    for url in (provider.get_absolute_url(), Course.objects.get(pk=course.pk).get_provider_url()):
        assert f"on hold. {COURSE_HOLD}" in " ".join(client.get(url).text.split())


def test_the_api_and_page_say_a_suspended_providers_first_fee_is_on_hold(
    client, first, provider, provider_user, staff
):
    services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    client.force_login(provider_user)
    row = _api_course(client, provider, first)
    assert (row["fee_payable"], row["fee_on_hold"]) == (False, PROVIDER_HOLD)
    assert f"on hold. {PROVIDER_HOLD}" in " ".join(
        client.get(provider.get_absolute_url()).text.split()
    )


def test_a_paid_fee_is_not_payable_and_not_on_hold(client, first, provider, provider_user, staff):
    _check(_fee(first), staff)
    client.force_login(provider_user)
    row = _api_course(client, provider, first)
    assert (row["fee_invoice_status"], row["fee_payable"], row["fee_on_hold"]) == (
        "paid",
        False,
        None,
    )


def test_the_openapi_document_shows_a_fee_on_hold(client, db):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    examples = schema["ProviderCourseOut"]["examples"]
    assert [e["fee_payable"] for e in examples] == [None, False]
    assert examples[1]["fee_on_hold"] == COURSE_HOLD
    assert "fee_on_hold" in schema["ProviderCourseOut"]["properties"]


# --- 3. A revocation's refund: one notice ------------------------------------------------------


def test_a_revocations_card_refund_is_one_notice_not_a_receipt_besides_it(
    provider, provider_user, ct, staff, cards, django_capture_on_commit_callbacks
):
    course = _renewal(provider, provider_user, ct)
    card_paid(_fee(course), intent="pi_renewal")
    mail.outbox.clear()
    receipts = Notification.objects.filter(event="payment.receipt", recipient=provider_user)
    paid = receipts.count()  # the receipt of the payment itself
    with (
        mock.patch("stripe.Refund.create", return_value=mock.Mock(id="re_1")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.course_approval_revoke(course=course, actor=staff, reason=REASON)
    fee = _fee(course)
    assert fee.status == Invoice.Status.REFUNDED
    assert receipts.count() == paid  # no refund receipt
    (sent,) = [m for m in mail.outbox if m.to == [provider_user.email]]
    body = " ".join(sent.body.split())
    assert f"the {fee.paid} paid on it is refunded the way it was paid (a card refund" in body
    assert "within 5 to 10 working days" in body


def test_closing_a_renewal_refunds_a_part_in_one_notice(
    provider, provider_user, ct, staff, django_capture_on_commit_callbacks
):
    course = _renewal(provider, provider_user, ct)
    _pay(_fee(course), staff, cents=4000)
    course = services.course_return(course=course, actor=staff, reason="Update the list.")
    mail.outbox.clear()
    receipts = Notification.objects.filter(event="payment.receipt", recipient=provider_user)
    paid = receipts.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.course_renewal_close(course=course, actor=staff, reason="Not sent again.")
    assert receipts.count() == paid
    (sent,) = [m for m in mail.outbox if m.to == [provider_user.email]]
    assert f"the {Money(4000)} paid on it is refunded" in " ".join(sent.body.split())


def test_a_refund_staff_make_themselves_still_sends_the_receipt(first, staff, provider_user):
    from certify.payments.api import invoice_refund

    _check(_fee(first), staff)
    receipts = Notification.objects.filter(event="payment.receipt", recipient=provider_user)
    paid = receipts.count()
    invoice_refund(invoice=_fee(first), reason="Asked.", actor=staff, amount=Money(10000))
    assert receipts.count() == paid + 1


# --- 4. A reinstated renewal goes on where it was -----------------------------------------------


def test_a_renewal_under_review_comes_back_under_review_with_its_scores(
    provider, provider_user, ct, staff
):
    course = _renewal(provider, provider_user, ct)
    services.course_evaluate(course=course, actor=staff, scores=SCORES)
    services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    back = services.course_approval_reinstate(course=course, actor=staff, reason="Cleared.")
    assert back.status == Course.Status.SUBMITTED
    assert back.approval_stopped_on is None
    assert CourseEvaluation.objects.filter(course=course, round=back.review_round).exists()
    _pay(_fee(course), staff)
    approver = UserFactory(roles=["program_staff"])
    services.course_approve(course=back, actor=approver)
    approved = Course.objects.get(pk=course.pk)
    assert approved.status == Course.Status.APPROVED
    assert approved.approvals.count() == 2


def test_a_returned_renewal_comes_back_returned(provider, provider_user, ct, staff):
    course = _renewal(provider, provider_user, ct)
    course = services.course_return(course=course, actor=staff, reason="Update the list.")
    services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    back = services.course_approval_reinstate(course=course, actor=staff, reason="Cleared.")
    assert back.status == Course.Status.RETURNED
    again = services.course_submit(course=back, actor=provider_user)
    assert again.fee_invoice_id == back.fee_invoice_id  # the same fee


def test_an_approval_without_a_renewal_comes_back_approved(course, staff):
    services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    back = services.course_approval_reinstate(course=course, actor=staff, reason="Cleared.")
    assert back.status == Course.Status.APPROVED


def test_a_providers_reinstatement_brings_its_renewal_back_under_review(
    provider, provider_user, ct, staff
):
    course = _renewal(provider, provider_user, ct)
    services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    services.provider_approval_reinstate(provider=provider, actor=staff, reason="Cleared.")
    assert Course.objects.get(pk=course.pk).status == Course.Status.SUBMITTED


def test_the_providers_own_staff_cannot_reinstate(provider, provider_user, ct, staff):
    course = _renewal(provider, provider_user, ct)
    services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    with pytest.raises(DomainError):
        services.course_approval_reinstate(course=course, actor=provider_user, reason="Me.")
    assert Course.objects.get(pk=course.pk).status == Course.Status.SUSPENDED


# --- 5. Withdrawing a course whose fee was paid --------------------------------------------------


def test_withdrawing_a_returned_course_with_its_fee_paid_tells_staff(
    client, first, provider_user, staff
):
    _check(_fee(first), staff)
    course = services.course_return(course=first, actor=staff, reason="Map CT-2 again.")
    client.force_login(provider_user)
    provider = course.provider
    confirm = client.get(reverse("courses:course_withdraw_confirm", args=[provider.pk, course.pk]))
    assert "program staff are told at once" in " ".join(confirm.text.split())
    services.course_withdraw(course=course, actor=provider_user)
    fee = _fee(course)
    assert fee.status == Invoice.Status.PAID  # staff decide; nothing refunded by the provider
    notice = Notification.objects.get(event="course.fee_to_refund", recipient=staff)
    body = " ".join(notice.body.split())
    assert f"{fee.paid} was paid on its approval fee, invoice {fee.code}." in body
    assert not Notification.objects.filter(event="course.fee_to_refund", recipient=provider_user)


def test_withdrawing_with_part_paid_voids_the_rest_and_the_part_waits_for_staff(
    first, provider_user, staff
):
    _pay(_fee(first), staff, cents=4000)
    course = services.course_return(course=first, actor=staff, reason="Map CT-2 again.")
    services.course_withdraw(course=course, actor=provider_user)
    fee = _fee(course)
    assert fee.status == Invoice.Status.VOID
    assert fee.refund_pending_cents == 4000  # in staff's "Refund pending" list
    notice = Notification.objects.get(event="course.fee_to_refund", recipient=staff)
    assert f"lists the {Money(4000)} as refund pending" in " ".join(notice.body.split())


def test_withdrawing_with_nothing_paid_voids_and_tells_nobody(first, provider_user, staff):
    course = services.course_return(course=first, actor=staff, reason="Map CT-2 again.")
    services.course_withdraw(course=course, actor=provider_user)
    assert _fee(course).status == Invoice.Status.VOID
    assert not Notification.objects.filter(event="course.fee_to_refund").exists()
