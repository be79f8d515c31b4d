"""The day a colleague invitation expires is the day in the site's time zone, on every surface
(the inviter's message, the e-mail, the link's page, the lists, the "expired on" answer), not in
whatever zone a page happens to be rendered under. An invitation is for an organization (a course
provider, a scholarship sponsor), which has no time zone and works with every program whatever
theirs (RMT is in Denver, LSSCP in Chicago), and the site signs its e-mail, not a program
(ADR 0025)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from certify.accounts.invitations import invitation_days, invitation_sent_message, why_closed
from certify.accounts.models import ColleagueInvitation, Role
from certify.courses import services
from certify.notifications.models import OutgoingEmail
from tests.factories import ProviderFactory, UserFactory

# Sent at 06:30 UTC on 17 February 2027: 00:30 on the 17th in Chicago (the site's zone), still
# 23:30 on the 16th in Denver. Its last day is the 14th after the site's day, 3 March: it ends at
# the midnight after it in Chicago (ADR 0024, "Days, not hours"), 06:00 UTC on 4 March, still
# 23:00 on 3 March in Denver.
SENT = datetime(2027, 2, 17, 6, 30, tzinfo=UTC)
EXPIRES = datetime(2027, 3, 4, 6, 0, tzinfo=UTC)


@pytest.fixture
def invitation(db, monkeypatch):
    inviter = UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])
    provider = ProviderFactory(name="Northside Community College", staff=[inviter])
    assert invitation_days() == 14
    monkeypatch.setattr(timezone, "now", lambda: SENT)
    with timezone.override("America/Denver"):
        services.provider_member_invite(provider=provider, actor=inviter, email="robin@example.org")
    monkeypatch.undo()
    return ColleagueInvitation.objects.get(email="robin@example.org")


def test_the_expiry_day_is_the_sites_day_whatever_zone_a_page_is_rendered_in(invitation):
    assert invitation.expires_at == EXPIRES
    assert invitation.expires_on.isoformat() == "2027-03-03"
    with timezone.override("America/Denver"):
        assert "can accept it until March 3, 2027, signed in" in invitation_sent_message(invitation)
        assert why_closed(invitation, EXPIRES + timedelta(minutes=1)) == (
            "This invitation expired on March 3, 2027. Ask Pat Nguyen to send a new one."
        )
    email = OutgoingEmail.objects.get(to="robin@example.org")
    assert "The link works once, until March 3, 2027." in email.text_body


def test_the_invited_persons_list_shows_the_sites_day(client, invitation):
    invitee = UserFactory(email="robin@example.org", roles=[Role.CANDIDATE])
    client.force_login(invitee)
    with timezone.override("America/Denver"):
        page = client.get("/account/invitations/").text
    assert "March 3, 2027" in page
    assert "March 2, 2027" not in page
