"""Program staff's framework screens (ADR 0056): versions, the draft's sets and competencies, a
CASE import into the draft, the comparison with the published version and publishing.

Every page is program staff's only; every write is a POST to one service of
`programs.frameworks`; a published or retired version is shown read-only.
"""

import json
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certify.accounts.models import User
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.programs import frameworks, selectors
from certify.programs.case import CaseImportError, case_package_export
from certify.programs.compare import framework_compare
from certify.programs.framework_forms import (
    CaseImportForm,
    CompetencyForm,
    DraftStartForm,
    MappingForm,
    SetForm,
)
from certify.programs.models import Competency, CompetencySet, FrameworkVersion, Program

PERM = "programs.manage_framework"
MAX_CASE_BYTES = 5 * 1024 * 1024


def _version(slug: str, number: int) -> tuple[Program, FrameworkVersion]:
    program = selectors.program_staff_get(slug=slug)
    return program, selectors.framework_version_get(program=program, number=number)


def _version_url(version: FrameworkVersion) -> str:
    return reverse(
        "programs:framework_version",
        kwargs={"slug": version.program.slug, "number": version.number},
    )


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in: the permission check let them through


def _posted(request: HttpRequest) -> Any:
    """The posted data (even empty: an empty form that is posted is still a submission)."""
    return request.POST if request.method == "POST" else None


