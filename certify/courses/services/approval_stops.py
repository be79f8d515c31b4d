"""Program staff stop a course's running approval: suspend it (it may be reinstated) or revoke it
(ADR 0009). Nobody decides their own case: staff who act for the provider, or who wrote the
course, are refused by the course workflow's relation (ADR 0022).

A stop leaves the catalog at once: the approval's last day becomes the day before the stop, so
completions dated from the stop on are refused, in the reporter's words, through every door (the
provider's form, its CSV and the API read `course_periods`); those dated before it still count.
The provider's people are told, and each candidate whose plan names the course is told once,
with the other ways to show the set. A reinstated approval runs to its own end again, and those
candidates are told it is back (one notice, however many of their courses a provider's
reinstatement brings back). A revocation ends the fee of a renewal waiting for a decision, a
suspension keeps it (`renewal_fees`).
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import User
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.core.workflow import check, transition
from certify.courses.models import Course, CourseTransition, Provider, ProviderConsent
from certify.courses.services.common import require_unchanged, tell_provider
from certify.courses.services.renewal_fees import (
    first_fee_on_provider_revoke,
    renewal_fee,
    renewal_fee_on_stop,
)
from certify.notifications.api import notify
from certify.payments.api import checkout_sessions_expire
from certify.payments.models import Invoice
from certify.programs.api import program_today
from certify.progress.models import PlannedSet

STOP_EVENT = "course.approval_stopped"
# Candidates whose plan names a course hear that it is back (they may switch that e-mail off).
BACK_EVENT = "course.approval_reinstated"
# A provider's stop saves these with its status: its `updated_at` moves with it (ADR 0009).
STOP_FIELDS = ["approval_stopped_on", "updated_at"]
REASON_REQUIRED = "Give the reason: the provider and the candidates who chose the course read it."


def _day(d: date) -> str:
    return f"{d:%B %-d, %Y}"


def _locked(course: Course) -> Course:
    return (
        Course.objects.select_for_update(of=("self",))
        .select_related("provider", "program", "competency_set", "fee_invoice")
        .get(pk=course.pk)
    )


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise DomainError(REASON_REQUIRED, field="reason")
    return reason.strip()


def _candidates_who_chose(course: Course) -> list[User]:
    """Accepted candidates whose plan names the course and who have not shown its set yet."""
    shown = PlannedSet.objects.filter(
        competency_set_id=course.competency_set_id, satisfied_at__isnull=False
    ).values("application_id")
    consents = (
        ProviderConsent.objects.filter(
            course=course,
            source=ProviderConsent.Source.PLAN,
            status=ProviderConsent.Status.ACCEPTED,
            candidate__isnull=False,
            application__status=Application.Status.ACCEPTED,
        )
        .exclude(application_id__in=shown)
        .select_related("candidate")
        .order_by("candidate_id")
    )
    return list({c.candidate_id: c.candidate for c in consents if c.candidate}.values())


def _stop(
    course: Course,
    move: str,
    *,
    actor: User,
    reason: str,
    today: date | None,
    updated_at_seen: datetime | None = None,
) -> Course:
    course = _locked(course)
    require_unchanged(course, updated_at_seen, actor=actor, move=move, reason=reason)
    check(course, move, actor=actor, reason=reason)  # its status, then its reason
    reason = _require_reason(reason)
    today = today or program_today(course.program)
    if course.approval_stopped_on is None:
        ends = course.approval_expires_on
        if ends is None or ends < today:
            ended = f" (it ended on {_day(ends)})" if ends else ""
            raise DomainError(
                f"The approval of “{course.title}” is not running{ended}: there is nothing to stop."
            )
        course.approval_stopped_on = today
        course.approval_expires_on = today - timedelta(days=1)
    transition(course, move, actor=actor, reason=reason)
    fee = renewal_fee_on_stop(course, move=move, actor=actor)  # after the move: course, invoice
    context = {
        "program": course.program,
        "course_title": course.title,
        "provider_name": course.provider.name,
        "set_name": course.competency_set.name,
        "revoked": move == "revoke",
        "stopped_on": course.approval_stopped_on,
        "reason": reason,
    }
    tell_provider(
        provider=course.provider,
        event=STOP_EVENT,
        context={**context, "to_provider": True, **(fee.context() if fee else {})},
        link=course.get_provider_url(),
    )
    # Once per approval period, whether it was suspended, revoked, or both.
    period = course.approvals.count()
    for candidate in _candidates_who_chose(course):
        notify(
            recipient=candidate,
            event=STOP_EVENT,
            context=context,
            link=reverse("progress:plan"),
            dedupe_key=f"course.approval_stopped:{course.pk}:{period}:{candidate.pk}",
        )
    return course


@transaction.atomic
def course_approval_suspend(
    *,
    course: Course,
    actor: User,
    reason: str,
    today: date | None = None,
    updated_at_seen: datetime | None = None,
) -> Course:
    """Suspend the course's running approval; program staff may reinstate it.
    `updated_at_seen`: the course's `updated_at` the decider read (`require_unchanged`)."""
    return _stop(
        course, "suspend", actor=actor, reason=reason, today=today, updated_at_seen=updated_at_seen
    )


