from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certify.accounts.models import Role
from certify.programs.services import builtin_program_data, program_load
from tests.factories import UserFactory


@pytest.fixture
def lsscp(db):
    """The default program, loaded exactly as `manage.py load_program lsscp` loads it."""
    program, _ = program_load(data=builtin_program_data("lsscp"))
    return program


@pytest.fixture
def candidate(db):
    return UserFactory(roles=[Role.CANDIDATE])


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


# One signed-in person per role (plus anonymous), for tests that check who is refused.
ROLES = {
    "candidate": [Role.CANDIDATE],
    "program_staff": [Role.PROGRAM_STAFF],
    "reviewer": [Role.REVIEWER],
    "provider": [Role.PROVIDER],
    "sponsor": [Role.SPONSOR],
    "no_role": [],
}


@pytest.fixture
def client_as(client) -> Callable:
    def sign_in(role_key: str):
        if role_key == "anonymous":
            return client
        user = UserFactory(roles=ROLES[role_key])
        client.force_login(user)
        return client

    return sign_in


def count_queries(func: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE")


def writes_during(func: Callable[[], object]) -> list[str]:
    """The SQL writes `func` made, leaving out the session row (signing in and out touch it)."""
    with CaptureQueriesContext(connection) as ctx:
        func()
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITE_STATEMENTS)
        and "django_session" not in q["sql"]
    ]
