"""The API refunds with the same rules as the staff page (an amount is required; a stale
`refundable_cents` is refused), shows where each refund is on the invoice, lists the refunds not
sent and tries a failed one again (ADR 0052)."""

import pytest

from certify.core.money import Money
from certify.payments.models import Refund
from certify.payments.services import invoice_refund
from tests.conftest import count_queries
from tests.payments.conftest import card_paid

STAFF = "/api/v1/staff/payments"
S = Refund.Status


@pytest.fixture
def paid_by_card(invoice):
    card_paid(invoice)
    return invoice


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_refund_operations_are_in_the_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert f"{STAFF}/refunds" in paths
    assert f"{STAFF}/refunds/{{refund_id}}/retry" in paths


def test_no_amount_is_refused_with_the_pages_words(client, staff, paid_by_card):
    client.force_login(staff)
    response = _post(client, f"{STAFF}/invoices/{paid_by_card.code}/refunds", {"reason": "x"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Enter the amount to refund, up to $350.00."
    assert response.json()["field"] == "amount"
    assert not Refund.objects.exists()


def test_a_stale_refundable_amount_is_refused(client, staff, paid_by_card):
    invoice_refund(invoice=paid_by_card, amount=Money(5000), reason="Part", actor=staff)
    client.force_login(staff)
    response = _post(
        client,
        f"{STAFF}/invoices/{paid_by_card.code}/refunds",
        {"amount_cents": 5000, "reason": "Part again", "refundable_cents": 35000},
    )
    assert response.status_code == 400
    assert "changed since you confirmed" in response.json()["detail"]
    assert Refund.objects.count() == 1


def test_the_invoice_shows_where_a_card_refund_is_and_staff_try_again(
    client, staff, candidate, paid_by_card, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.script = ["error:resource_missing"]
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client,
            f"{STAFF}/invoices/{paid_by_card.code}/refunds",
            {"amount_cents": 35000, "reason": "Not eligible", "refundable_cents": 35000},
        )
    assert response.status_code == 201
    (refund,) = response.json()["refunds"]
    assert (refund["status"], refund["method"], refund["attempts"]) == ("pending", "card", 0)
    client.force_login(candidate)
    (refund,) = client.get(f"/api/v1/payments/invoices/{paid_by_card.code}").json()["refunds"]
    assert (refund["status"], refund["status_text"]) == ("failed", "Could not be sent")
    assert refund["failure"] == "Stripe does not know this card payment."
    client.force_login(staff)
    listed = client.get(f"{STAFF}/refunds?status=failed").json()["items"]
    assert [r["id"] for r in listed] == [refund["id"]]
    assert client.get(f"{STAFF}/refunds?status=nope").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, f"{STAFF}/refunds/{refund['id']}/retry", {})
    assert response.status_code == 200
    assert response.json()["status"] == "pending"
    assert Refund.objects.get().status == S.SENT
    again = _post(client, f"{STAFF}/refunds/{refund['id']}/retry", {})
    assert again.status_code == 400
    assert _post(client, f"{STAFF}/refunds/999999/retry", {}).status_code == 404


def test_the_list_of_refunds_not_sent_costs_the_same_for_more(
    client, staff, program, fake_stripe, django_capture_on_commit_callbacks
):
    from certify.accounts.models import Role
    from certify.payments.api import enrollment_invoice_get_or_create
    from tests.factories import UserFactory

    def failed() -> None:
        person = UserFactory(roles=[Role.CANDIDATE])
        invoice = enrollment_invoice_get_or_create(user=person, program=program, actor=person)
        card_paid(invoice, intent=f"pi_{person.pk}")
        fake_stripe.script = ["error:resource_missing"]
        with django_capture_on_commit_callbacks(execute=True):
            invoice_refund(invoice=invoice, amount=Money(100), reason="x", actor=staff)

    failed()
    client.force_login(staff)
    one = count_queries(lambda: client.get(f"{STAFF}/refunds"))
    failed()
    failed()
    assert count_queries(lambda: client.get(f"{STAFF}/refunds")) == one
    assert client.get(f"{STAFF}/refunds").json()["count"] == 3
