"""Status lists: an index per credential, bits that follow its status, signed list credentials.

A certificate, and a completed set's credential (ADR 0035), gets an index in the current series;
both draw from the same lists, so no two credentials share a (series, index). A list hands out
its indexes in an order its own secret key shuffles (ADR 0061): the n-th entry gets
`statuslist.shuffled_index(key, n, length)`, a bijection, so indexes never collide, and
neighbours say nothing (herd privacy). Taking entries costs three queries however many are taken
(the current list's row locked, one look-up that passes over an entry held already should the
list have been filled another way too, its count moved on); a new series starts when the current
one is full.

A credential carries one status entry, on its series' revocation list, whose bit is set while the
certificate is not in force by staff's decision: suspended or revoked (ADR 0032); a set's
credential's bit is set when it is revoked (ADR 0035). Verifiers that follow only `revocation`
(1EdTech's validator) and those that check every entry (Digital Bazaar's) then agree that such a
credential is not valid; which of the two it is, and "replaced", is said by the verification
page, the API and the site's own check. Series made before that decision also hold a suspension
list, which keeps following suspensions for the credentials that still name it.
"""

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from certify.certificates.credentials import sign, statuslist
from certify.certificates.models import Certificate, SetCredential, StatusList
from certify.certificates.services.keys import issuer_did, issuer_signing_key

NOT_IN_FORCE = (Certificate.Status.REVOKED, Certificate.Status.SUSPENDED)


def _bit_wanted(purpose: str, status: str) -> bool:
    """Whether a certificate in `status` has its bit set on a list of `purpose`."""
    if purpose == StatusList.Purpose.REVOCATION:
        return status in NOT_IN_FORCE
    return status == Certificate.Status.SUSPENDED


def _series_create(series: int) -> None:
    for purpose in (StatusList.Purpose.REVOCATION,):
        status_list, created = StatusList.objects.get_or_create(
            purpose=purpose, series=series, defaults={"bits": statuslist.empty()}
        )
        if created:
            _status_list_sign(status_list)


@transaction.atomic(savepoint=False)
def status_indexes_allocate(count: int) -> list[tuple[int, int]]:
    """`count` free (series, index) entries for new certificates or set credentials, in three
    queries (more only when a series fills or an entry was held already). The current list's
    row stays locked until the caller's transaction ends, so two callers never get the same
    entry."""
    entries: list[tuple[int, int]] = []
    while len(entries) < count:
        current = (
            StatusList.objects.select_for_update()
            .filter(purpose=StatusList.Purpose.REVOCATION)
            .only("series", "length", "allocated", "shuffle_key")
            .order_by("-series")
            .first()
        )
        if current is None or current.is_full:
            _series_create(current.series + 1 if current else 1)
            continue
        take = min(count - len(entries), current.length - current.allocated)
        key = bytes.fromhex(current.shuffle_key)
        block = [
            statuslist.shuffled_index(key, position, current.length)
            for position in range(current.allocated, current.allocated + take)
        ]
        held = _held(current.series, block)
        entries += [(current.series, index) for index in block if index not in held]
        StatusList.objects.filter(pk=current.pk).update(allocated=current.allocated + take)
    return entries


def _held(series: int, indexes: list[int]) -> set[int]:
    """Which of these entries a certificate or a set credential holds already, in one query.
    None, unless the list was also filled another way (an older release still running beside
    this one, a restore): such an entry is passed over rather than refused at the insert
    again and again."""
    certificates = (
        Certificate.objects.filter(status_list_series=series, status_list_index__in=indexes)
        .order_by()
        .values_list("status_list_index", flat=True)
    )
    sets = (
        SetCredential.objects.filter(status_list_series=series, status_list_index__in=indexes)
        .order_by()
        .values_list("status_list_index", flat=True)
    )
    return {index for index in certificates.union(sets).order_by() if index is not None}


def status_index_allocate() -> tuple[int, int]:
    """One free (series, index): `status_indexes_allocate` for a single credential."""
    return status_indexes_allocate(1)[0]


def status_entry_for(certificate: Certificate) -> dict[str, Any]:
    """The credential's one status entry: its index on its series' revocation list."""
    index, series = certificate.status_list_index, certificate.status_list_series
    if index is None or series is None:
        raise ValueError(f"Certificate {certificate.pk} has no status list entry.")
    return revocation_entry_for(series=series, index=index)


