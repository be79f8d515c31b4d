"""Course approval: drafts, the map, submission and its fee, evaluation, decisions, renewal."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.courses import selectors, services
from certify.courses.models import Course, CourseTransition, ProviderMembership
from certify.payments.api import invoice_void
from certify.payments.models import Invoice, Payment
from certify.payments.services import payment_record
from tests.courses.conftest import approve, full_map, pdf_upload
from tests.factories import CourseFactory, ProviderFactory, UserFactory

SCORES = dict.fromkeys(("coverage", "assessment", "instruction", "currency"), (3, ""))


def draft(provider, provider_user, cset, **extra):
    fields = {
        "competency_set": cset,
        "title": "Communicating at the Library Desk",
        "description": "Listening and writing for library staff.",
        "format": Course.Format.ONLINE,
        "self_paced": True,
        "cost_cents": 18500,
        "assessments": "Weekly assignments.",
        "instructors": "Maya Torres, MLIS.",
        **extra,
    }
    return services.course_create(provider=provider, actor=provider_user, **fields)


def ready(provider, provider_user, cset):
    course = draft(provider, provider_user, cset)
    full_map(course)
    services.course_syllabus_upload(course=course, actor=provider_user, upload=pdf_upload())
    return Course.objects.get(pk=course.pk)


def pay(invoice, staff):
    payment_record(
        invoice=invoice,
        amount=invoice.balance,
        method=Payment.Method.CHEQUE,
        reference="Check 1",
        actor=staff,
    )


@pytest.fixture
def submitted(provider, provider_user, ct):
    return services.course_submit(course=ready(provider, provider_user, ct), actor=provider_user)


def test_a_draft_needs_a_start_date_unless_self_paced(provider, provider_user, ct):
    with pytest.raises(DomainError, match="Give the start date, or say that the course is self"):
        draft(provider, provider_user, ct, self_paced=False)
    with pytest.raises(DomainError, match=r"cannot end .* before it starts"):
        draft(
            provider,
            provider_user,
            ct,
            start_date=date(2027, 5, 1),
            end_date=date(2027, 4, 1),
        )


def test_submission_is_refused_until_the_map_covers_every_competency(provider, provider_user, ct):
    course = draft(provider, provider_user, ct)
    competencies = list(ct.competencies.all())
    for c in competencies[:-2]:
        services.course_map_save(course=course, actor=provider_user, competency=c, content="U1")
    services.course_syllabus_upload(course=course, actor=provider_user, upload=pdf_upload())
    with pytest.raises(services.CourseIncompleteError) as error:
        services.course_submit(course=course, actor=provider_user)
    (problem,) = error.value.problems
    missing = competencies[-2:]
    assert f"2 not covered yet: {missing[0].code} {missing[0].statement}" in problem
    assert missing[1].code in problem
    course.refresh_from_db()
    assert course.status == Course.Status.DRAFT
    assert not Invoice.objects.exists()


def test_a_blank_line_of_the_map_does_not_cover_a_competency(provider, provider_user, ct):
    course = draft(provider, provider_user, ct)
    first = ct.competencies.first()
    services.course_map_save(course=course, actor=provider_user, competency=first, content="U1")
    services.course_map_save(course=course, actor=provider_user, competency=first, content="  ")
    assert first in services.course_map_missing(course=course)


def test_a_competency_of_another_set_cannot_be_mapped(provider, provider_user, ct, tec):
    course = draft(provider, provider_user, ct)
    with pytest.raises(DomainError, match="is not a competency of Communication"):
        services.course_map_save(
            course=course, actor=provider_user, competency=tec.competencies.first(), content="x"
        )


def test_submission_lists_every_problem_at_once(db, provider_user, ct):
    pending = ProviderFactory(status="pending", staff=[provider_user])
    course = draft(pending, provider_user, ct)
    with pytest.raises(services.CourseIncompleteError) as error:
        services.course_submit(course=course, actor=provider_user)
    problems = " ".join(error.value.problems)
    assert "waiting for program staff to approve it" in problems
    assert "Upload the syllabus." in problems
    assert "Map the course content to every competency" in problems


def test_submitting_invoices_the_100_dollar_fee_to_the_submitter(submitted, provider_user):
    invoice = submitted.fee_invoice
    assert submitted.status == Course.Status.SUBMITTED
    assert invoice.user == provider_user
    assert invoice.total_cents == 10000
    assert invoice.subject == f"course:{submitted.pk}"
    assert "Communicating at the Library Desk" in invoice.lines.get().description


def test_evaluators_score_every_criterion_from_1_to_4(submitted, staff):
    with pytest.raises(DomainError, match="missing: Currency and clarity"):
        services.course_evaluate(
            course=submitted, actor=staff, scores={**SCORES, "currency": (None, "")}
        )
    services.course_evaluate(course=submitted, actor=staff, scores=SCORES, comment="Good.")
    again = {**SCORES, "coverage": (4, "Thorough")}
    evaluation = services.course_evaluate(course=submitted, actor=staff, scores=again)
    assert submitted.evaluations.count() == 1  # scoring again replaces
    assert evaluation.scores.get(criterion="coverage").score == 4


def test_only_staff_evaluate_and_decide(submitted, provider_user):
    with pytest.raises(DomainError, match="Only program staff can evaluate courses"):
        services.course_evaluate(course=submitted, actor=provider_user, scores=SCORES)
    refused = "only program staff who do not act for the provider and did not write the course"
    with pytest.raises(DomainError, match=refused):
        services.course_approve(course=submitted, actor=provider_user)
    with pytest.raises(DomainError, match=refused):
        services.course_return(course=submitted, actor=provider_user, reason="Mine.")


def test_approval_needs_the_fee_paid_and_an_evaluation(submitted, staff):
    with pytest.raises(DomainError, match=r"approval fee \(invoice .*\) is not paid yet"):
        services.course_approve(course=submitted, actor=staff)
    pay(submitted.fee_invoice, staff)
    with pytest.raises(DomainError, match="no evaluation yet"):
        services.course_approve(course=submitted, actor=staff)


def test_an_approved_course_is_in_the_catalogue_for_four_years(
    submitted, staff, lsscp, django_capture_on_commit_callbacks
):
    pay(submitted.fee_invoice, staff)
    services.course_evaluate(course=submitted, actor=staff, scores=SCORES)
    with django_capture_on_commit_callbacks(execute=True):
        approval = services.course_approve(
            course=submitted, actor=staff, comment="Well done.", today=date(2026, 3, 10)
        )
    assert (approval.starts_on, approval.expires_on) == (date(2026, 3, 10), date(2030, 3, 9))
    course = Course.objects.get(pk=submitted.pk)
    assert course.status == Course.Status.APPROVED
    assert course.approval_expires_on == date(2030, 3, 9)
    assert mail.outbox[-1].subject == "Course approved: Communicating at the Library Desk"
    assert course in selectors.catalogue(program=lsscp, today=date(2030, 3, 9))
    assert course not in selectors.catalogue(program=lsscp, today=date(2030, 3, 10))
    steps = list(CourseTransition.objects.filter(course=course).values_list("to_status", flat=True))
    assert steps == ["submitted", "approved"]


def test_staff_return_with_comments_and_the_provider_resubmits_on_the_same_invoice(
    submitted, staff, provider_user, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError, match="Give your comments"):
        services.course_return(course=submitted, actor=staff, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.course_return(course=submitted, actor=staff, reason="Add a final assessment.")
    assert "Add a final assessment." in mail.outbox[-1].body
    course = Course.objects.get(pk=submitted.pk)
    assert course.status == Course.Status.RETURNED
    services.course_update(course=course, actor=provider_user, assessments="And a final exam.")
    again = services.course_submit(course=course, actor=provider_user)
    assert again.fee_invoice == submitted.fee_invoice
    assert again.review_round == 2
    assert Invoice.objects.count() == 1


def test_a_colleague_who_resubmits_a_returned_course_keeps_its_fee_invoice(
    submitted, staff, provider, provider_user
):
    """One approval, one fee: the colleague who sends the course back in is not billed again,
    whether the first submitter has paid or not."""
    colleague = UserFactory(full_name="Sam Ortiz", roles=[Role.PROVIDER])
    ProviderMembership.objects.create(provider=provider, user=colleague)
    services.course_return(course=submitted, actor=staff, reason="Add a final assessment.")
    again = services.course_submit(course=Course.objects.get(pk=submitted.pk), actor=colleague)
    assert again.fee_invoice == submitted.fee_invoice
    assert Invoice.objects.count() == 1
    pay(again.fee_invoice, staff)
    services.course_return(course=again, actor=staff, reason="And the reading list.")
    third = services.course_submit(course=Course.objects.get(pk=again.pk), actor=colleague)
    assert third.fee_invoice == submitted.fee_invoice
    assert Invoice.objects.count() == 1


def test_withdrawing_a_returned_course_voids_its_unpaid_fee(submitted, staff, provider_user):
    services.course_return(course=submitted, actor=staff, reason="Add a final assessment.")
    services.course_withdraw(course=Course.objects.get(pk=submitted.pk), actor=provider_user)
    invoice = Invoice.objects.get(pk=submitted.fee_invoice.pk)
    assert invoice.status == Invoice.Status.VOID
    assert invoice.credit_note.reason == "The course was withdrawn."


def test_withdrawing_a_returned_course_keeps_a_paid_fee_for_staff_to_refund(
    submitted, staff, provider_user
):
    pay(submitted.fee_invoice, staff)
    services.course_return(course=submitted, actor=staff, reason="Add a final assessment.")
    services.course_withdraw(course=Course.objects.get(pk=submitted.pk), actor=provider_user)
    assert Invoice.objects.get(pk=submitted.fee_invoice.pk).status == Invoice.Status.PAID


def test_what_was_approved_is_locked_but_the_schedule_may_change(course, provider_user):
    with pytest.raises(DomainError, match="its content cannot change now"):
        services.course_update(course=course, actor=provider_user, title="Something else")
    new_start = timezone.localdate() + timedelta(days=90)
    services.course_update(
        course=course, actor=provider_user, start_date=new_start, cost_cents=19900
    )
    course.refresh_from_db()
    assert (course.start_date, course.cost_cents) == (new_start, 19900)
    with pytest.raises(DomainError, match="content cannot change now"):
        services.course_map_save(
            course=course,
            actor=provider_user,
            competency=course.competency_set.competencies.first(),
            content="x",
        )


def test_another_providers_staff_cannot_change_or_submit_a_course(course, other_provider_user):
    with pytest.raises(DomainError, match="You do not act for"):
        services.course_update(course=course, actor=other_provider_user, cost_cents=0)
    with pytest.raises(DomainError, match="only the provider's staff or the provider's API key"):
        services.course_submit(course=course, actor=other_provider_user)


def _approved_since(days: int, provider, provider_user, cset) -> Course:
    course = CourseFactory(provider=provider, competency_set=cset)
    full_map(course)
    services.course_syllabus_upload(course=course, actor=provider_user, upload=pdf_upload())
    on = timezone.localdate() - timedelta(days=days)
    return approve(Course.objects.get(pk=course.pk), on=on)


def test_renewal_opens_a_year_before_expiry(provider, provider_user, ct):
    course = _approved_since(365 * 2, provider, provider_user, ct)
    with pytest.raises(DomainError, match="renewal opens on"):
        services.course_submit(course=course, actor=provider_user)


def test_a_renewal_costs_a_new_fee_and_adds_the_next_period(provider, provider_user, ct, staff):
    course = _approved_since(365 * 4 - 30, provider, provider_user, ct)
    renewal = services.course_submit(course=course, actor=provider_user)
    assert renewal.status == Course.Status.SUBMITTED
    assert renewal.fee_invoice.subject == f"course:{course.pk}:2"
    assert course in selectors.catalogue()  # still listed while the renewal is evaluated
    pay(renewal.fee_invoice, staff)
    services.course_evaluate(course=renewal, actor=staff, scores=SCORES)
    old_expiry = renewal.approval_expires_on
    approval = services.course_approve(course=renewal, actor=staff)
    assert approval.number == 2
    assert approval.starts_on == old_expiry + timedelta(days=1)
    assert Course.objects.get(pk=course.pk).approval_expires_on == approval.expires_on


def test_a_draft_can_be_withdrawn_but_not_an_approved_course(provider, provider_user, ct, course):
    withdrawn = services.course_withdraw(
        course=draft(provider, provider_user, ct), actor=provider_user
    )
    assert withdrawn.status == Course.Status.WITHDRAWN
    with pytest.raises(DomainError, match="cannot become “Withdrawn”"):
        services.course_withdraw(course=course, actor=provider_user)


def test_every_decision_is_in_the_audit_trail(submitted, staff):
    services.course_return(course=submitted, actor=staff, reason="More detail.")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "course.created",
        "course.syllabus_uploaded",
        "course.submitted",
        "course.returned",
    } <= verbs


def test_a_returned_renewal_keeps_the_set_it_was_approved_for(
    provider, provider_user, ct, tec, staff, lsscp
):
    """A renewal sent back is edited while the approval still runs: moving it to another set
    would make it count for a set nobody approved it for."""
    course = _approved_since(365 * 4 - 30, provider, provider_user, ct)
    renewal = services.course_submit(course=course, actor=provider_user)
    returned = services.course_return(course=renewal, actor=staff, reason="Update the reading.")
    with pytest.raises(DomainError, match="was approved for Communication") as error:
        services.course_update(course=returned, actor=provider_user, competency_set=tec)
    assert error.value.field == "competency_set"
    assert Course.objects.get(pk=course.pk).competency_set == ct
    # What else a returned renewal may change, it still does.
    services.course_update(course=returned, actor=provider_user, title="Library Desk, 2nd ed.")
    assert Course.objects.get(pk=course.pk).title == "Library Desk, 2nd ed."


def test_a_colleague_on_program_staff_does_not_record_their_providers_fee_paid(
    provider, provider_user, ct, staff
):
    """The approval fee is the provider's case: program staff who act for that provider do not
    record a check on it (a colleague got the invoice), whatever other roles they hold."""
    colleague = UserFactory(full_name="Lee Colleague", roles=[Role.PROGRAM_STAFF, Role.PROVIDER])
    ProviderMembership.objects.create(provider=provider, user=colleague)
    submitted = services.course_submit(
        course=ready(provider, provider_user, ct), actor=provider_user
    )
    invoice = submitted.fee_invoice
    with pytest.raises(DomainError, match="your own case"):
        pay(invoice, colleague)
    with pytest.raises(DomainError, match="your own case"):
        invoice_void(invoice=invoice, reason="Waived for us.", actor=colleague)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN
    assert not Payment.objects.exists()
    pay(invoice, staff)  # staff outside the provider do
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_an_older_fee_invoice_named_by_title_is_the_providers_case_too(
    provider, provider_user, ct, staff, lsscp
):
    """A fee invoice whose subject is the course's title (made before subjects named the course
    by id) is found through the course that holds it."""
    from certify.payments.api import course_approval_invoice_create

    colleague = UserFactory(roles=[Role.PROGRAM_STAFF, Role.PROVIDER])
    ProviderMembership.objects.create(provider=provider, user=colleague)
    course = ready(provider, provider_user, ct)
    invoice = course_approval_invoice_create(
        provider=provider_user, program=lsscp, course_title=course.title, actor=provider_user
    )
    Course.objects.filter(pk=course.pk).update(fee_invoice=invoice)
    with pytest.raises(DomainError, match="your own case"):
        pay(invoice, colleague)
    pay(invoice, staff)
