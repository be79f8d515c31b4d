"""A completion the candidate did not expect waits (ADR 0021): for the candidate to confirm or
deny it, or other program staff; a hand match needs a reason; the provider sees nothing of a
candidate who never chose it; staff who act for the provider decide none of it (ADR 0022)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.courses import services
from certify.courses.models import CourseCompletion, UnmatchedCompletion
from tests.courses.conftest import enrol, invite_and_accept, report
from tests.factories import UserFactory


def test_a_completion_by_invitation_only_waits_for_the_candidate(
    client, lsscp, provider, provider_user, course, key
):
    today = timezone.localdate().isoformat()
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    invite_and_accept(course, dana, provider_user)
    row = {"email": "dana@example.org", "full_name": "Dana Okafor", "completed_on": today}
    body = report(client, provider, course, key, [row]).json()
    assert body["rows"][0]["result"] == "created"
    completion = CourseCompletion.objects.get()
    assert completion.status == "awaiting"
    ct_row = dana.planned_sets.get(competency_set__code="CT")
    assert not ct_row.is_satisfied
    assert dana.candidate.notifications.filter(event="course.completion_to_confirm").exists()

    client.force_login(dana.candidate)
    page = client.get(reverse("courses:consents")).text
    assert "Communicating at the Library Desk" in page
    client.post(reverse("courses:completion_answer", args=[completion.pk]), {"answer": "yes"})
    completion.refresh_from_db()
    assert completion.status == "confirmed"
    ct_row.refresh_from_db()
    assert ct_row.is_satisfied


def test_the_candidate_may_say_they_did_not_complete_it(lsscp, provider, provider_user, course):
    today = timezone.localdate().isoformat()
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    invite_and_accept(course, dana, provider_user)
    services.completions_report(
        course=course,
        rows=[
            services.ReportRow(
                line=1, email="dana@example.org", full_name="Dana Okafor", completed_on=today
            )
        ],
        actor=provider_user,
    )
    completion = CourseCompletion.objects.get()
    other = UserFactory(roles=["candidate"])
    from certify.core.errors import DomainError

    with pytest.raises(DomainError):
        services.completion_answer(completion=completion, actor=other, completed=True)
    services.completion_answer(completion=completion, actor=dana.candidate, completed=False)
    completion.refresh_from_db()
    assert completion.status == "rejected"
    assert not dana.planned_sets.get(competency_set__code="CT").is_satisfied


def test_a_hand_match_needs_a_reason_and_waits_when_unexpected(
    client, lsscp, provider_user, course, staff
):
    today = timezone.localdate().isoformat()
    services.completions_report(
        course=course,
        rows=[
            services.ReportRow(line=1, email="old@example.org", full_name="D O", completed_on=today)
        ],
        actor=provider_user,
    )
    row = UnmatchedCompletion.objects.get()
    dana = enrol(lsscp, email="dana@example.org")
    from certify.core.errors import DomainError

    with pytest.raises(DomainError, match="Say why"):
        services.unmatched_match(row=row, actor=staff, candidate="dana@example.org", note=" ")
    completion = services.unmatched_match(
        row=row, actor=staff, candidate="dana@example.org", note="Her old address."
    )
    assert completion.status == "awaiting"
    # The staff member who matched it does not confirm it too.
    with pytest.raises(DomainError):
        services.completion_answer(completion=completion, actor=staff, completed=True)
    assert not dana.planned_sets.get(competency_set__code="CT").is_satisfied
    # Other staff may, from the staff completions page.
    other_staff = UserFactory(roles=["program_staff"])
    client.force_login(other_staff)
    page = client.get(reverse("courses:staff_completions"), {"status": "awaiting"}).text
    assert "Waiting for the candidate to confirm" in page
    client.post(
        reverse("courses:staff_completion_decide", args=[completion.pk]), {"decision": "confirm"}
    )
    completion.refresh_from_db()
    assert completion.status == "confirmed"
    assert dana.planned_sets.get(competency_set__code="CT").is_satisfied


def test_the_provider_list_hides_candidates_without_consent(
    client, lsscp, provider, provider_user, course, staff, key
):
    """A row staff matched by hand to a candidate who never chose the provider: the provider's
    lists (page and API) show nothing of it."""
    today = timezone.localdate().isoformat()
    services.completions_report(
        course=course,
        rows=[
            services.ReportRow(line=1, email="x@example.org", full_name="X Y", completed_on=today)
        ],
        actor=provider_user,
    )
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    services.unmatched_match(
        row=UnmatchedCompletion.objects.get(),
        actor=staff,
        candidate="dana@example.org",
        note="Staff know.",
    )
    listed = client.get(
        f"/api/v1/providers/{provider.pk}/completions", headers={"Authorization": f"Bearer {key}"}
    ).json()
    assert listed["count"] == 0
    client.force_login(provider_user)
    page = client.get(reverse("courses:provider_completions", args=[provider.pk]), {"status": ""})
    assert "dana@example.org" not in page.text
    assert "Dana Okafor" not in page.text
    assert dana.candidate.course_completions.count() == 1


def test_staff_who_act_for_the_provider_do_not_match_or_dismiss_its_unmatched_reports(
    lsscp, provider, provider_user, course, staff
):
    """A row the provider reported without the candidate's consent is a decision about the
    provider's report: a program staff member who also acts for that provider (not the one who
    reported it) neither matches it to a candidate nor dismisses it (ADR 0022)."""
    today = timezone.localdate().isoformat()
    from certify.core.errors import DomainError
    from certify.courses.models import ProviderMembership

    colleague = UserFactory(roles=["program_staff", "provider"])
    ProviderMembership.objects.create(provider=provider, user=colleague)
    services.completions_report(
        course=course,
        rows=[
            services.ReportRow(
                line=1, email="dana@example.org", full_name="Dana", completed_on=today
            )
        ],
        actor=provider_user,
    )
    row = UnmatchedCompletion.objects.get()
    enrol(lsscp, email="dana@example.org", name="Dana")
    with pytest.raises(DomainError, match="your own case"):
        services.unmatched_match(row=row, actor=colleague, candidate="dana@example.org", note="Ok")
    with pytest.raises(DomainError, match="your own case"):
        services.unmatched_dismiss(row=row, actor=colleague, reason="Not ours.")
    row.refresh_from_db()
    assert row.status == UnmatchedCompletion.Status.OPEN
    assert not CourseCompletion.objects.exists()
    completion = services.unmatched_match(
        row=row, actor=staff, candidate="dana@example.org", note="The address on her form."
    )
    assert completion.status == "awaiting"


def test_staff_who_act_for_the_provider_do_not_answer_for_the_candidate(
    lsscp, provider, provider_user, course, staff
):
    """A completion the candidate did not expect waits for them or other program staff: not a
    staff member who acts for the provider that reported it (its own report, ADR 0022)."""
    today = timezone.localdate().isoformat()
    from certify.core.errors import DomainError
    from certify.courses.models import ProviderMembership

    colleague = UserFactory(roles=["program_staff", "provider"])
    ProviderMembership.objects.create(provider=provider, user=colleague)
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    invite_and_accept(course, dana, provider_user)
    row = services.ReportRow(
        line=1, email="dana@example.org", full_name="Dana Okafor", completed_on=today
    )
    services.completions_report(course=course, rows=[row], actor=provider_user)
    completion = CourseCompletion.objects.get()
    assert completion.status == "awaiting"
    for completed in (True, False):
        with pytest.raises(DomainError, match="your own case"):
            services.completion_answer(completion=completion, actor=colleague, completed=completed)
    completion.refresh_from_db()
    assert completion.status == "awaiting"
    assert not dana.planned_sets.get(competency_set__code="CT").is_satisfied
    services.completion_answer(completion=completion, actor=staff, completed=True)
    completion.refresh_from_db()
    assert completion.status == "confirmed"
