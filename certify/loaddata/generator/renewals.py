"""Generated renewals under way, for the certificates-only mode: holders in their renewal window
who applied to renew, some still owing the fee (an issued renewal invoice), the others with
staff (evidence being checked, more evidence asked for)."""

from datetime import date, timedelta
from decimal import Decimal

from certify.loaddata.generator.base import GeneratorBase
from certify.loaddata.generator.scale import EMAIL_DOMAIN
from certify.loaddata.writer import Row
from certify.payments.models import Invoice, InvoiceCounter, InvoiceLine
from certify.renewals.models import Renewal

RENEWING_SHARE = 0.3  # of the valid certificates in their renewal window or grace period
STATUSES = [
    (Renewal.Status.SUBMITTED, 0.6),  # waiting for the fee: its invoice is open
    (Renewal.Status.IN_AUDIT, 0.3),
    (Renewal.Status.MORE_EVIDENCE, 0.1),
]


class RenewalRows(GeneratorBase):
    renewing: list[tuple[int, int]]  # (certificate id, holder id) of those who applied

    def renewal_candidate(self, row: Row, *, window_opens: int, grace_ends: int) -> None:
        """Keep a generated certificate row as one whose holder applied to renew, at the
        share above, when it is valid and between its window's opening and its grace's end
        (days from today, negative in the past)."""
        expires: date = row["expires_on"]
        ahead = (expires - self.today).days
        if row["status"] != "valid" or not -grace_ends <= ahead <= window_opens:
            return
        if self.rng.random() < RENEWING_SHARE:
            self.renewing.append((row["id"], row["holder_id"]))

    def renewals(self) -> None:
        number = (
            InvoiceCounter.objects.filter(program=self.program)
            .values_list("last_number", flat=True)
            .first()
            or 0
        )
        prefix = "".join(ch for ch in self.program.short_name.upper() if ch.isalnum())
        fee = self.program.renewal_fee_cents
        renewals: list[Row] = []
        invoices: list[Row] = []
        statuses = [s for s, _ in STATUSES]
        weights = [w for _, w in STATUSES]
        for certificate_id, holder_id in self.renewing:
            status = self.rng.choices(statuses, weights)[0]
            submitted_on = self.today - timedelta(days=self.rng.randint(1, 60))
            invoice_id = self.ids.take(Invoice)
            number += 1
            owed = status == Renewal.Status.SUBMITTED
            invoices.append(
                {
                    "id": invoice_id,
                    "program_id": self.program.pk,
                    "number": number,
                    "code": f"{prefix}-{number:06d}",
                    "user_id": holder_id,
                    "kind": Invoice.Kind.RENEWAL,
                    "status": Invoice.Status.OPEN if owed else Invoice.Status.PAID,
                    "currency": self.program.currency,
                    "bill_to_name": f"Holder {holder_id}",
                    "bill_to_email": f"holder-{holder_id}@{EMAIL_DOMAIN}",
                    "issued_on": submitted_on,
                    "due_on": submitted_on + timedelta(days=30),
                    "total_cents": fee,
                    "paid_cents": 0 if owed else fee,
                    "settled_at": None if owed else self._moment(submitted_on),
                }
            )
            roll = self.rng.randrange(10000)
            renewals.append(
                {
                    "id": self.ids.take(Renewal),
                    "certificate_id": certificate_id,
                    "holder_id": holder_id,
                    "program_id": self.program.pk,
                    "status": status,
                    "submitted_at": self._moment(submitted_on),
                    "hours_total": Decimal(32 + self.rng.randrange(20)),
                    "hours_technology": Decimal(4 + self.rng.randrange(8)),
                    "invoice_id": invoice_id,
                    "audit_percent": self.program.renewal_audit_percent,
                    "audit_seed": "load",
                    "audit_roll": roll,
                    "audited": roll < self.program.renewal_audit_percent * 100,
                }
            )
        self.write(Invoice, invoices)
        self.write(
            InvoiceLine,
            (
                {
                    "id": self.ids.take(InvoiceLine),
                    "invoice_id": invoice["id"],
                    "kind": InvoiceLine.Kind.RENEWAL_FEE,
                    "description": "Renewal fee",
                    "amount_cents": fee,
                }
                for invoice in invoices
            ),
        )
        self.write(Renewal, renewals)
        InvoiceCounter.objects.update_or_create(
            program=self.program, defaults={"last_number": number}
        )
