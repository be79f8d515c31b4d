"""Saved filters on the staff queues (ADR 0048): per account, listed as links, deleted after a
confirmation; another person's saved filter is not found."""

import pytest
from django.urls import reverse

from certify.casework.models import SavedFilter
from tests.conftest import count_queries, writes_during

QUEUES = [
    ("applications:queue", "/staff/applications/", "assigned=me&status=more_info"),
    ("portfolios:staff_submissions", "/staff/portfolios/", "assigned=none&needs_reviewers=on"),
    ("renewals:staff_queue", "/staff/renewals/", "audited=yes&status=in_audit"),
    ("payments:staff_invoices", "/payments/staff/invoices/", "status=void"),
]


@pytest.mark.parametrize(("queue", "url", "query"), QUEUES)
def test_a_staff_member_saves_the_current_filter_and_sees_it_as_a_link(
    client, staff_user, queue, url, query
):
    client.force_login(staff_user)
    page = client.get(f"{url}?{query}&page=1").text
    assert "Save this filter as" in page
    assert f'name="query" value="{query.replace("&", "&amp;")}"' in page  # without the page
    response = client.post(
        reverse("casework:filter_save"), {"queue": queue, "name": "My mornings", "query": query}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?{query}"
    saved = SavedFilter.objects.get(owner=staff_user)
    assert (saved.queue, saved.name, saved.query) == (queue, "My mornings", query)
    html = client.get(url).text
    assert f'<a href="{url}?{query.replace("&", "&amp;")}">My mornings</a>' in html
    assert reverse("casework:filter_delete_confirm", args=[saved.pk]) in html


def test_saved_filters_are_per_account(client, staff_user, other_staff):
    SavedFilter.objects.create(owner=other_staff, queue="applications:queue", name="Theirs")
    client.force_login(staff_user)
    assert "Theirs" not in client.get("/staff/applications/").text


def test_a_name_is_needed_and_used_once_per_queue_and_what_was_typed_is_kept(client, staff_user):
    client.force_login(staff_user)
    url = reverse("casework:filter_save")
    empty = client.post(url, {"queue": "renewals:staff_queue", "name": " ", "query": "a=1"})
    assert empty.status_code == 400
    assert "Give the filter a name." in empty.text
    client.post(url, {"queue": "renewals:staff_queue", "name": "Audits", "query": "audited=yes"})
    again = client.post(url, {"queue": "renewals:staff_queue", "name": "Audits", "query": "q=x"})
    assert again.status_code == 400
    assert "You already have a filter named “Audits” here" in again.text
    assert 'value="Audits"' in again.text
    other_queue = client.post(url, {"queue": "payments:staff_invoices", "name": "Audits"})
    assert other_queue.status_code == 302
    elsewhere = client.post(url, {"queue": "admin:index", "name": "x"})
    assert elsewhere.status_code == 400
    assert "Filters can be saved on the staff queues only." in elsewhere.text


def test_deleting_asks_first_and_the_question_changes_nothing(client, staff_user):
    saved = SavedFilter.objects.create(
        owner=staff_user, queue="renewals:staff_queue", name="Audits", query="audited=yes"
    )
    client.force_login(staff_user)
    confirm_url = reverse("casework:filter_delete_confirm", args=[saved.pk])
    assert writes_during(lambda: client.get(confirm_url)) == []
    page = client.get(confirm_url).text
    assert "Delete your saved filter “Audits”?" in page
    assert "Yes, delete this saved filter" in page
    assert client.get(reverse("casework:filter_delete", args=[saved.pk])).status_code == 405
    response = client.post(reverse("casework:filter_delete", args=[saved.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/staff/renewals/"
    assert not SavedFilter.objects.exists()


def test_another_persons_saved_filter_is_not_found(client, staff_user, other_staff):
    theirs = SavedFilter.objects.create(owner=other_staff, queue="applications:queue", name="T")
    client.force_login(staff_user)
    assert (
        client.get(reverse("casework:filter_delete_confirm", args=[theirs.pk])).status_code == 404
    )
    assert client.post(reverse("casework:filter_delete", args=[theirs.pk])).status_code == 404
    assert SavedFilter.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_only_staff_save_filters(db, client_as, role):
    client = client_as(role)
    response = client.post(
        reverse("casework:filter_save"), {"queue": "applications:queue", "name": "x"}
    )
    assert response.status_code == 403
    assert not SavedFilter.objects.exists()


def test_the_list_of_saved_filters_is_one_query(client, staff_user):
    client.force_login(staff_user)
    SavedFilter.objects.create(owner=staff_user, queue="payments:staff_invoices", name="A")
    few = count_queries(lambda: client.get("/payments/staff/invoices/"))
    for name in "BCDE":
        SavedFilter.objects.create(owner=staff_user, queue="payments:staff_invoices", name=name)
    assert count_queries(lambda: client.get("/payments/staff/invoices/")) == few


def test_the_list_is_the_owners_in_order_and_prepared_on_postgresql(staff_user, other_staff):
    from django.db import connection

    from certify.casework.selectors import saved_filter_list_for, saved_filters_for

    for owner, name in [(staff_user, "B"), (other_staff, "X"), (staff_user, "A")]:
        SavedFilter.objects.create(owner=owner, queue="applications:queue", name=name)
    SavedFilter.objects.create(owner=staff_user, queue="renewals:staff_queue", name="R")
    for _ in range(6):
        for owner in (staff_user, other_staff):
            got = saved_filter_list_for(owner=owner, queue="applications:queue")
            want = list(saved_filters_for(owner=owner, queue="applications:queue"))
            assert [(f.pk, f.name, f.query, f.owner_id) for f in got] == [
                (f.pk, f.name, f.query, f.owner_id) for f in want
            ]
    assert {
        f.name for f in saved_filter_list_for(owner=staff_user, queue="applications:queue")
    } == {
        "A",
        "B",
    }  # the owner's, of this queue only
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            table = SavedFilter._meta.db_table
            assert sum(table in row[0] for row in cursor.fetchall()) == 1


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=accepted&page=50",
        "q=a+b%2Bc%25d&q=&country=FR&page=2&csrfmiddlewaretoken=x&format=csv",
        "q=%C3%A9l%C3%A8ve+%26+co%3D1&status=more_info&assigned=me",
        "q=%FF%FE&z=1&a=2&a=1",
        "flag&=empty&q=%E2%80%9Cquoted%E2%80%9D",
    ],
)
def test_the_saved_query_of_a_requests_get_is_that_of_its_query_string(rf, query):
    """The queue's tag passes `request.GET` itself: the same saved query as its query string."""
    from certify.casework.services import filter_query

    request = rf.get(f"/staff/applications/?{query}")
    assert filter_query(request.GET) == filter_query(request.GET.urlencode())
    assert filter_query(request.GET) == filter_query(query)
