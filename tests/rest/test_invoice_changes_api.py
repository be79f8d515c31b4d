"""The API's enrollment start, void, re-price and re-issue: the pages' services and refusals
(ADR 0041), the candidate's and staff's own, and a replay that does not act twice."""

import pytest

from certify.accounts.models import Role
from certify.accounts.tokens import token_create
from certify.payments.models import CreditNote, Invoice
from certify.programs.models import Program
from tests.factories import UserFactory
from tests.payments.conftest import FEES, program  # noqa: F401  (a fixture)

STAFF = "/api/v1/staff/payments/invoices"
S = Invoice.Status


def _post(client, url, body=None, **headers):
    return client.post(url, body or {}, content_type="application/json", headers=headers)


@pytest.fixture
def invoice(candidate, program):  # noqa: F811  (the fixture above)
    from certify.payments.api import enrollment_invoice_get_or_create

    return enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)


@pytest.fixture
def at_application(program):  # noqa: F811
    Program.objects.filter(pk=program.pk).update(
        payment_timing=Program.PaymentTiming.AT_APPLICATION, is_published=True
    )
    return program


def test_a_candidate_starts_paying_once_and_a_replay_answers_the_same_invoice(
    client, candidate, at_application
):
    secret = token_create(user=candidate, name="t", scopes=["applications"]).secret
    url = f"/api/v1/payments/enrollment/{at_application.slug}"
    first = _post(client, url, Authorization=f"Bearer {secret}")
    assert first.status_code == 201, first.text
    assert first.json()["total_cents"] == FEES["enrollment_fee_cents"]
    again = _post(client, url, Authorization=f"Bearer {secret}")
    assert again.status_code == 200
    assert again.json()["code"] == first.json()["code"]
    assert Invoice.objects.filter(user=candidate, kind=Invoice.Kind.ENROLLMENT).count() == 1


def test_only_candidates_start_paying_and_only_when_the_program_charges_at_application(
    client,
    candidate,
    program,  # noqa: F811
):
    client.force_login(candidate)
    url = f"/api/v1/payments/enrollment/{program.slug}"
    Program.objects.filter(pk=program.pk).update(
        payment_timing=Program.PaymentTiming.AFTER_ACCEPTANCE, is_published=True
    )
    later = _post(client, url)
    assert later.status_code == 400
    assert "paid after your application is accepted" in later.json()["detail"]
    client.force_login(UserFactory(roles=[Role.REVIEWER]))
    assert _post(client, url).status_code == 403
    assert not Invoice.objects.exists()


def test_staff_void_an_invoice_with_a_reason_and_a_replay_is_refused(client, staff, invoice):
    client.force_login(staff)
    url = f"{STAFF}/{invoice.code}/void"
    no_reason = _post(client, url, {"reason": ""})
    assert no_reason.status_code == 400
    assert no_reason.json()["detail"].startswith("Say why the invoice is void")
    done = _post(client, url, {"reason": "Issued twice."})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "void"
    assert CreditNote.objects.get(invoice=invoice).reason == "Issued twice."
    replay = _post(client, url, {"reason": "Issued twice."})
    assert replay.status_code == 400
    assert replay.json()["detail"] == "This invoice is already “Void”."
    assert CreditNote.objects.count() == 1


def test_nobody_but_staff_voids_and_staff_not_their_own(client, candidate, staff, program):  # noqa: F811
    from certify.payments.api import enrollment_invoice_get_or_create

    mine = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    client.force_login(candidate)
    assert _post(client, f"{STAFF}/{mine.code}/void", {"reason": "x"}).status_code == 403
    own = enrollment_invoice_get_or_create(user=staff, program=program, actor=staff)
    client.force_login(staff)
    refused = _post(client, f"{STAFF}/{own.code}/void", {"reason": "Mine"})
    assert refused.status_code == 400
    assert Invoice.objects.filter(status=S.VOID).count() == 0


def test_staff_reprice_with_the_pages_words_and_the_answer_is_the_new_invoice(
    client, staff, invoice
):
    client.force_login(staff)
    url = f"{STAFF}/{invoice.code}/reprice"
    missing = _post(client, url, {"reason": "Member"})
    assert missing.status_code == 400
    assert (missing.json()["field"], missing.json()["detail"]) == (
        "amount",
        "Enter the corrected price.",
    )
    done = _post(client, url, {"amount_cents": FEES["member_fee_cents"], "reason": "Member"})
    assert done.status_code == 201, done.text
    new = Invoice.objects.get(replaces=invoice)
    assert done.json()["code"] == new.code
    assert new.total_cents == FEES["member_fee_cents"]
    replay = _post(client, url, {"amount_cents": FEES["member_fee_cents"], "reason": "Member"})
    assert replay.status_code == 400
    assert Invoice.objects.filter(replaces__isnull=False).count() == 1


def test_staff_reissue_to_an_employer_and_a_bad_address_is_refused_by_field(client, staff, invoice):
    client.force_login(staff)
    url = f"{STAFF}/{invoice.code}/reissue"
    bad = _post(client, url, {"reason": "Employer pays", "bill_to_email": "not-an-address"})
    assert bad.status_code == 400
    assert bad.json()["field"] == "bill_to_email"
    assert Invoice.objects.get(pk=invoice.pk).status == S.OPEN
    done = _post(
        client,
        url,
        {"reason": "Employer pays", "bill_to_name": "Hill Library", "bill_to_email": "a@hill.org"},
    )
    assert done.status_code == 201, done.text
    new = Invoice.objects.get(replaces=invoice)
    assert (new.bill_to_name, new.bill_to_email) == ("Hill Library", "a@hill.org")
    assert Invoice.objects.get(pk=invoice.pk).status == S.VOID
