"""The pages of a provider's day tried as an attacker would, where the outsider passes
(tests/security/test_outsider_pass_providers.py) and the refused-roles test (test_views.py) do
not already: another provider's people through their own provider's address with this one's ids
(a course, a key) or through this one's address with a real body (a key made, a candidate
invited); a suspended provider making a key or renewing a course; a key's revocation and a
course's submission replayed; and a plain GET of every page that changes something. Each is
refused and changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.courses import services
from certify.courses.models import Course, CourseTransition, ProviderApiKey, ProviderConsent
from certify.courses.services.providers import provider_api_stop_words
from tests.courses.conftest import full_map, pdf_upload
from tests.factories import CourseFactory


@pytest.fixture
def key(provider, provider_user) -> ProviderApiKey:
    return services.api_key_create(provider=provider, actor=provider_user, name="Records")[0]


@pytest.fixture
def theirs(other_provider_user):
    """The other provider, whose person attacks `provider`."""
    return other_provider_user.provider_organisations.get()


def test_another_providers_person_reaches_no_course_or_key_through_their_own_address(
    client, other_provider_user, theirs, course, key
):
    client.force_login(other_provider_user)
    competency = course.competency_set.competencies.first()
    tried = [
        ("get", reverse("courses:course_edit", args=[theirs.pk, course.pk])),
        ("post", reverse("courses:course_edit", args=[theirs.pk, course.pk])),
        ("get", reverse("courses:course_withdraw_confirm", args=[theirs.pk, course.pk])),
        ("post", reverse("courses:course_withdraw", args=[theirs.pk, course.pk])),
        ("post", reverse("courses:course_submit", args=[theirs.pk, course.pk])),
        ("post", reverse("courses:course_map", args=[theirs.pk, course.pk, competency.pk])),
        ("post", reverse("courses:api_key_revoke", args=[theirs.pk, key.pk])),
    ]
    for method, url in tried:
        assert getattr(client, method)(url).status_code == 404, f"{method} {url}"
    course.refresh_from_db()
    key.refresh_from_db()
    assert course.status == Course.Status.APPROVED
    assert key.revoked_at is None


def test_another_providers_person_makes_no_key_and_invites_nobody_for_this_provider(
    client, other_provider_user, provider, course
):
    client.force_login(other_provider_user)
    made = client.post(
        reverse("courses:api_keys", args=[provider.pk]), {"name": "Theirs", "days": "30"}
    )
    invited = client.post(
        reverse("courses:invitations", args=[provider.pk]),
        {"course": course.pk, "who": "dana@example.org"},
    )
    listed = client.get(reverse("courses:invitations", args=[provider.pk]))
    assert (made.status_code, invited.status_code, listed.status_code) == (404, 404, 404)
    assert not ProviderApiKey.objects.exists()
    assert not ProviderConsent.objects.exists()


def test_a_suspended_provider_makes_no_key_and_renews_nothing_and_is_told_why(
    client, provider, provider_user, course, staff
):
    Course.objects.filter(pk=course.pk).update(
        approval_expires_on=timezone.localdate() + timedelta(days=60)
    )
    services.provider_approval_suspend(provider=provider, actor=staff, reason="Under review.")
    provider.refresh_from_db()
    client.force_login(provider_user)
    made = client.post(
        reverse("courses:api_keys", args=[provider.pk]), {"name": "Records", "days": "30"}
    )
    assert made.status_code == 400
    assert not ProviderApiKey.objects.exists()
    # the refusal says what the suspension means, not that the provider waits for approval
    assert provider_api_stop_words(provider) in made.text
    assert "once program staff approve" not in made.text
    renewed = client.post(
        reverse("courses:course_submit", args=[provider.pk, course.pk]), follow=True
    )
    assert "submitting and renewing courses wait until they reinstate it" in renewed.text
    course.refresh_from_db()
    assert course.fee_invoice is None


def test_a_revocation_sent_again_changes_nothing_and_says_so(client, provider_user, key):
    client.force_login(provider_user)
    url = reverse("courses:api_key_revoke", args=[key.provider_id, key.pk])
    client.post(url)
    key.refresh_from_db()
    first = key.revoked_at
    assert first is not None
    replay = client.post(url, follow=True)
    key.refresh_from_db()
    assert key.revoked_at == first
    assert "This key is already revoked." in replay.text


def test_a_submission_sent_twice_is_submitted_and_invoiced_once(
    client, provider, provider_user, ct, django_capture_on_commit_callbacks
):
    course = CourseFactory(provider=provider, competency_set=ct, title="Desk skills")
    full_map(course)
    services.course_syllabus_upload(course=course, actor=provider_user, upload=pdf_upload())
    client.force_login(provider_user)
    url = reverse("courses:course_submit", args=[provider.pk, course.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)  # a double tap, or the form sent again from the browser's history
    course.refresh_from_db()
    assert course.status == Course.Status.SUBMITTED
    assert course.review_round == 1
    assert CourseTransition.objects.filter(course=course, to_status="submitted").count() == 1
    invoice = course.fee_invoice
    assert invoice is not None
    assert type(invoice).objects.filter(subject=invoice.subject).count() == 1


def test_a_plain_get_of_a_page_that_changes_something_changes_nothing(
    client, provider, provider_user, course, key
):
    client.force_login(provider_user)
    p, c = provider.pk, course.pk
    competency = course.competency_set.competencies.first()
    for url in (
        reverse("courses:course_submit", args=[p, c]),
        reverse("courses:course_withdraw", args=[p, c]),
        reverse("courses:course_map", args=[p, c, competency.pk]),
        reverse("courses:course_syllabus", args=[p, c]),
        reverse("courses:api_key_revoke", args=[p, key.pk]),
    ):
        assert client.get(url).status_code == 405, url
    course.refresh_from_db()
    key.refresh_from_db()
    assert (course.status, course.fee_invoice_id, key.revoked_at) == (
        Course.Status.APPROVED,
        None,
        None,
    )
    assert course.transitions.filter(to_status="withdrawn").count() == 0
