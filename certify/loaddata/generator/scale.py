"""How much is generated and how it is shaped: the scale, status shares, names, and the id
bookkeeping every table shares."""

from dataclasses import dataclass, field
from datetime import date

from allauth.account.models import EmailAddress

from certify.accounts.models import RoleAssignment, User
from certify.applications.models import Application, ApplicationTransition, ExperienceEntry
from certify.certificates.models import (
    Certificate,
    CertificateTransition,
)
from certify.core.models import AuditEvent
from certify.courses.models import (
    Course,
    CourseApproval,
    CourseCompetency,
    CourseCompletion,
    Provider,
    ProviderMembership,
)
from certify.loaddata.writer import BulkWriter
from certify.memberships.models import Membership
from certify.notifications.models import Notification
from certify.payments.models import Invoice, InvoiceLine, Payment
from certify.portfolios.models import (
    CompetencyRating,
    EvidenceItem,
    Portfolio,
    Response,
    ReviewAssignment,
    ReviewerProfile,
    Submission,
)
from certify.programs.models import CompetencySet
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
