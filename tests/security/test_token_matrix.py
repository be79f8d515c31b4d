"""The permission matrix again, for an attacker holding a credential instead of a browser.

`test_permission_matrix.py` sends every API operation as every role signed in. Here each role
sends them with what a script holds: a personal access token with every scope its roles allow
(`token_scope_choices`), and for the course provider the provider's API key. No credential may
get further than its person signed in: where the matrix refuses a role, so does the token, and
where the matrix hides an object behind the 404 of an unknown id ("N"), the token gets that 404
too, never a 403 that says the object exists.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from tests.security.credentials import credential_clients, unknown_url
from tests.security.outsiders import world_fixture, world_in_module  # noqa: F401  (fixtures)
from tests.security.test_permission_matrix import MFA_ROLES, quick  # noqa: F401  (a fixture)
from tests.security.walk import Request, requests_of
from tests.security.world import ROLES, World

pytestmark = pytest.mark.django_db


def api_requests(world: World) -> list[tuple[Request, str]]:
    """Every API operation of the matrix, made concrete for the world, with its path template."""
    from tests.security.walk import api_operations

    templates = {op_id: template for op_id, _method, template, _body in api_operations()}
    requests, unbuilt = requests_of(world)
    assert not unbuilt, unbuilt
    return [
        (request, templates[request.what.split(" ", 1)[0]])
        for request in requests
        if request.what.split(" ", 1)[0] in templates
    ]


def answer(client: Client, request: Request, url: str) -> tuple[int, str]:
    """(status, detail) of one request, rolled back with everything it wrote."""
    from django.db import transaction

    from tests.security.walk import FILE, pdf

    with transaction.atomic():
        if request.method == "GET":
            response = client.get(url)
        elif request.body == FILE:
            response = client.post(url, data={"file": pdf("syllabus.pdf")})
        elif request.body is not None and request.form:
            response = client.post(url, data=request.body)
        elif request.body is not None:
            response = client.generic(
                request.method, url, data=_json(request.body), content_type="application/json"
            )
        else:
            response = client.generic(request.method, url)
        transaction.set_rollback(True)
    detail = ""
    if response.status_code >= 400 and response["Content-Type"].startswith("application/"):
        detail = response.json().get("detail", "")
    return response.status_code, detail


def _json(body: dict[str, Any]) -> str:
    import json

    return json.dumps(body)


def letter(status: int) -> str:
    if status == 401:
        return "L"
    if status == 404:
        return "N"
    if status == 403:
        return "D"
    if status == 405 or status >= 500:
        return f"X ({status})"
    return "A"


def _refusal_problems(
    client: Client, request: Request, template: str, role: str, got: tuple[int, str]
) -> list[str]:
    """A refusal must be the answer an unknown id gets: the same status and the same words."""
    if "{" not in template or letter(got[0]) not in ("D", "N"):
        return []
    unknown = answer(client, request, unknown_url(template, request.url))
    if unknown == got:
        return []
    return [f"{request.what} as {role}: {got} but an unknown id gets {unknown}"]


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_no_token_or_key_gets_further_than_its_person_signed_in(world, quick):  # noqa: F811
    """Every operation, every role's credential: where the matrix refuses the person signed in,
    the credential is refused; what the matrix hides as an unknown id ("N") stays hidden."""
    clients = credential_clients(world)
    problems: list[str] = []
    walked = 0
    for request, template in api_requests(world):
        walked += 1
        for role, want in zip(ROLES, request.expect, strict=True):
            got = answer(clients[role], request, request.url)
            have = letter(got[0])
            if have.startswith("X"):
                problems.append(f"{request.what} as {role}: {have} {got[1]}")
            elif want != "A" and have == "A":
                problems.append(f"{request.what} as {role}: let in (the matrix says {want})")
            elif want == "L" and have != "L":
                problems.append(f"{request.what} as {role}: {got}, not asked to sign in")
            elif want == "N" and have != "N":
                problems += _refusal_problems(clients[role], request, template, role, got)
    assert walked > 190, walked
    assert not problems, "\n".join(problems)


OUTSIDERS = ("other_candidate", "other_reviewer", "provider", "sponsor")
# Who knows of the object, and so may be told "not allowed" (403) rather than "nothing here":
# the sponsor runs the fund the candidate applied to (`scholarships.rules.require`).
KNOWS_OF = {
    ("sponsor", "certify_rest_scholarships_my_application"),
    ("sponsor", "certify_rest_scholarships_withdraw"),
}


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_an_outsiders_refusal_is_the_answer_an_unknown_id_gets(world, quick):  # noqa: F811
    """Someone with nothing to do with the candidate's things (another candidate, a reviewer not
    assigned, the provider and the sponsor where the matrix refuses them) learns nothing from a
    refusal: the candidate's application, portfolio, invoice, certificate, renewal, appeal,
    token… answer exactly as an id that no row has (status and words)."""
    clients = credential_clients(world)
    problems: list[str] = []
    compared = 0
    for request, template in api_requests(world):
        if "{" not in template:
            continue
        for role, want in zip(ROLES, request.expect, strict=True):
            operation_id = request.what.split(" ", 1)[0]
            if role not in OUTSIDERS or want == "A" or (role, operation_id) in KNOWS_OF:
                continue
            got = answer(clients[role], request, request.url)
            compared += 1
            problems += _refusal_problems(clients[role], request, template, role, got)
    assert compared > 300, compared
    assert not problems, "\n".join(problems)


# Operations staff signed in may use that a staff member's token may not: a scope about the
# person's own things acts without the staff role (docs/integration.md, "Your own data"), so
# staff reach a candidate's things through the staff operations instead.
STAFF_SESSION_ONLY = {
    "certify_rest_applications_my_applications": "applications: the candidate role",
    "certify_rest_applications_detail": "applications: the candidate role",
    "certify_rest_applications_eligibility": "applications: the candidate role",
    "certify_rest_portfolios_portfolio_detail": "portfolios: the candidate role",
    "certify_rest_payments_my_invoice": "payments: no role, so only one's own invoices",
    "certify_rest_certificates_my_credential": "certificates: no role, so only one's own",
}


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_a_staff_token_gets_as_far_as_staff_signed_in(world, quick):  # noqa: F811
    """Where the matrix lets program staff in, their token (every scope offered them) gets in
    too, but for the operations on a person's own things (`STAFF_SESSION_ONLY`): the sponsor's
    funds, their applications and draws, and a sponsor's membership decisions, which staff make
    on the pages, were refused to the token ("This token does not allow scholarships")."""
    client = credential_clients(world)["staff"]
    column = ROLES.index("staff")
    gaps, walked = [], set()
    for request, _template in api_requests(world):
        operation_id = request.what.split(" ", 1)[0]
        if request.expect[column] != "A" or operation_id in STAFF_SESSION_ONLY:
            continue
        walked.add(operation_id)
        got = answer(client, request, request.url)
        if letter(got[0]) != "A":
            gaps.append(f"{request.what}: {got}")
    assert "certify_rest_scholarships_sponsor_funds" in walked
    assert "certify_rest_memberships_staff_queue" in walked
    assert len(walked) > 100, len(walked)
    assert not gaps, "\n".join(gaps)
    assert STAFF_SESSION_ONLY.keys() <= {r.what.split(" ", 1)[0] for r, _t in api_requests(world)}
