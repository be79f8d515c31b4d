"""The attackers the permission matrix has no column for, against the decisions built last:
a sponsor's committee member, an employer a holder shared a certificate with, program staff
without a second factor, and program staff whose own case it is.

One table, `TRIES`: each line is a request (a page's form or an API operation, with a body a
permitted person would send) and the letter each of those attackers must get. Every request runs
in a savepoint that is rolled back, and must change no row of any table (`walk.py`'s comparison):
a refusal writes nothing, not even half a decision.

Letters: `D` refused (403 or 404); `M` sent to set up two-factor authentication (a page) or 403
(the API, which sends nobody anywhere); `O` refused as the person's own case (403, or 400 saying
"your own case").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from certify.accounts.models import Role, RoleAssignment, User
from certify.scholarships.models import SponsorMember
from tests.factories import UserFactory
from tests.security.walk import baseline, changed_tables, state_of
from tests.security.world import World, world_build
from tests.shared import copy_of, shared_in_module
from tests.workflow import force_status

ATTACKERS = ("committee", "employer", "staff_without_2fa", "staff_subject")
OWN_CASE = "your own case"


@dataclass(frozen=True)
class Try:
    """A request: its method, its URL and body from the world, the path (from the world) to the
    person whose case it is, and the letter for each of `ATTACKERS`, in that order."""

    what: str
    method: str
    url: Callable[[World], str]
    body: dict[str, Any] | None
    subject: str
    expect: str
    api: bool = False
    setup: Callable[[World], None] | None = None


def _returned(world: World) -> None:
    """The world's course with its renewal returned for changes: what staff close."""
    force_status(world.course, "returned")


def _grounds_given(world: World) -> None:
    """The world's appeal with its grounds: what the appeal's reviewer decides."""
    from certify.appeals.models import Appeal

    Appeal.objects.filter(pk=world.appeal.pk).update(grounds="The archive lends to the public.")
    force_status(world.appeal, Appeal.Status.GROUNDS_SUBMITTED)


def _open_invoice(world: World) -> None:
    """An open invoice of the candidate's (the world's enrollment invoice is paid)."""
    from certify.payments.services import renewal_invoice_create

    world.objects["open_invoice"] = renewal_invoice_create(
        user=world.users["candidate"], program=world.program, actor=None, subject="x:2"
    )


def _today(world: World) -> str:
    from certify.programs.api import program_today

    return program_today(world.program).isoformat()


def _api(path: str) -> Callable[[World], str]:
    return lambda world: "/api/v1" + path.format(w=world)


CLOSE = {"reason": "Returned in March and not sent again."}
CHECK = {"method": "cheque", "reference": "CHK-991", "record_anyway": True}
SEND_BACK = {"outcome": "send_back", "reason": "Archive work counts."}
TRIES: list[Try] = [
    Try(
        "close a returned renewal (page)",
        "POST",
        lambda w: reverse("courses:staff_renewal_close", kwargs={"cid": w.course.pk}),
        {"close-reason": CLOSE["reason"]},
        "users.provider",
        "DDMO",
        setup=_returned,
    ),
    Try(
        "close a returned renewal (API)",
        "POST",
        _api("/staff/courses/{w.course.pk}/renewal/close"),
        CLOSE,
        "users.provider",
        "DDMO",
        api=True,
        setup=_returned,
    ),
    Try(
        "whom the automatic assignment picks (API)",
        "GET",
        _api("/staff/portfolios/submissions/{w.submission.pk}/reviewers/automatic"),
        None,
        "users.candidate",
        "DDMO",
        api=True,
    ),
    Try(
        "assign automatically (page)",
        "POST",
        lambda w: reverse("portfolios:staff_assign_automatic", kwargs={"pk": w.submission.pk}),
        {"picked": []},
        "users.candidate",
        "DDMO",
    ),
    Try(
        "assign automatically (API)",
        "POST",
        _api("/staff/portfolios/submissions/{w.submission.pk}/reviewers/automatic"),
        {"picked": []},
        "users.candidate",
        "DDMO",
        api=True,
    ),
    Try(
        "record a check despite the warning (page)",
        "POST",
        lambda w: reverse("payments:payment_record", kwargs={"code": w.open_invoice.code}),
        {**CHECK, "amount": "1.00", "record_anyway": "on", "received_on": _today},
        "users.candidate",
        "DDMO",
        setup=_open_invoice,
    ),
    Try(
        "record a check despite the warning (API)",
        "POST",
        _api("/staff/payments/invoices/{w.open_invoice.code}/payments"),
        {**CHECK, "amount_cents": 100},
        "users.candidate",
        "DDMO",
        api=True,
        setup=_open_invoice,
    ),
    Try(
        "send a rejection back on appeal (page)",
        "POST",
        lambda w: reverse("appeals:review", kwargs={"pk": w.appeal.pk}),
        SEND_BACK,
        "users.candidate",
        "DDMO",
        setup=_grounds_given,
    ),
    Try(
        "send a rejection back on appeal (API)",
        "POST",
        _api("/staff/appeals/{w.appeal.pk}/decision"),
        SEND_BACK,
        "users.candidate",
        "DDMO",
        api=True,
        setup=_grounds_given,
    ),
]


