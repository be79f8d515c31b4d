"""Realistic data at scale for the benchmark (`manage.py generate_load_data`).

For N candidates (LSSCP): applications in every status, 6 planned sets per enrolled candidate
(3 core + 3 electives) with routes and progress, portfolios with a response per competency and
about 10 evidence items per candidate (files point at a few shared small files), submissions,
two reviews each with ratings, invoices with their lines and payments, course completions,
N/5 certificates with status-list indexes, N/20 courses from N/200 providers, notifications and
audit events. Everything goes through the real tables (bulk inserts, ids assigned here), so the
application reads it exactly as it reads its own writes. Same seed, same data.

Not generated: signed credentials of the generated certificates (signing 20,000 would take
minutes; the bench's bulk job signs 1,000 for real), scholarships, appeals, sessions.
"""

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone

from certify.accounts.models import Role, RoleAssignment, User
from certify.applications.models import Application, ApplicationTransition, ExperienceEntry
from certify.certificates import dates
from certify.certificates.models import (
    Certificate,
    CertificateCounter,
    CertificateTransition,
    StatusList,
)
from certify.core.models import AuditEvent
from certify.core.storage import private_storage
from certify.courses.models import (
    Course,
    CourseApproval,
    CourseCompetency,
    CourseCompletion,
    Provider,
    ProviderMembership,
)
from certify.loaddata.writer import BulkWriter, Row
from certify.memberships.models import Membership, Organisation
from certify.notifications.models import Notification
from certify.payments.models import Invoice, InvoiceCounter, InvoiceLine, Payment
from certify.portfolios.models import (
    CompetencyRating,
    EvidenceItem,
    Portfolio,
    Response,
    ReviewAssignment,
    ReviewerProfile,
    Submission,
)
from certify.programs.models import Competency, CompetencySet, Program
from certify.progress.models import PlannedSet

# Every generated person's address ends with this: how the command recognises earlier load data.
EMAIL_DOMAIN = "load.example.org"
PASSWORD = "certify-load-2026"  # noqa: S105 - the documented password of generated accounts
SAMPLE_FILES = [
    ("evidence/load/sample-1.pdf", "application/pdf", ".pdf", b"%PDF-1.4\n% sample evidence\n"),
    ("evidence/load/sample-2.png", "image/png", ".png", b"\x89PNG\r\n\x1a\n sample evidence"),
    ("evidence/load/sample-3.txt", "text/plain", ".txt", b"Sample evidence: a lesson plan.\n"),
]

# Application statuses and their shares; the rest are accepted (enrolled).
STATUS_SHARES = [
    (Application.Status.DRAFT, 0.010),
    (Application.Status.SUBMITTED, 0.015),
    (Application.Status.MORE_INFO, 0.005),
    (Application.Status.REJECTED, 0.015),
    (Application.Status.WITHDRAWN, 0.005),
]
CERTIFIED_SHARE = 0.2  # of all candidates: N/5 certificates
EVIDENCE_PER_CANDIDATE = 10
FIRST = "Ana Ben Chen Dara Eli Femi Gita Hana Ivan Jo Kai Lena Mo Nia Omar Pia Quinn Rosa Sam Tara"
LAST = "Alvarez Brown Cohen Diaz Evans Fischer García Haddad Ito Jones Kim López Müller Nguyen"
SCRIPTS = ["Zoë Ødegård", "Łukasz Żak", "王 芳", "Сергей Иванов", "محمد علي", "Nguyễn Văn An"]


GENERATED_MODELS: list[type] = [
    User,
    EmailAddress,
    RoleAssignment,
    ReviewerProfile,
    ReviewerProfile.expertise.through,
    Provider,
    ProviderMembership,
    Course,
    CourseApproval,
    CourseCompetency,
    Application,
    ExperienceEntry,
    ApplicationTransition,
    Membership,
    Invoice,
    InvoiceLine,
    Payment,
    AuditEvent,
    PlannedSet,
    CourseCompletion,
    Portfolio,
    Response,
    EvidenceItem,
    Submission,
    ReviewAssignment,
    CompetencyRating,
    Certificate,
    CertificateTransition,
    Notification,
]


