"""A signing key that is no longer trusted: withdraw it, re-sign the status lists with the active
key, re-issue what it signed and tell the holders (ADR 0036; `issuer_keys compromise`).

Withdrawing the key and re-signing every status list happen in one transaction: a status list
signed by a withdrawn key would make every credential on it fail, so the two are never apart.
The credentials it signed are then re-issued in batches (`credentials_reissue`), which may stop
and be run again: the key stays withdrawn and the run picks up what is left.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from certify.certificates.models import IssuerKey
from certify.certificates.services.keys import issuer_key_withdraw
from certify.certificates.services.reissue import ReissueReport, Selection, credentials_reissue
from certify.certificates.services.statuslists import status_lists_regenerate


@dataclass
class CompromiseReport:
    new_key: IssuerKey | None
    lists_signed: int
    reissue: ReissueReport


def issuer_key_compromise(
    *,
    fragment: str,
    actor: Any,
    reason: str,
    batch_size: int = 200,
    progress: Callable[[str], None] | None = None,
) -> CompromiseReport:
    """Withdraw the key `fragment` (a new active key if it was the active one), re-sign every
    status list, re-issue every credential it signed, tell their holders."""
    with transaction.atomic():
        new_key = issuer_key_withdraw(fragment=fragment, actor=actor, reason=reason)
        lists_signed = status_lists_regenerate()
    report = credentials_reissue(
        selection=Selection(signed_by=fragment), batch_size=batch_size, progress=progress
    )
    return CompromiseReport(new_key=new_key, lists_signed=lists_signed, reissue=report)
