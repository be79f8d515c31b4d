"""A payment recorded by staff opens the invoice at its main content (ADR 0043): the form posts
to `#payment-errors`, and a browser keeps that fragment across a redirect whose address names
none, so the saved page's address would aim at a summary that is not there. The refund's form is
a GET to its confirmation page, whose own form posts without a fragment."""

from django.urls import reverse

from certify.payments.models import Payment
from tests.days import dated
from tests.payments.test_bad_input_payments import TYPED


def test_a_payment_recorded_opens_the_invoice_at_its_main_content(client, staff, invoice):
    client.force_login(staff)
    url = reverse("payments:payment_record", args=[invoice.code])
    assert f'action="{url}#payment-errors"' in client.get(invoice.get_absolute_url()).text
    response = client.post(url, dated(TYPED, iso=True))
    assert response.status_code == 302
    assert response["Location"] == f"{invoice.get_absolute_url()}#main"
    assert Payment.objects.filter(invoice=invoice).count() == 1
