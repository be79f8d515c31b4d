"""A holder who sends the renewal form outside its window, by a POST kept from a page of another
day or replayed: before the window opens, after the certificate lapsed, and the same apply sent
twice. Each is refused in words on the renewal page (or makes nothing more) and leaves no renewal
or invoice behind. Another holder's certificate, activities, renewal and shares are refused by
the permission matrix (tests/security/matrix.py: `certificates:pdf`, `wallet_offer`,
`renewals:activity_*`, `resubmit`, `webhooks:share_withdraw`), and a share withdrawn stops the
employer's view (tests/security/test_outsider_own_data.py, tests/webhooks/test_employer_day.py)."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.utils import timezone

from certify.payments.models import Invoice
from certify.renewals.lifecycle import add_months
from certify.renewals.models import Renewal
from tests.renewals.conftest import holder_with_certificate, in_window, log


def _applied(client, holder) -> list[str]:
    client.force_login(holder)
    response = client.post("/renewal/apply/", {"program": "lsscp"})
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_apply_before_the_window_opens_is_refused_and_makes_nothing(client, program):
    today = timezone.localdate()
    certificate = in_window(program, today, months_left=20)  # the window opens in 8 months
    log(certificate.holder, program=program, on=today)
    invoices = Invoice.objects.filter(user=certificate.holder).count()
    said = _applied(client, certificate.holder)
    assert any("Renewal opens on" in s for s in said), said
    assert not Renewal.objects.exists()
    assert Invoice.objects.filter(user=certificate.holder).count() == invoices


def test_apply_after_the_certificate_lapsed_is_refused_and_makes_nothing(client, program):
    today = timezone.localdate()
    expired = add_months(today, -program.renewal_grace_months) - timedelta(days=1)
    certificate = holder_with_certificate(
        program, issued_on=add_months(expired, -12 * program.certificate_validity_years)
    )
    log(certificate.holder, program=program, on=expired - timedelta(days=30))
    said = _applied(client, certificate.holder)
    assert said, "a refusal in words"
    assert not any("Renewal applied for" in s for s in said), said
    assert not Renewal.objects.exists()


def test_the_same_apply_sent_twice_makes_one_renewal_and_one_invoice(client, program):
    today = timezone.localdate()
    certificate = in_window(program, today)
    log(certificate.holder, program=program, on=today)
    invoices = Invoice.objects.filter(user=certificate.holder).count()
    first = _applied(client, certificate.holder)
    assert any("Renewal applied for" in s for s in first), first
    client.get("/renewal/")  # the page it led to read the first answer's words
    again = _applied(client, certificate.holder)  # the form sent again, or replayed
    assert not any("Renewal applied for" in s for s in again), again
    assert any("You already applied to renew this certificate" in s for s in again), again
    assert Renewal.objects.filter(certificate=certificate).count() == 1
    renewal = Renewal.objects.get(certificate=certificate)
    assert renewal.invoice is not None
    assert Invoice.objects.filter(user=certificate.holder).count() == invoices + 1
