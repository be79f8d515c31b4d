"""The consent pages (ADR 0021): the candidate's providers page and the provider's invitations
page keep a fixed number of queries, and the candidate's page speaks to the candidate."""

from django.urls import reverse

from certify.courses import services
from tests.conftest import count_queries
from tests.courses.conftest import approved_course, enrol


def test_the_candidates_providers_page_keeps_a_fixed_number_of_queries(
    client, lsscp, provider, provider_user, ct
):
    dana = enrol(lsscp, email="dana@example.org")
    client.force_login(dana.candidate)
    url = reverse("courses:consents")

    def invite(n):
        for i in range(n):
            course = approved_course(provider=provider, competency_set=ct, title=f"Course {i}-{n}")
            services.consent_invite(
                provider=provider, course=course, actor=provider_user, who="dana@example.org"
            )

    invite(1)
    few = count_queries(lambda: client.get(url))
    invite(4)
    assert count_queries(lambda: client.get(url)) == few
    assert "Course 3-4" in client.get(url).text


def test_the_invitations_page_keeps_a_fixed_number_of_queries(
    client, lsscp, provider, provider_user, course
):
    client.force_login(provider_user)
    url = reverse("courses:invitations", args=[provider.pk])

    def invite(n, start):
        for i in range(start, start + n):
            services.consent_invite(
                provider=provider, course=course, actor=provider_user, who=f"c{i}@example.org"
            )

    invite(1, 0)
    few = count_queries(lambda: client.get(url))
    invite(4, 1)
    assert count_queries(lambda: client.get(url)) == few
    assert "c4@example.org" in client.get(url).text


def test_the_candidates_providers_page_speaks_to_the_candidate(
    client, lsscp, provider, provider_user, course
):
    """The candidate reads "You named it in your plan", not a label written about them."""
    dana = enrol(lsscp, email="dana@example.org")
    planned = dana.planned_sets.get(competency_set=course.competency_set)
    services.course_name_in_plan(planned=planned, actor=dana.candidate, course=course)
    client.force_login(dana.candidate)
    page = client.get(reverse("courses:consents")).text
    assert "You named it in your plan" in page
    assert "candidate's plan" not in page
    assert f'Withdraw consent<span class="visually-hidden"> for {course.title}</span>' in page
