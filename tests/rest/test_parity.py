"""Parity: every view that changes something has an API operation, or a written reason why not.

The views are found by walking the URL configuration (`tests/rest/parity.py` says how a view is
known to change something); the operations are read from the OpenAPI schema; the reasons are the
"Parity exemptions" table of `docs/integration.md`.
"""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certify.core.decorators import permission_required
from certify.rest.api import api
from tests.rest.parity import (
    MISSING,
    OPERATIONS_FOR,
    changes_something,
    exemptions,
    state_changing_views,
)


@pytest.fixture(scope="module")
def operations() -> dict[str, str]:
    """operationId → its HTTP method, for every operation of the schema."""
    schema = api.get_openapi_schema()
    return {
        op["operationId"]: method.upper()
        for ops in schema["paths"].values()
        for method, op in ops.items()
    }


def test_every_view_that_changes_something_has_an_operation_or_a_reason():
    views = set(state_changing_views())
    accounted = set(OPERATIONS_FOR) | set(exemptions()) | set(MISSING)
    unaccounted = sorted(views - accounted)
    assert not unaccounted, (
        "Views that change something with no API operation: add the operation (and its line in "
        "tests/rest/parity.py OPERATIONS_FOR and tests/security/matrix.py), or give the reason "
        f"in docs/integration.md's 'Parity exemptions': {unaccounted}"
    )


def test_each_view_is_in_one_list_only():
    mapped, exempt, missing = set(OPERATIONS_FOR), set(exemptions()), set(MISSING)
    assert not mapped & exempt, f"both mapped and exempt: {sorted(mapped & exempt)}"
    assert not mapped & missing, (
        f"these have an operation now: take them out of MISSING: {sorted(mapped & missing)}"
    )
    assert not exempt & missing, f"both exempt and missing: {sorted(exempt & missing)}"


def test_the_lists_name_views_that_change_something():
    views = set(state_changing_views())
    for name, where in [
        *((n, "OPERATIONS_FOR") for n in OPERATIONS_FOR),
        *((n, "MISSING") for n in MISSING),
        *((n, "the exemptions") for n in exemptions() if n != "admin:*"),
    ]:
        assert name in views, f"{where} names {name}, which is not a view that changes something"


def test_each_view_maps_to_operations_that_write(operations):
    for view, operation_ids in OPERATIONS_FOR.items():
        for operation_id in operation_ids:
            assert operation_id in operations, f"{view}: no operation {operation_id}"
            assert operations[operation_id] != "GET", f"{view}: {operation_id} is a read"


def test_each_exemption_gives_a_reason_a_reader_can_check():
    rows = exemptions()
    assert "accounts:tokens" in rows
    assert "account_login" in rows
    for name, reason in rows.items():
        assert len(reason.split()) >= 8, f"{name}: the reason is too short to judge: {reason!r}"


# --- How a view is known to change something ---------------------------------------------------


@require_POST
def _posted(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@require_http_methods(["GET", "POST"])
@permission_required("x.y")
def _get_or_post(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@permission_required("x.y")
def _form_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return HttpResponse(request.POST.get("a"))
    return HttpResponse()


@require_GET
def _read_only(request: HttpRequest) -> HttpResponse:
    return HttpResponse(request.GET.get("q"))


def _plain_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


class _Form(View):
    def post(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse()


class _Page(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse()


@pytest.mark.parametrize(
    ("view", "writes"),
    [
        (_posted, True),
        (_get_or_post, True),
        (_form_view, True),
        (_Form.as_view(), True),
        (_read_only, False),
        (_plain_page, False),
        (_Page.as_view(), False),
    ],
)
def test_the_detector_sees_each_way_a_view_accepts_a_write(view, writes):
    assert changes_something(view) is writes


def test_the_walk_finds_the_known_forms():
    views = state_changing_views()
    # a decorated POST view, a GET-and-POST form view, and allauth's class-based sign-in
    assert {"applications:decide", "memberships:add", "account_login"} <= set(views)
    assert "programs:home" not in views
    assert "applications:queue" not in views
    assert len(views) > 100
