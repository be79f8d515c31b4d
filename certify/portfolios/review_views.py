"""The reviewer's workspace: their reviews, the assess page with the evidence beside the ratings,
the evidence file as that viewer reads it, and the staff page of reviewers' agreement
(ADR 0049)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certify.accounts.api import versions_key
from certify.core.bounded import Bounded
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.core.rows import Row, date_texts, url_around
from certify.portfolios import access, blind, calibration, selectors, services
from certify.portfolios.forms import CompleteForm
from certify.portfolios.models import EvidenceItem, ReviewAssignment
from certify.portfolios.refusals import (
    ReviewRefusedError,
    conflict_page,
    conflict_refused_page,
    review_refused,
)
from certify.portfolios.review_days import ReviewDays, review_days
from certify.portfolios.rules import is_evidence_reviewer
from certify.portfolios.templatetags.evidence import VIEWER_KINDS
from certify.portfolios.verdicts import Outcome, Rating
from certify.portfolios.views import _assignment, _user


@dataclass(frozen=True)
class _KeptQueue:
    turnaround: selectors.Turnaround
    read: tuple[tuple[Any, ...], ...]

    def __len__(self) -> int:  # about the size it takes (Bounded's measure)
        return 200 * (1 + len(self.read))


# A reviewer's figures and page of rows, kept per process under the versions of the data they
# show (ADR 0071): their assignments, ratings and submissions, and what those reach.
_kept: Bounded[_KeptQueue] = Bounded(max_entries=4096, max_size=64_000_000)


@permission_required("portfolios.review")
def review_queue(request: HttpRequest) -> HttpResponse:
    """The reviewer's home: open reviews first by due date, then the completed ones. Read again
    only when the reviewer's data version, the shared one or a program's day changed (ADR
    0071)."""
    reviewer = _user(request)
    days = review_days(reviewer, request)  # each program's today (ADR 0036)
    number = request.GET.get("page")
    key = versions_key(request, days, number)
    kept = _kept.get(key) if key is not None else None
    if kept is None:
        turnaround = selectors.reviewer_turnaround(reviewer=reviewer, days=days)
    else:
        turnaround = kept.turnaround
    # The queue's rows are the assignments the figures just counted: no COUNT query. The page's
    # rows are read by a query compiled once per process (ADR 0062).
    paginator = Paginator(range(turnaround.assignments), 50)
    page = paginator.get_page(number)
    if kept is None:
        low = (page.number - 1) * paginator.per_page
        read = selectors.reviewer_queue_page(
            reviewer=reviewer, low=low, high=low + paginator.per_page
        )
        kept = _KeptQueue(turnaround, tuple(read))
        if key is not None:
            _kept.put(key, kept)
    page.object_list = kept.read  # type: ignore[assignment]
    rows = QueueRows(kept.read, days, url_around("portfolios:assess"))
    return render(
        request,
        "portfolios/review_queue.html",
        {"page": page, "rows": rows, "turnaround": turnaround},
    )


def forget_kept_queues() -> None:
    _kept.clear()


# The words for each status and verdict (what `ReviewAssignment.Status(value).label` and
# `Rating(value).label` give, without building an enum member for every row).
_STATUS_LABELS = dict(ReviewAssignment.Status.choices)
_VERDICT_LABELS = dict(Rating.choices)


@dataclass(frozen=True)
class QueueRows:
    """A page of the queue's rows: the rows as read (`selectors.QUEUE_COLUMNS`), each program's
    today (overdue, due today) and the text around an id in the assess link are all the table's
    markup depends on. Compared and hashed by those plain values, it is the key of the rows'
    fragment (ADR 0062): a page read again with the same rows, days and link is served its kept
    markup, and the rows are worked out (`_queue_rows`) only when the fragment is rendered."""

    read: tuple[tuple[Any, ...], ...]
    days: ReviewDays
    link: tuple[str, str]

    def __iter__(self) -> Iterator[Row]:
        return iter(_queue_rows(self.read, days=self.days, link=self.link))

    def __len__(self) -> int:
        return len(self.read)


def _queue_rows(
    read: Iterable[tuple[Any, ...]], *, days: ReviewDays, link: tuple[str, str]
) -> tuple[Row, ...]:
    """What each row of the queue shows, worked out here once per row: the link, the due date's
    text, whether it is overdue or due today, the status in words. The template then only
    places them: tags and filters per row made most of the page's rendering time (ADR 0059)."""
    before, after = link
    date_text = date_texts()
    due_texts: dict[date, str] = {}  # due dates repeat down the page
    rows = []
    today_of: dict[int, date] = {}  # the program's today, by program
    for (
        pk,
        status,
        due_on,
        verdict,
        set_name,
        version,
        rated,
        total,
        program,
    ) in read:
        is_open = status == ReviewAssignment.Status.ASSIGNED
        today = today_of.get(program)
        if today is None:
            today = today_of[program] = days.of(program)
        due = due_texts.get(due_on)
        if due is None:
            due = due_texts[due_on] = date_text(due_on)
        rows.append(
            Row(
                url=f"{before}{int(pk)}{after}",
                set_name=set_name,
                version=version,
                due=due,
                overdue=is_open and due_on < today,
                due_today=is_open and due_on == today,
                rated=rated,
                total=total,
                status=str(_STATUS_LABELS[status]),
                verdict=str(_VERDICT_LABELS[verdict]) if verdict else "",
            )
        )
    return tuple(rows)


