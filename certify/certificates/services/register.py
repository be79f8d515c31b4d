"""Listing oneself in the public register of holders, and leaving it (ADR 0030).

Only the holder lists or unlists themselves, by a POST from their account page; each change is
in the audit trail. Listing again (another state, or a changed name) updates the listing.
"""

from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.certificates.models import Certificate, RegisterListing
from certify.certificates.register import STATE_NAMES, search_name
from certify.core.errors import DomainError
from certify.core.services import audit_record


@transaction.atomic
def register_listing_set(*, user: User, state: str) -> RegisterListing:
    """List `user` in the public register under `state`, or move their listing there."""
    if state not in STATE_NAMES:
        raise DomainError("Choose the state you want to be listed under.", field="state")
    names = list(
        Certificate.objects.filter(holder=user)
        .exclude(status=Certificate.Status.PENDING)
        .values_list("holder_name", flat=True)
    )
    if not names:
        raise DomainError("You can list yourself once a certificate has been issued to you.")
    key = search_name([user.full_name, *names])
    listing = RegisterListing.objects.select_for_update().filter(user=user).first()
    if listing is None:
        listing = RegisterListing.objects.create(user=user, state=state, search_name=key)
        audit_record(
            actor=user, verb="certificates.register_listed", target=user, data={"state": state}
        )
    elif (listing.state, listing.search_name) != (state, key):
        listing.state, listing.search_name, listing.listed_at = state, key, timezone.now()
        listing.save(update_fields=["state", "search_name", "listed_at"])
        audit_record(
            actor=user, verb="certificates.register_changed", target=user, data={"state": state}
        )
    return listing


@transaction.atomic
def register_listing_remove(*, user: User) -> bool:
    """Take `user` out of the public register; False when they were not listed."""
    deleted, _ = RegisterListing.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=user, verb="certificates.register_unlisted", target=user)
    return bool(deleted)
