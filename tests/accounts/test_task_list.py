"""The candidate's task list (ADR 0038): each row's status in words, due date, typical turnaround
and next action, at each stage of the journey; and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import TaskStatus, candidate_tasks, turnaround_from
from certify.accounts.models import Role
from certify.applications.models import Application
from certify.portfolios.models import Portfolio, Submission
from certify.programs.models import CompetencySet
from certify.progress.models import PlannedSet
from certify.progress.services import electives_choose, plan_ensure, route_choose
from certify.renewals.lifecycle import add_months
from tests.conftest import count_queries
from tests.factories import (
    ApplicationFactory,
    CompetencySetFactory,
    ProgramFactory,
    UserFactory,
)
from tests.portfolios.conftest import settle_enrollment
from tests.renewals.conftest import holder_with_certificate

S = TaskStatus


@pytest.fixture
def program(db):
    """LSSCP's rules on a small program: two core sets, one elective of two."""
    program = ProgramFactory(electives_required=1, renewal_technology_set_code="TEC")
    for code, name, kind in (
        ("FLS", "Foundations of Library Services", CompetencySet.Kind.CORE),
        ("TEC", "Technology", CompetencySet.Kind.CORE),
        ("REF", "Reference and Information Services", CompetencySet.Kind.ELECTIVE),
        ("YTH", "Youth Services", CompetencySet.Kind.ELECTIVE),
    ):
        CompetencySetFactory(program=program, code=code, name=name, kind=kind)
    return program


@pytest.fixture
def candidate(db):
    return UserFactory(roles=[Role.CANDIDATE])


def rows(user):
    return {task.key: task for task in candidate_tasks(user=user)}


def statuses(user):
    return {key: task.status for key, task in rows(user).items()}


def decided(program, *, days, ago=1, status=Application.Status.ACCEPTED):
    """Someone else's application, decided `ago` days ago after `days` days of waiting."""
    decided_at = timezone.now() - timedelta(days=ago)
    return ApplicationFactory(
        program=program,
        status=status,
        submitted_at=decided_at - timedelta(days=days),
        decided_at=decided_at,
    )


def accepted(program, candidate):
    application = ApplicationFactory(
        candidate=candidate,
        program=program,
        status=Application.Status.ACCEPTED,
        submitted_at=timezone.now() - timedelta(days=5),
        decided_at=timezone.now() - timedelta(days=1),
        completion_deadline=timezone.localdate() + timedelta(days=4 * 365),
    )
    plan_ensure(application=application)
    return application


def test_a_fresh_account_can_only_start_the_application(candidate):
    tasks = rows(candidate)
    assert [t.key for t in tasks.values()] == [
        "apply",
        "pay",
        "electives",
        "sets",
        "certificate",
        "renewal",
    ]
    assert statuses(candidate) == {
        "apply": S.NOT_STARTED,
        "pay": S.CANNOT_START,
        "electives": S.CANNOT_START,
        "sets": S.CANNOT_START,
        "certificate": S.CANNOT_START,
        "renewal": S.CANNOT_START,
    }
    assert tasks["apply"].action_url == reverse("applications:apply")
    # Before any application no program is known: the hint names no program's field of work.
    assert tasks["apply"].hint.startswith("Record your experience and education;")
    assert not tasks["certificate"].action_url  # nothing to do yet: no link


def test_a_draft_is_in_progress_and_paying_is_offered_when_fees_are_paid_on_applying(
    program, candidate
):
    application = ApplicationFactory(candidate=candidate, program=program)
    tasks = rows(candidate)
    assert tasks["apply"].status == S.IN_PROGRESS
    assert tasks["apply"].action_url == application.get_absolute_url()
    assert program.payment_timing == program.PaymentTiming.AT_APPLICATION
    assert tasks["pay"].status == S.NOT_STARTED
    assert tasks["pay"].action_url == reverse("payments:list")


