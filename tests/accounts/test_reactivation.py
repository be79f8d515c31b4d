"""Opening an account again through the admin's change form ("Active" checked again, as a
superuser): one audited service (`account.reactivated`, its event published), nothing that ended
with the account reopened (ADR 0006, 0007), and the page tells staff in words what stays ended
and what they can do."""

import pytest
from django.urls import reverse

from certify.accounts.models import User
from certify.accounts.privacy import account_close
from certify.accounts.reactivation import CLOSED_BY_OWNER, NOTHING_ENDED
from certify.appeals.models import Appeal
from certify.appeals.services import ENDED_BEFORE
from certify.core.errors import DomainError
from certify.core.models import AuditEvent, Event
from certify.portfolios.models import ReviewAssignment, ReviewerProfile
from certify.portfolios.selectors import submission_list_for_staff
from tests.appeals.test_appeals import _notice, rejected  # noqa: F401  (`rejected`: a fixture)
from tests.factories import PASSWORD, UserFactory
from tests.portfolios.conftest import (  # noqa: F401  (fixtures)
    _clean_private_storage,
    complete_portfolio,
    enrolled,
    planned,
    portfolio,
    reviewers,
)
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)


def _admin_post(client, person: User, *, actor: User, active: bool):
    """The admin's change form, posted as it reads with "Active" checked or not."""
    client.force_login(actor)
    person = User.objects.get(pk=person.pk)
    fields = {
        "email": person.email,
        "full_name": person.full_name,
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
    }
    if active:
        fields["is_active"] = "on"
    if person.is_staff:
        fields["is_staff"] = "on"
    answer = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]), fields, follow=True
    )
    assert answer.redirect_chain, answer.context["adminform"].form.errors
    return [m.message for m in answer.context["messages"]]


def _boss() -> User:
    return UserFactory(is_superuser=True, is_staff=True)


def test_a_candidate_opened_again_keeps_the_ended_reviews_and_their_version_waits(
    submitted,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
):
    boss = _boss()
    candidate = User.objects.get(pk=submitted.portfolio.planned_set.application.candidate_id)
    with django_capture_on_commit_callbacks(execute=True):
        _admin_post(client, candidate, actor=boss, active=False)
    assert set(submitted.assignments.values_list("status", flat=True)) == {"withdrawn"}

    with django_capture_on_commit_callbacks(execute=True):
        said = _admin_post(client, candidate, actor=boss, active=True)

    assert User.objects.get(pk=candidate.pk).is_active
    done = AuditEvent.objects.get(verb="account.reactivated")
    assert (done.actor, done.target_id) == (boss, str(candidate.pk))
    assert Event.objects.filter(name="account.reactivated").count() == 1
    assert Event.objects.get(name="account.reactivated").payload == {
        "user_id": candidate.pk,
        "actor_id": boss.pk,
    }
    # Nothing restored: the reviews stay withdrawn; the version waits for staff's choice.
    assert set(submitted.assignments.values_list("status", flat=True)) == {"withdrawn"}
    assert submission_list_for_staff(needs_reviewers=True).filter(pk=submitted.pk).exists()
    assert any(
        m.startswith("Not restored: reviews of this person's portfolio that ended")
        and "Its submitted version is listed again under “Waiting for reviewers”" in m
        for m in said
    ), said


def test_an_ended_appeal_stays_ended_and_staff_are_told_it_cannot_be_reopened(
    rejected,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
):
    boss = _boss()
    appeal = _notice(rejected)
    with django_capture_on_commit_callbacks(execute=True):
        _admin_post(client, rejected.candidate, actor=boss, active=False)
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.ENDED

    with django_capture_on_commit_callbacks(execute=True):
        said = _admin_post(client, rejected.candidate, actor=boss, active=True)

    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.ENDED
    assert len(said) == 2  # the appeal's words, then the admin's own "changed successfully"
    assert said[0].startswith("Not reopened: 1 appeal by this person ended when the account")
    assert "An ended appeal cannot be reopened" in said[0]
    assert "cannot appeal it again" in said[0]
    with pytest.raises(DomainError) as refused:
        _notice(rejected)
    assert refused.value.message == ENDED_BEFORE


def test_a_reviewer_opened_again_is_told_her_reviews_stay_with_others(
    submitted,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
):
    boss = _boss()
    leaving = submitted.assignments.order_by("pk").first()
    spare = ReviewerProfile.objects.get(user__full_name="Rosa Rater")
    with django_capture_on_commit_callbacks(execute=True):
        _admin_post(client, leaving.reviewer, actor=boss, active=False)
    taken = submitted.assignments.get(reviewer=spare.user)

    with django_capture_on_commit_callbacks(execute=True):
        said = _admin_post(client, leaving.reviewer, actor=boss, active=True)

    leaving.refresh_from_db()
    assert leaving.status == ReviewAssignment.Status.WITHDRAWN
    assert submitted.assignments.get(pk=taken.pk).status == ReviewAssignment.Status.ASSIGNED
    assert any(m.startswith("Not given back to them: 1 review this person had open") for m in said)


def test_an_owners_closure_opened_again_says_what_was_erased(
    rejected,  # noqa: F811
    client,
):
    closed = rejected.candidate
    account_close(user=closed, password=PASSWORD)
    said = _admin_post(client, closed, actor=_boss(), active=True)
    assert CLOSED_BY_OWNER in said
    assert User.objects.get(pk=closed.pk).is_active


def test_nothing_ended_says_so_and_a_save_of_an_active_account_opens_nothing(client, db):
    boss = _boss()
    person = UserFactory()
    assert NOTHING_ENDED not in _admin_post(client, person, actor=boss, active=True)
    assert not AuditEvent.objects.filter(verb="account.reactivated").exists()
    _admin_post(client, person, actor=boss, active=False)
    said = _admin_post(client, person, actor=boss, active=True)
    assert NOTHING_ENDED in said
    assert AuditEvent.objects.filter(verb="account.reactivated").count() == 1
