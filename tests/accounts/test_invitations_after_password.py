"""A new password withdraws the colleague invitations the person sent that are still waiting, as
it stops their API tokens, the provider keys they made and the webhook endpoints they set up:
perhaps someone else had the password and invited an accomplice to act for the provider with
it. The person is told in the one e-mail of the change; others' invitations stay (ADR 0023)."""

import pytest

from certify.accounts.invitations import colleague_invitation_accept
from certify.accounts.models import ColleagueInvitation, Role
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.courses import services as courses
from certify.notifications.models import OutgoingEmail
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_password_withdraws_the_invitations_the_person_sent():
    person = UserFactory(roles=[Role.PROVIDER])
    colleague = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[person, colleague])
    invited = UserFactory(email="invited@example.org")
    theirs = courses.provider_member_invite(
        provider=provider, actor=person, email="invited@example.org"
    )
    others = courses.provider_member_invite(
        provider=provider, actor=colleague, email="someone@example.org"
    )
    person.set_password("a-new-Passphrase-9417")
    person.save()

    theirs.refresh_from_db()
    others.refresh_from_db()
    assert theirs.status == ColleagueInvitation.Status.WITHDRAWN
    assert others.status == ColleagueInvitation.Status.PENDING
    with pytest.raises(DomainError):
        colleague_invitation_accept(invitation=theirs, actor=invited)
    assert not provider.memberships.filter(user=invited).exists()
    row = AuditEvent.objects.get(verb="colleague_invitation.withdrawn", target_id=str(theirs.pk))
    assert row.reason == "The password of the person who sent it was changed."
    sent = OutgoingEmail.objects.get(to=person.email, subject__contains="password was changed")
    assert "The colleague invitation you sent was withdrawn" in sent.text_body


def test_an_invitation_its_sender_no_longer_manages_is_left_as_it_is():
    person = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[person])
    sent = courses.provider_member_invite(provider=provider, actor=person, email="x@example.org")
    provider.memberships.filter(user=person).delete()  # accepting it is refused already
    person.set_password("a-new-Passphrase-9417")
    person.save()
    sent.refresh_from_db()
    assert sent.status == ColleagueInvitation.Status.PENDING
