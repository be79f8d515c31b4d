"""An invitation that no longer stands (its sender no longer manages the organisation's
colleagues: `why_not_standing`) cannot be declined any more than accepted (ADR 0025): the link's
page, the invited person's list and the API say that it no longer stands and what to do, and
nothing changes (the invitation stays pending, with no answer and no audit row), whoever
declines: the person invited signed in, or the holder of the link signed out."""

import pytest
from django.urls import reverse

from certify.accounts.invitations import colleague_invitation_decline, sender_gone_words
from certify.accounts.models import ColleagueInvitation, Role
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.courses import services as courses
from certify.courses.models import ProviderMembership
from certify.notifications.models import OutgoingEmail
from tests.factories import ProviderFactory, UserFactory
from tests.invitations import link_in

pytestmark = pytest.mark.django_db
S = ColleagueInvitation.Status
ADDRESS = "sam@northside.example.edu"


@pytest.fixture
def gone():
    """An invitation to Sam whose sender has since left the provider; its link; Sam."""
    sender = UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])
    provider = ProviderFactory(name="Northside Community College", staff=[sender])
    sam = UserFactory(email=ADDRESS, roles=[Role.CANDIDATE])
    courses.provider_member_invite(provider=provider, actor=sender, email=ADDRESS)
    invitation = ColleagueInvitation.objects.get(email=ADDRESS)
    link = link_in(OutgoingEmail.objects.get(to=ADDRESS))
    ProviderMembership.objects.filter(user=sender, provider=provider).delete()
    return invitation, link, sam


def unchanged(invitation: ColleagueInvitation) -> None:
    again = ColleagueInvitation.objects.get(pk=invitation.pk)
    assert (again.status, again.answered_at, again.answered_by) == (S.PENDING, None, None)
    assert not AuditEvent.objects.filter(verb__contains="declined").exists()


def on_page(text: str) -> str:
    return text.replace("&#x27;", "'")


def test_the_service_refuses_in_why_not_standings_words(gone):
    invitation, link, sam = gone
    words = sender_gone_words(invitation)
    with pytest.raises(DomainError, match="no longer stands") as refusal:
        colleague_invitation_decline(invitation=invitation, actor=sam)
    assert refusal.value.message == words
    token = link.rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(DomainError, match="no longer stands"):
        colleague_invitation_decline(invitation=invitation, actor=None, token=token)
    unchanged(invitation)


def test_someone_else_is_still_told_only_the_person_invited_can_decline(gone):
    invitation, _link, _sam = gone
    stranger = UserFactory(email="lee@example.org")
    with pytest.raises(DomainError, match="Only the person invited"):
        colleague_invitation_decline(invitation=invitation, actor=stranger)
    unchanged(invitation)


@pytest.mark.parametrize("signed_in", [False, True])
def test_declining_by_the_link_says_it_no_longer_stands_and_changes_nothing(
    client, gone, signed_in
):
    invitation, link, sam = gone
    if signed_in:
        client.force_login(sam)
    response = client.post(link, {"answer": "decline"}, follow=True)
    text = on_page(response.text)
    assert response.status_code == 410  # the link's page, which says why
    assert text.count(sender_gone_words(invitation)) == 1  # said once, not twice
    assert "You declined" not in text
    assert 'name="answer"' not in text
    unchanged(invitation)


def test_declining_from_the_invited_persons_list_says_it_no_longer_stands(client, gone):
    invitation, _link, sam = gone
    client.force_login(sam)
    url = reverse("accounts:invitation_answer", args=[invitation.pk])
    response = client.post(url, {"answer": "decline"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:invitations")
    text = on_page(response.text)
    assert sender_gone_words(invitation) in text
    assert "You declined" not in text
    assert "1 invitation, 0 waiting for your answer" in text  # not "1 waiting"
    unchanged(invitation)


def test_declining_through_the_api_is_a_410_in_the_same_words(client, gone):
    invitation, _link, sam = gone
    client.force_login(sam)
    url = f"/api/v1/account/invitations/{invitation.pk}"
    why = client.get(url).json()["why_not"]
    assert why == sender_gone_words(invitation)
    answer = client.post(f"{url}/answer", {"answer": "decline"}, content_type="application/json")
    assert (answer.status_code, answer.json()["detail"]) == (410, why)
    unchanged(invitation)


def test_a_standing_invitation_is_still_declined(client, gone):
    """The refusal is for one that no longer stands only: the sender back, Sam says no."""
    invitation, link, _sam = gone
    sender = invitation.invited_by
    ProviderMembership.objects.create(user=sender, provider_id=invitation.organisation_id)
    response = client.post(link, {"answer": "decline"}, follow=True)
    assert "You declined the invitation to Northside Community College" in response.text
    assert ColleagueInvitation.objects.get(pk=invitation.pk).status == S.DECLINED
