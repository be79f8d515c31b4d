"""Replays, double presses and stale pages against the decisions built last: the same POST sent
again, from the page and through the API, and a form left open while someone else decided. The
second attempt is refused and changes nothing: no second invoice, refund, award or notice.

The same things at the same moment (threads) are in `test_concurrency.py` (PostgreSQL). The
one-click unsubscribe and relay stop links' replays, GETs and limits are tried in
tests/notifications/ (test_unsubscribe.py, test_relay.py); the automatic assignment pressed
twice in tests/portfolios/test_automatic_assignment_page.py.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from certify.accounts.models import Role
from certify.appeals.models import Appeal
from certify.appeals.services import appeal_give_notice, appeal_submit_grounds
from certify.applications.decisions import application_reject
from certify.applications.models import Application
from certify.applications.services import application_submit
from certify.core.models import AuditEvent
from certify.courses import services as courses
from certify.courses.models import Course
from certify.notifications.models import Notification
from certify.payments.models import CreditNote, Invoice, Payment, Refund
from tests.courses.conftest import ct, provider, provider_user  # noqa: F401  (fixtures)
from tests.courses.test_renewal_fees import _fee, _pay, _renewal
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory
from tests.security.walk import baseline, changed_tables, state_of

SEND_BACK = {"outcome": "send_back", "reason": "Archive work with public lending counts."}


def _unchanged_by(send, what: str) -> None:
    """`send()` is refused (4xx) and changes no row of any table."""
    before = baseline()
    response = send()
    assert 400 <= response.status_code < 500, f"{what}: {response.status_code}"
    assert changed_tables(before.state, state_of(before.tables)) == [], what


def _answered_as_it_is_now(send, page: str, what: str) -> None:
    """A page's form sent after the decision was made: the page as it is now, saying it was out
    of date (`core.http.moved_on_redirect`, ADR 0018), and no row of any table changed."""
    before = baseline()
    response = send()
    assert (response.status_code, response.url) == (302, f"{page}#main"), what
    assert changed_tables(before.state, state_of(before.tables)) == [], what


@pytest.fixture
def appealed(lsscp, staff):
    """A rejected application (its enrollment invoice closed by the rejection), appealed with
    grounds: another staff member decides the appeal."""
    application = ApplicationFactory(program=lsscp)
    ExperienceEntryFactory(application=application)
    application_submit(application=application, actor=application.candidate)
    application = application_reject(application=application, actor=staff, reason="Not library.")
    appeal = appeal_give_notice(
        subject=application,
        appellant=application.candidate,
        program=lsscp,
        decided_by=application.decided_by,
        decided_at=application.decided_at,
    )
    return appeal_submit_grounds(
        appeal=appeal, actor=application.candidate, grounds="The archive lends to the public."
    )


def test_a_rejection_sent_back_again_or_from_a_stale_page_is_reopened_and_invoiced_once(
    client, appealed, django_capture_on_commit_callbacks
):
    candidate = appealed.appellant
    live = Invoice.objects.filter(user=candidate, kind=Invoice.Kind.ENROLLMENT, status="open")
    assert not live.exists()  # the rejection closed it
    first, stale = UserFactory(roles=[Role.PROGRAM_STAFF]), UserFactory(roles=[Role.PROGRAM_STAFF])
    page = reverse("appeals:review", args=[appealed.pk])
    other = Client()
    other.force_login(stale)
    assert other.get(page).status_code == 200  # the form is open in another browser
    client.force_login(first)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page, SEND_BACK).status_code == 302
    (invoice,) = live
    told = Notification.objects.filter(recipient=candidate, event="appeal.updated").count()
    assert told == 1
    with django_capture_on_commit_callbacks(execute=True):
        _answered_as_it_is_now(lambda: client.post(page, SEND_BACK), page, "the same press again")
        _unchanged_by(
            lambda: client.post(
                f"/api/v1/staff/appeals/{appealed.pk}/decision",
                SEND_BACK,
                content_type="application/json",
            ),
            "the same decision through the API",
        )
        _answered_as_it_is_now(
            lambda: other.post(page, {"outcome": "uphold", "reason": "Not library work."}),
            page,
            "the stale page's other decision",
        )
    appeal = Appeal.objects.get(pk=appealed.pk)
    assert (appeal.status, appeal.reviewer) == (Appeal.Status.SENT_BACK, first)
    application = Application.objects.get(pk=appealed.subject_id)
    assert application.status == Application.Status.SUBMITTED
    assert application.transitions.filter(from_status="rejected").count() == 1
    assert list(live) == [invoice]
    assert sum(invoice.code in m.subject for m in mail.outbox) == 1


def test_closing_a_returned_renewal_again_or_from_a_stale_page_refunds_and_tells_once(
    client,
    provider,  # noqa: F811  (the fixtures imported above)
    provider_user,  # noqa: F811
    ct,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    """A part-paid renewal fee: closing the renewal voids it and refunds the part, once."""
    renewal = _renewal(provider, provider_user, ct)
    returned = courses.course_return(course=renewal, actor=staff, reason="Update the list.")
    _pay(_fee(returned), staff, cents=2500)
    page = reverse("courses:staff_renewal_close", kwargs={"cid": returned.pk})
    api = f"/api/v1/staff/courses/{returned.pk}/renewal/close"
    other = Client()
    other.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    assert (
        other.get(reverse("courses:staff_course", kwargs={"cid": returned.pk})).status_code == 200
    )
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page, {"close-reason": "Not sent again."}).status_code == 302
    course_page = reverse("courses:staff_course", kwargs={"cid": returned.pk})
    with django_capture_on_commit_callbacks(execute=True):
        _answered_as_it_is_now(
            lambda: client.post(page, {"close-reason": "Not sent again."}),
            course_page,
            "pressed again",
        )
        _unchanged_by(
            lambda: client.post(api, {"reason": "Not sent again."}, "application/json"),
            "the same close through the API",
        )
        _answered_as_it_is_now(
            lambda: other.post(page, {"close-reason": "Abandoned."}), course_page, "the stale page"
        )
    fee = _fee(returned)
    assert fee.status == Invoice.Status.VOID
    assert Refund.objects.filter(invoice=fee).count() == 1
    assert CreditNote.objects.filter(invoice=fee).count() == 1
    course = Course.objects.get(pk=returned.pk)
    assert course.status == Course.Status.APPROVED
    assert course.transitions.filter(from_status="returned", to_status="approved").count() == 1
    closed = [m for m in mail.outbox if m.subject == "Renewal closed: Library Desk"]
    assert [m.to for m in closed] == [[provider_user.email]]


@pytest.fixture
def withdrawn_fee(lsscp, candidate):
    """An enrollment invoice whose application its candidate withdrew: recording a check for it
    takes `record_anyway`."""
    from certify.payments.api import enrollment_invoice_get_or_create

    invoice = enrollment_invoice_get_or_create(user=candidate, program=lsscp, actor=candidate)
    ApplicationFactory(candidate=candidate, program=lsscp, status=Application.Status.WITHDRAWN)
    return invoice


def test_a_check_recorded_despite_the_warning_is_recorded_once_however_often_it_is_sent(
    client, withdrawn_fee, staff
):
    invoice = withdrawn_fee
    amount = f"{invoice.balance_cents // 100}"
    form = {
        "method": "cheque",
        "amount": amount,
        "reference": "Check 77",
        "record_anyway": "on",
        "received_on": invoice.issued_on.isoformat(),
    }
    page = reverse("payments:payment_record", args=[invoice.code])
    client.force_login(staff)
    assert client.post(page, form).status_code == 302
    _unchanged_by(lambda: client.post(page, form), "the same form sent again")
    body = {
        "method": "cheque",
        "amount_cents": invoice.balance_cents,
        "reference": "Check 77",
        "record_anyway": True,
    }
    _unchanged_by(
        lambda: client.post(
            f"/api/v1/staff/payments/invoices/{invoice.code}/payments", body, "application/json"
        ),
        "the same payment through the API",
    )
    _unchanged_by(
        lambda: client.post(page, {**form, "reference": "Check 78"}),
        "another check for the paid invoice",
    )
    assert Payment.objects.filter(invoice=invoice).count() == 1
    assert AuditEvent.objects.filter(verb="payment.recorded").count() == 1
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID


def test_right_after_a_password_change_the_old_token_key_and_session_are_refused(client, db):
    """Not only revoked on paper: the token and provider key sent right after the change are
    401, the other browser's session is signed out, and the page that changed it goes on."""
    from certify.accounts.tokens import token_create
    from tests.factories import PASSWORD, ProviderFactory

    person = UserFactory(roles=[Role.PROVIDER, Role.CANDIDATE])
    provider_of = ProviderFactory(staff=[person])
    token = token_create(user=person, name="Scripts", scopes=["applications"]).secret
    _, key = courses.api_key_create(provider=provider_of, actor=person, name="LMS")
    bearer = Client(headers={"Authorization": f"Bearer {token}"})
    keyed = Client(headers={"Authorization": f"Bearer {key}"})
    elsewhere = Client()
    elsewhere.force_login(person)
    assert bearer.get("/api/v1/applications/mine").status_code == 200
    assert keyed.get(f"/api/v1/providers/{provider_of.pk}/courses").status_code == 200
    client.force_login(person)
    new = "a-new-Passphrase-5521"
    changed = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert changed.status_code == 302
    assert bearer.get("/api/v1/applications/mine").status_code == 401
    assert keyed.get(f"/api/v1/providers/{provider_of.pk}/courses").status_code == 401
    assert elsewhere.get(reverse("accounts:tokens")).status_code == 302
    assert elsewhere.get("/api/v1/applications/mine").status_code in (401, 403)
    assert client.get(reverse("accounts:tokens")).status_code == 200
