"""The public catalogue of approved courses."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from certify.core.http import same_for_every_visitor
from certify.courses import catalogue_cache, selectors
from certify.courses.forms import CatalogueFilterForm
from certify.courses.views.common import is_htmx
from certify.programs import api as programs_api

PER_PAGE = 20


def catalogue(request: HttpRequest) -> HttpResponse:
    """The approved courses, filtered and searched. For visitors who are not signed in the page
    is kept in the shared cache until the catalogue changes (catalogue_cache.py)."""
    partial = is_htmx(request)
    if catalogue_cache.enabled() and same_for_every_visitor(request):
        body = catalogue_cache.cached(
            request, partial=partial, build=lambda: _catalogue(request, partial=partial).content
        )
        response = HttpResponse(body)
        patch_vary_headers(response, ["Cookie"])  # signed-in visitors get their own page
        return response
    return _catalogue(request, partial=partial)


def _catalogue(request: HttpRequest, *, partial: bool) -> HttpResponse:
    """`?program=<slug>` names the program (an unknown or unpublished one is a 404, as in the
    API); without it, the default program's courses."""
    program = programs_api.program_get(slug=request.GET.get("program") or settings.DEFAULT_PROGRAM)
    form = CatalogueFilterForm(
        request.GET or None,
        sets=program.competency_sets.all(),
        providers=selectors.catalogue_providers(program=program),
        currency=program.currency,
    )
    form.is_valid()
    data = getattr(form, "cleaned_data", {})  # the filters that are valid still apply
    courses = selectors.catalogue(
        program=program,
        search=data.get("q") or "",
        set_code=data.get("set") or "",
        course_format=data.get("format") or "",
        provider_id=data.get("provider"),
        max_cost_cents=data.get("max_cost"),
        starts_from=data.get("starts_from"),
        starts_until=data.get("starts_until"),
    )
    page = Paginator(courses, PER_PAGE).get_page(request.GET.get("page"))
    context = {"program": program, "form": form, "page": page}
    if partial:
        return render(request, "courses/partials/catalogue_results.html", context)
    return render(request, "courses/catalogue.html", context)


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_public_find(pk=pk)
    if course is None:
        raise Http404(
            "This course is not in the catalog: it is not approved, or its approval ended."
        )
    return render(request, "courses/detail.html", {"course": course})
