"""After a save that worked, the provider's forms' redirects name their own fragment (ADR 0043):
the forms post to `…#<form>-errors`, and a browser keeps that fragment across a redirect whose
address names none, so the saved page's address would aim at a summary that is not there. A new
API key is the exception: it is shown on the page the post renders, since it is never stored
(not even in a session) and the redirect would have nothing to show it from."""

from django.urls import reverse
from django.utils import timezone

from certify.courses.models import Course, CourseCompletion, Provider
from tests.courses.conftest import enrol
from tests.forms_once import once_post

NEW_COURSE = {
    "title": "Communicating at the Library Desk",
    "description": "Listening, writing and teamwork.",
    "format": "online",
    "self_paced": "on",
    "cost_cents": "$185",
    "assessments": "Weekly assignments and a final project.",
    "instructors": "Maya Torres, MLIS.",
}


def saved_to(response, url: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == f"{url}#main"


def test_a_new_course_and_its_details_saved_open_its_page_at_the_main_content(
    client, provider, provider_user, ct
):
    client.force_login(provider_user)
    response = client.post(
        reverse("courses:course_new", args=[provider.pk]), {**NEW_COURSE, "competency_set": ct.pk}
    )
    course = Course.objects.get()
    saved_to(response, course.get_provider_url())
    edited = {**NEW_COURSE, "competency_set": ct.pk, "cost_cents": "199"}
    edited = client.post(course.get_provider_url(), edited)
    saved_to(edited, course.get_provider_url())
    course.refresh_from_db()
    assert course.cost_cents == 19900


def test_a_completion_reported_opens_the_report_page_at_its_main_content(
    client, lsscp, provider, provider_user, course
):
    enrol(lsscp, email="dana@example.org", name="Dana Okafor", names=course)
    client.force_login(provider_user)
    url = reverse("courses:completion_report", args=[provider.pk])
    form = {"course": course.pk, "email": "dana@example.org", "full_name": "Dana Okafor"}
    form["completed_on"] = timezone.localdate().isoformat()  # approved today
    saved_to(client.post(url, form), url)
    assert CourseCompletion.objects.filter(course=course).count() == 1


def test_a_new_api_key_is_a_page_of_its_own_not_a_redirect_and_not_kept_in_the_session(
    client, provider, provider_user
):
    client.force_login(provider_user)
    response = once_post(
        client, reverse("courses:api_keys", args=[provider.pk]), {"name": "Moodle"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert 'value="cpk_' in response.text
    assert "cpk_" not in str(dict(client.session))


def test_a_registered_organization_opens_the_registration_page_at_its_main_content(
    client, django_user_model
):
    person = django_user_model.objects.create_user(email="coordinator@example.org", password="x")
    client.force_login(person)
    url = reverse("courses:register")
    form = {"name": "Prairie Community College", "kind": "college"}
    form["contact_email"] = "ce@prairie.example.org"
    saved_to(client.post(url, form), url)
    assert Provider.objects.get().name == "Prairie Community College"
