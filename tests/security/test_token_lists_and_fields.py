"""An attacker's script against the API's lists and writes, with every role's token or key
(`credentials.py`), walked from the schema and the permission matrix:

- every list the attacker may read, asked with the parameters an attacker tries (another
  person's id as `candidate`/`user`/`applicant`, their e-mail address or name as `q`/`search`/
  `email`, `ordering=candidate__email`, a huge `page_size`), answers no row of the candidate
  they have nothing to do with, never more than 200 rows, and no server error: the parameters
  it does not take are refused by name (ADR 0075), and asked again with the ones it takes it
  still answers none of her rows;
- every write, sent by a role the matrix lets in with fields it may not set added (a status,
  amounts, owner ids), answers as it does without them: they are not applied.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings

from certify.core.field_words import LEAVE_OUT as NOT_TAKEN
from certify.courses.numbers import candidate_number
from certify.rest.api import api
from tests.security.credentials import credential_clients
from tests.security.outsiders import world_fixture, world_in_module  # noqa: F401  (fixtures)
from tests.security.test_permission_matrix import MFA_ROLES, quick  # noqa: F401  (a fixture)
from tests.security.walk import Request, requests_of
from tests.security.world import ROLES, World

pytestmark = pytest.mark.django_db

SCHEMA = api.get_openapi_schema()
# Nothing of the world's candidate's is theirs to see (the provider and the sponsor may see
# her: she completed the provider's course and applied to the sponsor's fund).
STRANGERS = ("other_candidate", "other_reviewer")


def _operation(request: Request) -> dict[str, Any]:
    operation_id = request.what.split(" ", 1)[0]
    for ops in SCHEMA["paths"].values():
        for op in ops.values():
            if op["operationId"] == operation_id:
                return op
    raise AssertionError(operation_id)


def api_requests(world: World) -> list[Request]:
    requests, unbuilt = requests_of(world)
    assert not unbuilt, unbuilt
    return [r for r in requests if r.url.startswith("/api/v1/") and r.what.startswith("certify")]


def _send(client: Client, method: str, url: str, body: dict[str, Any] | None) -> Any:
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        else:
            response = client.generic(
                method, url, data=json.dumps(body or {}), content_type="application/json"
            )
        transaction.set_rollback(True)
    return response


# --- Lists ---------------------------------------------------------------------------------------


def hostile_query(world: World) -> str:
    victim = world.users["candidate"]
    assert victim is not None
    tries = {
        "candidate": victim.pk,
        "user": victim.pk,
        "applicant": victim.pk,
        "holder": victim.pk,
        "candidate__email": victim.email,
        "email": victim.email,
        "q": victim.email,
        "search": victim.full_name,
        "name": victim.full_name,
        "ordering": "candidate__email",
        "order_by": "-user__email",
        "page_size": 100_000,
    }
    return "&".join(f"{name}={value}" for name, value in tries.items())


def traces_of(world: World) -> list[str]:
    """What would show the world's candidate in an answer: her address, name and numbers."""
    victim = world.users["candidate"]
    assert victim is not None
    return [victim.email, victim.full_name, candidate_number(world.application)]


def _lists(world: World) -> list[Request]:
    return [
        r
        for r in api_requests(world)
        if r.method == "GET"
        and "{" not in next(p for p in SCHEMA["paths"] if _matches(p, r.url))
        and "parameters" in _operation(r)
    ]


def _matches(template: str, url: str) -> bool:
    return re.fullmatch(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)), url) is not None


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_no_list_answers_a_strangers_rows_whatever_it_is_asked(world, quick):  # noqa: F811
    clients = credential_clients(world)
    query, traces = hostile_query(world), traces_of(world)
    problems: list[str] = []
    lists = _lists(world)
    assert len(lists) > 15, [r.what for r in lists]
    for request in lists:
        for role in STRANGERS:
            plain = _send(clients[role], "GET", request.url, None)
            hostile = _send(clients[role], "GET", f"{request.url}?{query}", None)
            where = f"{request.what} as {role}"
            if hostile.status_code >= 500 or plain.status_code >= 500:
                problems.append(f"{where}: {hostile.status_code}")
                continue
            if hostile.status_code == 422:
                # Refused: a parameter the list does not take (named, never read: ADR 0075), or
                # the page size out of bounds; anything else is a problem. The list is then
                # asked again with what it takes, the page size in bounds.
                errors = hostile.json().get("errors", [])
                refused = {e["field"] for e in errors if e["message"].startswith(NOT_TAKEN)}
                wrong = {e["field"] for e in errors} - refused - {"page_size"}
                if wrong:
                    problems.append(f"{where}: 422 for {wrong}")
                kept = "&".join(
                    pair
                    for pair in query.replace("100000", "200").split("&")
                    if pair.split("=")[0] not in refused
                )
                hostile = _send(clients[role], "GET", f"{request.url}?{kept}", None)
            for answer in (plain, hostile):
                body = answer.json()
                if answer.status_code >= 400:  # a problem document echoes the query sent
                    body.pop("instance", None)
                text = json.dumps(body, ensure_ascii=False)
                problems += [f"{where}: shows {t}" for t in traces if t.lower() in text.lower()]
                if answer.status_code == 200 and isinstance(answer.json(), dict):
                    items = answer.json().get("items")
                    if items is not None and len(items) > 200:
                        problems.append(f"{where}: {len(items)} rows on one page")
    assert not problems, "\n".join(problems)


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_staff_see_the_candidate_in_lists_so_the_walk_would_see_a_leak(world, quick):  # noqa: F811
    """The walk above would notice: staff's token, on the same lists, finds her by the traces."""
    staff = credential_clients(world)["staff"]
    traces = [trace.lower() for trace in traces_of(world)]
    showing = [
        request.what
        for request in _lists(world)
        if any(t in _send(staff, "GET", request.url, None).content.decode().lower() for t in traces)
    ]
    assert len(showing) >= 3, showing


