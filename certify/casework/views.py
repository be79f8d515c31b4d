"""Casework pages (ADR 0048): the note and assignment posts of every case's staff page, and
saved queue filters. One set of views for every kind of case (`cases.case_models`)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from certify.accounts.models import User
from certify.casework import selectors, services
from certify.casework.cases import case_model
from certify.casework.forms import AssignForm, NoteForm, SavedFilterForm
from certify.casework.models import StaffCase
from certify.core.decorators import permission_required
from certify.core.errors import DomainError


def _case(request: HttpRequest, kind: str, pk: int) -> StaffCase | HttpResponse:
    """The case, once the person may work on it (anonymous: to sign in; others: 403)."""
    model = case_model(kind)
    if model is None:
        raise Http404("No such kind of case.")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(model.case_permission):
        raise PermissionDenied
    case = model._default_manager.filter(pk=pk).first()
    if case is None:
        raise Http404("No such case.")
    return case


def _again(request: HttpRequest, case: StaffCase, **forms: Any) -> HttpResponse:
    """The case's casework alone, with what was typed and the error beside it."""
    return render(
        request,
        "casework/case_form.html",
        {
            "case": case,
            "note_form": forms.get("note_form"),
            "assign_form": forms.get("assign_form"),
        },
        status=400,
    )


@require_POST
def note_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    case = _case(request, kind, pk)
    if isinstance(case, HttpResponse):
        return case
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.case_note_add(
                case=case, actor=cast(User, request.user), body=form.cleaned_data["body"]
            )
            messages.success(request, "Your note is added. Only program staff see it.")
            return redirect(f"{case.get_staff_url()}#casework")
        except DomainError as error:
            form.add_error("body", error.message)
    return _again(request, case, note_form=form)


@require_POST
def assign(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    case = _case(request, kind, pk)
    if isinstance(case, HttpResponse):
        return case
    form = AssignForm(request.POST)
    if form.is_valid():
        chosen = form.cleaned_data["assignee"]
        assignee = User.objects.filter(pk=chosen).first() if chosen else None
        try:
            if chosen and assignee is None:
                raise DomainError("Choose a staff member from the list.", field="assignee")
            services.case_assign(case=case, actor=cast(User, request.user), assignee=assignee)
            if assignee is None:
                messages.success(request, "The case is no longer assigned to anyone.")
            elif assignee.pk == request.user.pk:
                messages.success(request, "The case is assigned to you.")
            else:
                messages.success(request, f"The case is assigned to {assignee}.")
            return redirect(f"{case.get_staff_url()}#casework")
        except DomainError as error:
            form.add_error("assignee", error.message)
    else:
        form.add_error("assignee", "Choose a staff member from the list.")
    return _again(request, case, assign_form=form)


# --- Saved filters ---------------------------------------------------------------------------


def _queue_url(queue: str, query: str = "") -> str:
    return reverse(queue) + (f"?{query}" if query else "")


@require_POST
@permission_required("casework.save_filters")
def filter_save(request: HttpRequest) -> HttpResponse:
    form = SavedFilterForm(request.POST)
    queue = request.POST.get("queue", "")
    if queue not in services.QUEUES:
        form.add_error(None, "Filters can be saved on the staff queues only.")
    elif form.is_valid():
        try:
            saved = services.saved_filter_save(
                owner=cast(User, request.user),
                queue=queue,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["query"],
            )
            messages.success(request, f"Filter “{saved.name}” saved: it is listed on this page.")
            return redirect(_queue_url(queue, saved.query))
        except DomainError as error:
            form.add_error("name", error.message)
    return render(
        request,
        "casework/filter_save.html",
        {
            "form": form,
            "queue_name": services.QUEUES.get(queue, "your home page"),
            "back": _queue_url(queue) if queue in services.QUEUES else reverse("accounts:home"),
        },
        status=400,
    )


def _own_filter(request: HttpRequest, pk: int) -> Any:
    saved = selectors.saved_filter_find(owner=cast(User, request.user), pk=pk)
    if saved is None:
        raise Http404("No such saved filter.")
    return saved


@require_GET
@permission_required("casework.save_filters")
def filter_delete_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _own_filter(request, pk)
    return render(
        request,
        "confirm.html",
        {
            "title": f"Delete your saved filter “{saved.name}”?",
            "eyebrow": services.QUEUES.get(saved.queue, "Staff queue"),
            "happens": [
                "The link goes from the queue's list of your saved filters.",
                "The queue and its cases do not change; you can save the filter again later.",
            ],
            "action": reverse("casework:filter_delete", kwargs={"pk": saved.pk}),
            "button": "Yes, delete this saved filter",
            "back": _queue_url(saved.queue, saved.query),
        },
    )


@require_POST
@permission_required("casework.save_filters")
def filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _own_filter(request, pk)
    services.saved_filter_delete(saved_filter=saved, actor=cast(User, request.user))
    messages.success(request, f"Saved filter “{saved.name}” deleted.")
    return redirect(_queue_url(saved.queue))
