from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certify.accounts.api import actors_attach, references_attach
from certify.accounts.models import User
from certify.core.chips import counts_by, status_chips
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.hidden import require_or_hide
from certify.core.http import saved_redirect
from certify.memberships import selectors, services
from certify.memberships.consequences import invoice_outcomes_attach
from certify.memberships.forms import DecisionForm, MembershipForm, SeenForm
from certify.memberships.models import Membership


def _own_membership(request: HttpRequest, pk: int) -> Membership:
    try:
        membership = selectors.membership_get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404("No such membership.") from None
    require_or_hide(
        request.user,
        membership,
        "memberships.change_own_membership",
        known_by="memberships.know_of",
    )
    return membership


@permission_required("memberships.record_membership")
def membership_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    memberships = list(selectors.membership_list(user=user))
    recorded = {m.organisation_id for m in memberships}
    organisations = [o for o in selectors.organisation_list() if o.pk not in recorded]
    return render(
        request,
        "memberships/list.html",
        {"memberships": memberships, "organisations": organisations},
    )


def _save(request: HttpRequest, form: MembershipForm, organisation) -> HttpResponse | None:
    """Record the membership; on a refused input put the error on its field and return None."""
    try:
        services.membership_record(
            user=cast(User, request.user),
            organisation=organisation,
            member_number=form.cleaned_data["member_number"],
            expires_on=form.cleaned_data["expires_on"],
            actor=request.user,
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
    messages.success(
        request,
        f"Your {organisation.code} membership is saved. {organisation.confirmer} will confirm it.",
    )
    return saved_redirect(reverse("memberships:list"))


def _form_page(
    request: HttpRequest, form: MembershipForm, membership: Membership | None
) -> HttpResponse:
    """The form; refused (a POST that got here), it answers 400 with what was typed (ADR 0043)."""
    return render(
        request,
        "memberships/form.html",
        {"form": form, "membership": membership},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("memberships.record_membership")
def membership_add(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisation_list()
    initial = {}
    if code := request.GET.get("organisation"):
        initial["organisation"] = organisations.filter(code__iexact=code).first()
    form = MembershipForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, form.cleaned_data["organisation"])
        if response is not None:
            return response
    return _form_page(request, form, None)


@permission_required("memberships.record_membership")
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _own_membership(request, pk)
    form = MembershipForm(
        request.POST or None,
        organisations=selectors.organisation_list(active_only=False),
        fixed_organisation=True,
        initial={
            "organisation": membership.organisation,
            "member_number": membership.member_number,
            "expires_on": membership.expires_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, membership.organisation)
        if response is not None:
            return response
    return _form_page(request, form, membership)


@permission_required("memberships.view_queue")
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Membership.Status.PENDING)
    if status not in Membership.Status.values and status != "all":
        status = Membership.Status.PENDING
    user = cast(User, request.user)
    qs = selectors.membership_queue(user=user, status="" if status == "all" else status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    page.object_list = rows = list(page.object_list)
    invoice_outcomes_attach(rows)  # what each decision did to the invoice, read at once
    actors_attach(m.confirmed_by for m in rows)  # "by <whom>": closed deciders' roles, at once
    references_attach(m.user for m in rows)  # a closed account's row: its number, at once
    chips = status_chips(
        request,
        choices=Membership.Status.choices,
        counts=counts_by(selectors.membership_queue(user=user, status="")),
        current=status,
        total=("all", "All"),
    )
    return render(
        request, "memberships/queue.html", {"page": page, "chips": chips, "form": DecisionForm()}
    )


@require_POST
@permission_required("memberships.view_queue")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        membership = selectors.membership_get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404("No such membership.") from None
    require_or_hide(
        request.user, membership, "memberships.decide_membership", known_by="memberships.know_of"
    )
    form = DecisionForm(request.POST)
    actor = cast(User, request.user)
    if form.is_valid():
        seen = SeenForm(request.POST).seen()
        try:
            if form.cleaned_data["decision"] == "confirm":
                services.membership_confirm(membership=membership, actor=actor, **seen)
                messages.success(request, f"{membership} is confirmed.")
            else:
                services.membership_reject(
                    membership=membership, actor=actor, reason=form.cleaned_data["reason"], **seen
                )
                messages.success(request, f"{membership} is marked not confirmed.")
            return redirect("memberships:queue")
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(
        request, "memberships/decide.html", {"membership": membership, "form": form}, status=400
    )