@dataclass
class Scale:
    candidates: int
    staff: int
    reviewers: int
    providers: int
    courses: int
    certificates: int

    @classmethod
    def for_candidates(cls, n: int) -> "Scale":
        return cls(
            candidates=n,
            staff=max(2, n // 5000),
            reviewers=max(4, n // 500),
            providers=max(2, n // 200),
            courses=max(10, n // 20),
            certificates=round(n * CERTIFIED_SHARE),
        )


@dataclass
class Ids:
    """The next free id of each model, handed out as rows are made."""

    writer: BulkWriter
    next: dict[type, int] = field(default_factory=dict)

    def prime(self, models: list[type]) -> None:
        # Read every first free id up front: no query may run while a COPY is open.
        for model in models:
            self.next[model] = self.writer.next_id(model)

    def take(self, model: type) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


@dataclass
class Enrolled:
    application_id: int
    candidate_id: int
    enrolled_on: date
    certified: bool
    planned: list[tuple[int, CompetencySet, str, str]] = field(default_factory=list)


class Generator:
    def __init__(
        self,
        *,
        program: Program,
        scale: Scale,
        seed: int = 2026,
        on_rows: Callable[[str, int], None] | None = None,
    ) -> None:
        self.program = program
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.writer = BulkWriter(now=self.now, on_rows=on_rows)
        self.ids = Ids(self.writer)
        self.sets = list(program.competency_sets.order_by("order"))
        self.core = [s for s in self.sets if s.kind == CompetencySet.Kind.CORE]
        self.electives = [s for s in self.sets if s.kind == CompetencySet.Kind.ELECTIVE]
        self.competencies: dict[int, list[Competency]] = {s.pk: [] for s in self.sets}
        for c in Competency.objects.filter(competency_set__program=program).order_by("order"):
            self.competencies[c.competency_set_id].append(c)
        self.password = make_password(PASSWORD)
        self.staff_ids: list[int] = []
        self.reviewer_ids: list[int] = []
        self.courses_by_set: dict[int, list[int]] = {s.pk: [] for s in self.sets}
        self.enrolled: list[Enrolled] = []
        self.members: set[int] = set()

    # --- helpers ------------------------------------------------------------------------------

    def _name(self, i: int) -> str:
        if i % 17 == 0:
            return self.rng.choice(SCRIPTS)
        return f"{self.rng.choice(FIRST.split())} {self.rng.choice(LAST.split())}"

    def _moment(self, day: date) -> datetime:
        return timezone.make_aware(
            datetime.combine(day, datetime.min.time()) + timedelta(minutes=self.rng.randrange(1440))
        )

    def _days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def write(self, model: type, rows: Iterator[Row] | list[Row]) -> int:
        return self.writer.write(model, rows)

    # --- people -------------------------------------------------------------------------------

    def _people(self, kind: str, count: int, roles: list[str]) -> list[int]:
        ids: list[int] = []
        users: list[Row] = []
        for i in range(count):
            pk = self.ids.take(User)
            ids.append(pk)
            users.append(
                {
                    "id": pk,
                    "email": f"{kind}{i:06d}@{EMAIL_DOMAIN}",
                    "full_name": self._name(i),
                    "password": self.password,
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                    "date_joined": self._moment(self._days_ago(30, 2000)),
                }
            )
        self.write(User, users)
        self.write(
            EmailAddress,
            (
                {"id": self.ids.take(EmailAddress), "user_id": u["id"], "email": u["email"]}
                | {"verified": True, "primary": True}
                for u in users
            ),
        )
        self.write(
            RoleAssignment,
            (
                {"id": self.ids.take(RoleAssignment), "user_id": pk, "role": role}
                for pk in ids
                for role in roles
            ),
        )
        return ids

    def people(self) -> list[int]:
        self.staff_ids = self._people("staff", self.scale.staff, [Role.PROGRAM_STAFF])
        self.reviewer_ids = self._people("reviewer", self.scale.reviewers, [Role.REVIEWER])
        profiles = []
        expertise = []
        through = ReviewerProfile.expertise.through
        for pk in self.reviewer_ids:
            profile_id = self.ids.take(ReviewerProfile)
            profiles.append(
                {
                    "id": profile_id,
                    "user_id": pk,
                    "capacity": self.rng.choice([5, 10, 20]),
                    "employer": f"{self.rng.choice(LAST.split())} Public Library",
                    "active": True,
                }
            )
            for s in self.rng.sample(self.sets, 4):
                expertise.append(
                    {
                        "id": self.ids.take(through),
                        "reviewerprofile_id": profile_id,
                        "competencyset_id": s.pk,
                    }
                )
        self.write(ReviewerProfile, profiles)
        self.write(through, expertise)
        return self._people("candidate", self.scale.candidates, [Role.CANDIDATE])

    # --- courses ------------------------------------------------------------------------------

    def courses(self) -> None:
        provider_users = self._people("provider", self.scale.providers, [Role.PROVIDER])
        kinds = [k for k, _ in Provider.Kind.choices]
        providers: list[Row] = []
        for i, user_id in enumerate(provider_users):
            providers.append(
                {
                    "id": self.ids.take(Provider),
                    "name": f"{self.rng.choice(LAST.split())} {kinds[i % len(kinds)]} {i:04d}",
                    "kind": kinds[i % len(kinds)],
                    "contact_email": f"courses{i}@{EMAIL_DOMAIN}",
                    "description": "Courses for library support staff.",
                    "status": Provider.Status.APPROVED,
                    "registered_by_id": user_id,
                    "approved_at": self.now - timedelta(days=900),
                    "approved_by_id": self.staff_ids[0],
                }
            )
        self.write(Provider, providers)
        self.write(
            ProviderMembership,
            (
                {"id": self.ids.take(ProviderMembership), "provider_id": p["id"], "user_id": u}
                for p, u in zip(providers, provider_users, strict=True)
            ),
        )
        topics = ["foundations", "practice", "service", "technology", "communities", "skills"]
        courses: list[Row] = []
        approvals: list[Row] = []
        mappings: list[Row] = []
        formats = [f for f, _ in Course.Format.choices]
        for i in range(self.scale.courses):
            provider = providers[i % len(providers)]
            cset = self.sets[i % len(self.sets)]
            pk = self.ids.take(Course)
            title = f"{cset.name}: {self.rng.choice(topics)} ({i:05d})"
            roll = self.rng.random()
            status = (
                Course.Status.APPROVED
                if roll < 0.9
                else self.rng.choice(
                    [Course.Status.DRAFT, Course.Status.SUBMITTED, Course.Status.RETURNED]
                )
            )
            self_paced = self.rng.random() < 0.3
            start = None if self_paced else self.today + timedelta(days=self.rng.randint(-60, 300))
            description = f"A course on {cset.name.lower()} for library support staff."
            instructors = f"{self._name(i)}, MLIS"
            row: Row = {
                "id": pk,
                "provider_id": provider["id"],
                "program_id": self.program.pk,
                "competency_set_id": cset.pk,
                "title": title,
                "description": description,
                "format": formats[i % len(formats)],
                "self_paced": self_paced,
                "start_date": start,
                "end_date": start + timedelta(days=70) if start else None,
                "cost_cents": self.rng.choice([0, 9900, 19900, 45000]),
                "assessments": "Weekly assignments and a final project.",
                "instructors": instructors,
                "status": status,
                "review_round": 1 if status != Course.Status.DRAFT else 0,
                "search_document": "\n".join(
                    [title, description, provider["name"], cset.name, cset.code, instructors]
                ),
                "created_by_id": provider["registered_by_id"],
                "submitted_at": None if status == Course.Status.DRAFT else self.now,
            }
            if status == Course.Status.APPROVED:
                first = self._days_ago(30, 1800)
                expires = first + timedelta(days=4 * 365 - 1)
                row |= {"first_approved_on": first, "approval_expires_on": expires}
                approvals.append(
                    {
                        "id": self.ids.take(CourseApproval),
                        "course_id": pk,
                        "number": 1,
                        "starts_on": first,
                        "expires_on": expires,
                        "approved_by_id": self.staff_ids[0],
                    }
                )
                if expires >= self.today:
                    self.courses_by_set[cset.pk].append(pk)
            courses.append(row)
            for c in self.competencies[cset.pk]:
                mappings.append(
                    {
                        "id": self.ids.take(CourseCompetency),
                        "course_id": pk,
                        "competency_id": c.pk,
                        "content": f"Unit {c.order + 1}",
                    }
                )
        self.write(Course, courses)
        self.write(CourseApproval, approvals)
        self.write(CourseCompetency, mappings)

    # --- applications, invoices -----------------------------------------------------------------

    def applications(self, candidate_ids: list[int]) -> None:
        statuses: list[str] = []
        for share_status, share in STATUS_SHARES:
            statuses += [share_status] * round(share * len(candidate_ids))
        statuses += [Application.Status.ACCEPTED] * (len(candidate_ids) - len(statuses))
        self.rng.shuffle(statuses)
        accepted = [i for i, s in enumerate(statuses) if s == Application.Status.ACCEPTED]
        certified = set(self.rng.sample(accepted, min(self.scale.certificates, len(accepted))))
        ala = Organisation.objects.filter(code=self.program.member_organisation).first()
        apps, experience, transitions, invoices, lines, payments, audit, memberships = (
            [] for _ in range(8)
        )
        invoice_number = (
            InvoiceCounter.objects.filter(program=self.program)
            .values_list("last_number", flat=True)
            .first()
            or 0
        )
        prefix = "".join(ch for ch in self.program.short_name.upper() if ch.isalnum())
        for i, (candidate_id, status) in enumerate(zip(candidate_ids, statuses, strict=True)):
            pk = self.ids.take(Application)
            is_certified = i in certified
            enrolled_on = self._days_ago(200, 2900) if is_certified else self._days_ago(20, 1400)
            submitted_on = enrolled_on - timedelta(days=self.rng.randint(5, 40))
            row: Row = {
                "id": pk,
                "candidate_id": candidate_id,
                "program_id": self.program.pk,
                "status": status,
                "education_level": Application.Education.DIPLOMA,
                "education_country": "US" if i % 40 else "CA",
                "attested": status != Application.Status.DRAFT,
                "created_at": self._moment(submitted_on - timedelta(days=3)),
                "updated_at": self.now,
                "flags": [] if i % 40 else ["education_outside_us"],
            }
            if status != Application.Status.DRAFT:
                submitted_at = self._moment(submitted_on)
                row |= {
                    "submitted_at": submitted_at,
                    "eligible_hours": Decimal(
                        self.program.experience_hours_required + self.rng.randrange(3000)
                    ),
                    "window_start": submitted_on
                    - timedelta(days=self.program.experience_window_years * 365),
                    "window_end": submitted_on,
                }
                transitions.append((pk, "draft", "submitted", candidate_id, submitted_at, ""))
            if status in (Application.Status.ACCEPTED, Application.Status.REJECTED):
                decided_at = self._moment(enrolled_on)
                staff_id = self.rng.choice(self.staff_ids)
                reason = "" if status == Application.Status.ACCEPTED else "Not enough hours."
                row |= {"decided_at": decided_at, "decided_by_id": staff_id}
                row |= {"decision_reason": reason}
                transitions.append((pk, "submitted", status, staff_id, decided_at, reason))
                audit.append(
                    {
                        "id": self.ids.take(AuditEvent),
                        "created_at": decided_at,
                        "actor_id": staff_id,
                        "verb": f"application.{status}",
                        "target_type": "applications.application",
                        "target_id": str(pk),
                        "target_repr": f"Application {pk}",
                        "reason": reason,
                    }
                )
            if status == Application.Status.ACCEPTED:
                row |= {
                    "enrolled_on": enrolled_on,
                    "completion_deadline": enrolled_on.replace(year=enrolled_on.year + 4)
                    if not (enrolled_on.month == 2 and enrolled_on.day == 29)
                    else date(enrolled_on.year + 4, 2, 28),
                }
                self.enrolled.append(Enrolled(pk, candidate_id, enrolled_on, is_certified))
            apps.append(row)
            for _ in range(1 + (i % 3 == 0)):
                experience.append(
                    {
                        "id": self.ids.take(ExperienceEntry),
                        "application_id": pk,
                        "library_name": f"{self.rng.choice(LAST.split())} County Library",
                        "library_type": ExperienceEntry.LibraryType.PUBLIC,
                        "role": "Library assistant",
                        "start_date": submitted_on - timedelta(days=self.rng.randint(900, 3000)),
                        "hours_per_week": Decimal(self.rng.choice([20, 30, 40])),
                    }
                )
            member = ala is not None and i % 3 == 0
            if member and ala is not None:
                self.members.add(candidate_id)
                memberships.append(
                    {
                        "id": self.ids.take(Membership),
                        "user_id": candidate_id,
                        "organisation_id": ala.pk,
                        "member_number": f"M{candidate_id:08d}",
                        "expires_on": self.today + timedelta(days=self.rng.randint(-100, 700)),
                        "status": Membership.Status.CONFIRMED,
                        "confirmed_at": self.now,
                    }
                )
            if status in (Application.Status.DRAFT, Application.Status.WITHDRAWN):
                continue
            invoice_number += 1
            invoice_id = self.ids.take(Invoice)
            fee = self.program.enrollment_fee_cents
            total = self.program.member_fee_cents if member else fee
            refunded = status == Application.Status.REJECTED
            invoices.append(
                {
                    "id": invoice_id,
                    "program_id": self.program.pk,
                    "number": invoice_number,
                    "code": f"{prefix}-{invoice_number:06d}",
                    "user_id": candidate_id,
                    "kind": Invoice.Kind.ENROLLMENT,
                    "status": Invoice.Status.REFUNDED if refunded else Invoice.Status.PAID,
                    "currency": self.program.currency,
                    "bill_to_name": f"Candidate {candidate_id}",
                    "bill_to_email": f"candidate{i:06d}@{EMAIL_DOMAIN}",
                    "issued_on": submitted_on,
                    "due_on": submitted_on + timedelta(days=30),
                    "total_cents": total,
                    "paid_cents": total,
                    "refunded_cents": total if refunded else 0,
                    "settled_at": self._moment(submitted_on),
                }
            )
            lines.append((invoice_id, InvoiceLine.Kind.ENROLLMENT_FEE, "Enrollment fee", fee))
            if member:
                lines.append(
                    (invoice_id, InvoiceLine.Kind.MEMBER_DISCOUNT, "Member price", total - fee)
                )
            payments.append(
                {
                    "id": self.ids.take(Payment),
                    "invoice_id": invoice_id,
                    "amount_cents": total,
                    "method": Payment.Method.CARD if i % 4 else Payment.Method.CHEQUE,
                    "reference": f"ref-{invoice_id}",
                    "received_on": submitted_on,
                    "refunded_cents": total if refunded else 0,
                }
            )
        self.write(Application, apps)
        self.write(ExperienceEntry, experience)
        self.write(
            ApplicationTransition,
            (
                {
                    "id": self.ids.take(ApplicationTransition),
                    "application_id": a,
                    "from_status": f,
                    "to_status": t,
                    "actor_id": actor,
                    "created_at": at,
                    "reason": r,
                }
                for a, f, t, actor, at, r in transitions
            ),
        )
        self.write(Membership, memberships)
        self.write(Invoice, invoices)
        self.write(
            InvoiceLine,
            (
                {
                    "id": self.ids.take(InvoiceLine),
                    "invoice_id": inv,
                    "kind": kind,
                    "description": text,
                    "amount_cents": cents,
                }
                for inv, kind, text, cents in lines
            ),
        )
        self.write(Payment, payments)
        self.write(AuditEvent, audit)
        counter = InvoiceCounter.objects.filter(program=self.program).first()
        if counter is None:
            InvoiceCounter.objects.create(program=self.program, last_number=invoice_number)
        else:
            counter.last_number = invoice_number
            counter.save(update_fields=["last_number"])

    # --- plans, portfolios, reviews, completions ---------------------------------------------

    def plans(self) -> None:
        planned: list[Row] = []
        completions: list[Row] = []
        routes = [
            (PlannedSet.Route.COURSE, 0.7),
            (PlannedSet.Route.PORTFOLIO, 0.22),
            (PlannedSet.Route.PROGRAMME, 0.08),
        ]
        for e in self.enrolled:
            sets = self.core + self.rng.sample(self.electives, self.program.electives_required)
            for cset in sets:
                pk = self.ids.take(PlannedSet)
                if e.certified:
                    status = PlannedSet.Status.SATISFIED
                else:
                    roll = self.rng.random()
                    status = (
                        PlannedSet.Status.SATISFIED
                        if roll < 0.35
                        else PlannedSet.Status.IN_PROGRESS
                        if roll < 0.65
                        else PlannedSet.Status.NOT_STARTED
                    )
                route = self.rng.choices([r for r, _ in routes], [w for _, w in routes])[0]
                if status == PlannedSet.Status.NOT_STARTED and self.rng.random() < 0.3:
                    route = PlannedSet.Route.UNDECIDED
                if route == PlannedSet.Route.COURSE and not self.courses_by_set[cset.pk]:
                    route = PlannedSet.Route.PORTFOLIO
                satisfied_at = None
                if status == PlannedSet.Status.SATISFIED:
                    satisfied_at = self._moment(
                        e.enrolled_on + timedelta(days=self.rng.randint(30, 180))
                    )
                planned.append(
                    {
                        "id": pk,
                        "application_id": e.application_id,
                        "competency_set_id": cset.pk,
                        "route": route,
                        "status": status,
                        "satisfied_at": satisfied_at,
                        "evidence": "Generated load data" if satisfied_at else "",
                        "created_at": self._moment(e.enrolled_on),
                    }
                )
                e.planned.append((pk, cset, route, status))
                if route == PlannedSet.Route.COURSE and status != PlannedSet.Status.NOT_STARTED:
                    done = status == PlannedSet.Status.SATISFIED
                    completions.append(
                        {
                            "id": self.ids.take(CourseCompletion),
                            "course_id": self.rng.choice(self.courses_by_set[cset.pk]),
                            "application_id": e.application_id,
                            "candidate_id": e.candidate_id,
                            "completed_on": e.enrolled_on + timedelta(days=20),
                            "status": CourseCompletion.Status.CONFIRMED
                            if done
                            else CourseCompletion.Status.PENDING,
                            "source": CourseCompletion.Source.PROVIDER_CSV,
                            "applied_at": satisfied_at,
                        }
                    )
        self.write(PlannedSet, planned)
        self.write(CourseCompletion, completions)

    def portfolios(self) -> None:
        chosen = [
            (e, pk, cset, status)
            for e in self.enrolled
            for pk, cset, route, status in e.planned
            if route == PlannedSet.Route.PORTFOLIO and status != PlannedSet.Status.NOT_STARTED
        ]
        response_total = sum(len(self.competencies[cset.pk]) for _, _, cset, _ in chosen)
        per_response = EVIDENCE_PER_CANDIDATE * self.scale.candidates / max(response_total, 1)
        whole, fraction = int(per_response), per_response - int(per_response)
        for path, _, _, content in SAMPLE_FILES:
            if not private_storage().exists(path):
                private_storage().save(path, ContentFile(content))
        portfolios: list[Row] = []
        submissions: list[Row] = []
        assignments: list[Row] = []
        ratings: list[Row] = []
        in_review = [
            Portfolio.Status.SUBMITTED,
            Portfolio.Status.MORE_EVIDENCE,
            Portfolio.Status.FAILED,
            Portfolio.Status.DRAFT,
        ]

        def responses_and_evidence() -> Iterator[tuple[Row, list[Row]]]:
            for portfolio_id, cset in pending:
                for c in self.competencies[cset.pk]:
                    response_id = self.ids.take(Response)
                    items = []
                    for _ in range(whole + (self.rng.random() < fraction)):
                        kind = self.rng.choices(["file", "link", "attestation"], [6, 3, 1])[0]
                        item: Row = {
                            "id": self.ids.take(EvidenceItem),
                            "response_id": response_id,
                            "kind": kind,
                            "title": f"Evidence for {c.code}",
                        }
                        if kind == "file":
                            path, ctype, ext, content = self.rng.choice(SAMPLE_FILES)
                            item |= {
                                "file": path,
                                "original_name": f"evidence{ext}",
                                "content_type": ctype,
                                "extension": ext,
                                "size": len(content),
                            }
                        elif kind == "link":
                            item["url"] = "https://library.example.org/work"
                        else:
                            item |= {
                                "attester_name": "A. Supervisor",
                                "attester_email": f"supervisor@{EMAIL_DOMAIN}",
                                "attestation_status": "given",
                                "attestation_text": "I confirm this work.",
                                "attested_at": self.now,
                            }
                        items.append(item)
                    yield (
                        {
                            "id": response_id,
                            "portfolio_id": portfolio_id,
                            "competency_id": c.pk,
                            "narrative": f"<p>How I show {c.code} in my daily work.</p>",
                        },
                        items,
                    )

        pending: list[tuple[int, CompetencySet]] = []
        reviewer_count = len(self.reviewer_ids)
        for n, (e, planned_id, cset, set_status) in enumerate(chosen):
            pk = self.ids.take(Portfolio)
            if set_status == PlannedSet.Status.SATISFIED:
                status = Portfolio.Status.PASSED
            else:
                status = self.rng.choices(in_review, [3, 1, 1, 5])[0]
            attempt = 2 if status == Portfolio.Status.MORE_EVIDENCE else 1
            portfolios.append(
                {
                    "id": pk,
                    "planned_set_id": planned_id,
                    "status": status,
                    "learning_statement": "What I learned while putting this together.",
                    "attempt": attempt,
                }
            )
            pending.append((pk, cset))
            if status == Portfolio.Status.DRAFT:
                continue
            submitted_on = e.enrolled_on + timedelta(days=self.rng.randint(20, 150))
            open_review = status == Portfolio.Status.SUBMITTED
            outcome = {"passed": "met", "failed": "not_met", "more_evidence": "more"}.get(
                status, ""
            )
            submission_id = self.ids.take(Submission)
            submissions.append(
                {
                    "id": submission_id,
                    "portfolio_id": pk,
                    "number": 1,
                    "submitted_at": self._moment(submitted_on),
                    "snapshot": {"learning_statement": "", "responses": []},
                    "blind": True,
                    "outcome": outcome,
                    "decided_at": None if open_review else self._moment(submitted_on),
                }
            )
            for k in range(2):
                reviewer_id = self.reviewer_ids[(n * 2 + k) % reviewer_count]
                assignment_id = self.ids.take(ReviewAssignment)
                assigned_at = self._moment(submitted_on)
                assignments.append(
                    {
                        "id": assignment_id,
                        "submission_id": submission_id,
                        "reviewer_id": reviewer_id,
                        "status": "assigned" if open_review else "completed",
                        "assigned_at": assigned_at,
                        "due_on": submitted_on + timedelta(days=21),
                        "completed_at": None
                        if open_review
                        else assigned_at + timedelta(days=self.rng.randint(3, 25)),
                        "verdict": ""
                        if open_review
                        else ("met" if outcome == "met" else "not_met"),
                    }
                )
                rated = self.competencies[cset.pk]
                if open_review:
                    rated = rated[: self.rng.randrange(len(rated) + 1)]
                for c in rated:
                    ratings.append(
                        {
                            "id": self.ids.take(CompetencyRating),
                            "assignment_id": assignment_id,
                            "competency_id": c.pk,
                            "rating": "met",
                        }
                    )
        self.write(Portfolio, portfolios)
        evidence: list[Row] = []

        def responses() -> Iterator[Row]:
            for response, items in responses_and_evidence():
                evidence.extend(items)
                yield response

        self.write(Response, responses())
        self.write(EvidenceItem, evidence)
        self.write(Submission, submissions)
        self.write(ReviewAssignment, assignments)
        self.write(CompetencyRating, ratings)

    # --- certificates -------------------------------------------------------------------------

    def certificates(self) -> None:
        holders = [e for e in self.enrolled if e.certified]
        series = (
            StatusList.objects.order_by("-series").values_list("series", flat=True).first()
        ) or 0
        series += 1
        length = StatusList._meta.get_field("length").get_default()
        indexes = self.rng.sample(range(length), min(len(holders), length // 2))
        revoked, suspended = bytearray(length // 8), bytearray(length // 8)
        counters: dict[int, int] = dict(
            CertificateCounter.objects.filter(program=self.program).values_list(
                "year", "last_number"
            )
        )
        prefix = "".join(ch for ch in self.program.short_name.upper() if ch.isalnum())
        certificates: list[Row] = []
        transitions: list[Row] = []
        names = dict(
            User.objects.filter(email__endswith=EMAIL_DOMAIN).values_list("id", "full_name")
        )
        completed = [s.name for s in self.core]
        for e, index in zip(holders, indexes, strict=False):
            issued_on = max(
                e.enrolled_on + timedelta(days=self.rng.randint(150, 400)),
                e.enrolled_on + timedelta(days=1),
            )
            issued_on = min(issued_on, self.today)
            counters[issued_on.year] = counters.get(issued_on.year, 0) + 1
            roll = self.rng.random()
            status = (
                Certificate.Status.REVOKED
                if roll < 0.01
                else Certificate.Status.SUSPENDED
                if roll < 0.02
                else Certificate.Status.VALID
            )
            if status == Certificate.Status.REVOKED:
                revoked[index // 8] |= 0x80 >> (index % 8)
            elif status == Certificate.Status.SUSPENDED:
                suspended[index // 8] |= 0x80 >> (index % 8)
            pk = self.ids.take(Certificate)
            issued_at = self._moment(issued_on)
            certificates.append(
                {
                    "id": pk,
                    "application_id": e.application_id,
                    "holder_id": e.candidate_id,
                    "program_id": self.program.pk,
                    "number": f"{prefix}-{issued_on.year}-{counters[issued_on.year]:06d}",
                    "holder_name": names.get(e.candidate_id, ""),
                    "status": status,
                    "issued_on": issued_on,
                    "expires_on": dates.expiry_date(
                        issued_on=issued_on,
                        validity_years=self.program.certificate_validity_years,
                    ),
                    "issued_at": issued_at,
                    "completed_sets": completed
                    + [s.name for _, s, _, _ in e.planned[len(self.core) :]],
                    "status_list_series": series,
                    "status_list_index": index,
                }
            )
            transitions.append(
                {
                    "id": self.ids.take(CertificateTransition),
                    "certificate_id": pk,
                    "from_status": Certificate.Status.PENDING,
                    "to_status": Certificate.Status.VALID,
                    "created_at": issued_at,
                }
            )
        self.write(Certificate, certificates)
        self.write(CertificateTransition, transitions)
        for purpose, bits in (
            (StatusList.Purpose.REVOCATION, revoked),
            (StatusList.Purpose.SUSPENSION, suspended),
        ):
            StatusList.objects.create(
                purpose=purpose, series=series, length=length, bits=bytes(bits)
            )
        for year, last in counters.items():
            CertificateCounter.objects.update_or_create(
                program=self.program, year=year, defaults={"last_number": last}
            )

    # --- notifications ------------------------------------------------------------------------

    def notifications(self, candidate_ids: list[int]) -> None:
        events = [
            ("application.submitted", "We received your application"),
            ("application.accepted", "Your application is accepted"),
            ("portfolio.reviewed", "Your portfolio was reviewed"),
        ]

        def rows() -> Iterator[Row]:
            for pk in candidate_ids:
                for k, (event, title) in enumerate(events):
                    yield {
                        "id": self.ids.take(Notification),
                        "recipient_id": pk,
                        "event": event,
                        "title": title,
                        "body": "",
                        "link": "/plan/",
                        "created_at": self.now - timedelta(days=30 * (3 - k)),
                        "read_at": None if k == 2 else self.now,
                    }

        self.write(Notification, rows())

    # --- all ----------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.ids.prime(GENERATED_MODELS)
        candidate_ids = self.people()
        self.courses()
        self.applications(candidate_ids)
        self.plans()
        self.portfolios()
        self.certificates()
        self.notifications(candidate_ids)
        self.writer.reset_sequences()
        return {m._meta.label: n for m, n in self.writer.written.items()}


def estimated_rows(scale: Scale) -> int:
    """Rows written for a scale (for the progress bar): about 62 per candidate."""
    return scale.candidates * 62 + scale.courses * 13


def generated_exists() -> bool:
    return User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).exists()


def program_for(slug: str) -> Program:
    return Program.objects.get(slug=slug)


def summary(counts: dict[str, int]) -> dict[str, Any]:
    return dict(sorted(counts.items()))
