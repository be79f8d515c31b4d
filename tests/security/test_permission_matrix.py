"""Every page and API operation, requested by every role, gives what `matrix.py` expects.

The URL configuration and the API schema are walked, not listed: a new URL or operation
without a line in `matrix.py` fails `test_every_url_has_an_entry` /
`test_every_api_operation_has_an_entry`, and a line for something removed fails too.
Each request runs in a savepoint that is rolled back, so an allowed POST changes nothing that
the next request sees. One world (`world.py`) serves every request of a test.

The same requests prove that no GET writes (`walk.py`): each GET of a page or an API operation,
sent once per role, is both checked against its matrix line and, when it wrote a row, compared
table by table with the world as it was before the walk (`test_no_get_writes.py` proves that
comparison sees a write).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from certify.rest.api import api
from tests.security.matrix import ADMIN, OPERATIONS, PAGES
from tests.security.walk import baseline, check, clients, requests_of, send, writes
from tests.security.world import ROLES, world_build

API_NAMESPACE = "api-1"
MFA_ROLES = ("program_staff", "reviewer")


# --- The URL configuration, walked -------------------------------------------------------------


def url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(key, route) for every URL pattern: the key is `namespace:name`, or the route if unnamed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield (name or route), route


def is_admin(key: str, route: str) -> bool:
    return key.startswith("admin:") or route.startswith("admin/")


def is_api_operation(key: str) -> bool:
    """URLs of API operations (the matrix lists those by operationId, not by URL name)."""
    page_keys = {p.name for p in PAGES}
    return key.startswith(f"{API_NAMESPACE}:") and key not in page_keys


# --- Building requests -------------------------------------------------------------------------


def admin_url(key: str, route: str) -> str:
    """A concrete admin URL: object ids that do not exist, the first app for `app_label`."""
    if key.startswith("admin:") and key != "admin:app_list":
        kwargs = {}
        for argument in re.findall(r"<(?:\w+:)?(\w+)>", route):
            kwargs[argument] = "1" if argument == "content_type_id" else "0"
        return reverse(key, kwargs=kwargs)
    if key == "admin:app_list":
        return reverse(key, kwargs={"app_label": "accounts"})
    path = route.replace("(?P<url>.*)$", "nothing-here/")
    path = re.sub(r"<[^>]+>", "0", path)
    return "/" + path


@pytest.fixture
def quick(monkeypatch):
    """What the matrix does not test, made quick: PDFs are rendered as HTML but not typeset,
    the API schema is built once, and the readiness check pings only the default database."""
    from weasyprint import HTML

    monkeypatch.setattr(HTML, "write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 stub")
    # /health/ready/ pings every database; the test's replica alias mirrors the default one,
    # whose connection is inside this test's transaction (SQLite would report it locked).
    from django.db import connections

    class DefaultOnly:
        def __getitem__(self, alias: str) -> Any:
            return connections["default"]

    monkeypatch.setattr("certify.core.health.connections", DefaultOnly())
    schema = api.get_openapi_schema()
    monkeypatch.setattr(api, "get_openapi_schema", lambda *args, **kwargs: schema)


# --- The tests ---------------------------------------------------------------------------------


def test_every_url_has_an_entry():
    listed = {p.name for p in PAGES}
    urls = {key for key, route in url_patterns() if not is_admin(key, route)}
    missing = sorted(k for k in urls - listed if not is_api_operation(k))
    stale = sorted(listed - urls)
    assert not missing, f"URLs with no line in tests/security/matrix.py PAGES: {missing}"
    assert not stale, f"PAGES names URLs that no longer exist: {stale}"
    methods = {(p.name, p.method) for p in PAGES}
    assert len(methods) == len(PAGES), "a URL is listed twice in PAGES with the same method"


def test_every_api_operation_has_an_entry():
    schema = api.get_openapi_schema()
    operations = {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}
    listed = {op.operation_id for op in OPERATIONS}
    assert not sorted(operations - listed), (
        f"API operations with no line in matrix.py OPERATIONS: {sorted(operations - listed)}"
    )
    assert not sorted(listed - operations), (
        f"OPERATIONS names operations that no longer exist: {sorted(listed - operations)}"
    )


def _not_started_portfolio(world: Any) -> str:
    """A set on the portfolio route whose portfolio is not started: its page is a GET too (the
    world's own portfolio is started already, so the matrix's line would not show it)."""
    from certify.progress.services import route_choose

    row = world.application.planned_sets.get(competency_set__code="REF")
    route_choose(planned=row, actor=world.users["candidate"], route="portfolio")
    return reverse("portfolios:portfolio", kwargs={"planned_id": row.pk})


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_pages_and_operations_answer_as_the_matrix_says_and_no_get_writes(
    db, quick, stored_documents
):
    """Every line of `PAGES` and `OPERATIONS`, sent once per role: the answer is the matrix's
    letter, and a GET changes no row (`walk.py`; RULINGS, "the test that no GET writes").

    The walk stores rendered PDFs as a deployment does (ADR 0058): a download whose rendering is
    not stored yet typesets it and keeps it in the documents storage, a file, and writes no row.
    """
    world = world_build()
    extra_get = _not_started_portfolio(world)
    by_role = clients(world)
    requests, matrix_problems = requests_of(world)
    get_urls = [extra_get] + [request.url for request in requests if request.method == "GET"]
    assert len(get_urls) > 150, "the walk found too few GET URLs: is the matrix read right?"
    before = baseline()
    write_problems: list[str] = []
    answers = {role: send(by_role[role], "GET", extra_get, watch=before) for role in ROLES}
    write_problems += writes(answers, extra_get)
    for request in requests:
        answers = {
            role: send(
                by_role[role],
                request.method,
                request.url,
                body=request.body,
                form=request.form,
                watch=before,
            )
            for role in ROLES
        }
        matrix_problems += check(
            request.expect, {role: a.letter for role, a in answers.items()}, request.what
        )
        write_problems += writes(answers, request.url)
    report = []  # both checks' failures in one message: which request, which role
    if matrix_problems:
        report += ["Not as tests/security/matrix.py says:", *matrix_problems]
    if write_problems:
        report += ["GET requests that changed rows:", *write_problems]
    assert not report, "\n".join(report)
    # The PDF downloads were walked with storing on: each kept its rendering as a file.
    assert any(stored_documents.rglob("*.pdf"))


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_the_admin_site_is_for_program_staff_only(db, quick):
    world = world_build()
    by_role = clients(world)
    problems: list[str] = []
    for key, route in url_patterns():
        if not is_admin(key, route):
            continue
        url = admin_url(key, route)
        method, expect = "GET", ADMIN
        if key == "admin:login":  # the site's sign-in for visitors; no admin form for anyone
            expect = "LDDDDDDA"
        if key == "admin:logout":
            expect, method = "AAAAAAAA", "POST"
        got = {role: send(by_role[role], method, url).letter for role in ROLES}
        if expect == ADMIN and got["staff"] in ("D", "N"):
            got["staff"] = "A"  # inside, but this model is read-only for staff: the admin's call
        problems += check(expect, got, f"{key} {method} {url}")
    assert not problems, "\n".join(problems)


def test_the_matrix_uses_only_known_letters():
    for entry in [*PAGES, *OPERATIONS]:
        assert len(entry.expect) == len(ROLES), entry
        assert set(entry.expect) <= {"A", "D", "F", "N", "L"}, entry
