import secrets
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from certify.certificates import dates
from certify.certificates.workflow import (
    CertificateWorkflow,
    IssuerKeyWorkflow,
    SetCredentialWorkflow,
)


class Certificate(CertificateWorkflow):
    """A certificate awarded to a candidate who completed a program's plan.

    `status` is what staff decide (its moves: `certify/certificates/workflow.py`); "expired" is
    computed from `expires_on` (`current_status`).
    The signed credential is stored exactly as issued.
    """

    EXPIRED = "expired"
    EXPIRED_LABEL = "Expired"
    LAPSED_LABEL = "Lapsed"  # expired, and its last day to renew has passed (`holder_words`)
    LAPSED = "lapsed"  # the staff list's filter only: `status`, the API's too, stays "expired"

    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="certificate",
        null=True,
        blank=True,
        help_text="The application whose plan earned it; empty for a renewal's certificate.",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(
        max_length=40, unique=True, null=True, blank=True, help_text="e.g. LSSCP-2026-000123"
    )
    holder_name = models.CharField(
        max_length=200, blank=True, help_text="The name as printed and signed at issue."
    )
    status_reason = models.TextField(blank=True)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Staff who approved issuance, when the program requires approval.",
    )
    completed_sets = models.JSONField(
        default=list, blank=True, help_text="Names of the sets completed, as printed."
    )
    credential_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credential = models.JSONField(null=True, blank=True, help_text="The signed credential.")
    status_list_series = models.PositiveIntegerField(null=True, blank=True)
    status_list_index = models.PositiveIntegerField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list_series", "status_list_index"],
                condition=Q(status_list_index__isnull=False),
                name="one_certificate_per_status_list_entry",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "issued_on"]),
            # The daily renewal reminders read valid certificates by expiry-day ranges.
            models.Index(fields=["status", "expires_on"], name="certificate_status_expiry"),
        ]

    def __str__(self) -> str:
        return self.number or f"Pending certificate for {self.holder}"

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", kwargs={"number": self.number})

    @property
    def verification_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def is_issued(self) -> bool:
        return self.status != self.Status.PENDING

    @property
    def is_expired(self) -> bool:
        """Past its expiry date (valid through `expires_on`, in the program's time zone)."""
        return bool(self.expires_on and dates.today(self.program) > self.expires_on)

    @property
    def current_status(self) -> str:
        if self.status == self.Status.VALID and self.is_expired:
            return self.EXPIRED
        return self.status

    @property
    def current_status_label(self) -> str:
        if self.current_status == self.EXPIRED:
            return self.EXPIRED_LABEL
        return self.get_status_display()

    @property
    def status_word(self) -> str:
        """The status as people read it: "Lapsed" once an expired certificate's last day to
        renew has passed (`holder_words.status_word`), else `current_status_label`; a list page
        reads its rows' at once (`holder_words.status_words_read`)."""
        from certify.certificates.holder_words import status_word

        read = self.__dict__.get("_status_word_read")
        return read if read is not None else status_word(self)


