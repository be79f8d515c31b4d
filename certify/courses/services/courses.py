"""Courses: drafting, the competency map, submission (and its fee), evaluation and decisions."""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.core.workflow import check, transition
from certify.courses import periods
from certify.courses.models import (
    Course,
    CourseCompetency,
    Provider,
    ProviderApiKey,
)
from certify.courses.services.common import (
    audit_data,
    not_approved_words,
    require_acting_for,
    store_checked_file,
)
from certify.courses.services.renewal_fees import fee_on_withdraw
from certify.payments.api import (
    course_approval_invoice_create,
)
from certify.programs.api import program_today
from certify.programs.models import Competency, CompetencySet

# Fields that change what was approved: only while the course is a draft or returned.
CONTENT_FIELDS = (
    "competency_set",
    "title",
    "description",
    "format",
    "assessments",
    "instructors",
)
# The schedule and price: a provider may change them at any time (new cohorts, new fees).
SCHEDULE_FIELDS = ("self_paced", "start_date", "end_date", "cost_cents", "url")
# The fee invoice a resubmission keeps: awaiting payment or paid (not void or refunded).
LIVE_FEE = ("open", "paid")


class CourseIncompleteError(DomainError):
    """Submission refused; `problems` lists everything to fix, in the provider's words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def _day(d: date) -> str:
    return f"{d:%B %-d, %Y}"


def locked_course(course: Course) -> Course:
    # Lock the course row only: the fee invoice is an outer join, which PostgreSQL cannot lock.
    return (
        Course.objects.select_for_update(of=("self",))
        .select_related("provider", "program", "competency_set", "fee_invoice")
        .get(pk=course.pk)
    )


def _search_document(course: Course) -> str:
    parts = [
        course.title,
        course.description,
        course.provider.name,
        course.competency_set.name,
        course.competency_set.code,
        course.instructors,
    ]
    return "\n".join(p for p in parts if p)


def _check_schedule(course: Course) -> None:
    if not course.self_paced and course.start_date is None:
        raise DomainError(
            "Give the start date, or say that the course is self-paced.", field="start_date"
        )
    if course.start_date and course.end_date and course.end_date < course.start_date:
        raise DomainError(
            f"The course cannot end ({_day(course.end_date)}) before it starts "
            f"({_day(course.start_date)}).",
            field="end_date",
        )


def _require_set(new_set: CompetencySet | None, course: Course | None = None) -> CompetencySet:
    """The set chosen; once approved, a course stays one for its set (a returned renewal is
    edited while its approval runs: another set would count with nobody approving it there)."""
    if new_set is None:
        raise DomainError("Choose the competency set the course is for.", field="competency_set")
    if course and course.ever_approved and not new_set.is_same_set(course.competency_set):
        raise DomainError(
            f"“{course.title}” was approved for {course.competency_set.name}; it stays a course "
            "for that set. For another set, add a new course.",
            field="competency_set",
        )
    return new_set


@transaction.atomic
def course_create(
    *,
    provider: Provider,
    actor: User | None,
    api_key: ProviderApiKey | None = None,
    **fields: Any,
) -> Course:
    """A draft course for one competency set of a program."""
    require_acting_for(provider, actor=actor, api_key=api_key)
    unknown = set(fields) - set(CONTENT_FIELDS) - set(SCHEDULE_FIELDS)
    if unknown:
        raise DomainError(f"These fields cannot be set here: {', '.join(sorted(unknown))}.")
    competency_set = _require_set(fields.get("competency_set"))
    course = Course(provider=provider, program_id=competency_set.program_id, created_by=actor)
    for name, value in fields.items():
        setattr(course, name, value.strip() if isinstance(value, str) else value)
    _check_schedule(course)
    course.full_clean(exclude=["provider", "program", "created_by", "fee_invoice"])
    course.search_document = _search_document(course)
    course.save()
    audit_record(actor=actor, verb="course.created", target=course, data=audit_data(api_key))
    return course


@transaction.atomic
def course_update(
    *,
    course: Course,
    actor: User | None,
    api_key: ProviderApiKey | None = None,
    **fields: Any,
) -> Course:
    """Change a course. What was approved changes only in a draft or a returned course; the
    schedule and price may change at any time."""
    course = locked_course(course)
    require_acting_for(course.provider, actor=actor, api_key=api_key)
    unknown = set(fields) - set(CONTENT_FIELDS) - set(SCHEDULE_FIELDS)
    if unknown:
        raise DomainError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    if course.status == Course.Status.WITHDRAWN:
        raise DomainError("This course is withdrawn and can no longer be changed.")
    changed_content = [
        name for name in CONTENT_FIELDS if name in fields and getattr(course, name) != fields[name]
    ]
    if changed_content and not course.is_editable:
        raise DomainError(
            f"This course is “{course.get_status_display()}”: its content cannot change now. "
            "You can still change its dates, price and web address."
        )
    if "competency_set" in fields:
        course.program_id = _require_set(fields["competency_set"], course).program_id
    old_set_id = course.competency_set_id
    for name, value in fields.items():
        setattr(course, name, value.strip() if isinstance(value, str) else value)
    _check_schedule(course)
    course.full_clean(exclude=["provider", "program", "created_by", "fee_invoice"])
    course.search_document = _search_document(course)
    course.save()
    if course.competency_set_id != old_set_id:
        # The map belongs to the old set's competencies.
        course.mappings.exclude(competency__competency_set_id=course.competency_set_id).delete()
    if changed_content or any(n in fields for n in SCHEDULE_FIELDS):
        audit_record(
            actor=actor,
            verb="course.updated",
            target=course,
            data=audit_data(api_key, fields=sorted(fields)),
        )
    return course


def _require_editable(course: Course) -> None:
    if not course.is_editable:
        raise DomainError(
            f"This course is “{course.get_status_display()}”: its content cannot change now."
        )


@transaction.atomic
def course_map_save(
    *,
    course: Course,
    actor: User | None,
    competency: Competency,
    content: str,
    api_key: ProviderApiKey | None = None,
) -> CourseCompetency | None:
    """Say where the course covers one competency; empty text removes that line of the map."""
    course = locked_course(course)
    require_acting_for(course.provider, actor=actor, api_key=api_key)
    _require_editable(course)
    if competency.competency_set_id != course.competency_set_id:
        raise DomainError(
            f"{competency.code} is not a competency of {course.competency_set.name}.",
            field="competency",
        )
    content = content.strip()[:5000]
    if not content:
        course.mappings.filter(competency=competency).delete()
        return None
    mapping, _ = CourseCompetency.objects.update_or_create(
        course=course, competency=competency, defaults={"content": content}
    )
    return mapping


@transaction.atomic
def course_map_replace(
    *,
    course: Course,
    actor: User | None,
    mapping: dict[str, str],
    api_key: ProviderApiKey | None = None,
) -> list[CourseCompetency]:
    """The whole map at once, by competency code (the API's way)."""
    course = locked_course(course)
    require_acting_for(course.provider, actor=actor, api_key=api_key)
    _require_editable(course)
    competencies = {c.code.upper(): c for c in course.competency_set.competencies.all()}
    unknown = sorted(code for code in mapping if code.upper() not in competencies)
    if unknown:
        raise DomainError(
            f"Not competencies of {course.competency_set.name}: {', '.join(unknown)}.",
            field="mapping",
        )
    course.mappings.all().delete()
    rows = [
        CourseCompetency(course=course, competency=competencies[code.upper()], content=text[:5000])
        for code, text in mapping.items()
        if text.strip()
    ]
    return CourseCompetency.objects.bulk_create(rows)


def course_map_missing(*, course: Course) -> list[Competency]:
    """The competencies of the course's set that the map does not cover yet, in order."""
    covered = {m.competency_id for m in course.mappings.all() if m.content.strip()}
    return [c for c in course.competency_set.competencies.all() if c.pk not in covered]


@transaction.atomic
def course_syllabus_upload(
    *,
    course: Course,
    actor: User | None,
    upload: UploadedFile,
    api_key: ProviderApiKey | None = None,
) -> Course:
    course = locked_course(course)
    require_acting_for(course.provider, actor=actor, api_key=api_key)
    _require_editable(course)
    old = course.syllabus.name
    store_checked_file(instance=course, field="syllabus", upload=upload, error_field="syllabus")
    try:
        course.save()
    except Exception:
        course.syllabus.delete(save=False)
        raise
    if old:
        storage = course.syllabus.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_record(
        actor=actor, verb="course.syllabus_uploaded", target=course, data=audit_data(api_key)
    )
    return course


def _mover(actor: User | None, api_key: ProviderApiKey | None) -> User | ProviderApiKey | None:
    """Who makes a provider's move: the API key when the request came with one, else the person.
    The key's relation checks that it is active and acts for the course's provider."""
    return api_key if api_key is not None else actor


def _key_data(api_key: ProviderApiKey | None) -> dict[str, str]:
    # The engine records a mover that is not a person as "person"; say which key it was.
    return {"via": "api_key", "api_key": api_key.prefix} if api_key is not None else {}


def submission_problems(*, course: Course) -> list[str]:
    problems = []
    if not course.provider.is_approved:
        problems.append(not_approved_words(course.provider))
    if not course.syllabus:
        problems.append("Upload the syllabus.")
    if not course.assessments.strip():
        problems.append("Describe the assessments.")
    if not course.instructors.strip():
        problems.append("Name the instructors and their qualifications.")
    missing = course_map_missing(course=course)
    if missing:
        problems.append(
            f"Map the course content to every competency of {course.competency_set.name}; "
            f"{len(missing)} not covered yet: "
            + "; ".join(f"{c.code} {c.statement}" for c in missing)
        )
    return problems


def _billing_user(course: Course, actor: User | None, api_key: ProviderApiKey | None) -> User:
    user = actor or (api_key.created_by if api_key else None) or course.provider.registered_by
    if user is None:
        raise DomainError("Nobody at the provider can receive the invoice; add a colleague first.")
    return user


@transaction.atomic
def course_submit(
    *, course: Course, actor: User | None, api_key: ProviderApiKey | None = None
) -> Course:
    """Submit for approval or renewal: the map must cover every competency; the fee is invoiced.
    Who may submit is checked first, so someone who does not act for the provider learns
    nothing more."""
    course = locked_course(course)
    renewal = course.status == Course.Status.APPROVED
    mover, reason = _mover(actor, api_key), "Renewal of the approval." if renewal else ""
    try:
        check(course, "submit", actor=mover, reason=reason)
    except DomainError:
        # A course suspended with its provider, sent from a page read before: the provider's
        # people read why (the suspension), not the workflow's names of two statuses.
        if course.provider.is_approved or actor is None:
            raise
        require_acting_for(course.provider, actor=actor)
        raise DomainError(not_approved_words(course.provider)) from None
    if renewal and course.approval_expires_on:
        opens = periods.renewal_opens_on(course.approval_expires_on)
        if program_today(course.program) < opens:
            raise DomainError(
                f"The approval runs until {_day(course.approval_expires_on)}; renewal opens on "
                f"{_day(opens)}."
            )
    problems = submission_problems(course=course)
    if problems:
        raise CourseIncompleteError(problems)
    approvals = course.approvals.count()
    subject = f"course:{course.pk}" if approvals == 0 else f"course:{course.pk}:{approvals + 1}"
    invoice = course.fee_invoice
    # Sent back and submitted again, by whichever colleague: the same approval, the same fee.
    if invoice is None or invoice.subject != subject or invoice.status not in LIVE_FEE:
        invoice = course_approval_invoice_create(
            provider=_billing_user(course, actor, api_key),
            program=course.program,
            course_title=course.title,
            actor=actor,
            subject=subject,
        )
    course.fee_invoice = invoice
    course.review_round += 1
    course.submitted_at = timezone.now()
    transition(course, "submit", actor=mover, reason=reason, data=_key_data(api_key))
    return course


@transaction.atomic
def course_withdraw(
    *, course: Course, actor: User | None, api_key: ProviderApiKey | None = None, reason: str = ""
) -> Course:
    course = locked_course(course)
    transition(
        course, "withdraw", actor=_mover(actor, api_key), reason=reason, data=_key_data(api_key)
    )
    fee_on_withdraw(course)  # nothing more owed; money paid is for staff, who are told
    return course


def fee_voided_on_withdraw(course: Course) -> bool:
    """Nobody owes the fee of a course they withdrew: an unpaid fee invoice is voided (with its
    credit note); money already paid stays for program staff, who are told (`fee_on_withdraw`)."""
    invoice = course.fee_invoice
    return invoice is not None and invoice.status == "open" and invoice.net_paid_cents == 0
