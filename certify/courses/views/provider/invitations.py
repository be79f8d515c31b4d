"""A provider invites candidates to give consent for one of its courses (ADR 0021)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.courses import selectors, services
from certify.courses.consent_forms import InviteForm
from certify.courses.models import Course
from certify.courses.views.common import user_of
from certify.courses.views.provider.organisation import _provider


@permission_required("courses.use_provider_pages")
def invitations(request: HttpRequest, pid: int) -> HttpResponse:
    """The provider's invitations, as typed (accepted or not, nothing more), and the form."""
    the_provider = _provider(request, pid)
    courses = Course.objects.filter(
        provider=the_provider, first_approved_on__isnull=False
    ).order_by("title", "id")
    form = InviteForm(request.POST or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.consent_invite(
                provider=the_provider,
                course=form.cleaned_data["course"],
                actor=user_of(request),
                who=form.cleaned_data["who"],
            )
            messages.success(request, answer)
            return redirect("courses:invitations", pid=pid)
        except DomainError as error:
            form.add_error("who" if error.field == "who" else None, error.message)
    page = Paginator(selectors.consent_list_for_provider(provider=the_provider), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "courses/invitations.html",
        {"provider": the_provider, "form": form, "page": page},
        status=400 if form.errors else 200,
    )
