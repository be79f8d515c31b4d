"""Generated applications in every status, with experience, memberships, invoices and payments."""

from datetime import date, timedelta
from decimal import Decimal

from certify.applications.models import Application, ApplicationTransition, ExperienceEntry
from certify.core.codes import codes_new
from certify.core.models import AuditEvent
from certify.loaddata.generator.base import GeneratorBase
from certify.loaddata.generator.scale import EMAIL_DOMAIN, LAST, STATUS_SHARES, Enrolled
from certify.loaddata.writer import Row
from certify.memberships.models import Membership, Organisation
from certify.payments.models import Invoice, InvoiceCounter, InvoiceLine, Payment


class ApplicationRows(GeneratorBase):
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
        # Candidate numbers' random parts, all different (ADR 0030): a model default per row
        # could repeat one among many thousands, and the unique column would stop the load.
        number_keys = codes_new(
            len(candidate_ids),
            taken=set(Application.objects.values_list("number_key", flat=True)),
        )
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
                "number_key": number_keys[i],
                # Enrolled under the published framework version (ADR 0056).
                "framework_version_id": (
                    self.framework_version_id if status == Application.Status.ACCEPTED else None
                ),
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
            # Invoices are bulk-written, not made through certify.payments.api: one service call
            # per invoice (a transaction, a counter lock, a transition) is too slow for 100,000.
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
