"""A suspended provider's people are told what they can still do, and that is what works: their
courses stay in view, completions dated before the suspension are still reported (from the page's
CSV), submitting courses waits for program staff (ADR 0009)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from certify.courses import services
from certify.courses.models import CompletionImport
from certify.courses.services.courses import submission_problems
from tests.courses.conftest import approved_course, csv_upload, enrol
from tests.factories import CourseFactory, ProviderFactory


def test_the_suspended_providers_people_read_what_they_can_still_do_and_can_do_it(
    client, lsscp, provider, provider_user, ct, staff, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    course = approved_course(provider=provider, competency_set=ct, on=today - timedelta(days=30))
    enrol(lsscp, email="ann@example.org", name="Ann Lee", names=course)
    draft = CourseFactory(provider=provider, competency_set=ct, title="A draft")
    services.provider_approval_suspend(provider=provider, actor=staff, reason="Under review.")
    provider.refresh_from_db()

    client.force_login(provider_user)
    home = client.get(reverse("courses:provider_home")).text
    assert f'<a href="{provider.get_absolute_url()}">{provider.name}</a>' in home
    assert "You can still see its courses and report completions dated before the suspension." in (
        home
    )
    page = client.get(provider.get_absolute_url()).text
    assert f"Program staff have suspended the approval of {provider.name} since " in page
    assert "have not approved" not in page
    assert course.title in page
    assert submission_problems(course=draft)[0] == (
        f"Program staff have suspended the approval of {provider.name}: submitting and "
        "renewing courses wait until they reinstate it."
    )

    before, after = today - timedelta(days=1), today
    text = (
        "email,full_name,completed_on\n"
        f"ann@example.org,Ann Lee,{before.isoformat()}\n"
        f"ann@example.org,Ann Lee,{after.isoformat()}\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("courses:imports", args=[provider.pk]),
            {"course": course.pk, "file": csv_upload(text)},
        )
    assert response.status_code == 302
    imp = CompletionImport.objects.get()
    assert imp.status == CompletionImport.Status.CHECKED
    results = [(row["line"], row["result"]) for row in imp.preview]
    assert results == [(2, "ready"), (3, "error")]
    assert "completions dated from that day on do not count" in imp.preview[1]["message"]


def test_a_provider_waiting_for_approval_still_reads_that_it_waits(client, provider_user, db):
    waiting = ProviderFactory(name="New School", status="pending", staff=[provider_user])
    client.force_login(provider_user)
    page = client.get(waiting.get_absolute_url()).text
    assert "Program staff have not approved New School yet." in page
    assert "suspended" not in page