@transaction.atomic
def course_approval_revoke(
    *,
    course: Course,
    actor: User,
    reason: str,
    today: date | None = None,
    updated_at_seen: datetime | None = None,
) -> Course:
    """Revoke the course's approval (running or suspended): final; the provider may submit a
    new course. A page opened while the course was suspended does not revoke it once a
    colleague has reinstated it (`updated_at_seen`)."""
    return _stop(
        course, "revoke", actor=actor, reason=reason, today=today, updated_at_seen=updated_at_seen
    )


@transaction.atomic
def course_approval_reinstate(
    *, course: Course, actor: User, reason: str, updated_at_seen: datetime | None = None
) -> Course:
    """Reinstate a suspended approval: it runs to its own last day again (completions dated
    while it was suspended count again), and the course is back in the catalog if that day has
    not passed."""
    course = _reinstate(course, actor=actor, reason=reason, updated_at_seen=updated_at_seen)
    _tell_candidates_back({c: [course] for c in _candidates_who_chose(course)}, reason=reason)
    return course


def _tell_candidates_back(back: dict[User, list[Course]], *, reason: str) -> None:
    """One notice a candidate, naming every course of their plan that is back (a provider's
    reinstatement may bring back several), as the stop notice went to them."""
    for candidate, courses in back.items():
        notify(
            recipient=candidate,
            event=BACK_EVENT,
            context={
                "program": courses[0].program,
                "courses": [
                    {
                        "title": c.title,
                        "provider_name": c.provider.name,
                        "set_name": c.competency_set.name,
                        "expires_on": c.approval_expires_on,
                    }
                    for c in courses
                ],
                "reason": reason,
            },
            link=reverse("progress:plan"),
        )


# A renewal under review or returned when the approval was suspended goes on where it was.
_BACK_TO: dict[str, str] = {
    Course.Status.SUBMITTED: "reinstate_review",
    Course.Status.RETURNED: "reinstate_returned",
}


def _reinstate_move(course: Course) -> str:
    """The move back from a suspension: to the renewal's round the suspension interrupted (its
    evaluations and fee invoice as they were), else to approved."""
    suspended_from = (
        CourseTransition.objects.filter(course=course, to_status=Course.Status.SUSPENDED)
        .order_by("-created_at", "-id")
        .values_list("from_status", flat=True)
        .first()
    )
    return _BACK_TO.get(suspended_from or "", "reinstate")


def _reinstate(
    course: Course, *, actor: User, reason: str, updated_at_seen: datetime | None = None
) -> Course:
    course = _locked(course)
    move = _reinstate_move(course)
    require_unchanged(course, updated_at_seen, actor=actor, move=move, reason=reason)
    check(course, move, actor=actor, reason=reason)
    reason = _require_reason(reason)
    ends = max((a.expires_on for a in course.approvals.all()), default=None)
    course.approval_expires_on = ends
    course.approval_stopped_on = None
    transition(course, move, actor=actor, reason=reason)
    tell_provider(
        provider=course.provider,
        event=STOP_EVENT,
        context={
            "program": course.program,
            "course_title": course.title,
            "reinstated": True,
            "expires_on": ends,
            "reason": reason,
            "to_provider": True,
            # A renewal under review or returned when it was suspended goes on where it was,
            # with the same invoice (payable again).
            "renewal_back": course.get_status_display() if move != "reinstate" else "",
            "renewal_returned": move == "reinstate_returned",
            "fee_invoice": fee.code if (fee := renewal_fee(course)) else "",
        },
        link=course.get_provider_url(),
    )
    return course


# --- A provider's approval, and every course's with it --------------------------------------------


def _tell_provider_wide(provider: Provider, *, reason: str, **how: object) -> None:
    """The provider's own notice (it registers with the site, not one program: the site signs
    it), besides one per course whose approval stops with it."""
    tell_provider(
        provider=provider,
        event=STOP_EVENT,
        context={
            "program": None,
            "provider_wide": True,
            "to_provider": True,
            "provider_name": provider.name,
            "stopped_on": provider.approval_stopped_on,
            "reason": reason,
            **how,
        },
        link=provider.get_absolute_url(),
    )


