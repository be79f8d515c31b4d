"""Four more attackers the permission matrix has no column for, against the surfaces built last:
a candidate of another program, a reviewer who declared a conflict with the candidate, a member
of a suspended provider (not the world's), and a former staff member whose browser was signed in
while they were staff.

The surfaces: a course's approval suspended and reinstated (a renewal under review goes back to
review, `reinstate_review`), the course fee held while it is suspended and its card checkout, a
provider withdrawing a draft course, a draw's left-out reasons (its page and API, the left-out
application's page), the renewal decision and a lapsed certificate's reinstatement, and the
conflict declarations and colleague invitations people withdraw (other people's ids in the URL).

Every request runs in a savepoint that is rolled back and must change no row of any table
(`walk.py`): a refusal writes nothing. No card checkout is started for a refused press. The
attackers of `test_other_attackers.py` (committee member, employer, staff without a second
factor, staff whose own case it is) are not repeated here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from tests.factories import CourseFactory
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


def _held_renewal(world: World) -> None:
    """A renewal of the provider's, submitted with its fee open, then suspended: its fee is held
    and reinstating it puts it back under review (`reinstate_review`)."""
    from certify.courses import services as courses
    from tests.courses.test_renewal_fees import _renewal

    staff = world.users["staff"]
    renewal = _renewal(world.provider, world.users["provider"], world.competency_set)
    world.objects["held"] = courses.course_approval_suspend(
        course=renewal, actor=staff, reason="A complaint is being looked into."
    )
    world.objects["held_fee"] = renewal.fee_invoice


def _draft(world: World) -> None:
    """A draft course of the provider's, which only its people may withdraw."""
    world.objects["draft"] = CourseFactory(provider=world.provider, title="Draft Desk")


def _api(path: str) -> Callable[[World], str]:
    return lambda world: "/api/v1" + path.format(w=world)


STOP = {"action": "suspend", "reason": REASON}
BACK = {"action": "reinstate", "reason": REASON}
TRIES: list[Try] = [
    Try(
        "suspend a course's approval (page)",
        "POST",
        lambda w: reverse("courses:staff_approval", kwargs={"cid": w.course.pk}),
        STOP,
        "users.provider",
        "DDDD",
    ),
    Try(
        "reinstate a suspended renewal back to review (page)",
        "POST",
        lambda w: reverse("courses:staff_approval", kwargs={"cid": w.held.pk}),
        BACK,
        "users.provider",
        "DDDD",
        setup=_held_renewal,
    ),
    Try(
        "reinstate a suspended renewal back to review (API)",
        "POST",
        _api("/staff/courses/{w.held.pk}/approval"),
        BACK,
        "users.provider",
        "DDDD",
        api=True,
        setup=_held_renewal,
    ),
    Try(
        "read a held course fee's invoice",
        "GET",
        lambda w: reverse("payments:invoice", args=[w.held_fee.code]),
        None,
        "users.provider",
        "DDDD",
        setup=_held_renewal,
    ),
    Try(
        "pay a held course fee by card",
        "POST",
        lambda w: reverse("payments:pay", args=[w.held_fee.code]),
        {},
        "users.provider",
        "DDDD",
        setup=_held_renewal,
    ),
    Try(
        "read a held course fee (API)",
        "GET",
        _api("/payments/invoices/{w.held_fee.code}"),
        None,
        "users.provider",
        "DDDD",
        api=True,
        setup=_held_renewal,
    ),
    Try(
        "withdraw another provider's draft course (page)",
        "POST",
        lambda w: reverse(
            "courses:course_withdraw", kwargs={"pid": w.provider.pk, "cid": w.draft.pk}
        ),
        {},
        "users.provider",
        "DDDD",
        setup=_draft,
    ),
    Try(
        "withdraw another provider's draft course (API)",
        "POST",
        _api("/providers/{w.provider.pk}/courses/{w.draft.pk}/withdraw"),
        {},
        "users.provider",
        "DDDD",
        api=True,
        setup=_draft,
    ),
    Try(
        "read a draw's pool and left-out reasons (page)",
        "GET",
        lambda w: reverse("scholarships:draw", args=[w.draw.pk]),
        None,
        "users.sponsor",
        "DDDD",
    ),
    Try(
        "read a draw's pool and left-out reasons (API)",
        "GET",
        _api("/sponsor/scholarships/draws/{w.draw.pk}"),
        None,
        "users.sponsor",
        "DDDD",
        api=True,
    ),
    Try(
        "read another applicant's scholarship application (page)",
        "GET",
        lambda w: reverse("scholarships:application", args=[w.scholarship_application.pk]),
        None,
        "users.candidate",
        "DDDD",
    ),
    Try(
        "read another applicant's scholarship application (API)",
        "GET",
        _api("/scholarships/applications/{w.scholarship_application.pk}"),
        None,
        "users.candidate",
        "DDDD",
        api=True,
    ),
    Try(
        "decide a renewal (page)",
        "POST",
        lambda w: reverse("renewals:staff_decide", args=[w.renewal.pk]),
        {"action": "approve", "reason": REASON},
        "users.candidate",
        "DDDD",
    ),
    Try(
        "reinstate a lapsed certificate (API)",
        "POST",
        _api("/staff/renewals/lapsed/{w.certificate.pk}/reinstate"),
        {"reason": REASON},
        "users.candidate",
        "DDDD",
        api=True,
    ),
    Try(
        "withdraw the reviewer's conflict declaration (page)",
        "POST",
        lambda w: reverse("accounts:conflict_withdraw", args=[w.conflict.pk]),
        {},
        "users.reviewer",
        "DDDD",
    ),
    Try(
        "withdraw the reviewer's conflict declaration (API)",
        "POST",
        _api("/account/conflicts/{w.conflict.pk}/withdraw"),
        {},
        "users.reviewer",
        "DDDD",
        api=True,
    ),
    Try(
        "withdraw the provider's colleague invitation (page)",
        "POST",
        lambda w: reverse("accounts:invitation_withdraw", args=[w.colleague_invitation.pk]),
        {},
        "users.provider",
        "DDDD",
    ),
    Try(
        "withdraw the provider's colleague invitation (API)",
        "POST",
        _api("/account/invitations/{w.colleague_invitation.pk}/withdraw"),
        {},
        "users.provider",
        "DDDD",
        api=True,
    ),
    Try(
        "rate a competency of a review assigned to someone else (API)",
        "PUT",
        _api("/reviews/{w.assignment.pk}/ratings/{w.competency.code}"),
        {"rating": "met", "comment": "Fine."},
        "users.candidate",
        "DDDD",
        api=True,
    ),
    Try(
        "save the candidate's response without JavaScript (page)",
        "POST",
        lambda w: reverse("portfolios:competency", args=[w.planned.pk, w.response.competency.code]),
        {"narrative": "Not mine to write."},
        "users.candidate",
        "DDDD",
    ),
]


@each_line(TRIES)
def test_outsiders_are_refused_on_the_new_surfaces_and_change_nothing(world, line):
    problems = refusals(world, line, ATTACKERS)
    assert not problems, f"{line.what}:\n" + "\n".join(problems)


@each_line([TRIES[0]])
def test_the_shared_pass_still_catches_a_wrong_answer(world, line):
    """The world, settings and `refusals` shared through `outsiders.py` still fail a line whose
    answers are wrong: each attacker's refusal (`D`) expected as a success is reported."""
    from dataclasses import replace

    wrong = replace(line, expect="A" * len(ATTACKERS))
    problems = refusals(world, wrong, ATTACKERS)
    assert problems == [f"{who}: expected A, got D" for who in ATTACKERS]
