"""People and keys the courses workflow tables try: each kind of actor, by its tie to a provider."""

import secrets

from certify.accounts.models import Role
from certify.courses.models import Provider, ProviderApiKey
from tests.factories import ProviderFactory, UserFactory


def api_key(provider: Provider, *, revoked: bool = False) -> ProviderApiKey:
    from django.utils import timezone

    return ProviderApiKey.objects.create(
        provider=provider,
        name="Our learning system",
        prefix=secrets.token_hex(4),
        key_hash="not used: the table gives the key itself",
        revoked_at=timezone.now() if revoked else None,
    )


class People:
    """One of each: staff, staff who also act for `provider`, the provider's own staff, another
    provider's staff, a candidate, a reviewer and a superuser without a role."""

    def __init__(self) -> None:
        self.staff = UserFactory(roles=[Role.PROGRAM_STAFF])
        self.provider_staff = UserFactory(roles=[Role.PROVIDER])
        self.staff_at_provider = UserFactory(roles=[Role.PROGRAM_STAFF, Role.PROVIDER])
        self.elsewhere = UserFactory(roles=[Role.PROVIDER])
        self.candidate = UserFactory(roles=[Role.CANDIDATE])
        self.reviewer = UserFactory(roles=[Role.REVIEWER])
        self.superuser = UserFactory(roles=[], is_superuser=True)
        self.other_provider = ProviderFactory(staff=[self.elsewhere])
        self.other_key = api_key(self.other_provider)

    def provider(self, **fields) -> Provider:
        return ProviderFactory(staff=[self.provider_staff, self.staff_at_provider], **fields)
