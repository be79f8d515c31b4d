import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from certify.core.money import Money
from certify.payments.workflow import InvoiceWorkflow, RefundWorkflow
from certify.programs.models import Program


class InvoiceCounter(models.Model):
    """The last invoice (and credit note) number used in a program. Locked while one is
    numbered: no gaps, and each series is its own."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="+")
    last_number = models.PositiveIntegerField(default=0)
    last_credit_note_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.program}: {self.last_number}"


class Invoice(InvoiceWorkflow):
    """A request for payment, numbered per program. Amounts live on its lines, in cents.

    Its statuses and moves are in `certify/payments/workflow.py`."""

    class Kind(models.TextChoices):
        ENROLLMENT = "enrollment", "Enrollment"
        RENEWAL = "renewal", "Certificate renewal"
        COURSE_APPROVAL = "course_approval", "Course approval"
        # The member price an enrollment invoice was paid at, withdrawn by a membership refused
        # since: the rest of the full price (ADR 0042).
        MEMBER_DIFFERENCE = "member_difference", "Enrollment fee difference"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="invoices")
    number = models.PositiveIntegerField()
    code = models.CharField(max_length=40, unique=True, help_text="The invoice number people see.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invoices"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    currency = models.CharField(max_length=3)
    bill_to_name = models.CharField(max_length=200)
    bill_to_email = models.EmailField()
    subject = models.CharField(
        max_length=200, blank=True, help_text="What is paid for, e.g. the course to approve."
    )
    issued_on = models.DateField()
    due_on = models.DateField()
    # Kept in step with the lines, payments and refunds under the invoice's row lock.
    total_cents = models.IntegerField(default=0)
    paid_cents = models.IntegerField(default=0)
    refunded_cents = models.IntegerField(default=0)
    settled_at = models.DateTimeField(null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacements",
        help_text="The void invoice this one replaces (re-priced or re-issued).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="unique_invoice_number"),
            # Asking twice for an enrollment invoice finds the first one.
            models.UniqueConstraint(
                fields=["user", "program"],
                condition=Q(kind="enrollment") & Q(status__in=["open", "paid"]),
                name="one_live_enrollment_invoice",
            ),
        ]
        indexes = [models.Index(fields=["status", "program"])]

    def __str__(self) -> str:
        return f"Invoice {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("payments:invoice", kwargs={"code": self.code})

    def _money(self, cents: int) -> Money:
        return Money(cents, self.currency)

    @property
    def total(self) -> Money:
        return self._money(self.total_cents)

    @property
    def paid(self) -> Money:
        return self._money(self.paid_cents)

    @property
    def refunded(self) -> Money:
        return self._money(self.refunded_cents)

    @property
    def net_paid_cents(self) -> int:
        return self.paid_cents - self.refunded_cents

    @property
    def net_paid(self) -> Money:
        return self._money(self.net_paid_cents)

    @property
    def balance_cents(self) -> int:
        """Still to pay; negative when more was paid than is owed (staff then refund it).

        A void invoice owes nothing: money that still reached it (a card payment begun before
        the void) is all to be refunded."""
        owed = 0 if self.status == self.Status.VOID else self.total_cents
        return owed - self.net_paid_cents

    @property
    def refund_pending_cents(self) -> int:
        """Money held on the invoice that is not owed, waiting to be refunded."""
        return max(0, -self.balance_cents)

    @property
    def refund_pending(self) -> Money:
        return self._money(self.refund_pending_cents)

    @property
    def balance(self) -> Money:
        return self._money(self.balance_cents)

    @property
    def amount_due(self) -> Money:
        return self._money(max(self.balance_cents, 0) if self.status == self.Status.OPEN else 0)

    @property
    def is_settled(self) -> bool:
        return self.status == self.Status.PAID

    @property
    def is_void(self) -> bool:
        return self.status == self.Status.VOID


class InvoiceLine(models.Model):
    """One line: a fee (positive) or a discount, credit or refund credit (negative)."""

    class Kind(models.TextChoices):
        ENROLLMENT_FEE = "enrollment_fee", "Enrollment fee"
        MEMBER_DISCOUNT = "member_discount", "Member discount"
        SCHOLARSHIP_CREDIT = "scholarship_credit", "Scholarship credit"
        RENEWAL_FEE = "renewal_fee", "Renewal fee"
        COURSE_APPROVAL_FEE = "course_approval_fee", "Course approval fee"
        REFUND_CREDIT = "refund_credit", "Credit for a refund"
        PRICE_ADJUSTMENT = "price_adjustment", "Price adjustment"

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.CharField(max_length=300)
    amount_cents = models.IntegerField()
    source = models.CharField(
        max_length=100,
        blank=True,
        help_text="What a credit comes from (e.g. a scholarship award); one line per source.",
    )
    member_difference_cents = models.PositiveIntegerField(
        default=0,
        help_text=(
            "Of a refund's credit, the part that gave back the member price difference of a "
            "membership confirmed after the invoice was issued: billed again if it is refused."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["invoice", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "source"],
                condition=~Q(source=""),
                name="one_line_per_credit_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount.with_cents()}"

    @property
    def amount(self) -> Money:
        return Money(self.amount_cents, self.invoice.currency)

    @property
    def member_difference(self) -> Money:
        """Of a refund's credit, what gave back the member price difference ($0: none)."""
        return Money(self.member_difference_cents, self.invoice.currency)


