import pytest

from certify.core.money import Money
from certify.payments.api import enrollment_invoice_get_or_create, invoice_void_rest
from certify.payments.models import Payment, Refund
from certify.payments.services import payment_record
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.workflow import force_status

OTHERS = ["candidate", "reviewer", "provider", "sponsor", "no_role"]
STAFF = "/api/v1/staff/payments"


def test_the_payment_endpoints_are_in_the_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/payments/invoices",
        "/api/v1/payments/invoices/{code}",
        "/api/v1/payments/payments",
        f"{STAFF}/invoices",
        f"{STAFF}/invoices/{{code}}/payments",
        f"{STAFF}/invoices/{{code}}/refunds",
    ):
        assert path in paths, path


def test_the_candidate_reads_their_invoices_and_payments(client, candidate, invoice, staff):
    payment_record(
        invoice=invoice, amount=Money(10000), method="cheque", reference="C1", actor=staff
    )
    client.force_login(candidate)
    body = client.get("/api/v1/payments/invoices").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["code"], item["total_cents"], item["amount_due_cents"]) == (
        invoice.code,
        35000,
        25000,
    )
    assert item["lines"][0]["kind"] == "enrollment_fee"
    detail = client.get(f"/api/v1/payments/invoices/{invoice.code}").json()
    assert detail["payments"][0]["reference"] == "C1"
    payments = client.get("/api/v1/payments/payments").json()
    assert payments["items"][0]["receipt_url"].endswith("/pdf/")


def test_anonymous_callers_get_401(client, invoice):
    assert client.get("/api/v1/payments/invoices").status_code == 401
    assert client.get(f"/api/v1/payments/invoices/{invoice.code}").status_code == 401
    assert client.get(f"{STAFF}/invoices").status_code == 401
    assert (
        client.post(
            f"{STAFF}/invoices/{invoice.code}/payments", {}, content_type="application/json"
        ).status_code
        == 401
    )


@pytest.mark.parametrize("role", OTHERS)
def test_others_cannot_read_an_invoice_or_use_staff_endpoints(client_as, invoice, role):
    client = client_as(role)
    # Someone else's invoice answers as an unknown code, with the same words.
    theirs = client.get(f"/api/v1/payments/invoices/{invoice.code}")
    unknown = client.get("/api/v1/payments/invoices/LSSCP-999999")
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json()["detail"] == unknown.json()["detail"] == "No such invoice."
    assert client.get(f"{STAFF}/invoices").status_code == 403
    assert client.get(f"{STAFF}/invoices?status=refund_pending").status_code == 403
    response = client.post(
        f"{STAFF}/invoices/{invoice.code}/payments",
        {"method": "cheque", "amount_cents": 35000, "reference": "X"},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = client.post(
        f"{STAFF}/invoices/{invoice.code}/refunds", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_staff_record_an_offline_payment_and_refund_it(client, staff, invoice):
    client.force_login(staff)
    response = client.post(
        f"{STAFF}/invoices/{invoice.code}/payments",
        {"method": "institutional_invoice", "amount_cents": 35000, "reference": "UNI-88"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["amount_cents"] == 35000
    response = client.post(
        f"{STAFF}/invoices/{invoice.code}/refunds",
        {"amount_cents": 5000, "reason": "Goodwill"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["refunds"][0]["amount_cents"]) == (
        "paid",
        5000,
    )


def test_staff_errors_are_explained(client, staff, invoice):
    client.force_login(staff)
    response = client.post(
        f"{STAFF}/invoices/{invoice.code}/payments",
        {"method": "cheque", "amount_cents": 99999, "reference": "C"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "amount"
    assert "still owed" in response.json()["detail"]
    response = client.post(
        f"{STAFF}/invoices/{invoice.code}/refunds", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "Nothing has been paid" in response.json()["detail"]
    assert client.get(f"{STAFF}/invoices/NOPE-1/refunds").status_code in (404, 405)
    assert not Refund.objects.exists()


def _held(invoice, staff, cents=5000):
    """`invoice` voided with `cents` paid on it: money to refund (as a revoked renewal's)."""
    payment_record(
        invoice=invoice, amount=Money(cents), method="cheque", reference="C-held", actor=staff
    )
    invoice_void_rest(invoice=invoice, reason="No longer owed.", actor=staff)
    return invoice


def test_staff_list_invoices_holding_money_to_refund_as_the_page_does(
    client, staff, invoice, program
):
    _held(invoice, staff)
    owing = enrollment_invoice_get_or_create(user=UserFactory(), program=program, actor=None)
    client.force_login(staff)
    response = client.get(f"{STAFF}/invoices?status=refund_pending")
    assert response.status_code == 200, response.content
    assert [i["code"] for i in response.json()["items"]] == [invoice.code]
    page = client.get("/payments/staff/invoices/?status=refund_pending").content.decode()
    assert invoice.code in page
    assert owing.code not in page
    wrong = client.get(f"{STAFF}/invoices?status=pending_refund")
    assert wrong.status_code == 400
    assert "refund_pending" in wrong.json()["detail"]


def test_the_refund_pending_filter_is_described_with_an_example(client, db):
    operation = client.get("/api/v1/openapi.json").json()["paths"][f"{STAFF}/invoices"]["get"]
    status = next(p for p in operation["parameters"] if p["name"] == "status")
    assert "refund_pending" in status["description"]
    assert status["example"] == "refund_pending"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/payments/invoices",
        "/api/v1/payments/payments",
        f"{STAFF}/invoices?status=",
        f"{STAFF}/invoices?status=refund_pending",
    ],
)
def test_api_list_query_counts_do_not_grow(client, staff, program, url):
    person = UserFactory(roles=["candidate", "program_staff"])
    client.force_login(person)

    def grow(n):
        for _ in range(n):
            invoice = enrollment_invoice_get_or_create(
                user=person if url.startswith("/api/v1/payments") else UserFactory(),
                program=program,
                actor=None,
            )
            payment_record(
                invoice=invoice, amount=Money(100), method="cheque", reference="C", actor=staff
            )
            if url.startswith("/api/v1/payments"):
                force_status(invoice, "refunded")  # let the next one be a new invoice
            elif url.endswith("refund_pending"):
                invoice_void_rest(invoice=invoice, reason="No longer owed.", actor=staff)

    grow(1)
    few = count_queries(lambda: client.get(url))
    grow(5)
    assert count_queries(lambda: client.get(url)) == few
    assert client.get(url).json()["count"] == 6
