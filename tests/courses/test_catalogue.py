"""The public catalogue: filters, full-text search on PostgreSQL and SQLite, pages, queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from certify.courses.models import Course
from certify.courses.selectors import catalogue
from tests.conftest import count_queries
from tests.courses.conftest import approved_course
from tests.factories import CourseFactory, ProviderFactory
from tests.workflow import force_status


@pytest.fixture
def shelf(lsscp, provider, ct, tec):
    """Four approved courses, one expired, one draft."""
    today = timezone.localdate()
    other = ProviderFactory(name="State Library of Ohio", kind="state_library")
    return {
        "desk": approved_course(
            provider=provider,
            competency_set=ct,
            title="Communicating at the Library Desk",
            description="Reference interviews and difficult conversations.",
            format="online",
            self_paced=True,
            start_date=None,
            cost_cents=0,
        ),
        "tech": approved_course(
            provider=provider,
            competency_set=tec,
            title="Library Technology Essentials",
            description="The integrated library system, printers and privacy.",
            format="hybrid",
            start_date=today + timedelta(days=60),
            cost_cents=26000,
        ),
        "teams": approved_course(
            provider=other,
            competency_set=ct,
            title="Working in Teams",
            description="Collaboration for library workers.",
            format="in_person",
            start_date=today + timedelta(days=10),
            cost_cents=9900,
        ),
        "old": approved_course(
            provider=other,
            competency_set=tec,
            title="Computers in the Library (retired)",
            on=today - timedelta(days=365 * 4 + 1),
        ),
        "draft": CourseFactory(provider=provider, competency_set=ct, title="Draft Course"),
    }


def titles(qs):
    return [c.title for c in qs]


def test_only_courses_approved_today_are_listed_soonest_first(shelf):
    assert titles(catalogue()) == [
        "Working in Teams",
        "Library Technology Essentials",
        "Communicating at the Library Desk",  # self-paced last
    ]


def test_filters_by_set_format_provider_cost_and_start(shelf, lsscp):
    today = timezone.localdate()
    assert titles(catalogue(set_code="ct")) == [
        "Working in Teams",
        "Communicating at the Library Desk",
    ]
    assert titles(catalogue(course_format="hybrid")) == ["Library Technology Essentials"]
    other = shelf["teams"].provider
    assert titles(catalogue(provider_id=other.pk)) == ["Working in Teams"]
    assert titles(catalogue(max_cost_cents=9900)) == [
        "Working in Teams",
        "Communicating at the Library Desk",
    ]
    # Self-paced courses start any day, so they match every start-date filter.
    assert titles(catalogue(starts_from=today + timedelta(days=30))) == [
        "Library Technology Essentials",
        "Communicating at the Library Desk",
    ]
    assert titles(catalogue(starts_until=today + timedelta(days=30))) == [
        "Working in Teams",
        "Communicating at the Library Desk",
    ]


def test_search_finds_words_in_the_title_description_provider_and_set(shelf):
    assert titles(catalogue(search="printers")) == ["Library Technology Essentials"]
    assert titles(catalogue(search="ohio")) == ["Working in Teams"]
    assert set(titles(catalogue(search="teamwork"))) == {  # the set's name
        "Working in Teams",
        "Communicating at the Library Desk",
    }
    assert titles(catalogue(search="retired")) == []  # expired
    assert titles(catalogue(search="draft")) == []


def test_search_on_postgresql_is_stemmed_and_ranked(shelf):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search (runs in the PostgreSQL suite)")
    # "communicate" shares a stem with the title "Communicating…" and with the set's name
    # "Communication and Teamwork": the title match ranks first.
    assert titles(catalogue(search="communicate")) == [
        "Communicating at the Library Desk",
        "Working in Teams",
    ]
    assert "Library Technology Essentials" not in titles(catalogue(search="library -technology"))
    assert titles(catalogue(search="teams"))[0] == "Working in Teams"


def test_postgresql_search_uses_the_gin_index(shelf):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from django.contrib.postgres.search import SearchQuery, SearchVector

    query = SearchQuery("library", config="english", search_type="websearch")
    qs = Course.objects.alias(document=SearchVector("search_document", config="english")).filter(
        document=query
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "courses_course_search_gin" in plan


def test_search_on_sqlite_matches_every_word_as_typed(shelf):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's simpler match")
    assert titles(catalogue(search="communicat desk")) == ["Communicating at the Library Desk"]
    assert titles(catalogue(search="communicate")) == []  # no stemming here


def test_the_page_filters_searches_and_paginates(client, shelf):
    url = reverse("courses:catalogue")
    page = client.get(url).text
    assert "3 courses" in page
    assert "Communicating at the Library Desk" in page
    assert "Computers in the Library" not in page
    filtered = client.get(url, {"set": "TEC", "format": "hybrid"}).text
    assert "1 course" in filtered
    assert "Library Technology Essentials" in filtered


def test_htmx_gets_only_the_results(client, shelf):
    response = client.get(
        reverse("courses:catalogue"), {"q": "printers"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in response.text
    assert "Library Technology Essentials" in response.text
    assert "matching “printers”" in response.text


def test_a_bad_filter_is_explained_and_the_rest_still_applies(client, shelf):
    response = client.get(reverse("courses:catalogue"), {"starts_from": "soon", "set": "TEC"})
    assert "Enter the date as year-month-day" in response.text
    assert "Library Technology Essentials" in response.text
    assert "Working in Teams" not in response.text
    assert 'value="soon"' in response.text


def test_pages_of_twenty(client, lsscp, provider, ct):
    for i in range(23):
        approved_course(provider=provider, competency_set=ct, title=f"Course {i:02d}")
    first = client.get(reverse("courses:catalogue")).text
    assert "23 courses" in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("courses:catalogue"), {"page": 2}).text
    assert second.count('class="card"') == 3


def test_the_catalogue_keeps_a_fixed_number_of_queries(client, lsscp, provider, ct, tec):
    url = reverse("courses:catalogue")
    approved_course(provider=provider, competency_set=ct)
    few = count_queries(lambda: client.get(url, {"q": "course"}))
    for i in range(6):
        approved_course(
            provider=ProviderFactory(), competency_set=tec if i % 2 else ct, title=f"Course {i}"
        )
    assert count_queries(lambda: client.get(url, {"q": "course"})) == few


def test_a_course_page_shows_the_map_and_how_to_enrol(client, shelf):
    course = shelf["tech"]
    course.url = "https://northside.example.edu/tech"
    course.save()
    page = client.get(reverse("courses:detail", args=[course.pk])).text
    assert "Library Technology Essentials" in page
    assert "Enroll with Northside Community College" in page
    first = course.competency_set.competencies.first()
    assert first.statement in page


def test_expired_and_unapproved_courses_have_no_public_page(client, shelf):
    for key in ("old", "draft"):
        assert client.get(reverse("courses:detail", args=[shelf[key].pk])).status_code == 404


# --- The provider filter ------------------------------------------------------------------------


def test_the_provider_filter_lists_providers_with_a_listed_course_by_name(shelf, lsscp, provider):
    from certify.courses.selectors import catalogue_providers

    quiet = ProviderFactory(name="Acme Training")  # only a withdrawn course, still approved
    withdrawn = approved_course(provider=quiet, competency_set=shelf["desk"].competency_set)
    force_status(withdrawn, Course.Status.WITHDRAWN)
    ProviderFactory(name="Brand New Provider")  # no course at all
    other = shelf["teams"].provider
    assert list(catalogue_providers(program=lsscp)) == [
        (provider.pk, "Northside Community College"),
        (other.pk, "State Library of Ohio"),
    ]


def test_the_provider_filter_keeps_the_choice_and_renders_like_djangos_select():
    from django import forms

    from certify.core.widgets import QuickSelect
    from certify.courses.forms import CatalogueFilterForm

    choices = [("", "Any <provider>"), (1, "A & B"), (2, 'Say "hi"'), ("2", "again")]
    for value in (None, "", "1", 2, "zz"):
        for attrs in (None, {"id": "id_p", "aria-invalid": "true", "disabled": True, "x": False}):
            expected = forms.Select(choices=choices).render("provider", value, attrs=attrs)
            assert QuickSelect(choices=choices).render("provider", value, attrs=attrs) == expected
    form = CatalogueFilterForm({"provider": "2"}, providers=[(1, "One"), (2, "Two")])
    assert '<option value="2" selected>Two</option>' in str(form["provider"])
    assert form.is_valid()
    assert form.cleaned_data["provider"] == 2


# --- PostgreSQL: the stored search vector (migration 0004) -------------------------------------


def test_the_stored_search_vector_ranks_exactly_as_the_computed_one(shelf):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    from certify.courses.search import StoredSearchVector

    query = SearchQuery("library communicate", config="english", search_type="websearch")
    weighted = SearchVector("title", config="english", weight="A") + SearchVector(
        "search_document", config="english", weight="B"
    )
    rows = Course.objects.annotate(
        stored=SearchRank(StoredSearchVector(), query), computed=SearchRank(weighted, query)
    ).values_list("stored", "computed")
    assert len(rows) == 5
    assert all(stored == computed for stored, computed in rows)
    assert any(stored > 0 for stored, _ in rows)


def test_a_searched_catalogue_can_be_a_subquery(shelf):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    matches = catalogue(search="printers").values("pk")
    assert list(Course.objects.filter(pk__in=matches).values_list("title", flat=True)) == [
        "Library Technology Essentials"
    ]
