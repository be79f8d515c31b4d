"""Re-issuing signed credentials: the same claims and number, a new proof; holders told (ADR 0036).

Two reasons to re-issue: a credential issued in an older shape (`credentialStatus` a list, or
`proof` an object), and a credential signed by a key that is no longer trusted
(`issuer_key_compromise`). Each kind of credential Certify keeps registers itself with
`credential_kind_register` (the certificate's below; a set credential or a wallet issuance adds
its own): where its signed credential is stored, how to sign it again, and how to tell its holder.

The run is batched by primary key (never every row in memory), each credential in its own short
transaction with its row locked; a credential no longer selected (already re-issued, by this run
or one that stopped half-way) is skipped, so running it again finishes the work and changes nothing
more.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from certify.certificates.credentials import sign
from certify.certificates.models import Certificate, SetCredential
from certify.certificates.services.credential import certificate_credential_sign
from certify.certificates.services.keys import issuer_signing_key
from certify.core.services import audit_record
from certify.notifications.api import notify

# Why a credential is re-issued (the e-mail and the audit trail say which).
SHAPE, KEY = "shape", "key"


@dataclass(frozen=True)
class CredentialKind:
    """A kind of signed credential that can be issued again."""

    name: str  # "certificate": the command's --kind and the audit verb's prefix
    model: type[models.Model]
    field: str  # the JSON field that holds the signed credential as issued
    sign: Callable[[Any, datetime], dict[str, Any]]  # the locked row, now → the new credential
    tell: Callable[[Any, str], bool]  # the row, SHAPE or KEY → whether its holder was told
    related: tuple[str, ...] = ()  # select_related for sign and tell


KINDS: dict[str, CredentialKind] = {}


def credential_kind_register(kind: CredentialKind) -> None:
    KINDS[kind.name] = kind


def _proof(credential: dict[str, Any]) -> dict[str, Any]:
    proof = credential.get("proof")
    if isinstance(proof, list) and proof:
        proof = proof[0]
    return proof if isinstance(proof, dict) else {}


def signing_key_fragment(credential: dict[str, Any]) -> str:
    """The fragment (after '#') of the key that signed `credential`."""
    method = _proof(credential).get("verificationMethod")
    return method.partition("#")[2] if isinstance(method, str) else ""


def is_old_shape(credential: dict[str, Any]) -> bool:
    """Issued before credentials carried one `credentialStatus` object and a `proof` array."""
    return isinstance(credential.get("credentialStatus"), list) or isinstance(
        credential.get("proof"), dict
    )


@dataclass(frozen=True)
class Selection:
    """Which credentials to re-issue: the old shape, or signed by a key (its fragment)."""

    old_shape: bool = False
    signed_by: str = ""

    @property
    def why(self) -> str:
        return KEY if self.signed_by else SHAPE

    def __call__(self, credential: Any) -> bool:
        if not isinstance(credential, dict):
            return False
        if self.signed_by and signing_key_fragment(credential) == self.signed_by:
            return True
        return self.old_shape and is_old_shape(credential)


@dataclass
class ReissueCount:
    checked: int = 0
    selected: int = 0
    reissued: int = 0
    told: int = 0


@dataclass
class ReissueReport:
    kinds: dict[str, ReissueCount] = field(default_factory=dict)

    def lines(self) -> Iterator[str]:
        for name, c in self.kinds.items():
            yield (
                f"{name}: {c.checked} checked, {c.selected} selected, {c.reissued} re-issued, "
                f"{c.told} holders told"
            )


def _batches(kind: CredentialKind, size: int) -> Iterator[list[tuple[int, Any]]]:
    """(pk, credential) of every row holding a credential, `size` rows at a time."""
    rows = kind.model._default_manager.exclude(**{f"{kind.field}__isnull": True}).order_by("pk")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last).values_list("pk", kind.field)[:size])
        if not batch:
            return
        yield batch
        last = batch[-1][0]


@transaction.atomic
def _reissue_one(
    kind: CredentialKind, pk: int, selection: Selection, now: datetime
) -> tuple[bool, bool]:
    """Re-issue one credential if it is still selected; (re-issued, holder told)."""
    manager = kind.model._default_manager
    rows = manager.select_for_update(of=("self",)).filter(pk=pk)
    row = (rows.select_related(*kind.related) if kind.related else rows).first()
    before = getattr(row, kind.field, None) if row is not None else None
    if row is None or not isinstance(before, dict) or not selection(before):
        return False, False  # gone, or re-issued since the batch was read
    credential = kind.sign(row, now)
    manager.filter(pk=pk).update(**{kind.field: credential})
    setattr(row, kind.field, credential)
    audit_record(
        actor=None,
        verb=f"{kind.name}.credential_reissued",
        target=row,
        reason="The signing key is no longer trusted."
        if selection.why == KEY
        else "Issued again in the current shape.",
        data={
            "why": selection.why,
            "signed_by_before": signing_key_fragment(before),
            "signed_by_now": signing_key_fragment(credential),
        },
    )
    return True, kind.tell(row, selection.why)


def credentials_reissue(
    *,
    selection: Selection,
    kinds: list[str] | None = None,
    batch_size: int = 200,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> ReissueReport:
    """Re-issue every selected credential of the given kinds (all by default), signed with
    the active key in the current shape; tell each holder. Safe to run again, and to stop."""
    report = ReissueReport()
    for name, kind in KINDS.items():
        if kinds and name not in kinds:
            continue
        count = report.kinds.setdefault(name, ReissueCount())
        for batch in _batches(kind, batch_size):
            count.checked += len(batch)
            for pk, credential in batch:
                if not selection(credential):
                    continue
                count.selected += 1
                if dry_run:
                    continue
                reissued, told = _reissue_one(kind, pk, selection, now or timezone.now())
                count.reissued += reissued
                count.told += told
            if progress:
                progress(f"{name}: {count.checked} checked, {count.reissued} re-issued so far")
    return report


# --- The certificate's credential ---------------------------------------------------------------


def _certificate_sign(certificate: Certificate, now: datetime) -> dict[str, Any]:
    return certificate_credential_sign(certificate=certificate, now=now)


def _certificate_tell(certificate: Certificate, why: str) -> bool:
    """Tell the holder, unless the certificate is revoked (there is nothing to use it for)."""
    if certificate.status == Certificate.Status.REVOKED:
        return False
    notify(
        recipient=certificate.holder,
        event="certificate.reissued",
        context={
            "program": certificate.program,
            "certificate_number": certificate.number,
            "why": why,
        },
        link=reverse("certificates:mine"),
    )
    return True


credential_kind_register(
    CredentialKind(
        name="certificate",
        model=Certificate,
        field="credential",
        sign=_certificate_sign,
        tell=_certificate_tell,
        related=("program", "holder"),
    )
)


# --- A completed set's credential (ADR 0035) -----------------------------------------------------


def _set_credential_sign(credential: SetCredential, now: datetime) -> dict[str, Any]:
    """The same claims, signed again with the active key: a set's credential is a snapshot of
    the set, its route and its day (it is never rebuilt from today's data)."""
    if not credential.credential:
        raise ValueError(f"Set credential {credential.pk} holds no signed credential.")
    private_key, method = issuer_signing_key()
    return sign.sign(
        credential.credential, private_key=private_key, verification_method=method, created=now
    )


def _set_credential_tell(credential: SetCredential, why: str) -> bool:
    """Tell a holder who has no certificate from this plan yet; one who has is told once, by
    the certificate's e-mail, which names the sets' credentials too (not once per set)."""
    if credential.status == SetCredential.Status.REVOKED:
        return False
    if Certificate.objects.filter(application_id=credential.application_id).exists():
        return False
    notify(
        recipient=credential.holder,
        event="set_credential.reissued",
        context={"program": credential.program, "set_name": credential.set_name, "why": why},
        link=reverse("certificates:mine"),
    )
    return True


credential_kind_register(
    CredentialKind(
        name="set_credential",
        model=SetCredential,
        field="credential",
        sign=_set_credential_sign,
        tell=_set_credential_tell,
        related=("program", "holder"),
    )
)
