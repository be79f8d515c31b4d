"""The holder's public profile page, which they switch on or off."""

from django.db import transaction

from certify.accounts.models import User
from certify.certificates.models import PublicProfile
from certify.core.services import audit_record


@transaction.atomic
def public_profile_set(*, user: User, is_public: bool) -> PublicProfile:
    profile, _ = PublicProfile.objects.select_for_update().get_or_create(user=user)
    if profile.is_public != is_public:
        profile.is_public = is_public
        profile.save(update_fields=["is_public", "updated_at"])
        audit_record(
            actor=user,
            verb="certificates.profile_public" if is_public else "certificates.profile_private",
            target=profile,
        )
    return profile
