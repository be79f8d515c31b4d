"""Generated certificates with their status-list indexes."""

from datetime import date, timedelta

from certify.accounts.models import User
from certify.certificates import dates
from certify.certificates.models import (
    Certificate,
    CertificateTransition,
    StatusList,
)
from certify.certificates.numbers import numbers_new
from certify.loaddata.generator.base import GeneratorBase
from certify.loaddata.generator.scale import EMAIL_DOMAIN
from certify.loaddata.writer import Row


class CertificateRows(GeneratorBase):
    def certificates(self) -> None:
        holders = [e for e in self.enrolled if e.certified]
        series = (
            StatusList.objects.order_by("-series").values_list("series", flat=True).first()
        ) or 0
        series += 1
        length = StatusList._meta.get_field("length").get_default()
        indexes = self.rng.sample(range(length), min(len(holders), length // 2))
        not_in_force = bytearray(length // 8)  # one revocation list (ADR 0032)
        certificates: list[Row] = []
        transitions: list[Row] = []
        names = dict(
            User.objects.filter(email__endswith=EMAIL_DOMAIN).values_list("id", "full_name")
        )
        completed = [s.name for s in self.core]
        holders = holders[: len(indexes)]
        issue_days = [
            min(
                max(
                    e.enrolled_on + timedelta(days=self.rng.randint(150, 400)),
                    e.enrolled_on + timedelta(days=1),
                ),
                self.today,
            )
            for e in holders
        ]
        # Random parts like the site's own (ADR 0030): the load data is walked no more easily.
        numbers = numbers_new(
            short_name=self.program.short_name,
            years=[d.year for d in issue_days],
            taken={n for n in Certificate.objects.values_list("number", flat=True) if n},
        )
        for e, index, issued_on, number in zip(holders, indexes, issue_days, numbers, strict=True):
            certificate, transition = self.certificate_rows(
                holder_id=e.candidate_id,
                name=names.get(e.candidate_id, ""),
                issued_on=issued_on,
                number=number,
                completed=completed + [s.name for _, s, _, _ in e.planned[len(self.core) :]],
                series=series,
                index=index,
                not_in_force=not_in_force,
                application_id=e.application_id,
            )
            certificates.append(certificate)
            transitions.append(transition)
        self.write(Certificate, certificates)
        self.write(CertificateTransition, transitions)
        # Its indexes were placed at random, not in the list's shuffled order: it is full for the
        # site's own issuing, which starts the next series (ADR 0061).
        StatusList.objects.create(
            purpose=StatusList.Purpose.REVOCATION,
            series=series,
            length=length,
            bits=bytes(not_in_force),
            allocated=length,
        )

    def certificate_rows(
        self,
        *,
        holder_id: int,
        name: str,
        issued_on: date,
        number: str,
        completed: list[str],
        series: int,
        index: int,
        not_in_force: bytearray,
        application_id: int | None = None,
    ) -> tuple[Row, Row]:
        """One issued certificate and its "issued" transition; 1 % revoked and 1 % suspended,
        marked not in force in the revocation list's bits."""
        roll = self.rng.random()
        status = (
            Certificate.Status.REVOKED
            if roll < 0.01
            else Certificate.Status.SUSPENDED
            if roll < 0.02
            else Certificate.Status.VALID
        )
        if status != Certificate.Status.VALID:
            not_in_force[index // 8] |= 0x80 >> (index % 8)
        pk = self.ids.take(Certificate)
        issued_at = self._moment(issued_on)
        certificate = {
            "id": pk,
            "application_id": application_id,
            "holder_id": holder_id,
            "program_id": self.program.pk,
            "number": number,
            "holder_name": name,
            "status": status,
            "issued_on": issued_on,
            "expires_on": dates.expiry_date(
                issued_on=issued_on, validity_years=self.program.certificate_validity_years
            ),
            "issued_at": issued_at,
            "completed_sets": completed,
            "status_list_series": series,
            "status_list_index": index,
        }
        transition = {
            "id": self.ids.take(CertificateTransition),
            "certificate_id": pk,
            "from_status": Certificate.Status.PENDING,
            "to_status": Certificate.Status.VALID,
            "created_at": issued_at,
        }
        return certificate, transition
