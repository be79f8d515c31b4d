"""Completion CSV imports: upload, progress, confirmation, errors, the template."""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.core.spreadsheets import formula_safe
from certify.courses import selectors, services
from certify.courses.forms import (
    ImportForm,
)
from certify.courses.models import CompletionImport
from certify.courses.numbers import candidate_number_sample
from certify.courses.views.common import user_of
from certify.courses.views.provider.organisation import _form_error, _provider
from certify.programs import api as programs_api


@permission_required("courses.use_provider_pages")
def imports(request: HttpRequest, pid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    courses = selectors.course_list_for_provider(provider=the_provider).filter(
        first_approved_on__isnull=False
    )
    form = ImportForm(request.POST or None, request.FILES or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            imp = services.completion_import_start(
                provider=the_provider,
                course=form.cleaned_data["course"],
                actor=user_of(request),
                upload=form.cleaned_data["file"],
            )
            return saved_redirect(imp.get_absolute_url())
        except DomainError as error:
            _form_error(form, error)
    page = Paginator(selectors.import_list_for_provider(provider=the_provider), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "courses/imports.html",
        {
            "provider": the_provider,
            "form": form,
            "page": page,
            "programs": programs_api.program_list(),
        },
        status=400 if form.errors else 200,
    )


def _import(request: HttpRequest, pid: int, iid: int) -> CompletionImport:
    the_provider = _provider(request, pid)
    imp = get_object_or_404(
        CompletionImport.objects.select_related("course__program", "provider", "uploaded_by"),
        pk=iid,
        provider=the_provider,
    )
    return imp


ERRORS_SHOWN = 100


@permission_required("courses.use_provider_pages")
def import_detail(request: HttpRequest, pid: int, iid: int) -> HttpResponse:
    imp = _import(request, pid, iid)
    return render(
        request,
        "courses/import.html",
        {
            "provider": imp.provider,
            "imp": imp,
            "errors": imp.errors[:ERRORS_SHOWN],
            "errors_shown": ERRORS_SHOWN,
            "held": imp.status == "checked" and services.unmatched_held(imp),
            "queue_note": services.unmatched_queue_note(imp) if imp.status == "checked" else "",
        },
    )


@permission_required("courses.use_provider_pages")
def import_progress(request: HttpRequest, pid: int, iid: int) -> HttpResponse:
    """The progress bar the import page polls (htmx, every 2 s) while the task runs."""
    imp = _import(request, pid, iid)
    response = render(request, "courses/partials/import_progress.html", {"imp": imp})
    if not imp.is_running:
        # Finished: htmx loads the full page with the preview or the report.
        response["HX-Redirect"] = imp.get_absolute_url()
    return response


@require_POST
@permission_required("courses.use_provider_pages")
def import_confirm(request: HttpRequest, pid: int, iid: int) -> HttpResponse:
    imp = _import(request, pid, iid)
    try:
        services.completion_import_confirm(
            imp=imp, actor=user_of(request), keep_unmatched="keep_unmatched" in request.POST
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(imp)


@require_POST
@permission_required("courses.use_provider_pages")
def import_cancel(request: HttpRequest, pid: int, iid: int) -> HttpResponse:
    imp = _import(request, pid, iid)
    try:
        services.completion_import_cancel(imp=imp, actor=user_of(request))
        messages.success(request, "The import is canceled; nothing was recorded.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("courses:imports", pid=pid)


@permission_required("courses.use_provider_pages")
def import_errors(request: HttpRequest, pid: int, iid: int) -> HttpResponse:
    """Every refused row with the reason, as CSV: correct them and upload that file again."""
    imp = _import(request, pid, iid)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{imp.pk}-errors.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "line",
            "email",
            "candidate_number",
            "full_name",
            "completed_on",
            "reference",
            "column",
            "error",
        ]
    )
    for row in imp.errors:
        # The cells are what the provider's file held: never a formula (core/spreadsheets.py).
        writer.writerow(
            [
                formula_safe(row.get(key))
                for key in (
                    "line",
                    "email",
                    "candidate_number",
                    "full_name",
                    "completed_on",
                    "reference",
                    "column",
                    "message",
                )
            ]
        )
    return response


def import_template(request: HttpRequest) -> HttpResponse:
    """An example CSV to start from; its candidate number in the format of the program the site
    runs (neutral letters when it runs several)."""
    names = programs_api.program_list().values_list("short_name", flat=True)
    response = HttpResponse(
        "email,candidate_number,full_name,completed_on,reference\n"
        "dana@example.org,,Dana Okafor,2026-03-31,STU-1042\n"
        f",{candidate_number_sample(names)},Sam Lee,2026-03-31,STU-1043\n",
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="completions-template.csv"'
    return response
