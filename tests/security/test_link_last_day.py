"""A link that lasts N days works through the whole of the day its e-mail names, not N x 24
hours from the minute it was sent (ADR 0024, "Days, not hours"): a supervisor's and an
attester's link until the end of that day in the program's time zone, a colleague's invitation
in the site's. Each is tried on either side of its last midnight with a daylight saving change
in between: in spring the day is an hour short, in autumn an hour long, and neither moves the
day or the midnight. Before, a link sent at 09:15 said "works until March 31" and stopped at
10:15 that morning; one sent at 00:30 before the autumn change stopped at 23:30 on the day
before the one 30 days on."""

from datetime import datetime

import pytest
from django.core import mail
from django.urls import reverse

from certify.accounts.models import ColleagueInvitation, Role
from certify.applications import services as applications
from certify.applications.models import ExperienceEntry
from certify.courses import services as courses
from certify.notifications.models import OutgoingEmail
from certify.portfolios import services as portfolios
from certify.portfolios.models import EvidenceItem
from tests.factories import ApplicationFactory, ExperienceEntryFactory, ProviderFactory, UserFactory
from tests.portfolios.conftest import enroll, plan_portfolio

TEXT = "Dana ran our evening desk alone for a year and handled every complaint with care."


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _token(marker: str) -> str:
    return mail.outbox[-1].body.split(marker)[1].split("/")[0]


def _supervisor_link(lsscp, capture) -> tuple[ExperienceEntry, str]:
    candidate = UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])
    application = ApplicationFactory(candidate=candidate, program=lsscp)
    ExperienceEntryFactory(application=application, library_name="Riverside Public Library")
    entry = application.experience.get()
    entry.supervisor_name, entry.supervisor_email = "Pat Lee", "pat@riverside.example"
    entry.save(update_fields=["supervisor_name", "supervisor_email"])
    with capture(execute=True):
        applications.supervisor_request(entry=entry, actor=candidate)
    return entry, _token("/supervisor/")


SPRING = (  # sent in CST, ends in CDT; N x 24 hours stopped at 10:15 on the 31st
    "2027-03-01T09:15:00-06:00",
    "March 31, 2027",
    "2027-03-31T23:59:00-05:00",
    "2027-04-01T00:00:30-05:00",
)
AUTUMN = (  # sent at 00:30 in CDT; N x 24 hours ended at 23:30 on November 8, in CST
    "2027-10-10T00:30:00-05:00",
    "November 9, 2027",
    "2027-11-09T23:59:00-06:00",
    "2027-11-10T00:00:30-06:00",
)
EDGES = pytest.mark.parametrize(
    ("sent", "last_day", "still_works", "stopped"), [SPRING, AUTUMN], ids=["spring", "autumn"]
)


@EDGES
def test_a_supervisors_link_works_through_the_last_day_its_e_mail_names(
    client,
    lsscp,
    settings,
    time_machine,
    django_capture_on_commit_callbacks,
    *,
    sent,
    last_day,
    still_works,
    stopped,
):
    settings.CONFIRMATION_LINK_DAYS = 30
    time_machine.move_to(_at(sent), tick=False)
    entry, token = _supervisor_link(lsscp, django_capture_on_commit_callbacks)
    assert f"The link below works until {last_day} and can be used once." in _flat(
        mail.outbox[-1].body
    )
    url = reverse("applications:supervisor", args=[token])
    time_machine.move_to(_at(still_works), tick=False)
    assert client.get(url).status_code == 200
    client.force_login(entry.application.candidate)
    page = _flat(client.get(entry.application.get_absolute_url()).text)
    assert f"it works once, until {last_day}, and stops when you submit." in page
    client.logout()
    time_machine.move_to(_at(stopped), tick=False)
    refused = client.get(url)
    assert refused.status_code == 410
    assert "This link has expired. Ask the candidate to send a new one." in refused.text
    time_machine.move_to(_at(still_works), tick=False)
    answered = client.post(url, {"answer": "confirm", "hours": "", "note": ""})
    assert answered.status_code == 200
    entry.refresh_from_db()
    assert entry.supervisor_status == ExperienceEntry.SupervisorStatus.CONFIRMED


