"""A provider's home: its courses grouped by where their approval stands, the approvals ending
soon (their renewal is open), and the recent completion imports, each a link to its page; a
fixed number of queries however many there are."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.courses.models import CompletionImport, Course
from tests.courses.conftest import approve
from tests.factories import CourseFactory
from tests.workflow import force_status


def make_course(provider, competency_set, title, status=Course.Status.DRAFT, **fields):
    course = CourseFactory(provider=provider, competency_set=competency_set, title=title, **fields)
    return force_status(course, status) if status != Course.Status.DRAFT else course


def make_import(provider, course, name="spring.csv"):
    return CompletionImport.objects.create(
        provider=provider, course=course, file=f"imports/{name}", original_name=name, total_rows=12
    )


@pytest.fixture
def home(client, provider, provider_user):
    client.force_login(provider_user)
    url = reverse("courses:provider", args=[provider.pk])
    return lambda **params: client.get(url, params)


def section(html: str, heading_id: str) -> str:
    """The part of the page from the heading with this id to the next h2."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<h2", start)
    return html[start : end if end != -1 else None]


def headings(html: str) -> list[str]:
    return re.findall(r'<h3 id="state-\d+">([^<]+)</h3>', html)


def test_courses_are_grouped_by_where_their_approval_stands(home, provider, ct, tec):
    today = timezone.localdate()
    draft = make_course(provider, ct, "Draft course")
    in_review = make_course(provider, ct, "Under review", Course.Status.SUBMITTED)
    returned = make_course(provider, ct, "Sent back", Course.Status.RETURNED)
    listed = approve(make_course(provider, tec, "Approved course"))
    renewing = approve(make_course(provider, tec, "Renewing course"))
    force_status(renewing, Course.Status.SUBMITTED)  # its renewal is being evaluated
    ended = approve(make_course(provider, ct, "Old course"), on=today - timedelta(days=5 * 365))
    withdrawn = make_course(provider, ct, "Given up", Course.Status.WITHDRAWN)

    html = home().text
    assert headings(html) == [
        "Approved, in the catalog",
        "Submitted, being evaluated",
        "Returned for changes",
        "Drafts",
        "Approval ended",
        "Withdrawn",
    ]
    groups = dict(
        zip(
            headings(html),
            re.split(r'<h3 id="state-\d+">', section(html, "courses"))[1:],
            strict=True,
        )
    )
    placed = {
        "Approved, in the catalog": [listed, renewing],
        "Submitted, being evaluated": [in_review],
        "Returned for changes": [returned],
        "Drafts": [draft],
        "Approval ended": [ended],
        "Withdrawn": [withdrawn],
    }
    for label, courses in placed.items():
        links = re.findall(r'<a href="([^"]+)">', groups[label])
        assert links == [c.get_provider_url() for c in courses], label
    # The counts are links to each group alone.
    assert '<a href="?state=listed#courses">Approved, in the catalog (2)</a>' in html
    assert "All (7)" in html


def test_one_group_alone(home, provider, ct):
    make_course(provider, ct, "Draft course")
    make_course(provider, ct, "Under review", Course.Status.SUBMITTED)
    html = home(state="draft").text
    assert headings(html) == ["Drafts"]
    assert "Under review" not in section(html, "courses")
    assert headings(home(state="nonsense").text) == ["Submitted, being evaluated", "Drafts"]


def test_approvals_ending_within_a_year_are_listed_soonest_first(home, provider, ct, tec):
    today = timezone.localdate()
    later = approve(
        make_course(provider, ct, "Ends in ten months"), on=today - timedelta(days=1150)
    )
    soon = approve(make_course(provider, tec, "Ends next month"), on=today - timedelta(days=1430))
    approve(make_course(provider, ct, "Just approved"))
    approve(make_course(provider, ct, "Already ended"), on=today - timedelta(days=5 * 365))
    assert soon.approval_expires_on < later.approval_expires_on < today + timedelta(days=365)

    ending = section(home().text, "ending")
    links = re.findall(r'<a href="([^"]+)">', ending)
    assert links == [soon.get_provider_url(), later.get_provider_url()]
    assert f"approved until {soon.approval_expires_on:%B %-d, %Y}" in ending


def test_no_approval_ending_is_said(home, provider, ct):
    approve(make_course(provider, ct, "Just approved"))
    assert "No approval ends within a year." in section(home().text, "ending")


def test_recent_imports_link_to_their_pages(home, provider, course):
    imports = [make_import(provider, course, f"batch-{n}.csv") for n in range(7)]
    part = section(home().text, "imports")
    links = re.findall(r'<a href="([^"]+)">batch', part)
    assert links == [i.get_absolute_url() for i in reversed(imports)][:5]  # newest first
    assert "Checking the rows".lower() in part
    assert reverse("courses:imports", args=[provider.pk]) in part


def test_no_imports_yet_points_to_the_import_page(home, provider):
    part = section(home().text, "imports")
    assert "No completions imported yet." in part
    assert reverse("courses:imports", args=[provider.pk]) in part


def test_the_home_takes_the_same_queries_however_many_courses_and_imports(
    home, provider, ct, tec, course, django_assert_num_queries, django_assert_max_num_queries
):
    make_import(provider, course)
    home()  # warm: the session, the signed-in person and their roles
    with django_assert_max_num_queries(16) as few:
        home()
    for n in range(6):
        make_course(provider, ct, f"Draft {n}")
        make_course(provider, tec, f"Review {n}", Course.Status.SUBMITTED)
        approve(
            make_course(provider, tec, f"Ending {n}"),
            on=timezone.localdate() - timedelta(days=1400),
        )
        make_import(provider, course, f"more-{n}.csv")
    with django_assert_num_queries(len(few.captured_queries)):
        response = home()
    assert len(headings(response.text)) == 3
