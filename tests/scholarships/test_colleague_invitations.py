"""Adding someone to a sponsor is an invitation they accept (ADR 0025).

Before: `sponsor_member_add` attached any account with the sponsor role at once, and the form
said "Nobody has an account with the e-mail address …" otherwise (account enumeration).
"""

import pytest
from django.urls import reverse

from certify.accounts.models import ColleagueInvitation, Role, User
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.notifications.models import OutgoingEmail
from certify.scholarships import services
from certify.scholarships.models import SponsorMember
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.invitations import answers_for, link_in

S = ColleagueInvitation.Status


def roles_of(user) -> frozenset[str]:
    return User.objects.get(pk=user.pk).roles


def test_inviting_attaches_nothing_and_accepting_gives_the_offered_role(client, ssd, ssd_admin):
    person = UserFactory(email="pat@example.org", roles=[Role.CANDIDATE])
    services.sponsor_member_invite(
        sponsor=ssd, email="Pat@Example.org", role="committee", actor=ssd_admin
    )
    assert not SponsorMember.objects.filter(user=person).exists()
    assert Role.SPONSOR not in roles_of(person)
    email = OutgoingEmail.objects.get(to="pat@example.org")
    assert "as committee member" in email.text_body
    link = link_in(email)
    client.force_login(person)
    client.post(link, {"answer": "accept"})
    assert SponsorMember.objects.get(user=person, sponsor=ssd).role == "committee"
    assert Role.SPONSOR in roles_of(person)
    assert AuditEvent.objects.filter(verb="scholarship.member_added", actor=person).exists()
    assert AuditEvent.objects.get(verb="role.granted", target_id=str(person.pk)).actor == ssd_admin


def test_the_invitation_says_where_to_report_abuse(lsscp, ssd, ssd_admin, settings):
    """Signed by the site (a sponsor is on the site, not one program's), the invitation lost its
    "To report abuse, write to …"; the site's own address (`SITE_CONTACT_EMAIL`) gives it."""
    settings.SITE_CONTACT_EMAIL = "help@certify.example.org"
    services.sponsor_member_invite(
        sponsor=ssd, email="kim@example.org", role="committee", actor=ssd_admin
    )
    email = OutgoingEmail.objects.get(to="kim@example.org")
    assert "To report abuse, write to help@certify.example.org." in email.text_body
    assert lsscp.contact_email not in email.text_body


def test_committee_members_cannot_invite(ssd, committee):
    with pytest.raises(DomainError, match=r"Only .* administrators may do this"):
        services.sponsor_member_invite(
            sponsor=ssd, email="pat@example.org", role="committee", actor=committee
        )
    assert not ColleagueInvitation.objects.exists()


def test_the_form_answers_the_same_with_or_without_an_account(client, ssd, ssd_admin):
    person = UserFactory(email="has@example.org", roles=[Role.CANDIDATE])
    client.force_login(ssd_admin)
    url = reverse("scholarships:members", args=[ssd.slug])
    with_account, without = answers_for(
        client, url, ("has@example.org", "none@example.org"), role="admin"
    )
    assert with_account == without
    assert without[0] == 302
    assert "We sent an invitation to ADDRESS" in without[3]
    assert not SponsorMember.objects.filter(user=person).exists()
    assert Role.SPONSOR not in roles_of(person)


def test_the_administrator_withdraws_and_a_committee_member_cannot(
    client, ssd, ssd_admin, committee
):
    person = UserFactory(email="pat@example.org")
    invitation = services.sponsor_member_invite(
        sponsor=ssd, email="pat@example.org", role="admin", actor=ssd_admin
    )
    client.force_login(committee)
    url = reverse("accounts:invitation_withdraw", args=[invitation.pk])
    assert client.post(url).status_code == 403
    client.force_login(ssd_admin)
    response = client.post(url)
    assert response.url == reverse("scholarships:members", args=[ssd.slug])
    invitation.refresh_from_db()
    assert invitation.status == S.WITHDRAWN
    client.force_login(person)
    client.post(link_in(OutgoingEmail.objects.get()), {"answer": "accept"})
    assert not SponsorMember.objects.filter(user=person).exists()


def test_the_members_page_lists_pending_invitations_in_a_fixed_number_of_queries(
    client, ssd, ssd_admin
):
    client.force_login(ssd_admin)
    url = reverse("scholarships:members", args=[ssd.slug])
    services.sponsor_member_invite(
        sponsor=ssd, email="a@example.org", role="admin", actor=ssd_admin
    )
    few = count_queries(lambda: client.get(url))
    for n in range(5):
        services.sponsor_member_invite(
            sponsor=ssd, email=f"p{n}@example.org", role="committee", actor=ssd_admin
        )
    page = client.get(url)
    assert "p4@example.org" in page.text
    assert "Withdraw" in page.text
    assert count_queries(lambda: client.get(url)) == few


def test_the_seed_path_attaches_without_an_invitation_and_only_an_accepted_one_for_people(
    ssd, ssd_admin
):
    person = UserFactory(email="pat@example.org")
    invitation = services.sponsor_member_invite(
        sponsor=ssd, email="pat@example.org", role="admin", actor=ssd_admin
    )
    with pytest.raises(DomainError, match="Only an accepted invitation"):
        services.sponsor_member_add(sponsor=ssd, user=person, role="admin", invitation=invitation)
    services.sponsor_member_add(sponsor=ssd, user=person, role="committee")  # demo data
    assert SponsorMember.objects.get(user=person).role == "committee"