def _path(obj: Any, path: str) -> Any:
    for hop in path.split("."):
        obj = obj[hop] if isinstance(obj, dict) else getattr(obj, hop)
    return obj


def _staff(user: User, *, second_factor: bool = True) -> User:
    RoleAssignment.objects.get_or_create(user=user, role=Role.PROGRAM_STAFF)
    if second_factor and not Authenticator.objects.filter(user=user).exists():
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return User.objects.get(pk=user.pk)


def _attacker(world: World, who: str, subject: str) -> User:
    if who == "committee":
        member = UserFactory(full_name="Cam Committee", roles=[Role.SPONSOR])
        sponsor = SponsorMember.objects.filter(user=world.users["sponsor"]).first().sponsor
        SponsorMember.objects.create(sponsor=sponsor, user=member, role="committee")
        return member
    if who == "employer":  # the holder shared their certificate with this address
        return UserFactory(full_name="Eve Employer", email=world.webhook_share.email)
    if who == "staff_without_2fa":
        return _staff(UserFactory(full_name="Nia No-Factor"), second_factor=False)
    return _staff(_path(world, subject))


def _letter(response: Any, *, api: bool) -> str:
    status = response.status_code
    location = response.headers.get("Location", "")
    if status == 302 and "/2fa/" in location:  # the API's session answers as the pages do
        return "M"
    body = response.text.lower()
    if status == 400 and OWN_CASE in body:
        return "O"
    if status in (403, 404):
        # a refusal for want of a role; or, for the person whose case it is, the same refusal
        # their staff role would otherwise have let them past (`O` accepts it too)
        return "D"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))[:300]
    return f"{status} {location} {text}".strip()


def _send(world: World, line: Try, who: str) -> tuple[str, list[str]]:
    """The attacker's answer and the tables the request changed (all of it rolled back)."""
    with transaction.atomic():
        if line.setup:
            line.setup(world)
        client = Client()
        client.force_login(_attacker(world, who, line.subject))
        before = baseline()
        url = line.url(world)
        body = {k: v(world) if callable(v) else v for k, v in (line.body or {}).items()}
        if line.method == "GET":
            response = client.get(url)
        elif line.api:
            response = client.post(url, data=body, content_type="application/json")
        else:
            response = client.post(url, data=body)
        changed = changed_tables(before.state, state_of(before.tables))
        transaction.set_rollback(True)
    return _letter(response, api=line.api), changed


world_in_module = shared_in_module(world_build)  # about 20 s on SQLite: built once, not per line


@pytest.fixture
def world(db, world_in_module):
    return copy_of(world_in_module)


@pytest.mark.parametrize("line", TRIES, ids=[t.what for t in TRIES])
@override_settings(MFA_REQUIRED_ROLES=("program_staff", "reviewer"))
def test_attackers_outside_the_matrix_are_refused_and_change_nothing(world, line):
    problems = []
    for who, want in zip(ATTACKERS, line.expect, strict=True):
        got, changed = _send(world, line, who)
        if got != want and not (want == "O" and got == "D"):
            problems.append(f"{who}: expected {want}, got {got}")
        if changed:
            problems.append(f"{who}: the refused request changed {', '.join(changed)}")
    assert not problems, f"{line.what}:\n" + "\n".join(problems)