class CertificateTransition(models.Model):
    """One move of a certificate's status: who, when, from, to and why."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=10, choices=Certificate.Status.choices)
    to_status = models.CharField(max_length=10, choices=Certificate.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.certificate}: {self.from_status} → {self.to_status}"


class SetCredential(SetCredentialWorkflow):
    """The Open Badges 3.0 credential of one completed competency set (ADR 0035).

    Issued once per set of a plan, when the set is complete, whatever the route; it names the
    route and the day, as they were then (a snapshot: later edits of the set do not change it).
    It has its own entry in the revocation list, allocated from the same series as
    certificates' entries (`status_index_allocate`). Revoked by staff, or with its certificate.
    """

    planned_set = models.OneToOneField(
        "progress.PlannedSet", on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="+"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="set_credentials"
    )
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    competency_set = models.ForeignKey(
        "programs.CompetencySet", on_delete=models.PROTECT, related_name="+"
    )
    set_name = models.CharField(max_length=200, help_text="The set's name, as signed.")
    route = models.CharField(max_length=10, help_text="How the set was shown (a plan route).")
    route_label = models.CharField(max_length=100, help_text="The route in words, as signed.")
    completed_at = models.DateTimeField(help_text="When the set was complete.")
    issued_at = models.DateTimeField()
    status_reason = models.TextField(blank=True)
    credential_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credential = models.JSONField(null=True, blank=True, help_text="The signed credential.")
    status_list_series = models.PositiveIntegerField()
    status_list_index = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["completed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list_series", "status_list_index"],
                name="one_set_credential_per_status_list_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.set_name} ({self.get_status_display()})"

    # Its days on the pages are its program's (RULINGS): a set complete at 23:30 in Denver was
    # complete that day, though it is already the next day in Chicago. Read with the program
    # (`select_related`), so a list reads no zone per row.
    @property
    def completed_on(self) -> date:
        return dates.local_day(self.completed_at, self.program)

    @property
    def issued_on(self) -> date:
        return dates.local_day(self.issued_at, self.program)


class IssuerKey(IssuerKeyWorkflow):
    """An Ed25519 key of the issuer. One is active (signs); retired ones stay published so that
    what they signed keeps verifying. The private key is encrypted (`keystore`)."""

    fragment = models.CharField(max_length=80, unique=True, help_text="The key id after '#'.")
    public_key_multibase = models.CharField(max_length=80, unique=True)
    private_key_encrypted = models.TextField()
    did = models.CharField(
        max_length=300,
        blank=True,
        help_text="The issuer DID when the first key was made; every later key keeps it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="one_active_issuer_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fragment} ({self.get_status_display()})"


def _shuffle_key() -> str:
    return secrets.token_hex(32)


class StatusList(models.Model):
    """One Bitstring Status List: a purpose (revocation or suspension) and a series number.

    Each certificate has one index, the same in the revocation and the suspension list of its
    series. The signed list credential is cached in `signed` until a bit changes.

    A revocation list hands out its indexes in the order its `shuffle_key` shuffles them:
    `allocated` counts those handed out, and the next is `statuslist.shuffled_index(key,
    allocated, length)` (ADR 0061). A list whose entries were placed otherwise (before that
    decision, or generated load data) is full: `allocated` equals `length`.
    """

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", "Revocation"
        SUSPENSION = "suspension", "Suspension"

    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    series = models.PositiveIntegerField()
    length = models.PositiveIntegerField(default=131072)
    bits = models.BinaryField()
    signed = models.JSONField(null=True, blank=True)
    allocated = models.PositiveIntegerField(
        default=0, help_text="How many of its indexes were handed out (ADR 0061)."
    )
    shuffle_key = models.CharField(
        max_length=64,
        default=_shuffle_key,
        help_text="The secret that shuffles the order its indexes are handed out in (hex).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["series", "purpose"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "series"], name="one_list_per_series"),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def slug(self) -> str:
        return f"{self.purpose}-{self.series}"

    @property
    def is_full(self) -> bool:
        return self.allocated >= self.length

    @property
    def url(self) -> str:
        return self.url_of(purpose=self.purpose, series=self.series)

    @staticmethod
    def url_of(*, purpose: str, series: int) -> str:
        """The list's address, from its purpose and series (no query)."""
        slug = f"{purpose}-{series}"
        return settings.SITE_URL + reverse("certificates:status_list", kwargs={"slug": slug})


def _profile_slug() -> str:
    return secrets.token_urlsafe(9)


class PublicProfile(models.Model):
    """A holder's public page of certificates, which they switch on or off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="public_profile"
    )
    slug = models.SlugField(max_length=20, unique=True, default=_profile_slug)
    is_public = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} ({'public' if self.is_public else 'private'})"

    def get_absolute_url(self) -> str:
        return reverse("certificates:profile", kwargs={"slug": self.slug})


class RegisterListing(models.Model):
    """A holder's choice to be found in the public register of holders (ADR 0030).

    Off unless this row exists: the holder makes it on their account page and deletes it there.
    The register shows the name printed on each of their valid certificates, this state, the
    program, the number and the last valid day; nothing else about them.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="register_listing"
    )
    state = models.CharField(
        max_length=2, help_text="The US state or territory the holder chose to be listed under."
    )
    search_name = models.CharField(
        max_length=600,
        help_text=(
            "The words of the holder's names, folded (case and accents), each after a space: "
            "what a search by name compares with."
        ),
    )
    listed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["state"], name="register_listing_state_idx")]

    def __str__(self) -> str:
        return f"{self.user} ({self.state})"


class WalletOffer(models.Model):
    """An OpenID4VCI credential offer the holder made for one certificate (ADR 0033).

    Only hashes are kept: of the pre-authorized code (single use, short-lived), of the optional
    transaction code and of the access token the code was exchanged for.
    """

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="wallet_offers"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    code_expires_at = models.DateTimeField()
    code_used_at = models.DateTimeField(null=True, blank=True)
    tx_code_hash = models.CharField(max_length=64, blank=True)
    tx_code_failures = models.PositiveSmallIntegerField(default=0)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    token_names_identifier = models.BooleanField(
        default=False,
        help_text="The token answer named a credential identifier (authorization details).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Wallet offer for {self.certificate}"


class WalletNonce(models.Model):
    """A `c_nonce` from the nonce endpoint: spent by the first proof that names it."""

    value_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"nonce until {self.expires_at:%H:%M:%S}"


class WalletIssuance(models.Model):
    """A credential issued to a wallet: which certificate, bound to which holder DID, under
    which credential id, when. A re-issue finds here which wallets hold what."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="wallet_issuances"
    )
    offer = models.ForeignKey(
        WalletOffer, null=True, blank=True, on_delete=models.SET_NULL, related_name="issuances"
    )
    holder_did = models.CharField(max_length=1000)
    credential_id = models.UUIDField(unique=True)
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.certificate} → {self.holder_did[:40]}"
