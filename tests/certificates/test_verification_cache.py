"""The public verification page and answer kept in the cache (certify/certificates/verification.py):
served without a query, yet never older than the certificate's last committed change or today."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certify.certificates import services
from certify.certificates.models import Certificate
from tests.certificates.conftest import finish, nearly_done
from tests.conftest import count_queries


@pytest.fixture(autouse=True)
def kept(settings):
    from django.core.cache import cache

    settings.VERIFICATION_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def page(client, number):
    return client.get(f"/verify/{number}/")


def test_a_second_visit_needs_no_query_and_tells_the_time_of_its_own_check(client, certificate):
    first = page(client, certificate.number)
    second = None

    def again():
        nonlocal second
        second = page(client, certificate.number)

    assert count_queries(again) == 0
    assert second is not None
    assert second.status_code == 200
    assert second.text == first.text  # same minute in a test run
    assert "@@checked-at@@" not in second.text
    assert f"Checked {timezone.localtime():%B %-d, %Y}" in second.text
    assert "Cookie" in second["Vary"]
    assert "Valid." in second.text


def test_the_kept_page_is_the_page(client, certificate, settings):
    kept_page = page(client, certificate.number).text
    settings.VERIFICATION_CACHE_SECONDS = 0
    assert page(client, certificate.number).text == kept_page


@pytest.mark.parametrize("action", ["revoke", "suspend"])
def test_a_status_change_shows_at_once(
    client, certificate, staff_user, action, django_capture_on_commit_callbacks
):
    page(client, certificate.number)
    client.get(f"/api/v1/certificates/{certificate.number}")
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_act(
            certificate=certificate, actor=staff_user, action=action, reason="Checked by staff."
        )
    label = {"revoke": "Revoked.", "suspend": "Suspended."}[action]
    assert label in page(client, certificate.number).text
    assert (
        client.get(f"/api/v1/certificates/{certificate.number}").json()["status"]
        == ({"revoke": "revoked", "suspend": "suspended"}[action])
    )


def test_the_day_after_the_last_valid_day_the_page_says_expired(client, certificate, monkeypatch):
    assert "Valid." in page(client, certificate.number).text
    day_after = certificate.expires_on + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day_after)
    assert "Expired" in page(client, certificate.number).text
    answer = client.get(f"/api/v1/certificates/{certificate.number}").json()
    assert answer["status"] == "expired"


def test_signed_in_visitors_get_their_own_page(client, certificate):
    page(client, certificate.number)  # kept for visitors who are not signed in
    client.force_login(certificate.holder)
    assert count_queries(lambda: page(client, certificate.number)) > 0
    assert (
        "Sign out" in page(client, certificate.number).text
    )  # their navigation, not the anonymous page


def test_an_unknown_number_is_not_kept_and_is_found_once_issued(client, program, monkeypatch):
    _, last = nearly_done(program, name="Kim Lee")
    monkeypatch.setattr("certify.certificates.numbers.code_new", lambda: "7K3Q9M2X")
    number = f"LSSCP-{timezone.localdate().year}-7K3Q9M2X"
    assert page(client, number).status_code == 404
    assert client.get(f"/api/v1/certificates/{number}").status_code == 404
    finish(last)
    certificate = Certificate.objects.get(holder__full_name="Kim Lee")
    assert certificate.number == number
    assert page(client, number).status_code == 200
    assert client.get(f"/api/v1/certificates/{number}").json()["holder_name"] == "Kim Lee"


def test_the_api_answer_is_kept_and_equals_the_fresh_one(client, certificate, settings):
    url = f"/api/v1/certificates/{certificate.number}"
    first = client.get(url)
    assert count_queries(lambda: client.get(url)) == 0
    second = client.get(url)
    assert second.content == first.content
    assert second["Content-Type"] == "application/json; charset=utf-8"
    settings.VERIFICATION_CACHE_SECONDS = 0
    fresh = client.get(url)
    assert fresh.json() == second.json()
    assert fresh["Content-Type"] == second["Content-Type"]


def test_without_the_cache_every_visit_reads_the_register(client, certificate, settings):
    settings.VERIFICATION_CACHE_SECONDS = 0
    page(client, certificate.number)
    # The certificate, then the competency sets earned with their routes (one query for any
    # number of sets: tests/certificates/test_sharing.py).
    assert count_queries(lambda: page(client, certificate.number)) == 2


@override_settings(READ_REPLICA_ALIAS="replica")
@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_right_after_a_change_the_kept_answer_is_read_from_the_primary(
    client, certificate, staff_user
):
    """A replica can lag behind the primary: the answer kept after a change must not be the
    replica's old one, so for a while after the change it is built from the primary."""
    url = f"/api/v1/certificates/{certificate.number}"
    cache.clear()  # issued long ago (issuing it marked it changed)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get(url).json()["status"] == "valid"
    assert on_replica.captured_queries  # a page nobody changed reads the replica
    services.certificate_act(
        certificate=certificate, actor=staff_user, action="suspend", reason="Checked by staff."
    )
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert client.get(url).json()["status"] == "suspended"
        assert "Suspended." in page(client, certificate.number).text
    assert not on_replica.captured_queries
    assert on_primary.captured_queries


def test_the_kept_page_tells_the_minute_of_each_check(client, certificate, monkeypatch):
    """The time of the check is written once a minute per time zone (views._checked_text), so a
    visit a minute later says the later minute."""
    from datetime import UTC, datetime

    from certify.certificates import dates

    moments = [
        datetime(2026, 12, 4, 16, 0, 5, tzinfo=UTC),
        datetime(2026, 12, 4, 16, 1, 50, tzinfo=UTC),
    ]
    texts = []
    for moment in moments:
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        texts.append(page(client, certificate.number).text)
    first, second = (dates.moment_text(m, certificate.program) for m in moments)
    assert first != second
    assert first in texts[0]
    assert second in texts[1]
    assert first not in texts[1]