def test_a_submitted_application_waits_with_the_typical_turnaround_and_the_target(
    program, candidate
):
    decided(program, days=2)
    decided(program, days=4, status=Application.Status.REJECTED)
    decided(program, days=30, ago=100)  # outside the last 90 days: not counted
    ApplicationFactory(
        candidate=candidate,
        program=program,
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    apply = rows(candidate)["apply"]
    assert apply.status == S.WAITING
    assert apply.turnaround is not None
    assert (apply.turnaround.typical_days, apply.turnaround.decided) == (3, 2)
    assert apply.turnaround.target_days == program.target_application_days


def test_the_home_page_says_the_turnaround_and_the_target_in_words(client, program, candidate):
    decided(program, days=6)
    ApplicationFactory(
        candidate=candidate,
        program=program,
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    client.force_login(candidate)
    html = client.get(reverse("accounts:home")).text
    assert "Waiting for review" in html
    assert "Typical time for a decision on an application: 6 days" in html
    assert f"the program's target: {program.target_application_days} days" in html


def test_with_no_recent_decision_the_home_page_says_so_beside_the_target(
    client, program, candidate
):
    decided(program, days=6, ago=91)  # older than the window
    ApplicationFactory(
        candidate=candidate,
        program=program,
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    client.force_login(candidate)
    html = client.get(reverse("accounts:home")).text
    assert "No typical time for a decision on an application yet" in html
    assert f"the program's target: {program.target_application_days} days" in html


def test_accepted_and_paying_shows_the_deadline_and_the_invoice_due_date(program, candidate):
    application = accepted(program, candidate)
    from certify.payments.api import enrollment_invoice_get_or_create

    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    tasks = rows(candidate)
    assert tasks["apply"].status == S.COMPLETED
    assert tasks["apply"].due == application.completion_deadline
    assert tasks["pay"].status == S.NOT_STARTED
    assert (tasks["pay"].due, tasks["pay"].due_label) == (invoice.due_on, "Pay by")
    assert tasks["pay"].action_url == invoice.get_absolute_url()
    assert tasks["electives"].status == S.NOT_STARTED
    core = [t for t in tasks.values() if t.key.startswith("set-")]
    assert [t.title for t in core] == ["Foundations of Library Services", "Technology"]
    assert {t.status for t in core} == {S.NOT_STARTED}
    assert "sets" not in tasks  # the placeholder row gives way to one row per set


def test_sets_in_progress_say_where_each_route_stands(program, candidate):
    application = accepted(program, candidate)
    settle_enrollment(application)
    electives_choose(application=application, actor=candidate, set_codes=["REF"])
    fls, tec, ref = application.planned_sets.order_by("competency_set__order", "id")
    route_choose(planned=fls, actor=candidate, route="portfolio")
    route_choose(planned=tec, actor=candidate, route="portfolio")
    route_choose(planned=ref, actor=candidate, route="course")
    draft = Portfolio.objects.create(planned_set=fls)
    waiting = Portfolio.objects.create(planned_set=tec, status=Portfolio.Status.SUBMITTED)
    Submission.objects.create(portfolio=waiting, number=1, snapshot={})
    tasks = rows(candidate)
    assert tasks["pay"].status == S.COMPLETED
    assert tasks["electives"].status == S.COMPLETED
    assert tasks[f"set-{fls.pk}"].status == S.IN_PROGRESS
    assert tasks[f"set-{fls.pk}"].action_url == reverse("portfolios:portfolio", args=[fls.pk])
    assert draft.planned_set_id == fls.pk
    assert tasks[f"set-{tec.pk}"].status == S.WAITING
    assert tasks[f"set-{tec.pk}"].turnaround.target_days == program.target_portfolio_review_days
    assert tasks[f"set-{ref.pk}"].status == S.NOT_STARTED
    assert tasks[f"set-{ref.pk}"].action_url == reverse("courses:course_completion", args=[ref.pk])
    assert tasks["certificate"].status == S.CANNOT_START


def test_a_rejected_application_shows_the_appeal_deadline(program, candidate):
    application = decided(program, days=3, status=Application.Status.REJECTED)
    application.candidate = candidate
    application.save()
    tasks = rows(candidate)
    assert tasks["apply"].status == S.COMPLETED
    assert tasks["apply"].due_label == "Give notice of appeal by"
    assert tasks["apply"].due == timezone.localdate(application.decided_at) + timedelta(
        days=program.appeal_notice_days
    )
    # Not "Cannot start yet": the step ended (no fee is due), and nothing is offered.
    assert (tasks["pay"].status, tasks["pay"].action_url) == (S.CLOSED, "")


def test_a_certified_candidate_sees_the_certificate_and_when_renewal_opens(program):
    certificate = holder_with_certificate(program, issued_on=timezone.localdate())
    tasks = rows(certificate.holder)
    assert tasks["certificate"].status == S.COMPLETED
    assert tasks["certificate"].action_url == reverse("certificates:mine")
    # Applying waits for the window; logging continuing education is offered now, so the row
    # is not "Cannot start yet" beside a working link.
    assert tasks["renewal"].status == S.NOT_STARTED
    assert tasks["renewal"].action_label == "Log continuing education"
    assert "Applying to renew opens later" in tasks["renewal"].hint
    assert tasks["renewal"].due_label == "Renewal opens on"
    assert tasks["renewal"].due == add_months(certificate.expires_on, -12)


def test_in_the_renewal_window_renewing_is_the_next_action(program):
    today = timezone.localdate()
    expires = add_months(today, 5)
    certificate = holder_with_certificate(
        program,
        issued_on=expires.replace(year=expires.year - program.certificate_validity_years),
    )
    renewal = rows(certificate.holder)["renewal"]
    assert renewal.status == S.NOT_STARTED
    assert renewal.due == certificate.expires_on
    assert renewal.action_url == reverse("renewals:home")


def test_the_task_list_costs_the_same_queries_however_much_data_there_is(program):
    certificate = holder_with_certificate(program, issued_on=timezone.localdate())
    holder = certificate.holder
    few = count_queries(lambda: candidate_tasks(user=holder))
    for days in range(1, 8):
        decided(program, days=days)
    extra = CompetencySetFactory(program=program, code="ACC", kind=CompetencySet.Kind.CORE)
    PlannedSet.objects.create(application=certificate.application, competency_set=extra)
    assert len(candidate_tasks(user=holder)) > 6
    assert count_queries(lambda: candidate_tasks(user=holder)) == few


def test_a_typical_turnaround_is_the_median_in_whole_days_rounded_up():
    now = timezone.now()
    pairs = [(now - timedelta(hours=h), now) for h in (2, 30, 100)]
    turnaround = turnaround_from(pairs, what="x", target_days=14)
    assert (turnaround.typical_days, turnaround.decided) == (2, 3)  # 30 hours: day two
    assert turnaround_from([], what="x", target_days=14).typical_days is None
    even = [(now - timedelta(days=d), now) for d in (1, 2, 3, 10)]
    assert turnaround_from(even, what="x", target_days=14).typical_days == 3  # 2.5 days


def test_a_set_without_a_way_chosen_names_every_way_as_the_plan_does(program, candidate):
    """The home's row of a set not chosen yet says what the plan says beside it (every way:
    an approved course, a portfolio or a recognized college program), not two of the three."""
    assert "recognized college program" in rows(candidate)["sets"].hint
    application = accepted(program, candidate)
    settle_enrollment(application)
    planned = application.planned_sets.order_by("competency_set__order", "id").first()
    hint = rows(candidate)[f"set-{planned.pk}"].hint
    assert hint == planned.next_step
    assert "an approved course, a portfolio, or a recognized college program" in hint
