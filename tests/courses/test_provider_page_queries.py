"""The provider's pages that list things and had no query-count test (the others are in
test_views.py, test_imports.py, test_consent_pages.py and test_provider_home.py): the
registration page's list of the person's organizations, a course's page (its competency map and
history), an upload's page (its rows with errors) and the one-completion form (its courses).
Each takes the same queries however many rows it lists."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.courses import services
from certify.courses.models import CompletionImport
from tests.conftest import count_queries
from tests.courses.conftest import approved_course, csv_upload
from tests.factories import ProviderFactory, UserFactory


def test_the_registration_page_lists_organizations_in_a_fixed_number_of_queries(client, db):
    user = UserFactory(roles=[Role.PROVIDER])
    ProviderFactory(staff=[user])
    client.force_login(user)
    url = reverse("courses:register")
    few = count_queries(lambda: client.get(url))
    for status in ("pending", "approved", "suspended"):
        ProviderFactory(staff=[user], status=status)
    assert count_queries(lambda: client.get(url)) == few


def test_a_courses_page_keeps_a_fixed_number_of_queries_however_long_its_history(
    client, provider, provider_user, course, staff
):
    client.force_login(provider_user)
    url = reverse("courses:course_edit", args=[provider.pk, course.pk])
    assert client.get(url).status_code == 200
    few = count_queries(lambda: client.get(url))
    for _ in range(2):
        services.course_approval_suspend(course=course, actor=staff, reason="Checking.")
        services.course_approval_reinstate(course=course, actor=staff, reason="Checked.")
        course.refresh_from_db()
    assert course.transitions.count() >= 4
    assert count_queries(lambda: client.get(url)) == few


def _upload(provider, provider_user, course, bad_rows: int) -> CompletionImport:
    day = timezone.localdate() - timedelta(days=1)
    rows = [f"someone{i}@example.org,Some One,not a date" for i in range(bad_rows)]
    rows.append(f"x@example.org,X Y,{day.isoformat()}")
    return services.completion_import_start(
        provider=provider,
        course=course,
        actor=provider_user,
        upload=csv_upload("email,full_name,completed_on\n" + "\n".join(rows) + "\n"),
    )


def test_an_uploads_page_keeps_a_fixed_number_of_queries_however_many_rows_are_wrong(
    client, provider, provider_user, course, django_capture_on_commit_callbacks
):
    client.force_login(provider_user)
    with django_capture_on_commit_callbacks(execute=True):
        one = _upload(provider, provider_user, course, 1)
        many = _upload(provider, provider_user, course, 12)
    for imp, bad in ((one, 1), (many, 12)):  # checked after commit, as the worker does
        imp.refresh_from_db()
        assert imp.error_count == bad
    few = count_queries(lambda: client.get(one.get_absolute_url()))
    assert count_queries(lambda: client.get(many.get_absolute_url())) == few


def test_the_one_completion_form_keeps_a_fixed_number_of_queries(
    client, provider, provider_user, course
):
    client.force_login(provider_user)
    url = reverse("courses:completion_report", args=[provider.pk])
    few = count_queries(lambda: client.get(url))
    for i in range(4):
        approved_course(provider=provider, competency_set=course.competency_set, title=f"C{i}")
    assert count_queries(lambda: client.get(url)) == few