def _stop_provider(
    provider: Provider, move: str, *, actor: User, reason: str, seen: datetime | None
) -> Provider:
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    require_unchanged(provider, seen, actor=actor, move=move, reason=reason)
    check(provider, move, actor=actor, reason=reason)  # its status, then its reason
    reason = _require_reason(reason)
    provider.approval_stopped_on = provider.approval_stopped_on or timezone.localdate()
    transition(provider, move, actor=actor, reason=reason, update_fields=STOP_FIELDS)
    first_reviews = (
        _end_first_reviews(provider, actor=actor, reason=reason) if move == "revoke" else []
    )
    _tell_provider_wide(
        provider, reason=reason, revoked=move == "revoke", first_reviews=first_reviews
    )
    running = [Course.Status.APPROVED, Course.Status.SUBMITTED, Course.Status.RETURNED]
    stoppable = [*running, Course.Status.SUSPENDED] if move == "revoke" else running
    courses = provider.courses.filter(status__in=stoppable, first_approved_on__isnull=False)
    for course in courses.select_related("program").order_by("id"):
        ends = course.approval_expires_on
        if course.approval_stopped_on or (ends and ends >= program_today(course.program)):
            _stop(course, move, actor=actor, reason=reason, today=None)
    if move == "suspend":
        _first_fees_on_hold(provider)
    return provider


def _end_first_reviews(provider: Provider, *, actor: User, reason: str) -> list[dict[str, object]]:
    """A revoked provider's courses under their first review (submitted or returned) will never
    be evaluated: each is revoked (the course workflow's own move, so audited), its unpaid fee
    voided and what was paid refunded. What became of each, for the provider's one notice."""
    pending = provider.courses.filter(
        status__in=[Course.Status.SUBMITTED, Course.Status.RETURNED],
        first_approved_on__isnull=True,
    )
    ended: list[dict[str, object]] = []
    for course in pending.order_by("id"):
        course = _locked(course)
        check(course, "revoke", actor=actor, reason=reason)
        transition(course, "revoke", actor=actor, reason=reason)
        fee = first_fee_on_provider_revoke(course, actor=actor)  # after the move, as `_stop`
        ended.append({"title": course.title, **(fee.context() if fee else {})})
    return ended


def provider_first_reviews_end(*, provider: Provider, actor: User, reason: str) -> list[str]:
    """End the courses under first review of a provider revoked before its revocation did so
    (`revocation_mend`): each is revoked by `actor` for `reason` (the revocation's), as
    `provider_approval_revoke` does now, and the provider is told once, naming each course
    and its fee, as ended after its revocation. Call it on the locked provider, in the
    caller's transaction; a course `actor` may not revoke now (they act for the provider, or
    wrote it) raises the workflow's `DomainError`. The titles of the courses ended."""
    ended = _end_first_reviews(provider, actor=actor, reason=reason)
    if ended:
        _tell_provider_wide(
            provider, reason=reason, revoked=True, first_reviews=ended, first_reviews_later=True
        )
    return [str(course["title"]) for course in ended]


def _first_fees_on_hold(provider: Provider) -> None:
    """No course fee is taken from a suspended provider (`courses.fees`), the fee of a first
    submission under review included (no approval of its stops): each open fee invoice's card
    checkouts are expired after commit, so a tab opened before cannot pay it."""
    invoices = Invoice.objects.filter(
        pk__in=provider.courses.values("fee_invoice_id"), status=Invoice.Status.OPEN
    ).order_by("id")
    for invoice in invoices:
        checkout_sessions_expire(invoice=invoice)


@transaction.atomic
def provider_approval_suspend(
    *, provider: Provider, actor: User, reason: str, updated_at_seen: datetime | None = None
) -> Provider:
    """Suspend a provider's approval: it submits nothing and its API keys stop, and every running
    course approval is suspended with it (each told as a course's own suspension).
    `updated_at_seen`: the provider's `updated_at` the decider read (`require_unchanged`)."""
    return _stop_provider(provider, "suspend", actor=actor, reason=reason, seen=updated_at_seen)


@transaction.atomic
def provider_approval_revoke(
    *, provider: Provider, actor: User, reason: str, updated_at_seen: datetime | None = None
) -> Provider:
    """Revoke a provider's approval, and every running or suspended course approval with it."""
    return _stop_provider(provider, "revoke", actor=actor, reason=reason, seen=updated_at_seen)


@transaction.atomic
def provider_approval_reinstate(
    *, provider: Provider, actor: User, reason: str, updated_at_seen: datetime | None = None
) -> Provider:
    """Reinstate a suspended provider, and the course approvals suspended with it (those that
    program staff suspended on their own earlier stay suspended)."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    require_unchanged(provider, updated_at_seen, actor=actor, move="reinstate", reason=reason)
    check(provider, "reinstate", actor=actor, reason=reason)
    reason = _require_reason(reason)
    since = provider.approval_stopped_on
    provider.approval_stopped_on = None
    transition(provider, "reinstate", actor=actor, reason=reason, update_fields=STOP_FIELDS)
    _tell_provider_wide(provider, reason=reason, reinstated=True)
    with_it = provider.courses.filter(status=Course.Status.SUSPENDED)
    if since is not None:
        with_it = with_it.filter(approval_stopped_on__gte=since - timedelta(days=1))
    back: dict[User, list[Course]] = {}
    for course in with_it.order_by("id"):
        course = _reinstate(course, actor=actor, reason=reason)
        for candidate in _candidates_who_chose(course):
            back.setdefault(candidate, []).append(course)
    _tell_candidates_back(back, reason=reason)
    return provider