@permission_required("portfolios.review")
@review_refused
def review_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """The review beside the version it is for. Once the assignment is no longer live (the
    verdict is in: `access.py`) the page is the reviewer's own history: their ratings, comments
    and verdict, without the candidate's statement, narratives or evidence."""
    return _assess_page(request, _assignment(request, pk))


@require_POST
@permission_required("portfolios.review")
@review_refused
def review_complete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    form = CompleteForm(request.POST)
    form.is_valid()
    try:
        done = services.assessment_complete(
            assignment=assignment,
            actor=_user(request),
            comment=form.cleaned_data.get("comment", ""),
            refer_to_course=form.cleaned_data.get("refer_to_course", False),
        )
    except services.UnfinishedReviewError as error:
        # Each competency still to rate or explain, linked to it on the page.
        problems = _to_finish(assignment, error)
        return _assess_page(request, assignment, complete_form=form, problems=problems)
    except DomainError as error:
        # She declared a conflict while this was on its way: the refusal with its reason.
        if refusal := access.review_refusal(request.user, assignment):
            raise ReviewRefusedError(refusal) from None
        # The page again, with what the reviewer typed for the candidate and the reason at the
        # form (a redirect lost the overall feedback: "Rate every competency first").
        problems = [(error.message, "")]
        return _assess_page(request, assignment, complete_form=form, problems=problems)
    messages.success(request, _finished_message(done))
    return saved_redirect(reverse("portfolios:review_queue"))


def _finished_message(assignment: ReviewAssignment) -> str:
    """What finishing changed: the reviewer's own verdict, and whether the set's result is in
    (both reviewers finished) or still waits for the other reviewer."""
    mine = f"Your review is recorded: your verdict is {assignment.get_verdict_display()}."
    outcome = selectors.submission_outcome(submission_id=assignment.submission_id)
    if not outcome:
        return f"{mine} The set's result is decided when the other reviewer has finished too."
    return f"{mine} Both reviews are in; the set's result: {Outcome(outcome).label}."


def _to_finish(
    assignment: ReviewAssignment, error: services.UnfinishedReviewError
) -> list[tuple[str, str]]:
    """The error summary's lines: "Rate CT-01 before you finish" linked to its competency's
    heading, "Explain your rating of CT-03: it is below Met" linked to its comment."""
    if error.todo == "rate":
        return [(f"Rate {code} before you finish", f"#a-{code}") for code in error.codes]
    comment_ids = {
        code: pk
        for pk, code in assignment.ratings.filter(competency__code__in=error.codes).values_list(
            "pk", "competency__code"
        )
    }
    return [
        (f"Explain your rating of {code}: it is below Met", f"#c{comment_ids[code]}")
        for code in error.codes
    ]


