"""Staff lists judge a certificate on its program's day (ADR 0036), as its own page does: the
certificates list's "expired" and "valid" filters and the lapsed list. The site is in Chicago;
the program here is in Honolulu. At 08:00 UTC on 6 December it is 6 December in Chicago and
still 5 December (22:00) in Honolulu; at 10:30 UTC it is 6 December there too."""

from datetime import UTC, date, datetime, timedelta

import pytest

from certify.certificates.models import Certificate
from certify.certificates.selectors import certificate_staff_list
from certify.renewals.selectors import certificates_lapsed, lapse_threshold
from tests.conftest import count_queries
from tests.renewals.conftest import holder_with_certificate

BEFORE_HONOLULU_MIDNIGHT = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)  # 5 Dec 22:00 there
AFTER_HONOLULU_MIDNIGHT = datetime(2026, 12, 6, 10, 30, tzinfo=UTC)  # 6 Dec 00:30 there


@pytest.fixture
def honolulu(program):
    program.time_zone = "Pacific/Honolulu"
    program.save(update_fields=["time_zone"])
    return program


def expiring(program, expires_on: date, name: str = "Rosa Delgado") -> Certificate:
    certificate = holder_with_certificate(program, issued_on=date(2022, 1, 3), name=name)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=expires_on)
    return Certificate.objects.get(pk=certificate.pk)


def listed(status: str) -> set[int]:
    return set(certificate_staff_list(status=status).values_list("pk", flat=True))


def test_the_expired_filter_turns_at_the_programs_midnight(honolulu, at):
    certificate = expiring(honolulu, date(2026, 12, 5))
    at(BEFORE_HONOLULU_MIDNIGHT)  # its last day still, in Honolulu
    assert certificate.pk in listed("valid")
    assert certificate.pk not in listed("expired")
    at(AFTER_HONOLULU_MIDNIGHT)
    assert certificate.pk not in listed("valid")
    assert certificate.pk in listed("expired")


def test_the_lapsed_list_turns_at_the_programs_midnight(honolulu, at, client, staff_user):
    """The last expiry day that lapses on 6 December but not on 5 December."""
    grace = honolulu.renewal_grace_months
    expires = lapse_threshold(today=date(2026, 12, 6), grace_months=grace) - timedelta(days=1)
    assert expires >= lapse_threshold(today=date(2026, 12, 5), grace_months=grace)
    certificate = expiring(honolulu, expires)
    at(BEFORE_HONOLULU_MIDNIGHT)
    assert not certificates_lapsed().filter(pk=certificate.pk).exists()
    at(AFTER_HONOLULU_MIDNIGHT)
    assert certificates_lapsed().filter(pk=certificate.pk).exists()
    # The page reads the same rows, in as many queries for one lapsed holder as for three.
    client.force_login(staff_user)
    one = count_queries(lambda: client.get("/staff/renewals/lapsed/"))
    expiring(honolulu, expires, name="Ana Ruiz")
    expiring(honolulu, expires, name="Bo Chen")
    page = client.get("/staff/renewals/lapsed/")
    assert "Bo Chen" in page.content.decode()
    assert count_queries(lambda: client.get("/staff/renewals/lapsed/")) == one


def test_the_certificates_list_filters_in_as_many_queries_for_one_or_three(
    honolulu, at, client, staff_user
):
    at(AFTER_HONOLULU_MIDNIGHT)
    expiring(honolulu, date(2026, 12, 5))
    client.force_login(staff_user)
    url = "/staff/certificates/?status=expired"
    one = count_queries(lambda: client.get(url))
    expiring(honolulu, date(2026, 12, 4), name="Ana Ruiz")
    expiring(honolulu, date(2026, 12, 3), name="Bo Chen")
    assert "Bo Chen" in client.get(url).content.decode()
    assert count_queries(lambda: client.get(url)) == one
