from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.appeals.models import Appeal
from certify.appeals.services import appeal_decide, appeal_give_notice, appeal_submit_grounds
from certify.applications.appeals import application_appeal_current
from certify.applications.decisions import application_reject
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.payments.api import enrollment_invoice_for
from certify.payments.models import Invoice
from certify.portfolios.models import Portfolio, ReviewAssignment, Submission
from certify.portfolios.services import portfolio_appeal, portfolio_open
from certify.progress.services import plan_ensure, route_choose
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory
from tests.workflow import force_status

GROUNDS = "My hours at the county archive are library work: it lends to the public."


@pytest.fixture
def rejected(lsscp, staff):
    from certify.applications.services import application_submit

    application = ApplicationFactory(program=lsscp)
    ExperienceEntryFactory(application=application)
    application_submit(application=application, actor=application.candidate)
    return application_reject(application=application, actor=staff, reason="Not library work.")


def _notice(application, today=None):
    return appeal_give_notice(
        subject=application,
        appellant=application.candidate,
        program=application.program,
        decided_by=application.decided_by,
        decided_at=application.decided_at,
        today=today,
    )


def test_notice_is_accepted_up_to_day_10_and_not_after(rejected):
    decided = timezone.localdate(rejected.decided_at)
    with pytest.raises(DomainError, match="time to appeal ended"):
        _notice(rejected, today=decided + timedelta(days=11))
    appeal = _notice(rejected, today=decided + timedelta(days=10))
    assert appeal.status == Appeal.Status.NOTICE_GIVEN
    with pytest.raises(DomainError, match="already appealed"):
        _notice(rejected, today=decided)


def test_grounds_are_due_within_30_days(rejected):
    appeal = _notice(rejected)
    decided = timezone.localdate(rejected.decided_at)
    with pytest.raises(DomainError, match="had to be submitted by"):
        appeal_submit_grounds(
            appeal=appeal,
            actor=rejected.candidate,
            grounds=GROUNDS,
            today=decided + timedelta(days=31),
        )
    appeal_submit_grounds(
        appeal=appeal, actor=rejected.candidate, grounds=GROUNDS, today=decided + timedelta(days=30)
    )
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.GROUNDS_SUBMITTED


def test_after_the_grounds_day_the_pages_say_so_instead_of_the_form(rejected, client):
    appeal = _notice(rejected)
    client.force_login(rejected.candidate)
    decision = reverse("applications:detail", args=[rejected.pk])
    grounds = reverse("appeals:grounds", args=[appeal.pk])

    def decided_days_ago(days):
        moment = timezone.now() - timedelta(days=days)
        Application.objects.filter(pk=rejected.pk).update(decided_at=moment)
        Appeal.objects.filter(pk=appeal.pk).update(decided_at=moment)

    decided_days_ago(30)  # the grounds' last day
    assert "Submit the grounds" in client.get(decision).text
    decided_days_ago(31)
    for page in (client.get(decision).text, client.get(grounds).text):
        assert "Submit the grounds" not in page
        assert "the time to give them has ended, so this appeal cannot go on." in page
    refused = client.post(grounds, {"grounds": GROUNDS})
    assert refused.status_code == 400
    assert "the time to give them has ended" in refused.text
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.NOTICE_GIVEN


def test_the_person_who_decided_cannot_review_the_appeal(rejected, staff):
    appeal = _notice(rejected)
    appeal_submit_grounds(appeal=appeal, actor=rejected.candidate, grounds=GROUNDS)
    with pytest.raises(DomainError, match="You cannot decide your own case: ask another staff"):
        appeal_decide(appeal=appeal, actor=staff, uphold=True, reason="Fine.")


