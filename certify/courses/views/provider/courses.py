"""A provider's courses: drafts, the competency map, syllabus, submission and withdrawal."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import moved_on_redirect, saved_redirect
from certify.core.storage import private_file_response
from certify.core.workflow_words import StatusMovedOnError
from certify.courses import services
from certify.courses.fees import fee_hold
from certify.courses.forms import (
    CourseForm,
    SyllabusForm,
)
from certify.courses.models import Course
from certify.courses.views.common import is_htmx, user_of
from certify.courses.views.provider.organisation import _course, _form_error, _provider
from certify.programs import api as programs_api
from certify.programs.api import program_today
from certify.programs.models import Competency


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
            return saved_redirect(course.get_provider_url())
        except DomainError as error:
            _form_error(form, error)
    return render(
        request,
        "courses/course_new.html",
        {"provider": the_provider, "form": form, "programs": programs_api.program_list()},
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
        "fee_on_hold": hold.why() if (hold := fee_hold(course=course)) else "",
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
            return saved_redirect(course.get_provider_url())
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
    except StatusMovedOnError as error:  # submitted or decided since the page was read
        return moved_on_redirect(request, error, course.get_provider_url())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(course.get_provider_url())
    invoice = course.fee_invoice
    messages.success(
        request,
        "Submitted. Program staff will check the course against their course criteria and "
        "e-mail you when they approve it or have questions"
        + (
            f"; the approval fee is on invoice {invoice.code}: pay it so they can approve."
            if invoice
            else "."
        ),
    )
    return redirect(course.get_provider_url())


@require_GET
@permission_required("courses.use_provider_pages")
def course_withdraw_confirm(request: HttpRequest, pid: int, cid: int) -> HttpResponse:
    """The confirmation before withdrawing a course (ADR 0040); reading it changes nothing."""
    the_provider = _provider(request, pid)
    course = _course(request, the_provider, cid)
    if not course.is_editable:
        messages.error(request, "Only a draft or a course returned for changes can be withdrawn.")
        return redirect(course.get_provider_url())
    happens = [
        "The course is withdrawn for good: it cannot be changed or submitted again. To offer it "
        "later, add it again as a new course."
    ]
    ends = course.approval_expires_on
    if course.ever_approved and ends and ends >= program_today(course.program):
        # A returned renewal: withdrawing takes the running approval's listing with it.
        happens.append(
            f"Its approval runs until {ends:%B %-d, %Y}, but the course leaves the catalog now: "
            "candidates can no longer find it. You can still report completions up to that day. "
            "To keep it listed until then, do not withdraw it."
        )
    invoice = course.fee_invoice
    if invoice is not None and services.fee_voided_on_withdraw(course):
        happens.append(f"Its approval fee, invoice {invoice.code}, is voided: nothing is owed.")
    elif invoice is not None and invoice.status in ("open", "paid") and invoice.net_paid_cents:
        owed = ", what is still owed on it is voided," if invoice.status == "open" else ""
        happens.append(
            f"The {invoice.net_paid} you paid on the approval fee (invoice {invoice.code}) is not "
            f"refunded by withdrawing{owed} and program staff are told at once: they decide "
            "whether an evaluation already done is owed, and refund the rest."
        )
    return render(
        request,
        "confirm.html",
        {
            "title": f"Withdraw “{course.title}”?",
            "eyebrow": the_provider.name,
            "happens": happens,
            "action": reverse("courses:course_withdraw", args=[the_provider.pk, course.pk]),
            "button": "Yes, withdraw this course",
            "back": course.get_provider_url(),
        },
    )


@require_POST
@permission_required("courses.use_provider_pages")
def course_withdraw(request: HttpRequest, pid: int, cid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    course = _course(request, the_provider, cid)
    try:
        services.course_withdraw(course=course, actor=user_of(request))
        messages.success(request, f"“{course.title}” is withdrawn.")
    except StatusMovedOnError as error:  # submitted or decided since the page was read
        return moved_on_redirect(request, error, course.get_provider_url())
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(the_provider)


def syllabus_download(request: HttpRequest, cid: int) -> HttpResponseBase:
    """The provider's staff and program staff only."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    course = Course.objects.select_related("provider").filter(pk=cid).first()
    # another provider's course answers like an unknown one: a 403 would say it exists
    if course is None or not request.user.has_perm("courses.view_course", course):
        raise Http404("No such course.")
    if not course.syllabus:
        raise Http404("No syllabus uploaded yet.")
    return private_file_response(
        course.syllabus,
        name=f"Syllabus - {course.title[:80]}{course.syllabus_extension}",
        content_type=course.syllabus_content_type,
    )
