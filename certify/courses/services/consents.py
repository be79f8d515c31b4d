"""Provider consent (ADR 0021): a candidate names a provider's course in their plan, or accepts
the provider's enrolment invitation, and may withdraw either. Only then may the provider
report the candidate's completion of a course for that set.

An invitation answers the provider the same way whether or not the address or number belongs to
an enrolled candidate: nothing a provider types tells it who is enrolled.
"""

from django.db import transaction
from django.utils import timezone

from certify.accounts.api import proven_owners_of
from certify.accounts.models import User
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import transition
from certify.courses.models import Course, Provider, ProviderConsent
from certify.courses.numbers import candidate_number_parse, program_prefix
from certify.courses.services.common import (
    audit_data,
    own_accepted_plan_locked,
    require_acting_for,
)
from certify.notifications.api import notify
from certify.progress.models import PlannedSet

INVITED_ANSWER = (
    "Invitation sent. If {who} belongs to an enrolled candidate, they see it on their plan; "
    "once they accept, you can report their completion."
)


@transaction.atomic
def course_name_in_plan(*, planned: PlannedSet, actor: User, course: Course) -> ProviderConsent:
    """The candidate names the course they take for a set: its provider may report their
    completion of it, and a report of that course is confirmed at once. A course named before
    for the same set is replaced (its consent withdrawn)."""
    planned = own_accepted_plan_locked(
        planned, actor=actor, not_yet="You name a course once your application is accepted."
    )
    application = planned.application
    if not course.competency_set.is_same_set(planned.competency_set) or not course.ever_approved:
        raise DomainError(
            f"“{course.title}” is not an approved course for {planned.competency_set.name}.",
            field="course",
        )
    earlier = ProviderConsent.objects.select_for_update(of=("self",)).filter(
        application=application,
        source=ProviderConsent.Source.PLAN,
        course__competency_set__program_id=planned.competency_set.program_id,
        course__competency_set__case_identifier=planned.competency_set.case_identifier,
        status=ProviderConsent.Status.ACCEPTED,
    )
    for consent in earlier:
        if consent.course_id == course.pk:
            return consent
        _decide(consent, "withdraw", actor)
    consent = ProviderConsent.objects.create(
        provider_id=course.provider_id,
        course=course,
        application=application,
        candidate=actor,
        source=ProviderConsent.Source.PLAN,
        status=ProviderConsent.Status.ACCEPTED,
        decided_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        verb="course.consent_given",
        target=consent,
        data={"course": course.pk, "provider": course.provider_id, "source": "plan"},
    )
    return consent


def _enrolled(course: Course, who: str) -> Application | None:
    accepted = Application.objects.filter(
        program_id=course.program_id, status=Application.Status.ACCEPTED
    ).select_related("candidate")
    parsed = candidate_number_parse(who)
    if parsed is not None:
        if parsed[0] != program_prefix(course.program.short_name):
            return None
        return accepted.filter(number_key=parsed[1]).first()
    # By an address the candidate confirmed, never one their account only shows (ADR 0025).
    return accepted.filter(candidate_id__in=proven_owners_of([who])).first()


@transaction.atomic
def consent_invite(*, provider: Provider, course: Course, actor: User, who: str) -> str:
    """The provider invites a candidate (by e-mail address or candidate number) to give consent
    for one of its approved courses. Returns the answer the provider sees, the same for every
    address or number."""
    require_acting_for(provider, actor=actor)
    who = who.strip()
    if not who:
        raise DomainError("Give the candidate's e-mail address or candidate number.", field="who")
    if "@" not in who and candidate_number_parse(who) is None:
        raise DomainError(
            f"“{who}” is neither an e-mail address nor a candidate number.", field="who"
        )
    if course.provider_id != provider.pk or not course.ever_approved:
        raise DomainError(f"“{course.title}” is not an approved course of {provider.name}.")
    application = _enrolled(course, who)
    live = ProviderConsent.objects.filter(
        course=course,
        status__in=[ProviderConsent.Status.INVITED, ProviderConsent.Status.ACCEPTED],
    )
    # A candidate's "no" (declined, or consent withdrawn) stands: the provider inviting again
    # would have Certify tell them again and again. They can still name the course in the plan.
    said_no = [ProviderConsent.Status.DECLINED, ProviderConsent.Status.WITHDRAWN]
    already = (
        live.filter(application=application).exists()
        or ProviderConsent.objects.filter(
            course=course, application=application, status__in=said_no
        ).exists()
        if application is not None
        else live.filter(application=None, invited_as__iexact=who).exists()
    )
    if not already:
        consent = ProviderConsent.objects.create(
            provider=provider,
            course=course,
            application=application,
            candidate=application.candidate if application else None,
            source=ProviderConsent.Source.INVITATION,
            invited_as=who[:254],
            invited_by=actor,
        )
        audit_record(
            actor=actor,
            verb="course.consent_invited",
            target=consent,
            data=audit_data(None, course=course.pk, matched=application is not None),
        )
        if application is not None:
            notify(
                recipient=application.candidate,
                event="course.invitation",
                context={
                    "program": course.program,
                    "provider_name": provider.name,
                    "course_title": course.title,
                    "set_name": course.competency_set.name,
                },
                link="/plan/providers/",
            )
    return INVITED_ANSWER.format(who=who)


def _decide(consent: ProviderConsent, move: str, actor: User) -> ProviderConsent:
    consent.decided_at = timezone.now()
    transition(consent, move, actor=actor, update_fields=["decided_at"])
    return consent


@transaction.atomic
def consent_decide(*, consent: ProviderConsent, actor: User, move: str) -> ProviderConsent:
    """The candidate accepts or declines an invitation, or withdraws a consent."""
    if move not in ("accept", "decline", "withdraw"):
        raise DomainError("Choose accept, decline or withdraw.")
    consent = row_lock(consent, "provider", "course")
    return _decide(consent, move, actor)
