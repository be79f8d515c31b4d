"""Staff's portfolio pages: the list of submitted versions, a version's page (its reviewers,
adding or replacing one) and "Assign automatically" on it: the reviewers the page showed the
automatic assignment picking are assigned, or nothing is and the page says what changed
(`services.reviewers_assign_automatic`). The candidate on staff, and staff who declared a
conflict with the candidate, are refused a version's page with the reason (`access`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from certify.accounts.api import case_person, case_title, listed_name
from certify.core.chips import Chip
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.courses.api import candidate_number
from certify.portfolios import access, selectors, services
from certify.portfolios.access import OWN_PORTFOLIO, staff_page_refusal
from certify.portfolios.automatic_reviewers import NOBODY_TO_PICK, automatic_reviewers
from certify.portfolios.forms import AssignForm, StaffSubmissionFilterForm
from certify.portfolios.models import ReviewAssignment, Submission
from certify.portfolios.refusals import conflict_refused_page
from certify.portfolios.reviewer_choices import NOBODY_TO_REPLACE, reviewer_choices
from certify.portfolios.services.closed_candidate import CLOSED
from certify.portfolios.services.review import REVIEWERS_PER_SUBMISSION
from certify.portfolios.views import _user


@require_POST
@permission_required("portfolios.manage_reviews")
def staff_assign_automatic(request: HttpRequest, pk: int) -> HttpResponse:
    """`picked`: the reviewers' ids the page showed as picked, in their order."""
    submission = get_object_or_404(
        Submission.objects.select_related("portfolio__planned_set__application"), pk=pk
    )
    if access.staff_page_refusal(request.user, submission):
        raise PermissionDenied
    seen = [int(v) for v in request.POST.getlist("picked") if v.isdigit()]
    try:
        made = services.reviewers_assign_automatic(
            submission=submission, actor=_user(request), picked_seen=seen
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("portfolios:staff_submission", pk=pk)
    names = [str(a.reviewer) for a in made]
    said = " and ".join(names)
    text = (
        f"Assigned automatically: {said} now review{'s' if len(names) == 1 else ''} this portfolio."
    )
    open_now = submission.assignments.exclude(status="withdrawn").filter(round=made[0].round)
    if (empty := REVIEWERS_PER_SUBMISSION - open_now.count()) > 0:
        places = "One place is" if empty == 1 else f"{empty} places are"
        text += f" {places} still empty. {NOBODY_TO_PICK}"
    messages.success(request, text)
    return redirect("portfolios:staff_submission", pk=pk)


@permission_required("portfolios.manage_reviews")
def staff_submissions(request: HttpRequest) -> HttpResponse:
    form = StaffSubmissionFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    needs = request.GET.get("needs_reviewers") == "1"
    overdue = not needs and request.GET.get("overdue") == "1"
    submissions = selectors.submission_list_for_staff(
        needs_reviewers=needs,
        overdue=overdue,
        assigned=data.get("assigned", ""),
        viewer=_user(request),
        program=data.get("program") or "",
    )
    page = Paginator(submissions, 50).get_page(request.GET.get("page"))
    for s in page:  # a closed account's row names its case's number, as the case's title does
        application = s.portfolio.planned_set.application
        s.candidate_listed = listed_name(  # type: ignore[attr-defined]
            application.candidate, reference=candidate_number(application)
        )
    # Cases the viewer declared a conflict with say so instead of linking to a refused page.
    conflicted = access.conflicted_candidates(
        request.user, {s.portfolio.planned_set.application.candidate_id for s in page}
    )
    of = f"program={data['program']}&" if data.get("program") else ""  # chips keep the program
    chips = [
        Chip("All", None, f"?{of}", not (needs or overdue)),
        Chip("Waiting for reviewers", None, f"?{of}needs_reviewers=1", needs),
        Chip("A review overdue", None, f"?{of}overdue=1", overdue),
    ]
    return render(
        request,
        "portfolios/staff_submissions.html",
        {
            "page": page,
            "needs": needs,
            "form": form,
            "chips": chips,
            "conflicted": conflicted,
            "conflict_label": access.CONFLICT_LABEL,
        },
    )


@permission_required("portfolios.manage_reviews")
def staff_submission(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.select_related(
            "portfolio__planned_set__competency_set",
            "portfolio__planned_set__application__candidate",
            "portfolio__planned_set__application__program",
            "portfolio__assigned_to",
        ),
        pk=pk,
    )
    own_case = staff_page_refusal(request.user, submission)
    if own_case and own_case != OWN_PORTFOLIO:  # a declared conflict: nothing of the case shown
        return conflict_refused_page(request, own_case)
    application = submission.portfolio.planned_set.application
    number = candidate_number(application)
    # Never the closure's placeholder name (`accounts.api.case_title`).
    named = {
        "title": case_title("Review", application.candidate, reference=number),
        "who": case_person(application.candidate, reference=number),
    }
    if own_case:
        return render(
            request,
            "portfolios/staff_submission.html",
            {"submission": submission, "own_case": own_case, **named},
            status=403,
        )
    form = AssignForm(request.POST or None)
    replace_error = None  # (the row's assignment, why)
    if request.method == "POST" and form.is_valid():
        replacing = None
        if form.cleaned_data["replacing"]:
            replacing = get_object_or_404(
                ReviewAssignment, pk=form.cleaned_data["replacing"], submission=submission
            )
        try:
            services.reviewer_assign(
                submission=submission,
                reviewer=form.cleaned_data["reviewer"],
                actor=_user(request),
                replacing=replacing,
            )
            messages.success(
                request, f"{form.cleaned_data['reviewer']} now reviews this portfolio."
            )
            return redirect("portfolios:staff_submission", pk=pk)
        except DomainError as error:
            form.add_error("reviewer", error.message)
    replacing_pk = request.POST.get("replacing", "")
    if form.errors and replacing_pk.isdigit():
        # A refused replacement is said in its own row, beside its list (the list it was chosen
        # in); the form to add a reviewer below stays as it was.
        replace_error = (
            int(replacing_pk),
            " ".join(str(e) for e in form.errors.get("reviewer", [])),
        )
        form = AssignForm()
    assignments = list(
        submission.assignments.select_related("reviewer", "assigned_by").order_by("round", "id")
    )
    # Only the reviewers the service would accept (its own rule), for each list.
    choices = reviewer_choices(submission=submission, assignments=assignments)
    form.fields["reviewer"].choices = [  # type: ignore[attr-defined]
        ("", "Choose a reviewer"),
        *((r.pk, str(r)) for r in choices.add),
    ]
    return render(
        request,
        "portfolios/staff_submission.html",
        {
            "submission": submission,
            **named,
            # said once at the top, not only beside each reviewer it refuses (ADR 0007)
            "closed": (
                None if submission.portfolio.planned_set.application.candidate.is_active else CLOSED
            ),
            "assignments": [(a, choices.replace.get(a.pk, [])) for a in assignments],
            "form": form,
            "choices": choices,
            "nobody_to_replace": NOBODY_TO_REPLACE,
            "replace_error": replace_error,
            # whom "Assign automatically" would pick, as the service will (staff_views)
            "automatic": automatic_reviewers(submission=submission),
            "nobody_to_pick": NOBODY_TO_PICK,
        },
    )
