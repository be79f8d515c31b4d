"""Registration of a provider, its home page, and the lookups every provider page uses."""

from collections.abc import Iterable
from itertools import groupby
from operator import attrgetter

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from certify.accounts import api as accounts_api
from certify.accounts.api import invitation_sent_message
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.courses import approval_states, selectors, services
from certify.courses.fees import fee_hold
from certify.courses.forms import (
    MemberAddForm,
    ProviderRegisterForm,
)
from certify.courses.models import Course, Provider
from certify.courses.views.common import user_of
from certify.programs import api as programs_api

ENDING_SHOWN = 10  # approvals ending soon, on the provider's home


def _provider(request: HttpRequest, pid: int) -> Provider:
    """The provider, for its own people; another provider's people get the 404 of an unknown id
    (a 403 would tell them the id exists)."""
    provider = selectors.provider_find(pk=pid)
    if provider is None or not request.user.has_perm("courses.act_for_provider", provider):
        raise Http404("No such provider.")
    return provider


def _course(request: HttpRequest, provider: Provider, cid: int) -> Course:
    course = selectors.course_find(pk=cid)
    if course is None or course.provider_id != provider.pk:
        raise Http404("No such course.")
    return course


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@permission_required("courses.register_provider")
def register(request: HttpRequest) -> HttpResponse:
    """Anyone signed in registers their organisation; program staff approve it."""
    form = ProviderRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_register(actor=user_of(request), **form.cleaned_data)
            messages.success(
                request,
                f"{provider.name} is registered. Program staff will approve it; we will e-mail "
                "you when they do.",
            )
            return saved_redirect(reverse("courses:register"))
        except DomainError as error:
            _form_error(form, error)
    return render(
        request,
        "courses/register.html",
        {
            "form": form,
            "providers": selectors.provider_list_for(user=user_of(request)),
            "programs": programs_api.program_list(),
        },
        status=400 if form.errors else 200,
    )


@permission_required("courses.use_provider_pages")
def provider_home(request: HttpRequest) -> HttpResponse:
    providers = list(selectors.provider_list_for(user=user_of(request)))
    approved = [p for p in providers if p.is_approved]
    if len(approved) == 1 and len(providers) == 1:
        return redirect(approved[0])
    return render(request, "courses/provider_home.html", {"providers": providers})


def _with_fee_holds(rows: Iterable[Course]) -> list[Course]:
    """Each course with `fee_on_hold`, why its open fee cannot be paid now ("" when it can), as
    the API's `fee_on_hold` says it (no query: provider and invoice are loaded)."""
    listed = list(rows)
    for course in listed:
        hold = fee_hold(course=course)
        course.fee_on_hold = hold.why() if hold else ""  # type: ignore[attr-defined]
    return listed


@permission_required("courses.use_provider_pages")
def provider(request: HttpRequest, pid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        try:
            invitation = services.provider_member_invite(
                provider=the_provider, actor=user_of(request), email=email
            )
            messages.success(request, invitation_sent_message(invitation))
            return redirect(the_provider)
        except DomainError as error:
            _form_error(form, error)
    # by approval state: each approval runs to the end of its last day in its program (ADR 0036)
    programs = approval_states.program_zones()
    counts = approval_states.provider_course_state_counts(provider=the_provider, programs=programs)
    state = request.GET.get("state", "")
    state = state if state in {key for key, _, _ in counts} else ""
    by_state = approval_states.provider_courses_by_state(
        provider=the_provider, state=state, programs=programs
    )
    courses = Paginator(by_state, 50).get_page(request.GET.get("page"))
    labels = dict(approval_states.APPROVAL_STATES)
    return render(
        request,
        "courses/provider.html",
        {
            "provider": the_provider,
            "page": courses,
            "state": state,
            "state_counts": counts,
            "groups": [
                (labels[key], _with_fee_holds(rows))
                for key, rows in groupby(courses, key=attrgetter("approval_state"))
            ],
            "course_total": sum(n for _, _, n in counts),
            "ending": list(
                selectors.provider_approvals_ending(provider=the_provider, programs=programs)[
                    :ENDING_SHOWN
                ]
            ),
            "imports": approval_states.provider_recent_imports(provider=the_provider),
            "member_form": form,
            "invitations": list(
                accounts_api.colleague_invitations_pending(
                    kind=services.PROVIDER_KIND, organisation_id=the_provider.pk
                )
            ),
        },
        status=400 if form.errors else 200,
    )
