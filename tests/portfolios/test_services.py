import io
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from certify.accounts.conflicts import conflict_declare
from certify.accounts.models import Role
from certify.appeals.services import appeal_decide, appeal_give_notice, appeal_submit_grounds
from certify.core.errors import DomainError
from certify.core.workflow import LinkHolder
from certify.portfolios import services
from certify.portfolios.models import (
    EvidenceItem,
    Portfolio,
    ReviewAssignment,
    Submission,
)
from certify.portfolios.verdicts import Outcome
from certify.progress.models import PlannedSet
from tests.factories import UserFactory
from tests.portfolios.conftest import PDF, make_reviewer, pdf_upload


def owner(portfolio):
    return portfolio.planned_set.application.candidate


def test_opening_needs_the_portfolio_route(enrolled):
    from certify.progress.services import plan_ensure

    plan_ensure(application=enrolled)
    row = enrolled.planned_sets.get(competency_set__code="FLS")
    with pytest.raises(DomainError, match="Choose the portfolio route"):
        services.portfolio_open(planned=row, actor=enrolled.candidate)


def test_opening_makes_one_response_per_competency_and_starts_the_set(portfolio):
    assert portfolio.responses.count() == 9
    portfolio.planned_set.refresh_from_db()
    assert portfolio.planned_set.status == PlannedSet.Status.IN_PROGRESS


def test_narratives_are_safe_rich_text(portfolio):
    response = portfolio.responses.first()
    services.response_save(
        response=response,
        actor=owner(portfolio),
        narrative='<p onclick="x()">I <strong>help</strong></p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">bad</a><a href="https://ok.example">ok</a>',
    )
    shown = services.narrative_clean(response.narrative)
    assert "<script" not in shown
    assert "onclick" not in shown
    assert "javascript:" not in shown
    assert "<strong>help</strong>" in shown
    assert 'href="https://ok.example"' in shown


def test_plain_text_becomes_paragraphs(portfolio):
    response = portfolio.responses.first()
    services.response_save(
        response=response,
        actor=owner(portfolio),
        narrative="First <point>.\n\nSecond line\nwith a break.",
    )
    response.refresh_from_db()
    assert response.narrative == "First <point>.\n\nSecond line\nwith a break."  # as typed
    assert services.narrative_clean(response.narrative) == (
        "<p>First &lt;point&gt;.</p><p>Second line<br>with a break.</p>"
    )


