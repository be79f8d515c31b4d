"""Public program pages, all served from the database."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from certify.programs import selectors
from certify.programs.contact import program_contact_remember
from certify.programs.models import Program


def home(request: HttpRequest) -> HttpResponse:
    """The default program's overview; a list of programs when there is none."""
    try:
        return overview(request, slug=settings.DEFAULT_PROGRAM)
    except Http404:
        return programs(request)


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
