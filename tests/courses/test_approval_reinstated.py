"""Candidates whose plan names a course are told when its approval is reinstated, as they were
told of the stop (ADR 0009): once a reinstatement, however many of their courses it brings
back, by an e-mail they may switch off."""

import pytest
from django.core import mail

from certify.courses import services
from certify.notifications.models import EmailPreference, Notification
from tests.courses.conftest import approved_course, enrol, name_in_plan

EVENT = "course.approval_reinstated"
REASON = "The instructors named are no longer teaching it."


@pytest.fixture
def two(provider, ct, tec):
    return (
        approved_course(provider=provider, competency_set=ct, title="Desk Skills"),
        approved_course(provider=provider, competency_set=tec, title="Library Tech"),
    )


def test_candidates_who_chose_the_course_are_told_it_is_back(
    lsscp, course, staff, provider_user, django_capture_on_commit_callbacks
):
    chose = enrol(lsscp, email="ann@example.org", name="Ann Lee", names=course).candidate
    other = enrol(lsscp, email="bo@example.org", name="Bo Park").candidate
    services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_approval_reinstate(course=course, actor=staff, reason="Instructors named.")
    told = Notification.objects.filter(event=EVENT)
    assert list(told.values_list("recipient", flat=True)) == [chose.pk]
    assert not told.filter(recipient__in=[other, provider_user]).exists()
    (sent,) = [m for m in mail.outbox if m.to == ["ann@example.org"]]
    assert sent.subject == f"Course approved again: {course.title}"
    assert "Instructors named." in sent.body
    assert "Completions dated while the approval was suspended count again" in sent.body


def test_a_provider_reinstatement_tells_each_candidate_once_for_all_their_courses(
    lsscp, provider, two, staff, django_capture_on_commit_callbacks
):
    desk, tech = two
    both = enrol(lsscp, email="ann@example.org", name="Ann Lee", sets=("CT", "TEC"), names=desk)
    name_in_plan(both, tech)
    one = enrol(lsscp, email="bo@example.org", name="Bo Park", names=tech).candidate
    services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    with django_capture_on_commit_callbacks(execute=True):
        services.provider_approval_reinstate(provider=provider, actor=staff, reason="Cleared.")
    told = Notification.objects.filter(event=EVENT)
    assert told.filter(recipient=both.candidate).count() == 1
    assert told.filter(recipient=one).count() == 1
    (to_both,) = [m for m in mail.outbox if m.to == ["ann@example.org"]]
    assert to_both.subject == "2 courses in your plan are approved again"
    assert "Desk Skills" in to_both.body
    assert "Library Tech" in to_both.body
    (to_one,) = [m for m in mail.outbox if m.to == ["bo@example.org"]]
    assert "Desk Skills" not in to_one.body


def test_a_candidate_who_switched_the_email_off_is_told_in_the_app_only(
    lsscp, course, staff, django_capture_on_commit_callbacks
):
    chose = enrol(lsscp, email="ann@example.org", name="Ann Lee", names=course).candidate
    EmailPreference.objects.create(user=chose, event=EVENT, enabled=False)
    services.course_approval_suspend(course=course, actor=staff, reason=REASON)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_approval_reinstate(course=course, actor=staff, reason="Fixed.")
    assert Notification.objects.filter(recipient=chose, event=EVENT).count() == 1
    assert not [m for m in mail.outbox if "approved again" in m.subject]
