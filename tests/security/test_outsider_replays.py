"""Replays and stale pages against the course moves built last: a suspended renewal reinstated
back to review, pressed again, sent again through the API and from a page left open on the
suspended course; a draft withdrawn and withdrawn again (the page's refusal is a redirect with
its words, as the provider's pages refuse). The second attempt is refused and
changes no row of any table: no second notice, credit note or fee.
"""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from certify.accounts.models import Role
from certify.courses import services as courses
from certify.courses.models import Course
from certify.payments.models import CreditNote, Invoice
from tests.courses.conftest import ct, provider, provider_user  # noqa: F401  (fixtures)
from tests.courses.test_renewal_fees import _fee, _renewal
from tests.factories import UserFactory
from tests.security.test_replays import _unchanged_by
from tests.security.walk import baseline, changed_tables, state_of

BACK = {"action": "reinstate", "reason": "Looked into and settled."}


def test_a_renewal_reinstated_again_or_from_a_stale_page_goes_back_to_review_once(
    client,
    provider,  # noqa: F811  (the fixtures imported above)
    provider_user,  # noqa: F811
    ct,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    renewal = _renewal(provider, provider_user, ct)
    suspended = courses.course_approval_suspend(course=renewal, actor=staff, reason="A complaint.")
    page = reverse("courses:staff_approval", kwargs={"cid": suspended.pk})
    other = Client()
    other.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    staff_page = reverse("courses:staff_course", kwargs={"cid": suspended.pk})
    assert other.get(staff_page).status_code == 200  # the suspended course open in another tab
    client.force_login(staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page, BACK).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        _unchanged_by(lambda: client.post(page, BACK), "pressed again")
        _unchanged_by(
            lambda: client.post(
                f"/api/v1/staff/courses/{suspended.pk}/approval", BACK, "application/json"
            ),
            "the same reinstatement through the API",
        )
        _unchanged_by(lambda: other.post(page, BACK), "the stale page's reinstatement")
    course = Course.objects.get(pk=suspended.pk)
    assert course.status == Course.Status.SUBMITTED
    assert course.transitions.filter(from_status="suspended").count() == 1
    assert _fee(course).status == Invoice.Status.OPEN
    assert [m.to for m in mail.outbox if provider_user.email in m.to] == [[provider_user.email]]


def test_a_draft_withdrawn_twice_is_withdrawn_once(
    client,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
    ct,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from tests.factories import CourseFactory

    draft = CourseFactory(provider=provider, competency_set=ct, title="Draft Desk")
    page = reverse("courses:course_withdraw", kwargs={"pid": provider.pk, "cid": draft.pk})
    client.force_login(provider_user)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(page, follow=True)  # read, as the browser does, its words
    assert [m.level_tag for m in done.context["messages"]] == ["success"]
    # The page's refusal is the course's own page as it is now, with the words (302; ADR
    # 0018's stale-form words), changing nothing.
    before = baseline()
    again = client.post(page, follow=True)
    assert again.redirect_chain == [(f"{draft.get_provider_url()}#main", 302)]
    assert "already “Withdrawn”" in again.text
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    assert changed_tables(before.state, state_of(before.tables)) == []
    _unchanged_by(
        lambda: client.post(
            f"/api/v1/providers/{provider.pk}/courses/{draft.pk}/withdraw", {}, "application/json"
        ),
        "the same withdrawal through the API",
    )
    course = Course.objects.get(pk=draft.pk)
    assert course.status == Course.Status.WITHDRAWN
    assert course.transitions.filter(to_status="withdrawn").count() == 1
    assert not CreditNote.objects.exists()
