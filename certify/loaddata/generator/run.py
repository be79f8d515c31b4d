"""The whole generator: every table in order, and the helpers the command uses."""

from typing import Any

from certify.accounts.models import User
from certify.loaddata.generator.applications import ApplicationRows
from certify.loaddata.generator.certificates import CertificateRows
from certify.loaddata.generator.courses import CourseRows
from certify.loaddata.generator.notifications import NotificationRows
from certify.loaddata.generator.portfolios import PortfolioRows
from certify.loaddata.generator.scale import EMAIL_DOMAIN, GENERATED_MODELS, Scale
from certify.programs.models import Program


class Generator(CourseRows, ApplicationRows, PortfolioRows, CertificateRows, NotificationRows):
    """Writes every generated table, in an order that respects their foreign keys."""

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
        self.writer.versions_renew()
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