def _assess_page(
    request: HttpRequest,
    assignment: ReviewAssignment,
    *,
    complete_form: CompleteForm | None = None,
    problems: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    submission = assignment.submission
    live = access.is_live(assignment)
    responses = submission.snapshot["responses"] if live else []
    narratives = {r["competency"]: r["narrative"] for r in responses}
    evidence = selectors.submission_evidence(submission=submission) if live else {}
    # A resubmission: what the reviewers of the version before asked for, per competency.
    earlier = selectors.previous_version_feedback(submission=submission) if live else {}
    # And what the candidate changed since that version: a rewritten answer, new evidence.
    changed = selectors.previous_version_changes(submission=submission) if earlier else {}
    application = submission.portfolio.planned_set.application
    other = calibration.calibration_find(assignment=assignment)
    theirs = {r.competency_id: r for r in other.ratings.all()} if other else {}
    rows = [
        {
            "rating": r,
            "narrative": narratives.get(r.competency_id, ""),
            "evidence": evidence.get(r.competency_id, []),
            "other": theirs.get(r.competency_id),
            "earlier": earlier.get(r.competency_id, []),
            "changed": changed.get(r.competency_id),
        }
        for r in assignment.ratings.all()
    ]
    return render(
        request,
        "portfolios/assess.html",
        {
            "assignment": assignment,
            "submission": submission,
            "rows": rows,
            "other": other,
            "portfolio": submission.portfolio,
            "met_percent": application.rule("portfolio_met_percent"),
            "resubmission": bool(earlier),
            # The rule's last attempt: a verdict short of Met ends the portfolio route.
            "last_attempt": submission.number > application.rule("portfolio_resubmissions"),
            "complete_form": complete_form or CompleteForm(),
            "finish_problems": problems or [],
            "live": live,
            "rating_choices": Rating.choices,
            "show_titles": False,  # the reviewer's own page: blind, even for staff who review
            "viewer": True,
            "evidence_numbers": (
                selectors.evidence_numbers(portfolio_id=submission.portfolio_id) if live else {}
            ),
        },
        status=400 if problems else 200,
    )


def evidence_view(request: HttpRequest, item_id: int) -> HttpResponseBase:
    """An evidence file for the viewer beside the ratings: only program staff and a reviewer whose
    live assignment's version holds it (`access.py`). PDFs and pictures come inline (pdf.js or
    an <img> shows them in the page); anything else is an attachment. The file never runs as a
    page of this site: its own type with nosniff, and a sandbox that allows nothing if it is
    opened on its own."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    item = get_object_or_404(
        EvidenceItem.objects.select_related("response__portfolio__planned_set__application"),
        pk=item_id,
        kind=EvidenceItem.Kind.FILE,
    )
    portfolio = item.response.portfolio
    staff = request.user.has_perm("portfolios.manage_reviews")
    reviewer = request.user.has_perm("portfolios.review") and is_evidence_reviewer(
        request.user, item
    )
    if not (staff or reviewer):
        # A reviewer of the portfolio who declared a conflict with its candidate reads why.
        if refusal := access.reviewed_refusal(request.user, portfolio):
            return conflict_refused_page(request, refusal, reviewer=True)
        # Those who do not know of the portfolio get the 404 of an unknown file.
        if not request.user.has_perm("portfolios.know_of", portfolio):
            raise Http404
        raise PermissionDenied
    if refused := conflict_page(request, portfolio):
        return refused
    number = selectors.evidence_numbers(portfolio_id=portfolio.pk).get(item.pk)
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=item.content_type not in VIEWER_KINDS,
        filename=blind.neutral_filename(item, number),  # the viewer is blind, staff's too
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("portfolios.manage_reviews")
def staff_reviewers(request: HttpRequest) -> HttpResponse:
    """Each reviewer's completed reviews and how often their verdict differed from the other
    reviewer's on the same version."""
    return render(
        request,
        "portfolios/staff_reviewers.html",
        {"reviewers": calibration.reviewer_agreement()},
    )
