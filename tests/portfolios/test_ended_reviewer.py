"""A reviewer whose role ended (staff took it away on the people page or through the API): their
open reviews are given back (to the next eligible reviewer, `test_given_back.py`; here nobody
else may take them, so to staff, as versions waiting for a new reviewer, and staff are told), the
ratings they gave kept on the withdrawn review; their finished reviews stay; staff's choice says
when the role ended rather than "not a reviewer"."""

from django.urls import reverse

from certify.accounts.models import EndedRole, Role
from certify.accounts.services import role_grant, role_revoke
from certify.core.models import AuditEvent
from certify.notifications.models import Notification
from certify.portfolios import services
from certify.portfolios.automatic_reviewers import NOT_ENOUGH
from certify.portfolios.models import ReviewAssignment, ReviewerProfile
from certify.portfolios.selectors import submission_list_for_staff
from certify.portfolios.services.ended_reviewer import GIVEN_BACK
from certify.portfolios.services.given_back import STAFF_EVENT
from certify.programs.api import program_day
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)


def _rate_first(assignment: ReviewAssignment) -> None:
    row = assignment.ratings.order_by("competency__order", "pk").first()
    services.rating_save(
        assignment=assignment,
        actor=assignment.reviewer,
        competency_id=row.competency_id,
        rating="partial",
        comment="The desk log shows it once.",
    )


def test_an_ended_reviewers_open_review_goes_back_to_staff_with_its_ratings(
    submitted,  # noqa: F811
    staff,
    client,
    django_capture_on_commit_callbacks,
):
    """Nobody else may take it (the spare reviewer is not taking reviews): staff choose."""
    leaving, staying = submitted.assignments.order_by("pk")
    _rate_first(leaving)
    spare = ReviewerProfile.objects.get(user__full_name="Rosa Rater")
    ReviewerProfile.objects.filter(pk=spare.pk).update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(user=leaving.reviewer, role=Role.REVIEWER, actor=staff, reason="Moved away")

    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert leaving.status == ReviewAssignment.Status.WITHDRAWN
    assert staying.status == ReviewAssignment.Status.ASSIGNED
    kept = leaving.ratings.exclude(rating="").get()
    assert (kept.rating, kept.comment) == ("partial", "The desk log shows it once.")
    # Staff see the version as waiting for a reviewer, and why.
    assert submission_list_for_staff(needs_reviewers=True).filter(pk=submitted.pk).exists()
    entries = AuditEvent.objects.filter(
        verb="portfolio.needs_reviewers", target_id=str(submitted.pk)
    ).order_by("pk")
    assert [e.reason for e in entries] == [GIVEN_BACK, NOT_ENOUGH]
    assert submitted.assignments.count() == 2  # nobody assigned in her place
    # Staff who may choose are told, as for a declared conflict (the one notice), saying why.
    told = Notification.objects.filter(event=STAFF_EVENT)
    recipients = list(told.values_list("recipient", flat=True))
    assert staff.pk in recipients
    assert len(recipients) == len(set(recipients))
    assert leaving.reviewer_id not in recipients
    assert submitted.portfolio.planned_set.application.candidate_id not in recipients
    assert {n.link for n in told} == {reverse("portfolios:staff_submission", args=[submitted.pk])}
    assert {n.title for n in told} == {"A review needs another reviewer: its reviewer's role ended"}
    client.force_login(staff)
    queue = client.get(reverse("portfolios:staff_submissions") + "?needs_reviewers=1")
    assert queue.status_code == 200
    assert reverse("portfolios:staff_submission", args=[submitted.pk]) in queue.text
    # Staff's choice says when the role ended, in the program's time zone.
    ended = EndedRole.objects.get(user=leaving.reviewer)
    day = program_day(ended.ended_at, submitted.portfolio.planned_set.application.program)
    words = services.reviewer_refusals(submission=submitted, reviewers=[leaving.reviewer])
    assert words[leaving.reviewer.pk] == (
        f"{leaving.reviewer}'s reviewer role ended on {day:%B} {day.day}, {day.year}: choose "
        "another reviewer."
    )
    # A new reviewer takes the free place.
    ReviewerProfile.objects.filter(pk=spare.pk).update(active=True)
    added = services.reviewer_assign(submission=submitted, reviewer=spare.user, actor=staff)
    assert added.status == ReviewAssignment.Status.ASSIGNED


def test_a_finished_review_stays_when_the_role_ends(
    submitted,  # noqa: F811
    staff,
    django_capture_on_commit_callbacks,
):
    finished, _ = submitted.assignments.order_by("pk")
    for row in finished.ratings.all():
        services.rating_save(
            assignment=finished,
            actor=finished.reviewer,
            competency_id=row.competency_id,
            rating="met",
            comment="",
        )
    services.assessment_complete(assignment=finished, actor=finished.reviewer, comment="Good.")
    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(user=finished.reviewer, role=Role.REVIEWER, actor=staff)
    finished.refresh_from_db()
    assert finished.status == ReviewAssignment.Status.COMPLETED
    assert not submission_list_for_staff(needs_reviewers=True).filter(pk=submitted.pk).exists()


def test_nothing_is_withdrawn_when_the_role_was_granted_back_first(submitted, staff):  # noqa: F811
    other = type(staff).objects.create_user(email="other-staff@example.org", full_name="Omar Other")
    role_grant(user=other, role=Role.PROGRAM_STAFF, actor=None)
    assignment = submitted.assignments.order_by("pk").first()
    reviewer = assignment.reviewer
    role_revoke(user=reviewer, role=Role.REVIEWER, actor=staff)  # the event not delivered yet
    role_grant(user=reviewer, role=Role.REVIEWER, actor=other, reason="A mistake")
    assert services.ended_reviewer_reviews_withdraw(reviewer_id=reviewer.pk) == []
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.ASSIGNED
    # Delivered twice after the role really ended: the second run finds nothing open.
    role_revoke(user=reviewer, role=Role.REVIEWER, actor=other)
    assert services.ended_reviewer_reviews_withdraw(reviewer_id=reviewer.pk) == [assignment]
    assert services.ended_reviewer_reviews_withdraw(reviewer_id=reviewer.pk) == []