@transaction.atomic
def status_bits_apply(*, certificate: Certificate) -> None:
    """Set the certificate's bits from its status (`_bit_wanted`). A changed list is signed
    again at once, in the same transaction: reading a list (a GET) never writes."""
    index, series = certificate.status_list_index, certificate.status_list_series
    if index is None or series is None:
        return
    for sl in StatusList.objects.select_for_update().filter(series=series):
        bits = bytes(sl.bits)
        changed = statuslist.bit_set(bits, index, _bit_wanted(sl.purpose, certificate.status))
        if changed != bits:
            sl.bits = changed
            _status_list_sign(sl, fields=["bits"])


def revocation_entry_for(*, series: int, index: int) -> dict[str, Any]:
    """The one BitstringStatusListEntry (purpose revocation) of a credential at (series,
    index): a certificate's or a completed set's. No query: entries are only ever handed out
    from lists that exist (`status_indexes_allocate`), and lists are never deleted."""
    purpose = StatusList.Purpose.REVOCATION.value
    return statuslist.entry(
        list_url=StatusList.url_of(purpose=purpose, series=series), index=index, purpose=purpose
    )


@transaction.atomic
def set_credential_bits_apply(*, set_credential: SetCredential) -> None:
    """Set a set credential's revocation bit from its status; a changed list is signed again at
    once, in the same transaction (as `status_bits_apply` does for certificates)."""
    revoked = set_credential.status == SetCredential.Status.REVOKED
    for sl in StatusList.objects.select_for_update().filter(
        series=set_credential.status_list_series, purpose=StatusList.Purpose.REVOCATION
    ):
        bits = bytes(sl.bits)
        changed = statuslist.bit_set(bits, set_credential.status_list_index, revoked)
        if changed != bits:
            sl.bits = changed
            _status_list_sign(sl, fields=["bits"])


def _status_list_sign(status_list: StatusList, *, fields: list[str] | None = None) -> None:
    """Sign the list as its bits are now and keep the signed credential (the caller holds the
    row, or has just made it); `fields` are other changed fields to save with it."""
    status_list.signed = _signed_document(status_list)
    status_list.save(update_fields=[*(fields or []), "signed", "updated_at"])


def status_list_credential(*, status_list: StatusList) -> dict[str, Any]:
    """The signed BitstringStatusListCredential as kept when its bits last changed.

    A list kept without one (made before lists were signed as they change) is signed here and
    held in the cache until its bits change, never written to the database: this is read on GET.
    """
    if status_list.signed:
        return status_list.signed
    key = f"certificates:status-list:{status_list.pk}:{status_list.updated_at.timestamp()}"
    document = cache.get(key)
    if document is None:
        document = _signed_document(status_list)
        cache.set(key, document, timeout=None)
    return document


def _signed_document(status_list: StatusList) -> dict[str, Any]:
    private_key, method = issuer_signing_key()
    now = timezone.now()
    document = statuslist.list_credential(
        list_url=status_list.url,
        issuer=issuer_did(),
        purpose=status_list.purpose,
        bits=bytes(status_list.bits),
        valid_from=sign.xsd_datetime(now),
    )
    return sign.sign(document, private_key=private_key, verification_method=method, created=now)


def status_lists_regenerate() -> int:
    """Recompute every list's bits from its certificates' and set credentials' statuses and sign
    it again (after a restore, a key rotation, or to repair a list). Reads them one series at a
    time, only their index and status; returns the number of lists signed."""
    signed = 0
    for series in StatusList.objects.order_by("series").values_list("series", flat=True).distinct():
        with transaction.atomic():
            lists = list(StatusList.objects.select_for_update().filter(series=series))
            entries = Certificate.objects.filter(
                status_list_series=series, status__in=NOT_IN_FORCE
            ).values_list("status_list_index", "status")
            wanted = {sl.purpose: bytearray(len(bytes(sl.bits))) for sl in lists}
            for index, status in entries.iterator():
                for purpose, bits in wanted.items():
                    if index is not None and _bit_wanted(purpose, status):
                        bits[index // 8] |= 0x80 >> (index % 8)
            revoked_sets = SetCredential.objects.filter(
                status_list_series=series, status=SetCredential.Status.REVOKED
            ).values_list("status_list_index", flat=True)
            revocation = wanted.get(StatusList.Purpose.REVOCATION)
            for index in revoked_sets.iterator():
                if revocation is not None:
                    revocation[index // 8] |= 0x80 >> (index % 8)
            for sl in lists:
                sl.bits = bytes(wanted[sl.purpose])
                _status_list_sign(sl, fields=["bits"])
                signed += 1
    return signed
