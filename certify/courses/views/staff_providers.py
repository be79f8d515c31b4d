"""Program staff: the providers to approve, and a provider's approval suspended, revoked or
reinstated."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import moved_on_redirect
from certify.core.workflow_words import StatusMovedOnError
from certify.courses import selectors, services
from certify.courses.approval_forms import ApprovalStopForm
from certify.courses.models import Provider
from certify.courses.views.common import user_of
from certify.courses.views.staff import PER_PAGE, _chips, _seen, _status


@permission_required("courses.manage_courses")
def providers(request: HttpRequest) -> HttpResponse:
    status = _status(request, Provider.Status.values, "")
    page = Paginator(selectors.provider_list_for_staff(status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "courses/staff_providers.html",
        {"page": page, "chips": _chips(request, Provider, status)},
    )


@require_POST
@permission_required("courses.manage_courses")
def provider_approve(request: HttpRequest, pid: int) -> HttpResponse:
    provider = get_object_or_404(Provider, pk=pid)
    try:
        services.provider_approve(
            provider=provider, actor=user_of(request), updated_at_seen=_seen(request)
        )
        messages.success(request, f"{provider.name} is approved; its staff were told.")
    except StatusMovedOnError as error:  # decided meanwhile: the list, as it is now
        return moved_on_redirect(request, error, reverse("courses:staff_providers"))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("courses:staff_providers")


PROVIDER_STOPS = {
    "suspend": (
        services.provider_approval_suspend,
        "{name} is suspended, and its running course approvals with it.",
    ),
    "revoke": (
        services.provider_approval_revoke,
        "{name} is revoked, and its course approvals with it.",
    ),
    "reinstate": (
        services.provider_approval_reinstate,
        "{name} is reinstated, and the course approvals suspended with it.",
    ),
}


@permission_required("courses.manage_courses")
def provider_approval(request: HttpRequest, pid: int) -> HttpResponse:
    """Suspend, revoke or reinstate a provider's approval, with the reason (ADR 0009)."""
    provider = get_object_or_404(Provider, pk=pid)
    suspended = provider.status == Provider.Status.SUSPENDED
    if request.method != "POST":
        form = ApprovalStopForm(suspended=suspended)
    else:
        form = ApprovalStopForm(request.POST, suspended=suspended)
        if form.is_valid():
            service, done = PROVIDER_STOPS[form.cleaned_data["action"]]
            try:
                service(
                    provider=provider,
                    actor=user_of(request),
                    reason=form.cleaned_data["reason"],
                    updated_at_seen=_seen(request),
                )
                messages.success(request, done.format(name=provider.name))
                return redirect("courses:staff_providers")
            except StatusMovedOnError as error:  # decided meanwhile: the list says where it is
                return moved_on_redirect(request, error, reverse("courses:staff_providers"))
            except DomainError as error:
                form.add_error("reason" if error.field == "reason" else None, error.message)
    return render(
        request,
        "courses/staff_provider_approval.html",
        {"provider": provider, "form": form},
        status=400 if form.errors else 200,
    )
