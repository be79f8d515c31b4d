"""One word for one state. A certificate past its last day is "Expired" while it can still be
renewed (the grace period) and "Lapsed" once the last day to renew has passed (PRODUCT: "Then it
lapses"). The holder's pages said "Lapsed" while the verification page, the PDF, the link
preview, the API's label and the staff pages said "Expired" for the same certificate. The API's
`status` value stays "expired" for both."""

from datetime import timedelta

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.certificates.documents import certificate_document
from certify.certificates.models import Certificate
from certify.certificates.services.wallet import wallet_offer_create
from certify.core.errors import DomainError
from certify.programs.api import program_today
from certify.renewals.lifecycle import add_months
from certify.renewals.services import certificate_reinstate_lapsed
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.programs.second_program import rmt_set_up
from tests.renewals.conftest import holder_with_certificate


@pytest.fixture
def today(program):
    return program_today(program)


def lapsed_one(program, today, **kwargs):
    """Expired, and its grace period over yesterday."""
    expired = add_months(today, -program.renewal_grace_months) - timedelta(days=1)
    years = program.certificate_validity_years
    return holder_with_certificate(program, issued_on=add_months(expired, -12 * years), **kwargs)


def in_grace(program, today, **kwargs):
    years = program.certificate_validity_years
    issued = add_months(today - timedelta(days=1), -12 * years)
    return holder_with_certificate(program, issued_on=issued, **kwargs)


def tag(word: str) -> str:
    return f'<span class="tag tag--warn">{word}</span>'


def test_a_lapsed_certificate_is_lapsed_on_every_public_surface(client, program, today):
    certificate = lapsed_one(program, today)
    certificate.refresh_from_db()
    assert certificate.current_status == Certificate.EXPIRED
    page = client.get(reverse("certificates:verify", args=[certificate.number])).text
    assert tag("Lapsed") in page
    assert "<strong>Lapsed.</strong>" in page
    assert "was not renewed; it is no longer in force." in page
    assert '<meta property="og:title" content="Lapsed: ' in page
    assert "Expired" not in page
    answer = client.get(f"/api/v1/certificates/{certificate.number}").json()
    assert answer["status"] == "expired"  # the API's value does not change
    assert answer["status_label"] == "Lapsed"
    pdf = certificate_document(certificate=certificate).shows
    assert "<strong>Lapsed.</strong>" in pdf
    assert '<p class="watermark" aria-hidden="true">lapsed</p>' in pdf
    assert "Expired" not in pdf


def test_its_holder_and_staff_read_the_same_word(client, program, today):
    certificate = lapsed_one(program, today)
    client.force_login(certificate.holder)
    mine = client.get(reverse("certificates:mine")).text
    assert tag("Lapsed") in mine
    assert "marked “Lapsed” across the page" in mine
    with pytest.raises(DomainError, match=f"Certificate {certificate.number} is lapsed"):
        wallet_offer_create(certificate=certificate, actor=certificate.holder)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    listed = client.get(reverse("certificates:staff_list") + "?status=lapsed").text
    assert tag("Lapsed") in listed
    # The filter that lists it says "Lapsed" (it said "Expired" above "Lapsed" rows).
    assert ">Lapsed (past the last day to renew)</option>" in listed
    assert ">Expired</option>" not in listed
    detail = client.get(reverse("certificates:staff_detail", args=[certificate.pk])).text
    assert tag("Lapsed") in detail


def test_in_its_grace_period_it_is_expired_everywhere(client, program, today):
    certificate = in_grace(program, today)
    page = client.get(reverse("certificates:verify", args=[certificate.number])).text
    assert tag("Expired") in page
    assert "Lapsed" not in page
    answer = client.get(f"/api/v1/certificates/{certificate.number}").json()
    assert (answer["status"], answer["status_label"]) == ("expired", "Expired")
    client.force_login(certificate.holder)
    mine = client.get(reverse("certificates:mine")).text
    assert tag("Expired; renewal still open (grace period)") in mine
    assert "marked “Expired” across the page" in mine


def test_a_second_program_lapses_on_its_own_grace_period(client, lsscp, staff):
    """RMT gives one month of grace (LSSCP two): a certificate one month and two days past its
    last day has lapsed in RMT."""
    rmt = rmt_set_up(staff)
    today = program_today(rmt)
    certificate = lapsed_one(rmt, today, email="robin@example.org")
    assert rmt.renewal_grace_months == 1
    answer = client.get(f"/api/v1/certificates/{certificate.number}").json()
    assert answer["status_label"] == "Lapsed"
    page = client.get(reverse("certificates:verify", args=[certificate.number])).text
    assert tag("Lapsed") in page


def test_the_staff_list_reads_lapsed_rows_in_as_many_queries_for_one_or_three(
    client, program, today
):
    lapsed_one(program, today)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    url = reverse("certificates:staff_list") + "?status=lapsed"
    one = count_queries(lambda: client.get(url))
    lapsed_one(program, today, name="Ana Ruiz")
    lapsed_one(program, today, name="Bo Chen")
    page = client.get(url).text
    assert page.count(tag("Lapsed")) == 3
    assert count_queries(lambda: client.get(url)) == one


def test_reopened_for_renewal_it_is_expired_again_until_its_new_last_day(client, program, today):
    certificate = lapsed_one(program, today)
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    certificate_reinstate_lapsed(
        certificate=certificate,
        actor=staff,
        reason="Hospital stay.",
        renew_by=today + timedelta(days=30),
    )
    answer = client.get(f"/api/v1/certificates/{certificate.number}").json()
    assert answer["status_label"] == "Expired"
    client.force_login(staff)
    listed = client.get(reverse("certificates:staff_list") + "?status=expired").text
    assert tag("Expired") in listed
    assert tag("Lapsed") not in listed
