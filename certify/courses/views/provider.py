"""Pages for provider staff: their organisation, courses, completions, CSV imports, API keys."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.storage import private_file_response
from certify.courses import selectors, services
from certify.courses.forms import (
    ApiKeyForm,
    CourseForm,
    DecisionForm,
    ImportForm,
    MemberAddForm,
    ProviderRegisterForm,
    SyllabusForm,
)
from certify.courses.models import CompletionImport, Course, CourseCompletion, Provider
from certify.courses.views.common import is_htmx, user_of
from certify.programs import api as programs_api
from certify.programs.models import Competency


def _provider(request: HttpRequest, pid: int) -> Provider:
    provider = selectors.provider_get(pk=pid)
    if provider is None:
        raise Http404("No such provider.")
    if not request.user.has_perm("courses.act_for_provider", provider):
        raise PermissionDenied
    return provider


def _course(request: HttpRequest, provider: Provider, cid: int) -> Course:
    course = selectors.course_get(pk=cid)
    if course is None or course.provider_id != provider.pk:
        raise Http404("No such course.")
    return course


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Registration and the organisation ---------------------------------------------------------


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
            return redirect("courses:register")
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


@permission_required("courses.use_provider_pages")
def provider(request: HttpRequest, pid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_member_add(
                provider=the_provider, actor=user_of(request), email=form.cleaned_data["email"]
            )
            messages.success(request, f"{form.cleaned_data['email']} now acts for {the_provider}.")
            return redirect(the_provider)
        except DomainError as error:
            _form_error(form, error)
    courses = Paginator(selectors.course_list_for_provider(provider=the_provider), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "courses/provider.html",
        {"provider": the_provider, "page": courses, "member_form": form},
        status=400 if form.errors else 200,
    )


# --- Courses -----------------------------------------------------------------------------------


@permission_required("courses.use_provider_pages")
def course_new(request: HttpRequest, pid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(
                provider=the_provider, actor=user_of(request), **form.service_fields()
            )
            messages.success(
                request, "The draft is saved. Now map its content to every competency."
            )
            return redirect(course.get_provider_url())
        except DomainError as error:
            _form_error(form, error)
    return render(
        request,
        "courses/course_new.html",
        {"provider": the_provider, "form": form},
        status=400 if form.errors else 200,
    )


def _edit_context(course: Course, **extra: object) -> dict[str, object]:
    mapped = {m.competency_id: m for m in course.mappings.all()}
    return {
        "provider": course.provider,
        "course": course,
        "form": extra.pop("form", None)
        or CourseForm(instance=course, content_locked=not course.is_editable),
        "syllabus_form": extra.pop("syllabus_form", None) or SyllabusForm(),
        "map_rows": [(c, mapped.get(c.pk)) for c in course.competency_set.competencies.all()],
        "missing": services.course_map_missing(course=course),
        **extra,
    }


@permission_required("courses.use_provider_pages")
def course_edit(request: HttpRequest, pid: int, cid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    course = _course(request, the_provider, cid)
    if request.method != "POST":
        return render(request, "courses/course_edit.html", _edit_context(course))
    form = CourseForm(request.POST, instance=course, content_locked=not course.is_editable)
    if form.is_valid():
        try:
            services.course_update(course=course, actor=user_of(request), **form.service_fields())
            messages.success(request, "Saved.")
            return redirect(course.get_provider_url())
        except DomainError as error:
            _form_error(form, error)
    course = _course(request, the_provider, cid)  # the form changed the instance it was given
    return render(request, "courses/course_edit.html", _edit_context(course, form=form), status=400)


@require_POST
@permission_required("courses.use_provider_pages")
def course_map(request: HttpRequest, pid: int, cid: int, competency_id: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    course = _course(request, the_provider, cid)
    competency = get_object_or_404(Competency, pk=competency_id)
    try:
        services.course_map_save(
            course=course,
            actor=user_of(request),
            competency=competency,
            content=request.POST.get("content", ""),
        )
        saved, error = True, ""
    except DomainError as exc:
        saved, error = False, exc.message
    if is_htmx(request):
        course = _course(request, the_provider, cid)
        return render(
            request,
            "courses/partials/map_saved.html",
            {
                "saved": saved,
                "error": error,
                "course": course,
                "missing": services.course_map_missing(course=course),
            },
        )
    if error:
        messages.error(request, f"{competency.code}: {error}")
    return redirect(f"{course.get_provider_url()}#map-{competency.code}")


@require_POST
@permission_required("courses.use_provider_pages")
def course_syllabus(request: HttpRequest, pid: int, cid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    course = _course(request, the_provider, cid)
    form = SyllabusForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.course_syllabus_upload(
                course=course, actor=user_of(request), upload=form.cleaned_data["syllabus"]
            )
            messages.success(request, "The syllabus is uploaded.")
            return redirect(course.get_provider_url())
        except DomainError as error:
            _form_error(form, error)
    return render(
        request, "courses/course_edit.html", _edit_context(course, syllabus_form=form), status=400
    )


@require_POST
@permission_required("courses.use_provider_pages")
def course_submit(request: HttpRequest, pid: int, cid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    course = _course(request, the_provider, cid)
    try:
        course = services.course_submit(course=course, actor=user_of(request))
    except services.CourseIncompleteError as error:
        return render(
            request,
            "courses/course_edit.html",
            _edit_context(course, problems=error.problems),
            status=400,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(course.get_provider_url())
    invoice = course.fee_invoice
    messages.success(
        request,
        "Submitted. Evaluators will score it against the rubric"
        + (f"; the approval fee is on invoice {invoice.code}." if invoice else "."),
    )
    return redirect(course.get_provider_url())


@require_POST
@permission_required("courses.use_provider_pages")
def course_withdraw(request: HttpRequest, pid: int, cid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    course = _course(request, the_provider, cid)
    try:
        services.course_withdraw(course=course, actor=user_of(request))
        messages.success(request, f"“{course.title}” is withdrawn.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(the_provider)


def syllabus_download(request: HttpRequest, cid: int) -> HttpResponseBase:
    """The provider's staff and program staff only."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    course = get_object_or_404(Course.objects.select_related("provider"), pk=cid)
    if not request.user.has_perm("courses.view_course", course):
        raise PermissionDenied
    if not course.syllabus:
        raise Http404("No syllabus uploaded yet.")
    return private_file_response(
        course.syllabus,
        name=f"Syllabus - {course.title[:80]}{course.syllabus_extension}",
        content_type=course.syllabus_content_type,
    )


