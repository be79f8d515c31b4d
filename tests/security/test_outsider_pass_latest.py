"""The four attackers of `test_outsider_pass.py` (a candidate of another program, a reviewer who
declared a conflict with the candidate, a member of a suspended provider, a former staff member
whose browser was signed in while they were staff) against the surfaces built after it: an
invitation read before it is answered (`GET /account/invitations/{id}`) and answered, a class
award's payment, the member price's refund, the staff decisions that carry the `updated_at`
their page read (a provider's approval and its stop, a course's stop), the pages a declared
conflict keeps staff out of (a portfolio version, an appeal) and the renewal decision page that
says whether its fee was paid in time.

Every request runs in a savepoint that is rolled back and must change no row of any table
(`walk.py`), and start no card checkout. Each line sends what a permitted person would send:
the `updated_at` the staff page showed, today's date, a real amount.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from tests.security.outsiders import (  # noqa: F401  (the fixtures world_fixture, world_in_module)
    ATTACKERS,
    each_line,
    refusals,
    world_fixture,
    world_in_module,
)
from tests.security.test_other_attackers import Try
from tests.security.world import World

REASON = "Looked into and settled."


def _api(path: str) -> Callable[[World], str]:
    return lambda world: "/api/v1" + path.format(w=world)


def _provider_seen(world: World) -> str:
    """What the provider's staff page shows as its `updated_at_seen` (its `updated_at`)."""
    world.provider.refresh_from_db(fields=["updated_at"])
    return world.provider.updated_at.isoformat()


def _course_seen(world: World) -> str:
    return world.course.updated_at.isoformat()


def _body(body: dict, **computed: Callable[[World], str]) -> Callable[[World], dict]:
    return lambda world: {**body, **{k: f(world) for k, f in computed.items()}}


TRIES: list[Try] = [
    Try(
        "read whether someone else's invitation still stands (API)",
        "GET",
        _api("/account/invitations/{w.colleague_invitation.pk}"),
        None,
        "users.candidate",
        "DDDD",
        api=True,
    ),
    Try(
        "accept someone else's invitation (API)",
        "POST",
        _api("/account/invitations/{w.colleague_invitation.pk}/answer"),
        {"answer": "accept"},
        "users.candidate",
        "DDDD",
        api=True,
    ),
    Try(
        "record an award's payment (page)",
        "POST",
        lambda w: reverse("scholarships:award_payment", args=[w.award.pk]),
        {"payee": "candidate", "payee_name": "", "reference": "CHK 12"},
        "users.candidate",
        "DDDD",
    ),
    Try(
        "record an award's payment (API)",
        "POST",
        _api("/scholarships/awards/{w.award.pk}/payment"),
        {"payee": "candidate", "payee_name": "", "reference": "CHK 12"},
        "users.candidate",
        "DDDD",
        api=True,
    ),
    Try(
        "refund the member price's difference (page)",
        "POST",
        lambda w: reverse("payments:refund_create", args=[w.invoice.code]),
        {"amount": "25.00", "reason": "Paid beyond the member price."},
        "users.candidate",
        "DDDD",
    ),
    Try(
        "approve a provider with the time its page showed (API)",
        "POST",
        lambda w: (
            f"/api/v1/staff/courses/providers/{w.provider.pk}/approve"
            f"?updated_at_seen={_provider_seen(w).replace('+', '%2B')}"
        ),
        {},
        "users.provider",
        "DDDD",
        api=True,
    ),
    Try(
        "suspend a provider with the time its page showed (page)",
        "POST",
        lambda w: reverse("courses:staff_provider_approval", args=[w.provider.pk]),
        _body({"action": "suspend", "reason": REASON}, updated_at_seen=_provider_seen),
        "users.provider",
        "DDDD",
    ),
    Try(
        "suspend a course with the time its page showed (API)",
        "POST",
        _api("/staff/courses/{w.course.pk}/approval"),
        _body({"action": "suspend", "reason": REASON}, updated_at_seen=_course_seen),
        "users.provider",
        "DDDD",
        api=True,
    ),
    Try(
        "read a portfolio version's staff page",
        "GET",
        lambda w: reverse("portfolios:staff_submission", args=[w.submission.pk]),
        None,
        "users.candidate",
        "DDDD",
    ),
    Try(
        "read an appeal's review page",
        "GET",
        lambda w: reverse("appeals:review", args=[w.appeal.pk]),
        None,
        "users.candidate",
        "DDDD",
    ),
    Try(
        "read a renewal's decision page (whether its fee came in time)",
        "GET",
        lambda w: reverse("renewals:staff_detail", args=[w.renewal.pk]),
        None,
        "users.candidate",
        "DDDD",
    ),
    Try(
        "read the renewals staff decide (API)",
        "GET",
        _api("/staff/renewals"),
        None,
        "users.candidate",
        "DDDD",
        api=True,
    ),
]


@each_line(TRIES)
def test_outsiders_are_refused_on_the_latest_surfaces_and_change_nothing(world, line):
    problems = refusals(world, _resolved(world, line), ATTACKERS)
    assert not problems, f"{line.what}:\n" + "\n".join(problems)


def _resolved(world: World, line: Try) -> Try:
    """The line with a body computed from the world (the time a page showed) made plain."""
    if not callable(line.body):
        return line
    from dataclasses import replace

    return replace(line, body=line.body(world))
