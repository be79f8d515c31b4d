"""A person's certificates and public profile, for their data export; closing the account
deletes the public profile (certificates stay, so verification tells the truth).

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from typing import Any

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.certificates.models import Certificate, PublicProfile


def _erase_certificates(user: User) -> None:
    PublicProfile.objects.filter(user=user).delete()


@privacy_part("certificates", erase=_erase_certificates)
def _certificates(user: User) -> dict[str, Any]:
    return {
        "certificates": rows(Certificate.objects.filter(holder=user)),
        "public_profile": rows(PublicProfile.objects.filter(user=user)),
    }
