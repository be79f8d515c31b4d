"""Candidate, staff and supervisor pages for applications. htmx partials sit beside their pages."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from certify.accounts.api import (
    actors_attach,
    case_person,
    case_title,
    closed_by_owner,
    expected_by,
)
from certify.accounts.models import User
from certify.appeals.api import appeal_refusal, appeal_window
from certify.applications import decisions, selectors, services
from certify.applications.appeals import application_appeal, application_appeal_current
from certify.applications.forms import (
    DecisionForm,
    EducationForm,
    ExperienceForm,
    ExtendDeadlineForm,
    SupervisorResponseForm,
    earlier_answers,
    experience_forms,
)
from certify.applications.memberships import enrollment_invoice_waits
from certify.applications.models import Application, ExperienceEntry
from certify.applications.rules_move import rules_changes
from certify.applications.task_list import decision_expected
from certify.casework.api import own_case_page
from certify.core.decorators import permission_required, sign_in_first
from certify.core.errors import DomainError
from certify.core.hidden import require_or_hide
from certify.core.http import moved_on_redirect, saved_redirect, signed_in
from certify.core.workflow import LinkHolder
from certify.core.workflow_words import StatusMovedOnError
from certify.courses.api import candidate_number
from certify.programs import api as programs_api


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _application_for(request: HttpRequest, pk: int, perm: str) -> Application:
    application = selectors.application_find(pk=pk)
    if application is None:
        raise Http404("No such application.")
    # Another candidate's application is the 404 of an unknown id; staff, who know of it, 403.
    require_or_hide(request.user, application, perm, known_by="applications.view_application")
    return application


# --- Candidate -------------------------------------------------------------------------------


@permission_required("applications.apply")
def apply(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    program = programs_api.program_get(slug=slug or settings.DEFAULT_PROGRAM)
    if request.method != "POST":
        current = selectors.application_current_for(
            candidate=cast(User, request.user), program=program
        )
        if current is not None and current.status != "rejected":
            return redirect(current)
        return render(
            request,
            "applications/apply.html",
            {"program": program, "current": current, **_decision_context(current)},
        )
    application = services.application_start(candidate=cast(User, request.user), program=program)
    return redirect(application)


def _edit_context(application: Application, **extra: object) -> dict[str, object]:
    from certify.applications.membership_views import membership_context

    entries = list(application.experience.all())
    return {
        **membership_context(application),
        "application": application,
        "program": application.program,
        "education_form": extra.pop("education_form", None) or EducationForm(instance=application),
        **experience_forms(application, entries, extra),
        "earlier": earlier_answers(entries),
        "result": services.application_eligibility(application=application),
        "removed": selectors.experience_removed_recently(application=application),
        **extra,
    }


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    application = _application_for(request, pk, "applications.view_application")
    if application.candidate_id != request.user.pk:
        return redirect("applications:staff_detail", pk=pk)
    if application.is_editable:
        return render(request, "applications/edit.html", _edit_context(application))
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "zone": programs_api.program_zone(application.program),  # its times are the program's
            "invoice_waits": enrollment_invoice_waits(application=application),
            "next_step": decision_expected(application),
            **_decision_context(application),
        },
    )


def _decision_context(application: Application | None) -> dict[str, object]:
    """A rejected application's appeal: any appeal made, its window, and whether it is open."""
    if application is None or application.status != Application.Status.REJECTED:
        return {}
    window = (
        appeal_window(program=application.program, decided_at=application.decided_at)
        if application.decided_at
        else None
    )
    return {
        "appeal": application_appeal_current(application),
        "appeal_window": window,
        "appeal_open": window is not None
        and programs_api.program_today(application.program) <= window.notice_by,
    }


