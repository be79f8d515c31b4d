"""The invoice page's refund form ("Check the refund") posts to its error summary
(`#refund-errors`, ADR 0043): a refusal comes back there, on the invoice page with what was
typed; a check that passes is answered with the confirmation page at its own address
(`core.http.saved_redirect`), not one that keeps `#refund-errors`. Only the confirmation's
button refunds, whatever the form carries."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from certify.payments.models import Refund
from tests.conftest import writes_during
from tests.payments.conftest import card_paid

FORM = re.compile(r'<form method="post" action="([^"]*#refund-errors)"[^>]*>(.*?)</form>', re.S)


@pytest.fixture
def paid_by_card(invoice):
    card_paid(invoice)
    return invoice


def _create_url(invoice) -> str:
    return reverse("payments:refund_create", args=[invoice.code])


def test_the_invoice_page_posts_the_check_to_its_error_summary(client, staff, paid_by_card):
    client.force_login(staff)
    found = FORM.search(client.get(paid_by_card.get_absolute_url()).text)
    assert found is not None, "the refund form posts to #refund-errors"
    assert found.group(1) == f"{_create_url(paid_by_card)}#refund-errors"
    assert 'name="step" value="check"' in found.group(2)
    assert 'name="csrfmiddlewaretoken"' in found.group(2)


def test_a_check_that_passes_opens_the_confirmation_at_its_own_address(client, staff, paid_by_card):
    client.force_login(staff)
    typed = {"step": "check", "amount": "150", "reason": "Member price", "reference": "R-1"}
    answers = []
    assert (
        writes_during(lambda: answers.append(client.post(_create_url(paid_by_card), typed))) == []
    )
    response = answers[0]
    assert response.status_code == 302
    address = urlsplit(response["Location"])
    assert address.path == reverse("payments:refund_confirm", args=[paid_by_card.code])
    assert address.fragment == "main"  # the confirmation's own, not "#refund-errors"
    assert parse_qs(address.query) == {
        "amount": ["150"],
        "reason": ["Member price"],
        "reference": ["R-1"],
    }
    page = client.get(response["Location"]).text
    assert "Refund $150.00 on invoice" in page
    assert "Yes, refund $150.00" in page
    assert not Refund.objects.exists()


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("", "Enter the amount to refund, up to $350.00."),
        ("400", "$350.00"),
    ],
)
def test_a_refused_check_comes_back_at_the_form_with_what_was_typed(
    client, staff, paid_by_card, amount, words
):
    client.force_login(staff)
    typed = {"step": "check", "amount": amount, "reason": "Not eligible after all"}
    response = client.post(_create_url(paid_by_card), typed)
    assert response.status_code == 400
    summary = response.text.split('id="refund-errors"', 1)[1]
    assert words in summary
    assert "Not eligible after all" in response.text  # what was typed is kept
    assert not Refund.objects.exists()


def test_a_check_never_refunds_even_with_what_the_confirmation_adds(client, staff, paid_by_card):
    """The invoice page shown again after a refused confirmation keeps that confirmation's
    `refundable_seen` in its form: sent as a check, it still goes to the confirmation."""
    client.force_login(staff)
    typed = {"step": "check", "amount": "150", "reason": "Member", "refundable_seen": "35000"}
    response = client.post(_create_url(paid_by_card), typed)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path.endswith("/refunds/confirm/")
    assert not Refund.objects.exists()
