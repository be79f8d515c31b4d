"""Recognised college programmes: staff record agreements; graduates claim the sets they cover."""

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from certify.accounts.api import require_role
from certify.accounts.models import Role, User
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import check, transition
from certify.courses import periods
from certify.courses.models import ProgrammeClaim, RecognisedProgramme
from certify.courses.services.common import store_checked_file
from certify.notifications.api import notify
from certify.programs.api import program_today
from certify.programs.models import CompetencySet, Program
from certify.progress.api import (
    deadline_require_open,
    planned_set_for,
    planned_set_satisfy,
    planned_set_start,
)
from certify.progress.models import PlannedSet


@transaction.atomic
def programme_create(
    *,
    program: Program,
    actor: User,
    college: str,
    name: str,
    competency_sets: list[CompetencySet],
    starts_on: date | None,
    ends_on: date | None = None,
    reference: str = "",
    notes: str = "",
) -> RecognisedProgramme:
    """Record a recognition agreement and the competency sets the programme covers."""
    require_role(actor, Role.PROGRAM_STAFF, to="record recognition agreements")
    # Values left out are refused here in the form's words, for both doors (ADR 0054).
    if not college.strip():
        raise DomainError("Give the college's name.", field="college")
    if not name.strip():
        raise DomainError("Give the program's name.", field="name")
    if not competency_sets:
        raise DomainError("Choose the competency sets the program covers.", field="sets")
    foreign = [s.name for s in competency_sets if s.program_id != program.pk]
    if foreign:
        raise DomainError(f"Not sets of {program.short_name}: {', '.join(foreign)}.", field="sets")
    if starts_on is None:  # left out (the API); the form says it in the same words
        raise DomainError("Enter the covers graduations from.", field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("The agreement cannot end before it starts.", field="ends_on")
    same = RecognisedProgramme.objects.filter(
        program=program,
        college__iexact=college.strip(),
        name__iexact=name.strip(),
        starts_on=starts_on,
    )
    if same.exists():  # a form sent twice records one agreement, not two
        raise DomainError(
            f"{name.strip()}, {college.strip()} is already recognized from {starts_on:%B %-d, %Y}.",
            field="name",
        )
    programme = RecognisedProgramme(
        program=program,
        college=college.strip(),
        name=name.strip(),
        reference=reference.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes.strip(),
        created_by=actor,
    )
    programme.full_clean(exclude=["program", "created_by", "competency_sets"])
    programme.save()
    programme.competency_sets.set(competency_sets)
    audit_record(
        actor=actor,
        verb="programme.recognised",
        target=programme,
        data={"sets": sorted(s.code for s in competency_sets)},
    )
    return programme


def _problem(programme: RecognisedProgramme, graduated_on: date, claimed_on: date) -> str | None:
    return periods.graduation_problem(
        graduated_on=graduated_on,
        claimed_on=claimed_on,
        years=programme.program.recognised_programme_years,
        agreement_starts_on=programme.starts_on,
        agreement_ends_on=programme.ends_on,
    )


@transaction.atomic
def claim_submit(
    *,
    planned: PlannedSet,
    actor: User,
    programme: RecognisedProgramme,
    graduated_on: date | None,
    proof: UploadedFile | None,
    today: date | None = None,
) -> ProgrammeClaim:
    """A graduate uploads proof of graduating from a recognised programme; staff confirm it."""
    planned = (
        PlannedSet.objects.select_for_update(of=("self", "application"))
        .select_related("application__program", "competency_set")
        .get(pk=planned.pk)
    )
    application = planned.application
    today = today or program_today(application.program)
    if application.candidate_id != actor.pk:
        raise DomainError("This is not your plan.")
    if application.status != Application.Status.ACCEPTED:
        raise DomainError("Claims are made once your application is accepted.")
    deadline_require_open(application=application, today=today)
    if planned.route != PlannedSet.Route.PROGRAMME:
        raise DomainError("Choose the recognized-program route for this set first.")
    if planned.is_satisfied:
        raise DomainError(f"{planned.competency_set.name} is already complete.")
    if (
        programme.program_id != application.program_id
        or not programme.active
        or not programme.competency_sets.filter(
            case_identifier=planned.competency_set.case_identifier
        ).exists()
    ):
        raise DomainError(
            f"{programme} is not recognized for {planned.competency_set.name}.",
            field="programme",
        )
    if graduated_on is None:  # left out (the API); the form says it in the same words
        raise DomainError("Enter the graduation date.", field="graduated_on")
    problem = _problem(programme, graduated_on, today)
    if problem:
        raise DomainError(problem, field="graduated_on")
    existing = ProgrammeClaim.objects.filter(programme=programme, application=application).exclude(
        status=ProgrammeClaim.Status.REJECTED
    )
    if existing.exists():
        raise DomainError(
            f"You have already claimed {programme} ({existing[0].get_status_display().lower()}).",
            field="programme",
        )
    if proof is None:
        raise DomainError("Upload proof of graduation: a transcript or the diploma.", field="proof")
    claim = ProgrammeClaim(
        programme=programme,
        application=application,
        candidate=actor,
        graduated_on=graduated_on,
        submitted_on=today,
    )
    store_checked_file(instance=claim, field="proof", upload=proof, error_field="proof")
    try:
        claim.save()
    except Exception:
        claim.proof.delete(save=False)
        raise
    planned_set_start(planned=planned)
    audit_record(
        actor=actor,
        verb="programme.claimed",
        target=claim,
        data={"programme": programme.pk, "graduated_on": graduated_on.isoformat()},
    )
    return claim


def _locked(claim: ProgrammeClaim) -> ProgrammeClaim:
    return row_lock(claim, "programme__program", "application", "candidate")


def claim_apply(*, claim: ProgrammeClaim, actor: User | None) -> list[str]:
    """Satisfy every set the programme covers that is in the plan; the names of those done."""
    done = []
    for cset in claim.programme.competency_sets.all():
        planned = planned_set_for(application=claim.application, competency_set=cset)
        if planned is None or planned.is_satisfied:
            continue
        planned_set_satisfy(
            planned=planned,
            actor=actor,
            route=PlannedSet.Route.PROGRAMME,
            evidence=f"{claim.programme}, graduated {claim.graduated_on:%B %-d, %Y}",
        )
        done.append(cset.name)
    return done


@transaction.atomic
def claim_confirm(*, claim: ProgrammeClaim, actor: User) -> ProgrammeClaim:
    """Staff confirm the proof: the sets the programme covers are satisfied in the plan."""
    claim = _locked(claim)
    check(claim, "confirm", actor=actor)  # who may confirm comes first
    # Counted to the day the graduate claimed: waiting for staff never costs them.
    problem = _problem(claim.programme, claim.graduated_on, claim.submitted_on)
    if problem:
        raise DomainError(problem)
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    transition(claim, "confirm", actor=actor, update_fields=["decided_by", "decided_at"])
    sets = claim_apply(claim=claim, actor=actor)
    notify(
        recipient=claim.candidate,
        event="programme.decided",
        context={
            "program": claim.programme.program,
            "programme": str(claim.programme),
            "confirmed": True,
            "sets": sets,
        },
        link="/plan/",
    )
    return claim


@transaction.atomic
def claim_reject(*, claim: ProgrammeClaim, actor: User, reason: str) -> ProgrammeClaim:
    claim = _locked(claim)
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.decision_reason = reason.strip()
    transition(
        claim,
        "reject",
        actor=actor,
        reason=reason,
        update_fields=["decided_by", "decided_at", "decision_reason"],
    )
    notify(
        recipient=claim.candidate,
        event="programme.decided",
        context={
            "program": claim.programme.program,
            "programme": str(claim.programme),
            "confirmed": False,
            "reason": reason.strip(),
        },
        link="/plan/",
    )
    return claim
