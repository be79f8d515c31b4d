"""What a script holds instead of a browser, for each role of the permission matrix's world
(`world.py`): a personal access token with every scope the person's roles allow
(`token_scope_choices`, as the tokens page offers them), and for the course provider the
provider's API key. `credential_clients` gives one test client per role sending it with every
request; anonymous sends nothing. Shared by `test_token_matrix.py` and
`test_token_lists_and_fields.py`.
"""

from __future__ import annotations

import re

from django.test import Client

from certify.accounts.tokens import token_create, token_scope_choices
from certify.courses import services as course_services
from tests.security.world import ROLES, World

# A path parameter's value for "nothing of that name": an id or a code that no row has.
UNKNOWN = {"number": "LSSCP-2026-ZZZZZZZZ", "code": "LSSCP-ZZZZZZ"}
UNKNOWN_ID = "987654"
# Parameters that name what anyone may know exists (a program, a competency set, a program's
# settings section, a provider and its courses, published in the catalogue): not replaced.
PUBLIC_PARAMS = {"slug", "section", "competency", "competency_code", "provider_id", "course_id"}


def secret_of(world: World, role: str) -> str:
    """The credential `role` holds: a token with every scope allowed, or the provider's key."""
    user = world.users[role]
    assert user is not None
    if role == "provider":
        _key, raw = course_services.api_key_create(
            provider=world.provider, actor=user, name="A script"
        )
        return raw
    scopes = [value for value, _label in token_scope_choices(user)]
    return token_create(user=user, name="A script", scopes=scopes).secret


def credential_clients(world: World) -> dict[str, Client]:
    clients = {}
    for role in ROLES:
        if world.users[role] is None:
            clients[role] = Client()
        else:
            clients[role] = Client(headers={"Authorization": f"Bearer {secret_of(world, role)}"})
    return clients


def unknown_url(template: str, url: str) -> str:
    """`url` (built from `template`) with every private object's id replaced by one that no row
    has: the request an attacker would send to learn nothing."""
    names = re.findall(r"\{(\w+)\}", template)
    pattern = "^" + re.sub(r"\\\{\w+\\\}", "([^/]+)", re.escape(template)) + "$"
    match = re.match(pattern, url)
    assert match, (template, url)
    out = template
    for name, value in zip(names, match.groups(), strict=True):
        if name in PUBLIC_PARAMS:
            new = value
        elif name == "code" and "invoices" not in template:
            new = value  # a competency set's code
        else:
            new = UNKNOWN.get(name, UNKNOWN_ID if value.isdigit() else "no-such-thing")
        out = out.replace(f"{{{name}}}", new, 1)
    return out