class CreditNote(models.Model):
    """What a void invoice canceled, and why: a numbered document of its own (CN-…), one per
    void invoice, numbered per program without gaps in its own series."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="credit_notes")
    number = models.PositiveIntegerField()
    code = models.CharField(max_length=40, unique=True, help_text="The number people see.")
    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="credit_note")
    amount_cents = models.IntegerField(
        help_text="What was canceled: what was still owed on the invoice (its total, unless "
        "part was paid; that part is refunded)."
    )
    reason = models.TextField()
    issued_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when Certify voided the invoice itself.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="unique_credit_note_number"),
        ]

    def __str__(self) -> str:
        return f"Credit note {self.code}"

    @property
    def amount(self) -> Money:
        return Money(self.amount_cents, self.invoice.currency)

    @property
    def held(self) -> Money:
        """What was paid before the void and is refunded rather than canceled (ADR 0041)."""
        return Money(max(0, self.invoice.total_cents - self.amount_cents), self.invoice.currency)

    @property
    def held_words(self) -> str:
        """What happened to the money paid before the void, as it stands now ('' if none)."""
        from certify.payments.credit_words import held_words

        return held_words(self)


class Payment(models.Model):
    """Money received for an invoice: by card through Stripe, or recorded by staff."""

    class Method(models.TextChoices):
        CARD = "card", "Card"
        CHEQUE = "cheque", "Check"
        PURCHASE_ORDER = "purchase_order", "Purchase order"
        INSTITUTIONAL_INVOICE = "institutional_invoice", "Institutional invoice"

    OFFLINE_METHODS = (Method.CHEQUE, Method.PURCHASE_ORDER, Method.INSTITUTIONAL_INVOICE)

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount_cents = models.PositiveIntegerField()
    method = models.CharField(max_length=30, choices=Method.choices)
    reference = models.CharField(
        max_length=100, blank=True, help_text="Check or purchase order number, or Stripe's id."
    )
    received_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    stripe_payment_intent = models.CharField(max_length=100, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refunded_cents = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"Payment {self.receipt_code} of {self.amount.with_cents()}"

    @property
    def way_words(self) -> str:
        """How it was paid, as a receipt says it: "by check", "by an institution"."""
        words: dict[str, str] = {
            self.Method.CARD: "by card",
            self.Method.CHEQUE: "by check",
            self.Method.PURCHASE_ORDER: "by purchase order",
            self.Method.INSTITUTIONAL_INVOICE: "by an institution",
        }
        return words.get(self.method, f"by {self.get_method_display().lower()}")

    @property
    def amount(self) -> Money:
        return Money(self.amount_cents, self.invoice.currency)

    @property
    def refunded(self) -> Money:
        return Money(self.refunded_cents, self.invoice.currency)

    @property
    def kept(self) -> Money:
        """What is still held of it after its refunds."""
        return Money(self.amount_cents - self.refunded_cents, self.invoice.currency)

    @property
    def refundable_cents(self) -> int:
        return self.amount_cents - self.refunded_cents

    @property
    def receipt_code(self) -> str:
        return f"R-{self.pk:06d}"


class Refund(RefundWorkflow):
    """Money given back, with the reason. A refund never leaves anything owed.

    The row is the decision, recorded with the invoice's money; a card refund then goes to
    Stripe in a background task (ADR 0052): `status` says where the money is, `attempts`,
    `next_attempt_at` and `claimed_at` drive the tries, `failure` says in plain words what
    Stripe answered last (the full error is in the log only). The Stripe idempotency key is
    `idempotency_key`, one per refund (unique), so no try ever refunds twice.
    """

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="refunds")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    # The invoice's credit line this refund's decision wrote (none when it only returned an
    # overpayment): what of the line's member price difference really went back (ADR 0042).
    credit_line = models.ForeignKey(
        InvoiceLine, null=True, blank=True, on_delete=models.PROTECT, related_name="refunds"
    )
    amount_cents = models.PositiveIntegerField()
    reason = models.TextField()
    reference = models.CharField(max_length=100, blank=True)
    stripe_refund_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    refunded_on = models.DateField(help_text="The day the refund was decided (requested).")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Set while a worker asks Stripe; a claim older than the stuck limit is taken again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(
        max_length=300, blank=True, help_text="What Stripe answered last, in plain words."
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-refunded_on", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"Refund of {self.amount.with_cents()} on {self.invoice}"

    @property
    def amount(self) -> Money:
        return Money(self.amount_cents, self.invoice.currency)

    @property
    def by_card(self) -> bool:
        return self.payment.method == Payment.Method.CARD

    @property
    def retrying(self) -> bool:
        """On its way, after at least one try that did not reach Stripe."""
        return self.status == self.Status.PENDING and self.attempts > 0 and bool(self.failure)


class CheckoutSession(models.Model):
    """A Stripe Checkout session opened to pay an invoice's balance."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        COMPLETE = "complete", "Complete"
        EXPIRED = "expired", "Expired"

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="checkout_sessions")
    stripe_session_id = models.CharField(max_length=100, unique=True)
    reference = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text="Random, sent in the payment's metadata: Stripe's payment events name the "
        "session by it. Empty for sessions opened before it was sent.",
    )
    url = models.URLField(max_length=1000)
    amount_cents = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Set when the invoice stopped taking money: Stripe is to be asked to expire the session,
    # in a retried task (`services.expiries`); cleared once it is asked for the last time.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(next_attempt_at__isnull=False),
                name="checkout_expiry_due",
            )
        ]

    def __str__(self) -> str:
        return self.stripe_session_id


class StripeEvent(models.Model):
    """Every Stripe event received, once: a repeated delivery finds its row and changes nothing."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    livemode = models.BooleanField(default=False)
    payload = models.JSONField()
    result = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"