@EDGES
def test_an_attesters_link_works_through_the_last_day_its_e_mail_names(
    client,
    lsscp,
    settings,
    time_machine,
    django_capture_on_commit_callbacks,
    *,
    sent,
    last_day,
    still_works,
    stopped,
):
    settings.CONFIRMATION_LINK_DAYS = 30
    time_machine.move_to(_at(sent), tick=False)
    planned = plan_portfolio(enroll(lsscp))
    candidate = planned.application.candidate
    portfolio = portfolios.portfolio_open(planned=planned, actor=candidate)
    with django_capture_on_commit_callbacks(execute=True):
        item = portfolios.evidence_request_attestation(
            response=portfolio.responses.first(),
            actor=candidate,
            attester_name="Pat Lee",
            attester_email="pat@riverside.example",
            title="Evening desk",
            description="What you saw at the evening desk.",
        )
    assert f"The link below works until {last_day} and can be used once" in _flat(
        mail.outbox[-1].body
    )
    url = f"/attest/{_token('/attest/')}/"
    time_machine.move_to(_at(stopped), tick=False)
    refused = client.get(url)
    assert refused.status_code == 410
    assert "This link has expired. Ask the candidate to send a new request." in refused.text
    assert client.post(url, {"answer": "give", "text": TEXT}).status_code == 410
    time_machine.move_to(_at(still_works), tick=False)
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "give", "text": TEXT}).status_code == 200
    item.refresh_from_db()
    assert item.attestation_status == EvidenceItem.AttestationStatus.GIVEN


# A colleague's invitation counts its days in the site's zone (Chicago, as LSSCP): 14 days.
INVITED = pytest.mark.parametrize(
    ("sent", "last_day", "still_works", "stopped"),
    [
        (  # spring: 14 x 24 hours from 12:00 CST ended at 13:00 CDT on the 24th
            "2027-03-10T12:00:00-06:00",
            "March 24, 2027",
            "2027-03-24T23:59:00-05:00",
            "2027-03-25T00:00:30-05:00",
        ),
        (  # autumn: 14 x 24 hours from 00:30 CDT ended at 23:30 CST on the 13th
            "2027-10-31T00:30:00-05:00",
            "November 14, 2027",
            "2027-11-14T23:59:00-06:00",
            "2027-11-15T00:00:30-06:00",
        ),
    ],
    ids=["spring", "autumn"],
)


@INVITED
def test_a_colleagues_invitation_works_through_the_last_day_it_names(
    client, db, time_machine, *, sent, last_day, still_works, stopped
):
    time_machine.move_to(_at(sent), tick=False)
    inviter = UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])
    provider = ProviderFactory(name="Northside Community College", staff=[inviter])
    colleague = UserFactory(email="sam@northside.example.edu", roles=[Role.CANDIDATE])
    courses.provider_member_invite(provider=provider, actor=inviter, email=colleague.email)
    invitation = ColleagueInvitation.objects.get()
    assert invitation.expires_on.strftime("%B %-d, %Y") == last_day
    body = _flat(OutgoingEmail.objects.get(to=colleague.email).text_body)
    assert f"The link works once, until {last_day}." in body
    url = reverse("accounts:invitation_link", args=[body.split("/invitations/link/")[1][:43]])
    time_machine.move_to(_at(stopped), tick=False)
    client.force_login(colleague)  # a session lasts 12 hours: signed in at each moment
    refused = client.get(url)
    assert refused.status_code == 410
    assert f"This invitation expired on {last_day}." in _flat(refused.text)
    time_machine.move_to(_at(still_works), tick=False)
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "accept"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == ColleagueInvitation.Status.ACCEPTED
