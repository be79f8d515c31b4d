"""Certificates at a size the full generator would take hours for (`generate_load_data
--certificates-only N`): N holders with one certificate each, for the sweeps that read
certificates (renewal reminders, lapse notices), and the work under way beside them.

Issue days are spread evenly, so expiry days run evenly from two years ago to a full validity
ahead: every phase of the life cycle (valid, renewal open, grace, lapsed) holds its share and
each day has about the same number of certificates reaching a reminder; 1 % are revoked and
1 % suspended. Each status list holds half its length of indexes, as in the full generator, so
a million certificates use sixteen lists. Rows are written in chunks, so memory stays flat
however large N is.

Beside them, the work a program of that size has under way, so the daily jobs over
applications, payments and portfolios read full tables too: one candidate at work for every
`WORK_SHARE` certificates (the full generator's applications in every status with their
invoices and payments, plans, portfolios under review with open review assignments, course
completions; no evidence items, which no daily job reads, and none certified yet), and
renewals from 30 % of the holders in their renewal window or grace period (those waiting for
the fee owe it on an open renewal invoice).
"""

from collections.abc import Iterator
from datetime import timedelta

from allauth.account.models import EmailAddress

from certify.accounts.models import Role, RoleAssignment, User
from certify.certificates.models import Certificate, CertificateTransition, StatusList
from certify.certificates.numbers import numbers_new
from certify.loaddata.generator.applications import ApplicationRows
from certify.loaddata.generator.certificates import CertificateRows
from certify.loaddata.generator.courses import CourseRows
from certify.loaddata.generator.portfolios import PortfolioRows
from certify.loaddata.generator.renewals import RenewalRows
from certify.loaddata.generator.scale import EMAIL_DOMAIN, GENERATED_MODELS, Scale
from certify.loaddata.writer import Row
from certify.payments.models import Invoice, InvoiceLine
from certify.renewals.models import Renewal

CHUNK = 50_000
PAST_DAYS = 2 * 365  # the earliest expiry: two years ago
WORK_SHARE = 10  # one candidate at work for this many certificates


class CertificatesOnly(CourseRows, ApplicationRows, PortfolioRows, RenewalRows, CertificateRows):
    evidence_per_candidate = 0

    def run(self, count: int, *, per_list: int | None = None) -> dict[str, int]:
        self.ids.prime([*GENERATED_MODELS, Invoice, InvoiceLine, Renewal])
        self.renewing = []
        window_opens = self.program.renewal_window_months * 31
        grace_ends = self.program.renewal_grace_months * 30
        length = StatusList._meta.get_field("length").get_default()
        per_list = per_list or length // 2
        first_series = (
            StatusList.objects.order_by("-series").values_list("series", flat=True).first() or 0
        ) + 1
        taken = {n for n in Certificate.objects.values_list("number", flat=True) if n}
        lists: dict[int, bytearray] = {}
        for start in range(0, count, CHUNK):
            size = min(CHUNK, count - start)
            holders = self._holders(start, size)
            rows = self._certificates(start, holders, first_series, per_list, lists, taken, length)
            for row in rows:
                self.renewal_candidate(row, window_opens=window_opens, grace_ends=grace_ends)
        for series, bits in lists.items():
            StatusList.objects.create(  # full for the site's own issuing (ADR 0061)
                purpose=StatusList.Purpose.REVOCATION,
                series=series,
                length=length,
                bits=bytes(bits),
                allocated=length,
            )
        self._work(count // WORK_SHARE)
        self.writer.reset_sequences()
        self.writer.versions_renew()
        return {m._meta.label: n for m, n in self.writer.written.items()}

    def _holders(self, start: int, size: int) -> list[tuple[int, str]]:
        users: list[Row] = []
        for i in range(start, start + size):
            users.append(
                {
                    "id": self.ids.take(User),
                    "email": f"holder{i:07d}@{EMAIL_DOMAIN}",
                    "full_name": self._name(i),
                    "password": self.password,
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                    "date_joined": self._moment(self._days_ago(400, 4000)),
                }
            )
        self.write(User, users)
        self.write(EmailAddress, self._addresses(users))
        self.write(
            RoleAssignment,
            (
                {"id": self.ids.take(RoleAssignment), "user_id": u["id"], "role": Role.CANDIDATE}
                for u in users
            ),
        )
        return [(u["id"], u["full_name"]) for u in users]

    def _work(self, candidates: int) -> None:
        """The work under way beside the certificates (the full generator's rows for
        `candidates` candidates, none of them certified yet), then the renewals."""
        if candidates:
            self.scale = Scale.for_candidates(candidates)
            self.scale.certificates = 0
            candidate_ids = self.people()
            self.courses()
            self.applications(candidate_ids)
            self.plans()
            self.portfolios()
        self.renewals()

    def _addresses(self, users: list[Row]) -> Iterator[Row]:
        for u in users:
            yield {
                "id": self.ids.take(EmailAddress),
                "user_id": u["id"],
                "email": u["email"],
                "verified": True,
                "primary": True,
            }

    def _certificates(
        self,
        start: int,
        holders: list[tuple[int, str]],
        first_series: int,
        per_list: int,
        lists: dict[int, bytearray],
        taken: set[str],
        length: int,
    ) -> list[Row]:
        validity = self.program.certificate_validity_years
        # Issued up to today, so expiring from two years ago to a full validity ahead.
        span = validity * 365 + PAST_DAYS
        issued = [self.today - timedelta(days=self.rng.randint(0, span)) for _ in holders]
        numbers = numbers_new(
            short_name=self.program.short_name, years=[d.year for d in issued], taken=taken
        )
        taken.update(numbers)
        certificates: list[Row] = []
        transitions: list[Row] = []
        for offset, ((holder_id, name), issued_on, number) in enumerate(
            zip(holders, issued, numbers, strict=True)
        ):
            position = start + offset
            series = first_series + position // per_list
            index = position % per_list
            certificate, transition = self.certificate_rows(
                holder_id=holder_id,
                name=name,
                issued_on=issued_on,
                number=number,
                completed=[s.name for s in self.core],
                series=series,
                index=index,
                not_in_force=lists.setdefault(series, bytearray(length // 8)),
            )
            certificates.append(certificate)
            transitions.append(transition)
        self.write(Certificate, certificates)
        self.write(CertificateTransition, transitions)
        return certificates