def _refused(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_GET
@permission_required(PERM)
def framework_programs(request: HttpRequest) -> HttpResponse:
    """The staff menu's "Competency frameworks": the only program's framework straight away, or
    the programs to choose from (never the default program's for staff of another one)."""
    programs = list(selectors.program_setup_list())
    if len(programs) == 1:
        return redirect("programs:framework_versions", slug=programs[0].slug)
    return render(request, "programs/framework/programs.html", {"programs": programs})


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def version_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every version of the program's framework; a POST starts a new draft."""
    program = selectors.program_staff_get(slug=slug)
    form = DraftStartForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            draft = frameworks.framework_draft_start(
                program=program, actor=_actor(request), label=form.cleaned_data["label"]
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, f"{draft.name} is a new draft.")
            return redirect(_version_url(draft))
    versions = list(selectors.framework_version_list(program=program))
    return render(
        request,
        "programs/framework/versions.html",
        {
            "program": program,
            "versions": versions,
            "draft": next((v for v in versions if v.is_draft), None),
            "published": next((v for v in versions if v.status == "published"), None),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A version's sets and competencies; a draft's name and a new set are posted here."""
    program, version = _version(slug, number)
    form = SetForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            cset = frameworks.framework_set_save(
                version=version, actor=_actor(request), **form.cleaned_data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, f"{cset.code} {cset.name} was added to {version.name}.")
            return redirect(_set_url(cset, version))
    return render(
        request,
        "programs/framework/version.html",
        {
            "program": program,
            "version": version,
            "sets": selectors.framework_sets(version=version),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _set_url(cset: CompetencySet, version: FrameworkVersion) -> str:
    return reverse(
        "programs:framework_set",
        kwargs={"slug": version.program.slug, "number": version.number, "set_id": cset.pk},
    )


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def set_edit(request: HttpRequest, slug: str, number: int, set_id: int) -> HttpResponse:
    """One set: its fields (a POST of the set form) and its competencies (a POST of the
    competency form adds one)."""
    program, version = _version(slug, number)
    cset = selectors.framework_set_get(version=version, pk=set_id)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    # Two forms on one page: prefixed, so their fields' ids and names do not collide.
    set_form = SetForm(request.POST, prefix="set") if which == "set" else SetForm.for_set(cset)
    comp_form = CompetencyForm(request.POST if which == "competency" else None, prefix="comp")
    if which == "set" and set_form.is_valid():
        try:
            frameworks.framework_set_save(
                version=version, actor=_actor(request), competency_set=cset, **set_form.cleaned_data
            )
        except DomainError as error:
            _refused(set_form, error)
        else:
            messages.success(request, "The set was saved.")
            return redirect(_set_url(cset, version))
    if which == "competency" and comp_form.is_valid():
        try:
            comp = frameworks.framework_competency_save(
                competency_set=cset, actor=_actor(request), **comp_form.cleaned_data
            )
        except DomainError as error:
            _refused(comp_form, error)
        else:
            messages.success(request, f"{comp.code} was added.")
            return redirect(_set_url(cset, version) + "#competencies")
    refused = bool(set_form.errors or comp_form.errors)
    return render(
        request,
        "programs/framework/set.html",
        {
            "program": program,
            "version": version,
            "cset": cset,
            "set_form": set_form,
            "comp_form": comp_form,
        },
        status=400 if refused else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def set_delete(request: HttpRequest, slug: str, number: int, set_id: int) -> HttpResponse:
    program, version = _version(slug, number)
    cset = selectors.framework_set_get(version=version, pk=set_id)
    if request.method == "POST":
        try:
            frameworks.framework_set_delete(competency_set=cset, actor=_actor(request))
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_set_url(cset, version))
        messages.success(request, f"{cset.code} {cset.name} was removed from {version.name}.")
        return redirect(_version_url(version))
    return render(
        request,
        "confirm.html",
        {
            "title": f"Remove {cset.code} {cset.name}?",
            "eyebrow": f"{program.name}: {version.name}",
            "happens": [
                f"The set and its {cset.competencies.count()} competencies are removed from "
                "this draft.",
                "The published version keeps its own copy; candidates are not affected.",
            ],
            "action": request.path,
            "button": "Remove the set",
            "back": _set_url(cset, version),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def competency_edit(request: HttpRequest, slug: str, number: int, comp_id: int) -> HttpResponse:
    program, version = _version(slug, number)
    comp = selectors.framework_competency_get(version=version, pk=comp_id)
    form = CompetencyForm(
        _posted(request),
        initial={
            "code": comp.code,
            "statement": comp.statement,
            "portfolio_suggestion": comp.portfolio_suggestion,
            "order": comp.order,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            frameworks.framework_competency_save(
                competency_set=comp.competency_set,
                competency=comp,
                actor=_actor(request),
                **form.cleaned_data,
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, f"{comp.code} was saved.")
            return redirect(_set_url(comp.competency_set, version) + "#competencies")
    return render(
        request,
        "programs/framework/competency.html",
        {"program": program, "version": version, "comp": comp, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required(PERM)
def competency_delete(request: HttpRequest, slug: str, number: int, comp_id: int) -> HttpResponse:
    _, version = _version(slug, number)
    comp = selectors.framework_competency_get(version=version, pk=comp_id)
    try:
        frameworks.framework_competency_delete(competency=comp, actor=_actor(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{comp.code} was removed.")
    return redirect(_set_url(comp.competency_set, version) + "#competencies")


@require_POST
@permission_required(PERM)
def competency_move(request: HttpRequest, slug: str, number: int, comp_id: int) -> HttpResponse:
    _, version = _version(slug, number)
    comp: Competency = selectors.framework_competency_get(version=version, pk=comp_id)
    try:
        frameworks.framework_competency_move(
            competency=comp, actor=_actor(request), up=request.POST.get("direction") == "up"
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_set_url(comp.competency_set, version) + f"#competency-{comp.pk}")


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def case_import(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Fill the draft from a CASE file; every problem is named with its field."""
    program, version = _version(slug, number)
    form = CaseImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_CASE_BYTES:
                raise CaseImportError(["The file is larger than 5 MB."])
            try:
                data = json.loads(upload.read().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise CaseImportError([f"The file is not valid JSON: {error}"]) from error
            except RecursionError:  # thousands of nested lists: no CASE package is built so
                raise CaseImportError(
                    ["The file nests lists or objects too deeply to be a CASE package."]
                ) from None
            report = frameworks.framework_case_import(
                version=version, data=data, actor=_actor(request)
            )
        except CaseImportError as error:
            problems = error.errors
            form.add_error("file", "The file was not imported; the draft did not change.")
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, f"Imported: {report.summary()}.")
            return redirect(_version_url(version))
    return render(
        request,
        "programs/framework/import.html",
        {"program": program, "version": version, "form": form, "problems": problems},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def compare(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The version against the one it replaces (a draft: the published version), and the
    mapping of old sets to new ones, which staff may change while it is a draft."""
    program, version = _version(slug, number)
    old = version.based_on if version.based_on_id else None
    comparison = framework_compare(old=old, new=version)
    form = MappingForm(_posted(request), rows=comparison.mapping, new_sets=comparison.new_sets)
    if request.method == "POST" and form.is_valid():
        try:
            frameworks.framework_mapping_save(
                draft=version, actor=_actor(request), mapping=form.mapping()
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "The mapping was saved.")
            return redirect(request.path + "#mapping")
    return render(
        request,
        "programs/framework/compare.html",
        {"program": program, "version": version, "c": comparison, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A confirmation (GET), then publishing (POST)."""
    program, version = _version(slug, number)
    if request.method == "POST":
        try:
            frameworks.framework_publish(version=version, actor=_actor(request))
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_version_url(version))
        messages.success(request, f"{version.name} is now the published framework.")
        return redirect(_version_url(version))
    current = selectors.framework_version_current(program=program)
    happens = [
        f"{version.name} becomes the framework of {program.short_name}: its public pages and "
        "every candidate accepted from now on use it."
    ]
    if current is not None:
        happens.append(
            f"{current.name} is retired for new candidates. Candidates already enrolled keep "
            "it, with every set they completed, until you move them."
        )
    happens.append("A published version can no longer be changed.")
    return render(
        request,
        "confirm.html",
        {
            "title": f"Publish {version.name}?",
            "eyebrow": program.name,
            "happens": happens,
            "action": request.path,
            "button": f"Publish {version.name}",
            "back": _version_url(version),
        },
    )


@require_GET
@permission_required(PERM)
def case_export(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A version as a CASE file (a download)."""
    program, version = _version(slug, number)
    response = HttpResponse(
        json.dumps(case_package_export(program=program, version=version), indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{program.slug}-framework-v{version.number}.json"'
    )
    return response