def test_a_pdf_is_stored_privately(portfolio):
    item = services.evidence_add_file(
        response=portfolio.responses.first(),
        actor=owner(portfolio),
        upload=pdf_upload("My Résumé (final).pdf"),
        title="",
    )
    assert item.content_type == "application/pdf"
    assert item.extension == ".pdf"
    assert item.original_name == "My Résumé (final).pdf"
    assert "Résumé" not in item.file.name  # stored under a random name
    assert item.file.name.endswith(".pdf")
    with pytest.raises(ValueError, match="no public URL"):
        item.file.url  # noqa: B018


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "not a file type"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "not a file type",
        ),
        ("fake.pdf", b"<html><body>not a pdf</body></html>", "not a file type"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_hostile_or_wrong_files_are_refused_and_nothing_is_kept(portfolio, name, content, message):
    with pytest.raises(DomainError, match=message):
        services.evidence_add_file(
            response=portfolio.responses.first(),
            actor=owner(portfolio),
            upload=SimpleUploadedFile(name, content),
            title="x",
        )
    assert not EvidenceItem.objects.exists()


@override_settings(EVIDENCE_MAX_BYTES=1000)
def test_an_oversize_file_is_refused_in_plain_words(portfolio):
    with pytest.raises(DomainError, match="largest we accept is 1000"):
        services.evidence_add_file(
            response=portfolio.responses.first(),
            actor=owner(portfolio),
            upload=pdf_upload(content=PDF + b"0" * 2000),
            title="big",
        )


def test_a_zip_bomb_disguised_as_a_word_file_is_refused(portfolio):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/padding.xml", b"\0" * (20 * 1024 * 1024))
    upload = SimpleUploadedFile("report.docx", buffer.getvalue())
    with pytest.raises(DomainError):
        services.evidence_add_file(
            response=portfolio.responses.first(),
            actor=owner(portfolio),
            upload=upload,
            title="report",
        )


def test_links_and_attestations(portfolio, django_capture_on_commit_callbacks):
    response = portfolio.responses.first()
    with pytest.raises(DomainError, match="https://"):
        services.evidence_add_link(
            response=response, actor=owner(portfolio), url="javascript:alert(1)", title="x"
        )
    services.evidence_add_link(
        response=response,
        actor=owner(portfolio),
        url="https://video.example/story-time",
        title="Story time video",
    )
    with django_capture_on_commit_callbacks(execute=True):
        item = services.evidence_request_attestation(
            response=response,
            actor=owner(portfolio),
            attester_name="Pat Lee",
            attester_email="pat@riverside.example",
            title="",
            description="My desk work",
        )
    assert mail.outbox[-1].to == ["pat@riverside.example"]
    token = mail.outbox[-1].body.split("/attest/")[1].split("/")[0]
    assert services.attestation_item_from_token(token) == item
    holder = LinkHolder("attestation", item.pk, "Pat Lee")
    with pytest.raises(DomainError, match="a few sentences"):
        services.attestation_respond(item=item, actor=holder, given=True, text="Yes.")
    services.attestation_respond(
        item=item,
        actor=holder,
        given=True,
        text="I watched Dana calm an upset patron and solve the problem.",
    )
    item.refresh_from_db()
    assert item.attestation_status == EvidenceItem.AttestationStatus.GIVEN
    # The link works once: the page refuses it, and so does the move.
    with pytest.raises(DomainError, match="already answered"):
        services.attestation_item_from_token(token)
    with pytest.raises(DomainError, match="already answered"):
        services.attestation_respond(item=item, actor=holder, given=False, text="")
    item.refresh_from_db()
    assert item.attestation_status == EvidenceItem.AttestationStatus.GIVEN


def test_the_checklist_names_what_is_missing(portfolio):
    missing = services.portfolio_checklist(portfolio=portfolio)
    assert missing[0] == "Write your personal learning statement."
    assert len(missing) == 10
    response = portfolio.responses.first()
    services.evidence_add_link(
        response=response, actor=owner(portfolio), url="https://example.org/a", title="A"
    )
    assert len(services.portfolio_checklist(portfolio=portfolio)) == 9


def test_a_portfolio_waits_for_the_enrollment_fee(complete_portfolio, reviewers):
    from certify.payments.api import enrollment_invoice_for
    from certify.payments.services import invoice_refund

    application = complete_portfolio.planned_set.application
    invoice = enrollment_invoice_for(user=application.candidate, program=application.program)
    invoice.refresh_from_db()
    invoice_refund(
        invoice=invoice,
        reason="Test: unpaid",
        actor=UserFactory(roles=[Role.PROGRAM_STAFF]),
        amount=invoice.net_paid,
    )
    with pytest.raises(DomainError, match="enrollment fee is paid"):
        services.portfolio_submit(portfolio=complete_portfolio, actor=owner(complete_portfolio))
    assert not Submission.objects.exists()


def test_an_incomplete_portfolio_cannot_be_submitted(portfolio, reviewers):
    with pytest.raises(DomainError, match="not complete yet"):
        services.portfolio_submit(portfolio=portfolio, actor=owner(portfolio))
    assert not Submission.objects.exists()


def test_submitting_locks_the_version_and_assigns_two_reviewers(complete_portfolio, reviewers):
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    assert submission.number == 1
    assert len(submission.snapshot["responses"]) == 9
    assert submission.assignments.count() == 2
    assert all(a.ratings.count() == 9 for a in submission.assignments.all())
    with pytest.raises(DomainError, match="cannot be changed"):
        services.response_save(
            response=complete_portfolio.responses.first(),
            actor=owner(complete_portfolio),
            narrative="changed",
        )


def test_assignment_skips_conflicts_full_reviewers_and_non_experts(complete_portfolio, lsscp):
    candidate = owner(complete_portfolio)
    declared = make_reviewer("Declared Conflict")
    conflict_declare(actor=declared, person_email=candidate.email, reason="Sister")
    make_reviewer("Same Library", employer="riverside public library")
    make_reviewer("Wrong Expertise", sets=("CAT",))
    full = make_reviewer("Fully Booked", capacity=0)
    ok_one, ok_two = make_reviewer("Able One"), make_reviewer("Able Two")
    submission = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    assigned = {a.reviewer for a in submission.assignments.all()}
    assert assigned == {ok_one, ok_two}
    assert full not in assigned


def test_assignment_balances_load(complete_portfolio, reviewers):
    busy = reviewers[0]
    other = UserFactory()
    # Give the first reviewer open work elsewhere.
    from tests.portfolios.test_services import _submission_for

    _submission_for(other, busy)
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    assert busy not in {a.reviewer for a in submission.assignments.all()}


def _submission_for(candidate, reviewer):
    """Another open review for `reviewer` (to load them)."""
    from certify.portfolios.models import ReviewAssignment
    from tests.factories import ApplicationFactory

    app = ApplicationFactory(
        candidate=candidate,
        status="accepted",
        program=reviewer.reviewer_profile.expertise.first().program,
    )
    from certify.progress.services import plan_ensure, route_choose

    plan_ensure(application=app)
    row = route_choose(
        planned=app.planned_sets.get(competency_set__code="CT"), actor=candidate, route="portfolio"
    )
    portfolio = services.portfolio_open(planned=row, actor=candidate)
    submission = Submission.objects.create(portfolio=portfolio, number=1, snapshot={})
    return ReviewAssignment.objects.create(
        submission=submission, reviewer=reviewer, due_on=timezone.localdate()
    )


def _rate(assignment, ratings, comment="Add an example from your desk."):
    for row, value in zip(assignment.ratings.order_by("competency__order"), ratings, strict=True):
        services.rating_save(
            assignment=assignment,
            actor=assignment.reviewer,
            competency_id=row.competency_id,
            rating=value,
            comment="" if value == "met" else comment,
        )
    return services.assessment_complete(
        assignment=assignment, actor=assignment.reviewer, comment="Thank you."
    )


def test_a_review_needs_every_rating_and_comments_below_met(complete_portfolio, reviewers):
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    assignment = submission.assignments.first()
    with pytest.raises(DomainError, match="Rate every competency first"):
        services.assessment_complete(assignment=assignment, actor=assignment.reviewer, comment="")
    row = assignment.ratings.first()
    services.rating_save(
        assignment=assignment,
        actor=assignment.reviewer,
        competency_id=row.competency_id,
        rating="partial",
        comment="",
    )
    for other in assignment.ratings.exclude(pk=row.pk):
        services.rating_save(
            assignment=assignment,
            actor=assignment.reviewer,
            competency_id=other.competency_id,
            rating="met",
            comment="",
        )
    with pytest.raises(DomainError, match="Explain each rating below Met"):
        services.assessment_complete(assignment=assignment, actor=assignment.reviewer, comment="")
    outsider = UserFactory(roles=[Role.REVIEWER])
    with pytest.raises(DomainError, match="assigned to someone else"):
        services.rating_save(
            assignment=assignment,
            actor=outsider,
            competency_id=row.competency_id,
            rating="met",
            comment="",
        )


def test_partial_then_resubmission_passes_and_satisfies_the_set(
    complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    candidate = owner(complete_portfolio)
    first = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    a, b = first.assignments.all()
    _rate(a, ["met"] * 6 + ["partial"] * 3)  # 6 of 9 = 67 %: partially met
    with django_capture_on_commit_callbacks(execute=True):
        _rate(b, ["met"] * 5 + ["partial"] * 4)
    first.refresh_from_db()
    assert first.outcome == Outcome.MORE_EVIDENCE
    assert "More evidence needed" in mail.outbox[-1].subject
    portfolio = Portfolio.objects.get(pk=complete_portfolio.pk)
    assert portfolio.status == Portfolio.Status.MORE_EVIDENCE
    assert portfolio.attempt == 2

    response = portfolio.responses.first()
    services.response_save(response=response, actor=candidate, narrative="More, with examples.")
    second = services.portfolio_submit(portfolio=portfolio, actor=candidate)
    assert second.number == 2
    assert {x.reviewer for x in second.assignments.all()} == {a.reviewer, b.reviewer}
    assert first.snapshot != second.snapshot  # the first version is kept as it was
    c, d = second.assignments.all()
    _rate(c, ["met"] * 7 + ["partial"] * 2)  # 7 of 9 = 78 %: met
    _rate(d, ["met"] * 4 + ["partial"] * 5)
    second.refresh_from_db()
    assert second.outcome == Outcome.PASSED
    planned = PlannedSet.objects.get(pk=portfolio.planned_set_id)
    assert planned.status == PlannedSet.Status.SATISFIED
    assert planned.evidence == "Portfolio, version 2"


def test_the_portfolio_rule_is_the_one_the_candidate_applied_under(complete_portfolio, reviewers):
    """A rule change applies to new cases: raising the Met share after the candidate applied
    does not change how their portfolio is judged."""
    application = complete_portfolio.planned_set.application
    application.rules_keep()  # as at submission
    application.save(update_fields=["rules"])
    program = application.program
    kept = program.portfolio_met_percent
    program.portfolio_met_percent = 90
    program.save(update_fields=["portfolio_met_percent"])
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    for assignment in submission.assignments.all():
        _rate(assignment, ["met"] * 7 + ["partial"] * 2)  # 78 %: Met at 70 %, not at 90 %
    submission.refresh_from_db()
    assert kept == 70
    assert submission.outcome == Outcome.PASSED


def test_a_second_failure_is_final_and_an_appeal_can_send_it_back(complete_portfolio, reviewers):
    candidate = owner(complete_portfolio)
    first = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    for assignment in first.assignments.all():
        _rate(assignment, ["met"] * 8 + ["not_met"])
    portfolio = Portfolio.objects.get(pk=complete_portfolio.pk)
    second = services.portfolio_submit(portfolio=portfolio, actor=candidate)
    for assignment in second.assignments.all():
        _rate(assignment, ["partial"] * 9)
    portfolio.refresh_from_db()
    assert portfolio.status == Portfolio.Status.FAILED
    second.refresh_from_db()
    assert second.outcome == Outcome.FAILED

    program = portfolio.planned_set.application.program
    appeal = appeal_give_notice(
        subject=second,
        appellant=candidate,
        program=program,
        decided_by=None,
        decided_at=second.decided_at,
    )
    appeal_submit_grounds(
        appeal=appeal,
        actor=candidate,
        grounds="The reviewers did not open my video evidence at all.",
    )
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    appeal_decide(appeal=appeal, actor=staff, uphold=False, reason="Reassess with the video.")
    portfolio.refresh_from_db()
    assert portfolio.status == Portfolio.Status.SUBMITTED
    fresh = second.assignments.filter(round=2)
    assert fresh.count() == 1  # only one reviewer left who has not seen this portfolio
    assert fresh.get().reviewer == reviewers[2]


def test_staff_assign_only_reviewers_with_expertise_in_the_set(complete_portfolio, reviewers):
    """Two reviewers with expertise in the set: staff choosing a reviewer by hand are held to it
    as the automatic assignment is (by the page and the API alike, through the service)."""
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    old = submission.assignments.first()
    stranger = make_reviewer("Tomas Cataloger", sets=("CAT",))
    with pytest.raises(DomainError, match="Tomas Cataloger has no expertise in Communication"):
        services.reviewer_assign(
            submission=submission, reviewer=stranger, actor=staff, replacing=old
        )
    old.refresh_from_db()
    assert old.status == ReviewAssignment.Status.ASSIGNED  # nothing changed
    services.reviewer_assign(
        submission=submission, reviewer=reviewers[2], actor=staff, replacing=old
    )


def test_staff_override_respects_conflicts(complete_portfolio, reviewers):
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    with pytest.raises(DomainError, match="already has two reviewers"):
        services.reviewer_assign(submission=submission, reviewer=reviewers[2], actor=staff)
    old = submission.assignments.first()
    new = services.reviewer_assign(
        submission=submission, reviewer=reviewers[2], actor=staff, replacing=old
    )
    old.refresh_from_db()
    assert old.status == ReviewAssignment.Status.WITHDRAWN
    assert new.assigned_by == staff
    candidate = owner(complete_portfolio)
    from certify.accounts.services import role_grant

    role_grant(user=candidate, role=Role.REVIEWER, actor=staff)
    with pytest.raises(DomainError, match="own portfolio"):
        services.reviewer_assign(submission=submission, reviewer=candidate, actor=staff)
    # A declared conflict (with the candidate's library) and the same library are refused too.
    kept = new
    conflicted = make_reviewer("Conflicted Reviewer")
    conflict_declare(actor=conflicted, organisation="Riverside Public Library", reason="Mine")
    colleague = make_reviewer("Library Colleague", employer="RIVERSIDE public library")
    for reviewer, why in ((conflicted, "declared a conflict"), (colleague, "works at a library")):
        with pytest.raises(DomainError, match=why):
            services.reviewer_assign(
                submission=submission, reviewer=reviewer, actor=staff, replacing=kept
            )
    # A reviewer who declares a conflict once assigned gives it back at once: she cannot
    # complete it (tests/portfolios/test_conflicted_reviewer.py).
    conflict_declare(actor=kept.reviewer, person_email=candidate.email, reason="Recognized her")
    kept.refresh_from_db()
    assert kept.status == ReviewAssignment.Status.WITHDRAWN
    with pytest.raises(DomainError, match="Withdrawn"):
        services.assessment_complete(assignment=kept, actor=kept.reviewer, comment="")


def test_review_reminders_go_out_once(
    complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    from certify.portfolios.handlers import review_reminders

    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    due = submission.assignments.first().due_on
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders(due - timedelta(days=3)) == "2 review reminder(s) sent"
        assert review_reminders(due - timedelta(days=2)) == "0 review reminder(s) sent"
        assert review_reminders(due + timedelta(days=1)) == "2 review reminder(s) sent"
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count("A portfolio review is overdue") == 2
    assert set(submission.assignments.values_list("reminded", flat=True)) == {"overdue"}


def test_review_reminders_read_only_the_assignments_a_reminder_is_due_for(
    complete_portfolio, reviewers, django_assert_num_queries
):
    # Overdue reviews already told so are not read again, however many there are: a day with
    # nothing due is one query, after one for the programs' time zones (ADR 0036).
    from certify.portfolios.handlers import review_reminders

    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=owner(complete_portfolio)
    )
    due = submission.assignments.first().due_on
    submission.assignments.update(reminded="overdue")
    with django_assert_num_queries(2):
        assert review_reminders(due + timedelta(days=30)) == "0 review reminder(s) sent"
    # One told only "due soon" is still told once it is overdue.
    first = submission.assignments.first()
    submission.assignments.filter(pk=first.pk).update(reminded="due")
    assert review_reminders(due + timedelta(days=30)) == "1 review reminder(s) sent"
    first.refresh_from_db()
    assert first.reminded == "overdue"
