"""Every page and API operation, requested by every role, gives what `matrix.py` expects.

The URL configuration and the API schema are walked, not listed: a new URL or operation
without a line in `matrix.py` fails `test_every_url_has_an_entry` /
`test_every_api_operation_has_an_entry`, and a line for something removed fails too.
Each request runs in a savepoint that is rolled back, so an allowed POST changes nothing that
the next request sees. One world (`world.py`) serves every request of a test.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from certify.rest.api import api
from tests.security.matrix import ADMIN, API_PARAMS, FILE, OPERATIONS, PAGES
from tests.security.world import ROLES, World, pdf, world_build

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
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


def value_of(world: World, spec: str) -> Any:
    """`"=text"` is literal; `"invoice.code"` an attribute; `"invoice"` its pk."""
    if spec.startswith("="):
        return spec[1:]
    name, _, attribute = spec.partition(".")
    if name == "users":
        user = world.users[attribute]
        assert user is not None
        return user.pk
    obj = getattr(world, name)
    if isinstance(obj, str):
        return obj
    return getattr(obj, attribute) if attribute else obj.pk


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


def outcome(response: Any) -> str:
    status = response.status_code
    if status in (401,):
        return "L"
    if status in (301, 302, 303):
        target = response.headers.get("Location", "")
        if target.startswith(LOGIN_PATHS):
            return "L"
        if target.startswith("/accounts/2fa/totp/activate"):
            return "M"  # sent to set up 2FA: the world gives staff and reviewers an authenticator
        return "A"
    if status in (403, 404):
        return "D"
    if status == 405 or status >= 500:
        return "X"
    return "A"


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


def clients(world: World) -> dict[str, Client]:
    signed_in = {}
    for role in ROLES:
        client = Client()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        signed_in[role] = client
    return signed_in


def send(client: Client, method: str, url: str, *, body: dict[str, Any] | None = None) -> str:
    """One request in a savepoint that is rolled back; returns its outcome letter.

    The client's cookies are restored too: a sign-out (or a new session) is undone with the data.
    """
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            if method == "GET":
                response = client.get(url)
            elif body == FILE:
                response = client.post(url, data={"file": pdf("syllabus.pdf")})
            elif body is not None:
                response = client.generic(
                    method, url, data=json.dumps(body), content_type="application/json"
                )
            elif method == "POST":
                response = client.post(url, data={})
            else:
                response = client.generic(method, url)
            transaction.set_rollback(True)
    except Exception as error:
        return f"X ({type(error).__name__}: {str(error)[:120]})"
    finally:
        client.cookies = cookies
    letter = outcome(response)
    return letter if letter != "X" else f"X ({response.status_code})"


def check(expect: str, got: dict[str, str], what: str) -> list[str]:
    assert len(expect) == len(ROLES), f"{what}: the expectation needs {len(ROLES)} letters"
    return [
        f"{what}: {role} expected {want}, got {got[role]}"
        for role, want in zip(ROLES, expect, strict=True)
        if got[role] != want
    ]


# --- The tests ---------------------------------------------------------------------------------


def test_every_url_has_an_entry():
    listed = {p.name for p in PAGES}
    urls = {key for key, route in url_patterns() if not is_admin(key, route)}
    missing = sorted(k for k in urls - listed if not is_api_operation(k))
    stale = sorted(listed - urls)
    assert not missing, f"URLs with no line in tests/security/matrix.py PAGES: {missing}"
    assert not stale, f"PAGES names URLs that no longer exist: {stale}"
    assert len(listed) == len(PAGES), "a URL is listed twice in PAGES"


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


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_pages_refuse_and_allow_exactly_as_the_matrix_says(db, quick):
    world = world_build()
    by_role = clients(world)
    problems: list[str] = []
    for page in PAGES:
        try:
            url = reverse(page.name, kwargs={k: value_of(world, v) for k, v in page.kwargs.items()})
        except Exception as error:
            problems.append(f"{page.name}: cannot build its URL ({error})")
            continue
        got = {role: send(by_role[role], page.method, url) for role in ROLES}
        problems += check(page.expect, got, f"{page.name} {page.method} {url}")
    assert not problems, "\n".join(problems)


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
        got = {role: send(by_role[role], method, url) for role in ROLES}
        if expect == ADMIN and got["staff"] == "D":
            got["staff"] = "A"  # inside, but this model is read-only for staff: the admin's call
        problems += check(expect, got, f"{key} {method} {url}")
    assert not problems, "\n".join(problems)


def api_operations() -> Iterator[tuple[str, str, str, bool]]:
    """(operationId, method, path template, has a body) for every operation in the schema."""
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            yield op["operationId"], method.upper(), path, "requestBody" in op


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_api_operations_refuse_and_allow_exactly_as_the_matrix_says(db, quick):
    world = world_build()
    by_role = clients(world)
    entries = {op.operation_id: op for op in OPERATIONS}
    problems: list[str] = []
    for operation_id, method, template, has_body in api_operations():
        entry = entries.get(operation_id)
        if entry is None:
            continue  # test_every_api_operation_has_an_entry reports it
        params = {**API_PARAMS, **entry.params}
        url = template
        for name in re.findall(r"\{(\w+)\}", template):
            url = url.replace(f"{{{name}}}", str(value_of(world, params[name])))
        body = (entry.body or {}) if has_body else None
        got = {role: send(by_role[role], method, url, body=body) for role in ROLES}
        problems += check(entry.expect, got, f"{operation_id} {method} {url}")
    assert not problems, "\n".join(problems)


def test_the_matrix_uses_only_known_letters():
    for entry in [*PAGES, *OPERATIONS]:
        assert len(entry.expect) == len(ROLES), entry
        assert set(entry.expect) <= {"A", "D", "L"}, entry