# --- Writes --------------------------------------------------------------------------------------

# Fields a caller may not set, as an attacker names them: a status, amounts, whose it is.
HOSTILE = {
    "status": "accepted",
    "decision": "approved",
    "state": "approved",
    "amount_cents": 1,
    "total_cents": 1,
    "paid_cents": 999_999,
    "award_cents": 999_999,
    "fee_cents": 0,
    "user": 1,
    "user_id": 1,
    "candidate": 1,
    "candidate_id": 1,
    "applicant_id": 1,
    "owner_id": 1,
    "recipient_id": 1,
    "holder_id": 1,
    "provider_id": 1,
    "sponsor_id": 1,
    "reviewer_id": 1,
    "is_staff": True,
    "is_superuser": True,
    "roles": ["program_staff"],
    "scopes": ["staff"],
}
# Who sends each write: the first role the matrix lets in (the provider sends its API key).
WRITERS = ("candidate", "reviewer", "provider", "sponsor", "staff")
VOLATILE = {"id", "code", "number", "secret", "signing_secret", "token", "url", "uri", "instance"}


def _properties(op: dict[str, Any]) -> set[str]:
    media = op["requestBody"]["content"]["application/json"]["schema"]
    ref = media.get("$ref", "")
    schema = SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else media
    return set(schema.get("properties", {}))


def steady(value: Any) -> Any:
    """An answer without what differs between two sends of one request: new rows' ids, numbers
    and codes, and times."""
    if isinstance(value, dict):
        return {
            k: steady(v) for k, v in value.items() if k not in VOLATILE and not k.endswith("_at")
        }
    if isinstance(value, list):
        return [steady(v) for v in value]
    return value


def _writes(world: World) -> list[tuple[Request, str, dict[str, Any]]]:
    writes = []
    for request in api_requests(world):
        if request.method == "GET" or request.form or not isinstance(request.body, dict):
            continue
        op = _operation(request)
        if "application/json" not in op.get("requestBody", {}).get("content", {}):
            continue
        writer = next((r for r in WRITERS if request.expect[ROLES.index(r)] == "A"), None)
        if writer is None:
            continue
        extras = {k: v for k, v in HOSTILE.items() if k not in _properties(op)}
        writes.append((request, writer, extras))
    return writes


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_no_write_applies_a_field_it_does_not_take(world, quick):  # noqa: F811
    clients = credential_clients(world)
    writes = _writes(world)
    assert len(writes) > 60, len(writes)
    problems: list[str] = []
    for request, writer, extras in writes:
        client = clients[writer]
        plain = _send(client, request.method, request.url, request.body)
        hostile = _send(client, request.method, request.url, {**(request.body or {}), **extras})
        where = f"{request.what} as {writer}"
        if hostile.status_code == 422 and plain.status_code != 422:
            fields = {e["field"] for e in hostile.json().get("errors", [])}
            if not fields <= set(extras):
                problems.append(f"{where}: 422 for {fields - set(extras)}")
            continue  # refused for the fields it does not take: nothing applied
        if hostile.status_code == 400 and plain.status_code < 300:
            named = json.dumps(hostile.json().get("fields", hostile.json().get("detail")))
            if not any(field in named for field in extras):
                problems.append(f"{where}: 400 naming none of the fields added: {named}")
            continue  # refused, naming a field it does not take: nothing applied
        if hostile.status_code != plain.status_code:
            problems.append(f"{where}: {plain.status_code} → {hostile.status_code}")
        elif plain.content and steady(plain.json()) != steady(hostile.json()):
            problems.append(f"{where}: answers otherwise: {hostile.content[:300]!r}")
    assert not problems, "\n".join(problems)
