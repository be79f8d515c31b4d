"""A person's certificates, their completed sets' credentials, public profile and listing in the
public register, for their data export; closing the account deletes the public profile and the
listing and ends pending wallet offers (certificates and set credentials stay, so verification
tells the truth).

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from typing import Any

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.certificates.models import (
    Certificate,
    PublicProfile,
    RegisterListing,
    SetCredential,
    WalletIssuance,
)
from certify.certificates.services.wallet import wallet_offers_withdraw


def _erase_certificates(user: User) -> None:
    PublicProfile.objects.filter(user=user).delete()
    RegisterListing.objects.filter(user=user).delete()
    # An offer made before closing must not deliver the certificate afterwards (ADR 0033).
    wallet_offers_withdraw(certificates=Certificate.objects.filter(holder=user))


@privacy_part("certificates", erase=_erase_certificates)
def _certificates(user: User) -> dict[str, Any]:
    return {
        "certificates": rows(Certificate.objects.filter(holder=user)),
        "set_credentials": rows(SetCredential.objects.filter(holder=user)),
        "public_profile": rows(PublicProfile.objects.filter(user=user)),
        "public_register_listing": rows(RegisterListing.objects.filter(user=user)),
        # The wallets' DIDs the holder's credentials were bound to (ADR 0033); kept after the
        # account closes, like the certificates, so that a re-issue can reach the wallets.
        "wallet_issuances": rows(WalletIssuance.objects.filter(certificate__holder=user)),
    }
