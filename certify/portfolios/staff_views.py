"""Staff press "Assign automatically" on a version's staff page: the reviewers the page showed
the automatic assignment picking are assigned, or nothing is and the page says what changed
(`services.reviewers_assign_automatic`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.portfolios import access, services
from certify.portfolios.automatic_reviewers import NOBODY_TO_PICK
from certify.portfolios.models import Submission
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
