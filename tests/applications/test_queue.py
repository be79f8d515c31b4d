"""The staff queue at scale: pages found from either end of the list, the counts per status kept
in a shared cache until an application changes, and the country list written in Python."""

from datetime import timedelta

import pytest
from django import forms
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_countries import countries

from certify.applications import selectors
from certify.applications.models import Application
from certify.core.widgets import QuickSelect
from tests.conftest import count_queries
from tests.factories import ApplicationFactory
from tests.workflow import force_status

S = Application.Status


def accepted(lsscp, n: int) -> list[Application]:
    start = timezone.now() - timedelta(days=100)
    return [
        ApplicationFactory(program=lsscp, status=S.ACCEPTED, submitted_at=start + timedelta(i))
        for i in range(n)
    ]


def test_every_page_from_the_front_or_the_back_is_in_queue_order(lsscp):
    apps = accepted(lsscp, 7)
    # Two applications submitted at the same instant are ordered by id.
    apps.append(
        ApplicationFactory(program=lsscp, status=S.ACCEPTED, submitted_at=apps[3].submitted_at)
    )
    expected = sorted(apps, key=lambda a: (a.submitted_at, a.pk))
    counts = selectors.queue_counts()
    seen = []
    for number in range(1, 5):
        page = selectors.application_queue_page(
            page=number, counts=counts, per_page=3, status=S.ACCEPTED
        )
        assert page.paginator.count == 8
        assert page.paginator.num_pages == 3
        seen += [a.pk for a in page]
    # Page 4 does not exist: the last page is shown again, as Django's get_page does.
    assert seen == [a.pk for a in expected] + [a.pk for a in expected[6:]]


def test_a_filtered_queue_counts_what_matches_and_pages_it(lsscp):
    apps = accepted(lsscp, 5)
    Application.objects.filter(pk__in=[apps[1].pk, apps[4].pk]).update(education_country="CA")
    page = selectors.application_queue_page(
        page=2, counts=selectors.queue_counts(), per_page=1, status=S.ACCEPTED, country="CA"
    )
    assert page.paginator.count == 2
    assert [a.pk for a in page] == [apps[4].pk]


def test_queue_rows_read_only_what_the_table_shows(lsscp):
    accepted(lsscp, 2)
    page = selectors.application_queue_page(
        page=1, counts=selectors.queue_counts(), status=S.ACCEPTED
    )
    row = page[0]
    assert row.get_deferred_fields() >= {"education_note", "decision_reason"}
    assert "password" in row.candidate.get_deferred_fields()


@pytest.fixture
def shared_cache(settings):
    settings.SHARED_CACHE = True
    cache.clear()
    yield
    cache.clear()


def test_counts_are_kept_in_a_shared_cache_until_an_application_changes(
    lsscp, shared_cache, django_capture_on_commit_callbacks
):
    accepted(lsscp, 2)
    assert selectors.queue_counts()[S.ACCEPTED] == 2
    assert count_queries(selectors.queue_counts) == 0
    with django_capture_on_commit_callbacks(execute=True):
        accepted(lsscp, 1)
    assert selectors.queue_counts()[S.ACCEPTED] == 3
    with django_capture_on_commit_callbacks(execute=True):
        Application.objects.filter(status=S.ACCEPTED).first().delete()
    assert selectors.queue_counts()[S.ACCEPTED] == 2


def test_a_change_not_yet_committed_leaves_the_kept_counts_alone(lsscp, shared_cache):
    accepted(lsscp, 2)
    assert selectors.queue_counts()[S.ACCEPTED] == 2
    accepted(lsscp, 1)  # the test's transaction never commits, so the version stays
    assert selectors.queue_counts()[S.ACCEPTED] == 2


def test_the_queue_page_shows_the_kept_counts_and_pages(client, lsscp, staff, shared_cache):
    accepted(lsscp, 3)
    client.force_login(staff)
    url = reverse("applications:queue")
    text = client.get(url, {"status": "accepted"}).text
    assert "3 applications, oldest first" in text
    assert "Accepted: 3" in text
    assert count_queries(lambda: client.get(url, {"status": "accepted", "page": "1"})) < (
        count_queries(lambda: client.get(url, {"status": "accepted", "q": "e"}))
    )


@pytest.fixture
def one_minute(monkeypatch):
    """The queue's clock held in the middle of a minute: its kept page is filed under the
    minute, and requests that straddled the end of one (a busy machine) built it again."""
    from django.utils import timezone

    from certify.applications import queue_views

    held = timezone.now().replace(second=30, microsecond=0)

    class Held:
        def __getattr__(self, name):
            return getattr(timezone, name)

        def now(self):
            return held

    monkeypatch.setattr(queue_views, "timezone", Held())