# --- Completions -------------------------------------------------------------------------------


@permission_required("courses.use_provider_pages")
def completions(request: HttpRequest, pid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    status = request.GET.get("status", "pending")
    if status not in CourseCompletion.Status.values and status != "":
        status = "pending"
    page = Paginator(
        selectors.completion_list_for_provider(provider=the_provider, status=status), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/provider_completions.html",
        {
            "provider": the_provider,
            "page": page,
            "status": status,
            "statuses": CourseCompletion.Status.choices,
        },
    )


def decide_completion(request: HttpRequest, completion: CourseCompletion) -> None:
    """Confirm or reject from a posted DecisionForm, with a message either way."""
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose confirm or do not confirm.")
        return
    try:
        if form.cleaned_data["decision"] == "confirm":
            services.completion_confirm(completion=completion, actor=user_of(request))
            messages.success(
                request, f"Confirmed: {completion.candidate} completed {completion.course}."
            )
        else:
            services.completion_reject(
                completion=completion, actor=user_of(request), reason=form.cleaned_data["reason"]
            )
            messages.success(request, f"Not confirmed; {completion.candidate} was told why.")
    except DomainError as error:
        messages.error(request, error.message)


@require_POST
@permission_required("courses.use_provider_pages")
def completion_decide(request: HttpRequest, pid: int, completion_id: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    completion = selectors.completion_get(pk=completion_id)
    if completion is None or completion.course.provider_id != the_provider.pk:
        raise Http404("No such completion.")
    decide_completion(request, completion)
    return redirect("courses:provider_completions", pid=pid)


def certificate_download(request: HttpRequest, completion_id: int) -> HttpResponseBase:
    """The candidate, the course's provider and program staff only."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    completion = selectors.completion_get(pk=completion_id)
    if completion is None:
        raise Http404("No such completion.")
    if not request.user.has_perm("courses.view_completion", completion):
        raise PermissionDenied
    if not completion.certificate:
        raise Http404("No certificate was uploaded with this completion.")
    return private_file_response(
        completion.certificate,
        name=f"Certificate - {completion.course.title[:60]}{completion.certificate_extension}",
        content_type=completion.certificate_content_type,
    )


# --- CSV imports -------------------------------------------------------------------------------


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
            return redirect(imp)
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
        CompletionImport.objects.select_related("course", "provider", "uploaded_by"),
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
        services.completion_import_confirm(imp=imp, actor=user_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(imp)


@require_POST
@permission_required("courses.use_provider_pages")
def import_cancel(request: HttpRequest, pid: int, iid: int) -> HttpResponse:
    imp = _import(request, pid, iid)
    try:
        services.completion_import_cancel(imp=imp, actor=user_of(request))
        messages.success(request, "The import is cancelled; nothing was recorded.")
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
        ["line", "email", "candidate_number", "full_name", "completed_on", "reference", "error"]
    )
    for row in imp.errors:
        writer.writerow(
            [
                row.get("line", ""),
                row.get("email", ""),
                row.get("candidate_number", ""),
                row.get("full_name", ""),
                row.get("completed_on", ""),
                row.get("reference", ""),
                row.get("message", ""),
            ]
        )
    return response


def import_template(request: HttpRequest) -> HttpResponse:
    """An example CSV to start from."""
    response = HttpResponse(
        "email,candidate_number,full_name,completed_on,reference\n"
        "dana@example.org,,Dana Okafor,2026-03-31,STU-1042\n"
        ",LSSCP-C-000123,Sam Lee,2026-03-31,STU-1043\n",
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="completions-template.csv"'
    return response


# --- API keys ----------------------------------------------------------------------------------


@permission_required("courses.use_provider_pages")
def api_keys(request: HttpRequest, pid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _key, new_key = services.api_key_create(
                provider=the_provider,
                actor=user_of(request),
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"] or services.KEY_DAYS_DEFAULT,
            )
            form = ApiKeyForm()
        except DomainError as error:
            _form_error(form, error)
    response = render(
        request,
        "courses/api_keys.html",
        {
            "provider": the_provider,
            "form": form,
            "new_key": new_key,
            "keys": selectors.api_key_list(provider=the_provider),
        },
        status=400 if form.errors else 200,
    )
    if new_key:
        response["Cache-Control"] = "no-store"  # the key is shown once; never from a cache
    return response


@require_POST
@permission_required("courses.use_provider_pages")
def api_key_revoke(request: HttpRequest, pid: int, key_id: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    key = get_object_or_404(the_provider.api_keys.all(), pk=key_id)
    try:
        services.api_key_revoke(key=key, actor=user_of(request))
        messages.success(request, f"The key “{key.name}” is revoked; it no longer works.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("courses:api_keys", pid=pid)
