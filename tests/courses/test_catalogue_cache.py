"""The public catalogue kept in the shared cache (certify/courses/catalogue_cache.py): served
without a query, yet never older than the last committed change of a course, provider, set or
program, or than today."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certify.courses.models import Course
from certify.courses.services.courses import course_withdraw
from tests.conftest import count_queries
from tests.courses.conftest import approved_course
from tests.workflow import force_status

URL = reverse("courses:catalogue")
# Committed for real: nothing is kept while a transaction is open (it could be rolled back).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def kept(settings):
    from django.core.cache import cache

    settings.SHARED_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def desk(provider, ct):
    return approved_course(
        provider=provider, competency_set=ct, title="Communicating at the Library Desk"
    )


def test_a_second_visit_needs_no_query_and_is_the_same_page(client, desk, settings):
    first = client.get(URL, {"q": "desk"})
    second = None

    def again():
        nonlocal second
        second = client.get(URL, {"q": "desk"})

    assert count_queries(again) == 0
    assert second is not None
    assert second.status_code == 200
    assert second.text == first.text
    assert "Communicating at the Library Desk" in second.text
    assert "Cookie" in second["Vary"]
    settings.SHARED_CACHE = False
    assert client.get(URL, {"q": "desk"}).text == first.text


def test_each_filter_and_the_htmx_results_are_kept_apart(client, desk):
    assert "1 course" in client.get(URL).text
    assert "0 courses" in client.get(URL, {"q": "nothing-like-it"}).text
    results = client.get(URL, {"q": "desk"}, headers={"HX-Request": "true"}).text
    assert "<html" not in results
    assert "<html" in client.get(URL, {"q": "desk"}).text


def test_a_withdrawn_course_leaves_at_once(
    client, desk, provider_user, django_capture_on_commit_callbacks
):
    """Withdrawn during a renewal (an approved course goes back to review first)."""
    assert "Communicating at the Library Desk" in client.get(URL).text
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        force_status(desk, Course.Status.RETURNED).save()  # a saved course starts a new version
        course_withdraw(course=desk, actor=provider_user)
        # A read inside the writing transaction is neither served the kept page nor kept.
        assert "0 courses" in client.get(URL).text
        assert count_queries(lambda: client.get(URL)) > 0
    page = client.get(URL).text
    assert "Communicating at the Library Desk" not in page
    assert "0 courses" in page


def test_a_change_rolled_back_is_never_served(client, desk):
    client.get(URL)
    with transaction.atomic():
        desk.title = "A Title Never Committed"
        desk.save()
        assert "A Title Never Committed" in client.get(URL).text
        transaction.set_rollback(True)
    page = client.get(URL).text
    assert "A Title Never Committed" not in page
    assert "Communicating at the Library Desk" in page


@pytest.mark.parametrize("change", ["new course", "price", "provider name", "set name"])
def test_any_change_the_page_shows_shows_at_once(client, desk, provider, ct, change):
    client.get(URL)
    if change == "new course":
        approved_course(provider=provider, competency_set=ct, title="Working in Teams")
        expected = "Working in Teams"
    elif change == "price":
        desk.cost_cents = 12_345
        desk.save()
        expected = "123.45"
    elif change == "provider name":
        provider.name = "Northside College of the Arts"
        provider.save()
        expected = "Northside College of the Arts"
    else:
        ct.name = "Talking and Teamwork"
        ct.save()
        expected = "Talking and Teamwork"
    assert expected in client.get(URL).text


def test_a_page_kept_yesterday_is_not_served_today(client, desk, monkeypatch):
    client.get(URL)
    today = timezone.localdate()
    # The approval's last day is today (no save signal: only the date can make it stale).
    Course.objects.filter(pk=desk.pk).update(approval_expires_on=today)
    assert "Communicating at the Library Desk" in client.get(URL).text
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + timedelta(days=1))
    assert "Communicating at the Library Desk" not in client.get(URL).text


def test_signed_in_visitors_are_not_served_the_kept_page(client, desk, provider_user):
    client.get(URL)
    client.force_login(provider_user)
    assert "Sign out" in client.get(URL).text


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_a_page_to_keep_is_built_from_the_primary_not_a_lagging_replica(client, desk, settings):
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    settings.READ_REPLICA_ALIAS = "replica"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert "Communicating at the Library Desk" in client.get(URL).text
    assert on_replica.captured_queries == []


def test_a_page_kept_before_the_programs_midnight_is_not_served_after_it(
    client, desk, lsscp, monkeypatch
):
    from datetime import UTC, date, datetime

    # The program in Tokyo: at 15:00 UTC on 5 December its day turns to the 6th, while it is
    # still the 5th in Chicago (the site's time zone).
    lsscp.time_zone = "Asia/Tokyo"
    lsscp.save(update_fields=["time_zone"])
    Course.objects.filter(pk=desk.pk).update(approval_expires_on=date(2026, 12, 5))
    midnight = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: midnight - timedelta(minutes=2))
    assert "Communicating at the Library Desk" in client.get(URL).text
    monkeypatch.setattr(timezone, "now", lambda: midnight)
    assert "Communicating at the Library Desk" not in client.get(URL).text
