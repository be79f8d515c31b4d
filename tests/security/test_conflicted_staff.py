"""A conflict keeps staff out of the case, not only its decisions (ADR 0022): with the world's
program staff having declared a conflict of interest with the world's candidate, every page and
API operation of `matrix.py` that staff may use and that names the candidate's portfolio (its
plan row), one of its versions, an evidence file or the candidate's appeal is refused (403),
walked from the matrix, not listed; the pages and operations not about that case still answer
staff as the matrix says.

The candidate on staff is refused the same case pages as their own (tests/casework,
tests/appeals/test_appeal_access.py, tests/rest/test_reviewer_choices_api.py)."""

from typing import Any

from django.test import override_settings
from django.urls import reverse

from certify.accounts.api import conflict_declare
from tests.security.matrix import API_PARAMS, OPERATIONS, PAGES
from tests.security.test_permission_matrix import MFA_ROLES, quick
from tests.security.walk import api_operations, api_url, clients, form_operations, send, value_of
from tests.security.world import ROLES, world_build

__all__ = ["quick"]  # the matrix's fixture, used below
STAFF = ROLES.index("staff")
# The world's objects that are the candidate's portfolio, its versions, files and appeal.
CASE = {"planned", "submission", "evidence", "appeal"}
# Answered by sending staff on to a page that refuses them (it shows nothing itself).
REDIRECTS = {"portfolios:competency"}


def _staff_requests(world: Any) -> list[tuple[str, str, str, dict | None, bool, bool]]:
    """(what, method, url, body, about the case, body sent as a form) for every line staff may
    use."""
    found = []
    for page in PAGES:
        if page.expect[STAFF] != "A" or page.name in REDIRECTS:
            continue
        url = reverse(page.name, kwargs={k: value_of(world, v) for k, v in page.kwargs.items()})
        about = bool(CASE & set(page.kwargs.values()))
        found.append((f"{page.name} {page.method}", page.method, url, None, about, False))
    entries = {op.operation_id: op for op in OPERATIONS}
    forms = form_operations()
    for operation_id, method, template, has_body in api_operations():
        entry = entries.get(operation_id)
        if entry is None or entry.expect[STAFF] != "A":
            continue
        params = {**API_PARAMS, **entry.params}
        named = {params[n] for n in params if f"{{{n}}}" in template}
        url = api_url(world, template, params)
        body = (entry.body or {}) if has_body else None
        form = operation_id in forms
        found.append((f"{operation_id} {method}", method, url, body, bool(CASE & named), form))
    return found


@override_settings(MFA_REQUIRED_ROLES=MFA_ROLES)
def test_staff_who_declared_a_conflict_are_refused_every_page_of_the_case(
    db, quick, stored_documents
):
    world = world_build()
    staff, candidate = world.users["staff"], world.users["candidate"]
    conflict_declare(actor=staff, person_email=candidate.email, reason="My sister.")
    client = clients(world)["staff"]
    requests = _staff_requests(world)
    about = [r for r in requests if r[4]]
    assert len(about) >= 10, [r[0] for r in about]  # the walk found the case's pages
    problems = []
    for what, method, url, body, is_case, form in requests:
        letter = send(client, method, url, body=body, form=form).letter
        if is_case and letter != "D":
            problems.append(f"{what} {url}: a conflicted staff member got {letter}, not 403")
        if not is_case and letter not in ("A", "M"):
            problems.append(f"{what} {url}: not about the case, yet {letter}")
    assert not problems, "\n".join(problems)