def test_the_queue_page_is_kept_for_the_minute_and_replaced_when_an_application_changes(
    client, lsscp, staff, shared_cache, django_capture_on_commit_callbacks, one_minute
):
    first, *_ = accepted(lsscp, 3)
    client.force_login(staff)
    url = reverse("applications:queue")
    shown = client.get(url, {"status": "accepted"}).text
    again = None

    def visit():
        nonlocal again
        again = client.get(url, {"status": "accepted"}).text

    # The session and the signed-in person: nothing else (the person's saved filters, never in
    # the shared page (ADR 0048), are kept under their own version: casework.selectors).
    assert count_queries(visit) == 2

    def main(html):  # the kept part: without the header and the person's saved filters (their
        # forms' tokens change)
        return html.split('<main id="main"')[1].split('<section class="saved-filters"')[0]

    assert main(again) == main(shown)
    assert "3 applications, oldest first" in shown
    other = client.get(url, {"status": "withdrawn"}).text  # other filters, other content
    assert "No applications match these filters." in other
    with django_capture_on_commit_callbacks(execute=True):
        force_status(first, S.WITHDRAWN).save()  # any saved application starts a new version
    assert "2 applications, oldest first" in client.get(url, {"status": "accepted"}).text
    assert "1 application, oldest first" in client.get(url, {"status": "withdrawn"}).text


def test_without_a_shared_cache_the_queue_page_is_built_every_time(client, lsscp, staff):
    accepted(lsscp, 2)
    client.force_login(staff)
    url = reverse("applications:queue")
    client.get(url)
    assert count_queries(lambda: client.get(url)) > 2  # the session, the person, the queue


@pytest.mark.parametrize("value", ["", "CA", "NO"])
def test_the_country_list_is_the_html_django_would_write(value):
    choices = [("", "Any country"), ('X"<', "Tricky & <b>"), *countries]
    ours = QuickSelect(choices=choices, attrs={"aria-describedby": "help"})
    django = forms.Select(choices=choices, attrs={"aria-describedby": "help"})

    def normal(html: str) -> str:
        return " ".join(html.replace(">", "> ").replace("<", " <").split())

    assert normal(ours.render("country", value, {"id": "id_country"})) == normal(
        django.render("country", value, {"id": "id_country"})
    )


def test_a_queue_with_no_match_has_one_empty_page(client, lsscp, staff):
    accepted(lsscp, 1)
    client.force_login(staff)
    text = client.get(reverse("applications:queue"), {"status": "rejected", "page": "3"}).text
    assert "0 applications, oldest first" in text
    assert "No applications match these filters." in text


def test_a_page_filtered_by_status_is_one_query_and_any_other_filter_adds_its_count(lsscp):
    accepted(lsscp, 3)
    counts = selectors.queue_counts()

    def shown(**filters):
        return lambda: list(selectors.application_queue_page(page=1, counts=counts, **filters))

    few = count_queries(shown(status=S.ACCEPTED))
    assert few == 1  # the rows; the number of matches is counts[status]
    assert count_queries(shown(status=S.ACCEPTED, country="US")) == 2  # counted, then the rows
    accepted(lsscp, 60)
    counts = selectors.queue_counts()
    assert count_queries(shown(status=S.ACCEPTED)) == few


def test_a_staff_members_own_application_is_marked_in_the_queue_kept_for_them_alone(
    client, lsscp, staff, shared_cache, one_minute
):
    """Their own application's staff page refuses them (ADR 0048): the queue names it "Your own
    application", with the way to their candidate page, not the staff page. The kept page is
    theirs alone (a colleague's shows the usual link), and the rows cost no more queries."""
    from tests.factories import UserFactory

    accepted(lsscp, 2)
    dual = UserFactory(roles=["candidate", "program_staff"])
    own = ApplicationFactory(program=lsscp, status=S.ACCEPTED, candidate=dual)
    url = reverse("applications:queue")
    client.force_login(dual)
    mine = client.get(url, {"status": "accepted"}).text
    assert f'<a href="{own.get_absolute_url()}">Your own application</a>' in mine
    assert reverse("applications:staff_detail", args=[own.pk]) not in mine
    client.force_login(staff)
    theirs = client.get(url, {"status": "accepted"}).text
    assert "Your own application" not in theirs
    assert reverse("applications:staff_detail", args=[own.pk]) in theirs


def test_the_queue_marks_the_own_application_with_the_same_queries(client, lsscp):
    from tests.factories import UserFactory

    dual = UserFactory(roles=["candidate", "program_staff"])
    client.force_login(dual)
    url = reverse("applications:queue")
    ApplicationFactory(program=lsscp, status=S.SUBMITTED)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    ApplicationFactory(program=lsscp, status=S.SUBMITTED, candidate=dual)
    for _ in range(4):
        ApplicationFactory(program=lsscp, status=S.SUBMITTED)
    page = client.get(url).text
    assert "Your own application" in page
    assert count_queries(lambda: client.get(url)) == few