@require_POST
@sign_in_first
def education_save(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk, "applications.edit_application")
    form = EducationForm(request.POST, instance=application)
    if form.is_valid():
        try:
            services.application_update(
                application=application, actor=cast(User, request.user), **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
    if _htmx(request):
        context = _edit_context(application, education_form=form)
        if form.errors:  # show the errors in place of the form, keeping what was typed
            response = render(request, "applications/partials/education_form.html", context)
            return reswap(retarget(response, "#education"), "outerHTML")
        return render(request, "applications/partials/education_saved.html", context)
    if form.errors:
        return render(
            request,
            "applications/edit.html",
            _edit_context(application, education_form=form),
            status=400,
        )
    messages.success(request, "Saved.")
    return redirect(application)


@require_POST
@sign_in_first
def experience_save(request: HttpRequest, pk: int, entry_id: int | None = None) -> HttpResponse:
    application = _application_for(request, pk, "applications.edit_application")
    entry = (
        get_object_or_404(ExperienceEntry, pk=entry_id, application=application)
        if entry_id
        else None
    )
    prefix = f"e{entry_id}" if entry_id else "new"
    form = ExperienceForm(request.POST, instance=entry, prefix=prefix, program=application.program)
    saved = None
    status_before = entry.supervisor_status if entry else ""
    if form.is_valid():
        try:
            saved = services.experience_save(
                application=application,
                actor=cast(User, request.user),
                entry=entry,
                **form.cleaned_data,
            )
        except DomainError as error:
            _errors_beside_fields(form, error)
    reset = _confirmation_reset(status_before, saved)
    application = selectors.application_find(pk=pk) or application
    if _htmx(request):
        if saved is not None and entry is None:
            return render(
                request,
                "applications/partials/experience_section.html",
                _edit_context(application, added=saved),
            )
        context = {**_edit_context(application), "entry": saved or entry, "form": form}
        if saved is None:  # show the errors in place of the form, keeping what was typed
            response = render(request, "applications/partials/entry_form.html", context)
            return reswap(retarget(response, f"#entry-{entry_id or 'new'}"), "outerHTML")
        return render(
            request, "applications/partials/entry_saved.html", {**context, "reset": reset}
        )
    if saved is None:
        extra = (
            {"new_entry_form": form}
            if entry is None
            else {
                "entry_forms": [
                    (e, form if e.pk == entry_id else ExperienceForm(instance=e, prefix=f"e{e.pk}"))
                    for e in application.experience.all()
                ]
            }
        )
        return render(
            request, "applications/edit.html", _edit_context(application, **extra), status=400
        )
    if reset:
        messages.warning(request, CONFIRMATION_RESET)
    else:
        messages.success(request, "Saved.")
    return saved_redirect(application.get_absolute_url())


def _errors_beside_fields(form: ExperienceForm, error: DomainError) -> None:
    """A refusal from the service, each part beside the field it is about."""
    fields = getattr(error, "fields", None) or {error.field: error.message}
    for name, message in fields.items():
        form.add_error(name if name in form.fields else None, message)


CONFIRMATION_RESET = (
    "Saved. You changed what your supervisor was asked to confirm, so these hours are no "
    "longer confirmed: ask your supervisor again."
)


def _confirmation_reset(before: str, saved: ExperienceEntry | None) -> bool:
    """Did this save make the entry's supervisor confirmation no longer apply?"""
    changed = ExperienceEntry.SupervisorStatus.CHANGED
    return saved is not None and saved.supervisor_status == changed and before != changed


@require_POST
@sign_in_first
def experience_delete(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    application = _application_for(request, pk, "applications.edit_application")
    entry = get_object_or_404(ExperienceEntry, pk=entry_id, application=application)
    try:
        services.experience_delete(entry=entry, actor=cast(User, request.user))
        # The edit page says it was removed, with its "Undo" button (ADR 0040).
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(application)


@require_POST
@sign_in_first
def supervisor_request(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    application = _application_for(request, pk, "applications.edit_application")
    entry = get_object_or_404(ExperienceEntry, pk=entry_id, application=application)
    try:
        services.supervisor_request(entry=entry, actor=cast(User, request.user))
        messages.success(request, f"We asked {entry.supervisor_email} to confirm the hours.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(application)


@require_POST
@sign_in_first
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk, "applications.edit_application")
    try:
        services.application_submit(application=application, actor=cast(User, request.user))
    except services.ApplicationIncompleteError as error:
        return render(
            request,
            "applications/edit.html",
            _edit_context(application, problems=error.problems),
            status=400,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(application)
    messages.success(
        request,
        "Your application is submitted. We sent you a confirmation e-mail. "
        + expected_by(
            selectors.decision_turnaround(program=application.program),
            who="program staff check your eligibility and e-mail you their decision",
            today=programs_api.program_today(application.program),
        ),
    )
    return redirect(application)


@require_POST
@sign_in_first
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk, "applications.edit_application")
    try:
        services.application_withdraw(application=application, actor=cast(User, request.user))
        messages.success(request, "Your application is withdrawn.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("accounts:home")


@require_POST
@sign_in_first
def appeal_notice(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk, "applications.edit_application")
    try:
        application_appeal(application=application, actor=cast(User, request.user))
        messages.success(request, "Your notice of appeal is recorded. Now give the grounds.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(application)


# --- Supervisor (no account; a signed, expiring link) ----------------------------------------


@never_cache  # a link page shows someone's details to its holder (core/private_pages.py)
def supervisor(request: HttpRequest, token: str) -> HttpResponse:
    """The supervisor's page: what they were asked about, and their answer (once)."""
    try:
        confirmation = services.supervisor_link_open(token)
    except DomainError as error:
        status = 410 if isinstance(error, services.LinkClosedError) else 400
        return render(
            request,
            "applications/supervisor_invalid.html",
            {"message": error.message},
            status=status,
        )
    entry = confirmation.entry
    form = SupervisorResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.supervisor_respond(
                confirmation=confirmation,
                actor=LinkHolder("supervisor", entry.pk, confirmation.supervisor_name),
                confirmed=form.cleaned_data["answer"] == "confirm",
                hours=form.cleaned_data["hours"],
                note=form.cleaned_data["note"],
                signed_in=signed_in(request),
            )
            return render(request, "applications/supervisor_thanks.html", {"entry": entry})
        except services.LinkClosedError as error:
            return render(
                request,
                "applications/supervisor_invalid.html",
                {"message": error.message},
                status=410,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(
        request,
        "applications/supervisor.html",
        {"entry": entry, "asked": confirmation.details, "form": form},
        status=400 if form.errors else 200,
    )


# --- Staff -----------------------------------------------------------------------------------


@permission_required("applications.review_applications")
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_find(pk=pk)
    if application is None:
        raise Http404("No such application.")
    return _staff_detail(request, application, DecisionForm())


def _staff_detail(
    request: HttpRequest,
    application: Application,
    form: DecisionForm,
    status: int = 200,
    extend_form: ExtendDeadlineForm | None = None,
) -> HttpResponse:
    if refused := own_case_page(request, application, application.get_absolute_url()):
        return refused  # nobody opens their own case's staff page (ADR 0048)
    appeal = application_appeal_current(application)
    candidate, number = application.candidate, candidate_number(application)
    # The history's closed actors' last roles ("by a portfolio reviewer whose account is
    # closed"), read together: many cost what one does.
    actors_attach(t.actor for t in application.transitions.all())
    return render(
        request,
        "applications/staff_detail.html",
        {
            "application": application,
            # Never the closure's placeholder name or address (`accounts.api.case_title`).
            "title": case_title("Application", candidate, reference=number),
            "who": case_person(candidate, reference=number),
            "closed_by_owner": closed_by_owner(candidate),
            "zone": programs_api.program_zone(application.program),  # its times are the program's
            "result": services.application_eligibility(
                application=application,
                on=application.window_end or None,
            ),
            "decision_form": form,
            "consequences": decisions.decision_consequences(application=application),
            "extend_form": extend_form or ExtendDeadlineForm(),
            "rules_changes": rules_changes(application),  # kept rules the program has changed
            "appeal": appeal,
            # Its grounds and outcome are kept from staff who declared a conflict with the
            # candidate, as the appeal's own page is (ADR 0022): the reason shows instead.
            "appeal_refused": appeal_refusal(request.user, appeal) if appeal else "",
            "invoice_waits": enrollment_invoice_waits(application=application),
            "next_application": selectors.application_next_waiting(after=application),
        },
        status=status,
    )


@require_POST
@permission_required("applications.decide_application")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision. A refused one (no decision chosen, no reason where one is needed)
    shows the page again with the choice and the reason kept and the error beside its field."""
    application = get_object_or_404(Application, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        action = {
            "accept": decisions.application_accept,
            "more_info": decisions.application_request_info,
            "reject": decisions.application_reject,
        }[decision]
        try:
            action(
                application=application,
                actor=cast(User, request.user),
                reason=reason,
                submitted_at_seen=form.cleaned_data["submitted_at_seen"],
            )
            messages.success(request, DecisionForm.DONE[decision])
            return saved_redirect(reverse("applications:staff_detail", args=[pk]))
        except StatusMovedOnError as error:  # decided meanwhile: its page, as it is now
            return moved_on_redirect(
                request, error, reverse("applications:staff_detail", args=[pk])
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    found = selectors.application_find(pk=pk)
    return _staff_detail(request, found or application, form, status=400)


@require_POST
@permission_required("applications.decide_application")
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    """Extend the deadline. A refused extension (no date, no reason, not later than the
    deadline) shows the page again with what was typed and the reason beside its field."""
    application = get_object_or_404(Application, pk=pk)
    form = ExtendDeadlineForm(request.POST)
    if form.is_valid():
        try:
            decisions.deadline_extend(
                application=application, actor=cast(User, request.user), **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The deadline is extended. The candidate was told.")
            return redirect("applications:staff_detail", pk=pk)
    found = selectors.application_find(pk=pk) or application
    return _staff_detail(request, found, DecisionForm(), status=400, extend_form=form)