def test_sending_back_reopens_the_application_for_a_new_decision(
    rejected, django_capture_on_commit_callbacks
):
    appeal = _notice(rejected)
    appeal_submit_grounds(appeal=appeal, actor=rejected.candidate, grounds=GROUNDS)
    second = UserFactory(roles=[Role.PROGRAM_STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        appeal_decide(
            appeal=appeal,
            actor=second,
            uphold=False,
            reason="Archive work with public lending counts.",
        )
    rejected.refresh_from_db()
    assert rejected.status == Application.Status.SUBMITTED
    assert "sent the decision back" in mail.outbox[-1].body
    appeal.refresh_from_db()
    assert appeal.reviewer == second


def test_an_application_sent_back_is_invoiced_again_where_the_fee_comes_with_it(
    rejected, django_capture_on_commit_callbacks
):
    """The rejection voided the invoice; accepted after the appeal, the candidate must still be
    able to pay: the reopened application has a live enrollment invoice again."""
    voided = enrollment_invoice_for(user=rejected.candidate, program=rejected.program)
    assert voided is None  # the rejection closed it
    appeal = _notice(rejected)
    appeal_submit_grounds(appeal=appeal, actor=rejected.candidate, grounds=GROUNDS)
    second = UserFactory(roles=[Role.PROGRAM_STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        appeal_decide(appeal=appeal, actor=second, uphold=False, reason="Archive work counts.")
    invoice = enrollment_invoice_for(user=rejected.candidate, program=rejected.program)
    assert invoice is not None
    assert invoice.status == Invoice.Status.OPEN
    assert invoice.total_cents == rejected.program.enrollment_fee_cents
    assert any(invoice.code in m.subject for m in mail.outbox)


def test_a_rejection_made_again_after_a_send_back_is_appealed_on_its_own(
    rejected, django_capture_on_commit_callbacks, client
):
    """The first appeal is history once staff decide again: the page offers notice of appeal of
    the new decision, and the notice is taken (one open appeal at a time)."""
    appeal = _notice(rejected)
    appeal_submit_grounds(appeal=appeal, actor=rejected.candidate, grounds=GROUNDS)
    second = UserFactory(roles=[Role.PROGRAM_STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        appeal_decide(appeal=appeal, actor=second, uphold=False, reason="Decide again.")
    rejected.refresh_from_db()
    again = application_reject(application=rejected, actor=second, reason="Still not library work.")
    assert application_appeal_current(again) is None
    client.force_login(again.candidate)
    page = client.get(again.get_absolute_url()).text
    assert "Give notice of appeal" in page
    assert "Sent back for a new decision" not in page
    new = _notice(again)
    assert new.pk != appeal.pk
    assert application_appeal_current(again) == new


def test_candidate_appeals_through_the_pages(client, rejected, django_capture_on_commit_callbacks):
    client.force_login(rejected.candidate)
    page = client.get(rejected.get_absolute_url()).text
    assert "Give notice of appeal" in page
    client.post(reverse("applications:appeal_notice", args=[rejected.pk]))
    appeal = Appeal.objects.get()
    response = client.post(
        reverse("appeals:grounds", args=[appeal.pk]), {"grounds": GROUNDS}, follow=True
    )
    assert "Your grounds are submitted" in response.text
    reviewer = UserFactory(roles=[Role.PROGRAM_STAFF])
    client.force_login(reviewer)
    assert rejected.candidate.full_name in client.get(reverse("appeals:list")).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("appeals:review", args=[appeal.pk]),
            {"outcome": "uphold", "reason": "The archive does not lend."},
        )
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD


def test_refused_grounds_come_back_with_what_was_typed_and_an_error_summary(client, rejected):
    appeal = _notice(rejected)
    client.force_login(rejected.candidate)
    url = reverse("appeals:grounds", args=[appeal.pk])
    page = client.get(rejected.get_absolute_url()).text
    assert f'action="{url}#grounds-errors"' in page  # the refused page opens at the summary
    response = client.post(url, {"grounds": "It is unfair."})
    assert response.status_code == 400
    assert f'action="{url}#grounds-errors"' in response.text
    assert 'id="grounds-errors"' in response.text
    assert (
        '<a href="#id_grounds">Explain the grounds of your appeal in a few sentences.</a>'
        in response.text
    )
    assert 'aria-invalid="true"' in response.text
    assert ">It is unfair.</textarea>" in response.text
    assert client.post(url, {"grounds": ""}).status_code == 400
    appeal.refresh_from_db()
    assert (appeal.status, appeal.grounds) == (Appeal.Status.NOTICE_GIVEN, "")


def test_the_home_pages_task_opens_the_grounds_form(client, rejected):
    appeal = _notice(rejected)
    client.force_login(rejected.candidate)
    url = reverse("appeals:grounds", args=[appeal.pk])
    assert f'href="{url}"' in client.get(reverse("accounts:home")).text
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="grounds"' in response.text
    assert "There is a problem" not in response.text
    response = client.post(url, {"grounds": GROUNDS})
    assert response.url == f"{rejected.get_absolute_url()}#main"
    assert client.get(url).url == f"{rejected.get_absolute_url()}#main"  # nothing to fill in


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_appeal_review_is_refused_to_all_but_staff(db, rejected, client_as, role):
    appeal = _notice(rejected)
    client = client_as(role)
    assert client.get(reverse("appeals:list")).status_code == 403
    assert (
        client.post(
            reverse("appeals:review", args=[appeal.pk]), {"outcome": "uphold", "reason": "x"}
        ).status_code
        == 403
    )


def test_only_the_appellant_gives_grounds(client, rejected):
    appeal = _notice(rejected)
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert (
        client.post(reverse("appeals:grounds", args=[appeal.pk]), {"grounds": GROUNDS}).status_code
        == 404
    )
    assert client.get(reverse("appeals:grounds", args=[appeal.pk])).status_code == 404
    appeal.refresh_from_db()
    assert appeal.grounds == ""


def _failed_portfolio_appeal(program, reviewers):
    """A portfolio whose final "not met" its `reviewers` decided, appealed with grounds."""
    candidate = UserFactory(roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate, program=program, status=Application.Status.ACCEPTED
    )
    plan_ensure(application=application)
    planned = application.planned_sets.get(competency_set__code="CT")
    route_choose(planned=planned, actor=candidate, route="portfolio")
    portfolio = portfolio_open(planned=planned, actor=candidate)
    submission = Submission.objects.create(
        portfolio=portfolio, number=1, snapshot={}, outcome="not_met", decided_at=timezone.now()
    )
    for reviewer in reviewers:
        ReviewAssignment.objects.create(
            submission=submission,
            reviewer=reviewer,
            status=ReviewAssignment.Status.COMPLETED,
            due_on=timezone.localdate(),
        )
    force_status(portfolio, Portfolio.Status.FAILED)
    appeal = portfolio_appeal(portfolio=portfolio, actor=candidate)
    appeal_submit_grounds(appeal=appeal, actor=candidate, grounds=GROUNDS)
    appeal.refresh_from_db()
    return appeal


def test_a_reviewer_of_the_portfolio_does_not_decide_its_appeal_either_way(client, lsscp, staff):
    """A portfolio's final "not met" has no single decider: its reviewers made it. A staff
    member who was one of them neither upholds the appeal against their own verdict nor sends
    it back, on the page or through the service; another staff member decides it."""
    reviewed_it = UserFactory(roles=[Role.PROGRAM_STAFF, Role.REVIEWER])
    appeal = _failed_portfolio_appeal(lsscp, [reviewed_it, UserFactory(roles=[Role.REVIEWER])])
    for uphold in (True, False):
        with pytest.raises(DomainError, match="You cannot decide your own case"):
            appeal_decide(appeal=appeal, actor=reviewed_it, uphold=uphold, reason="Fine.")
    client.force_login(reviewed_it)
    response = client.post(
        reverse("appeals:review", args=[appeal.pk]), {"outcome": "uphold", "reason": "Fine."}
    )
    assert "You cannot decide your own case" in response.text
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.GROUNDS_SUBMITTED
    appeal_decide(appeal=appeal, actor=staff, uphold=True, reason="The verdict stands.")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD


def test_a_refused_review_comes_back_with_an_error_summary_and_what_was_typed(client, rejected):
    appeal = _notice(rejected)
    appeal_submit_grounds(appeal=appeal, actor=rejected.candidate, grounds=GROUNDS)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))  # not the one who decided
    url = reverse("appeals:review", args=[appeal.pk])
    assert 'action="#review-errors"' in client.get(url).text
    response = client.post(url, {"reason": "The archive does not lend."})
    assert response.status_code == 400
    assert 'id="review-errors"' in response.text
    assert '<a href="#id_outcome_0">Choose uphold or send back.</a>' in response.text
    assert "The archive does not lend.</textarea>" in response.text
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.GROUNDS_SUBMITTED
