"""Public program pages, all served from the database."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from certify.programs import selectors
from certify.programs.contact import program_contact_remember
from certify.programs.job_requirements import (
    DEFAULT_LEVEL,
    LEVELS,
    JobRequirementsError,
    job_requirements_build,
    level_read,
)
from certify.programs.models import Program


def home(request: HttpRequest) -> HttpResponse:
    """The default program's overview, naming the other programs this site runs; a list of
    programs when there is none."""
    try:
        program = selectors.program_get(slug=settings.DEFAULT_PROGRAM)
    except Http404:
        return programs(request)
    others = selectors.programs_published_besides(program=program)
    return _page(request, program.slug, "overview", program=program, other_programs=others)


def programs(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/program_list.html", {"programs": selectors.program_list()})


def _page(
    request: HttpRequest,
    slug: str,
    template: str,
    *,
    program: Program | None = None,
    **extra: object,
) -> HttpResponse:
    """A public program page; `program` when the view has fetched it already (one fetch)."""
    program = program or selectors.program_get(slug=slug)
    program_contact_remember(program)  # for the 500 page, which cannot ask the database
    sets = list(program.competency_sets.all())
    context = {
        "program": program,
        "core_sets": [s for s in sets if s.is_core],
        "elective_sets": [s for s in sets if not s.is_core],
        **extra,
    }
    return render(request, f"programs/{template}.html", context)


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, slug, "overview")


def competencies(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get(slug=slug)
    sets = selectors.competency_set_list(program=program)
    return _page(request, slug, "competencies", program=program, sets=sets)


def set_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    program = selectors.program_get(slug=slug)
    cset = selectors.competency_set_get(program=program, code=code)
    return _page(request, slug, "set_detail", program=program, cset=cset)


def ways(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, slug, "ways")


def who_can_apply(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, slug, "who_can_apply")


def costs(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, slug, "costs")


def faq(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get(slug=slug)
    return _page(request, slug, "faq", program=program, entries=selectors.faq_list(program=program))


@require_safe
def job_requirements(request: HttpRequest, slug: str) -> HttpResponse:
    """Job-requirement text for employers from the sets they check (a GET: nothing is written;
    the choice is in the query string, to bookmark or share). `?format=txt` downloads it."""
    program = selectors.program_get(slug=slug)
    codes = request.GET.getlist("sets")
    level = request.GET.get("level", "")
    try:
        result = job_requirements_build(program=program, codes=codes, level=level)
    except JobRequirementsError as error:
        checked_codes = {c.strip().upper() for c in codes}
        kept = level_read(level) if level_read(level) in LEVELS else DEFAULT_LEVEL
        response = _page(
            request,
            slug,
            "job_requirements",
            program=program,
            error=error,
            checked_codes=checked_codes,
            level=kept,
            levels=LEVELS.items(),
        )
        response.status_code = 400
        return response
    chosen = [s.code for s in result.sets]
    if result.sets and request.GET.get("format") == "txt":
        response = HttpResponse(result.text, content_type="text/plain; charset=utf-8")
        filename = f"{program.slug}-job-requirements.txt"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    download = urlencode({"sets": chosen, "level": result.level, "format": "txt"}, doseq=True)
    return _page(
        request,
        slug,
        "job_requirements",
        program=program,
        result=result,
        checked_codes={c.upper() for c in chosen},
        level=result.level,
        levels=LEVELS.items(),
        download_query=download,
    )
