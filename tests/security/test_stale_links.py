"""Links e-mailed to people without an account, after what they act on changed or once altered,
beyond what `tests/applications/test_confirmations.py`, `tests/portfolios/test_attestations.py`
and the colleague invitations' tests already prove (replays, expiry, submission, a closed
account, another signed-in person, a mail scanner's GET):

- a supervisor's link after the candidate withdrew the application (a draft, never submitted)
  said "The application was submitted before you answered": it says she withdrew it, on the
  scanner's GET and the supervisor's POST alike, and answers nothing;
- a supervisor's or an attester's link while an administrator has deactivated the candidate's
  account says the account is not active at the moment (the attester's said the candidate
  closed it), and answers nothing;
- a link changed by one character, or a link of one kind pasted where another kind is opened
  (a supervisor's at the attestation address and the reverse), is "not valid" in the holder's
  words, names no candidate and writes nothing; an invitation's token changed by one character
  is the same "not valid" page as one never made.
"""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from certify.accounts.models import ColleagueInvitation, Role
from certify.applications import services as applications
from certify.applications.models import ExperienceEntry
from certify.core.links import ACCOUNT_NOT_ACTIVE, NOT_VALID
from certify.courses import services as courses
from certify.notifications.models import OutgoingEmail
from certify.portfolios import services as portfolios
from certify.portfolios.models import EvidenceItem
from tests.conftest import writes_during
from tests.factories import ApplicationFactory, ExperienceEntryFactory, ProviderFactory, UserFactory
from tests.portfolios.conftest import complete, enroll, make_reviewers, plan_portfolio

NAME = "Dana Okafor"
WITHDRAWN = (
    "The candidate withdrew this application, so this link no longer works. Nothing more is "
    "needed from you."
)

DEACTIVATED = ACCOUNT_NOT_ACTIVE


def _flat(text: str) -> str:
    return " ".join(html.unescape(text).split())


def _without_csrf(text: str) -> str:
    return _flat(re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text))


def _token(marker: str) -> str:
    return mail.outbox[-1].body.split(marker)[1].split("/")[0]


def _altered(token: str) -> str:
    """The token with one character changed (its middle, so the signature no longer matches)."""
    at = len(token) // 2
    return token[:at] + ("A" if token[at] != "A" else "B") + token[at + 1 :]


def supervisor_asked(lsscp, capture) -> tuple[ExperienceEntry, str]:
    """A draft whose one job names a supervisor, asked by e-mail; the entry and its token."""
    candidate = UserFactory(full_name=NAME, roles=[Role.CANDIDATE])
    application = ApplicationFactory(candidate=candidate, program=lsscp)
    ExperienceEntryFactory(application=application, library_name="Riverside Public Library")
    entry = application.experience.get()
    entry.supervisor_name, entry.supervisor_email = "Pat Lee", "pat@riverside.example"
    entry.save(update_fields=["supervisor_name", "supervisor_email"])
    with capture(execute=True):
        applications.supervisor_request(entry=entry, actor=candidate)
    return entry, _token("/supervisor/")


def attester_asked(lsscp, capture) -> tuple[EvidenceItem, str]:
    planned = plan_portfolio(enroll(lsscp))
    candidate = planned.application.candidate
    portfolio = portfolios.portfolio_open(planned=planned, actor=candidate)
    with capture(execute=True):
        item = portfolios.evidence_request_attestation(
            response=portfolio.responses.first(),
            actor=candidate,
            attester_name="Pat Lee",
            attester_email="pat@riverside.example",
            title="Evening desk",
            description="What you saw at the evening desk.",
        )
    return item, _token("/attest/")


def test_a_supervisors_link_after_the_candidate_withdrew_says_so_and_answers_nothing(
    client, lsscp, django_capture_on_commit_callbacks
):
    entry, token = supervisor_asked(lsscp, django_capture_on_commit_callbacks)
    application = entry.application
    applications.application_withdraw(application=application, actor=application.candidate)
    url = reverse("applications:supervisor", args=[token])
    seen = []
    assert writes_during(lambda: seen.append(client.get(url))) == []  # a scanner's GET
    assert seen[0].status_code == 410
    assert WITHDRAWN in _flat(seen[0].text)
    assert "submitted" not in seen[0].text
    posted = client.post(url, {"answer": "confirm", "hours": "", "note": ""})
    assert posted.status_code == 410
    assert WITHDRAWN in _flat(posted.text)
    entry.refresh_from_db()
    assert entry.supervisor_status == ExperienceEntry.SupervisorStatus.REQUESTED


@pytest.mark.parametrize("where", ["supervisor", "attest"])
@pytest.mark.parametrize("kind", ["supervisor", "attestation"])
def test_an_altered_or_misplaced_link_is_not_valid_names_nobody_and_writes_nothing(
    client, lsscp, django_capture_on_commit_callbacks, kind, where
):
    """One character changed, or a link of the other kind opened at this kind's address (the
    same random id under another purpose's signature): "not valid", as for a link cut short."""
    ask = supervisor_asked if kind == "supervisor" else attester_asked
    _, token = ask(lsscp, django_capture_on_commit_callbacks)
    own = (kind == "supervisor") == (where == "supervisor")
    tries = [_altered(token)] + ([] if own else [token])
    seen: list = []
    for tried in tries:
        url = (
            reverse("applications:supervisor", args=[tried])
            if where == "supervisor"
            else f"/attest/{tried}/"
        )
        assert writes_during(lambda u=url: seen.append(client.get(u))) == []
        body = {"answer": "confirm", "hours": "", "note": ""}
        if where == "attest":
            body = {"answer": "give", "text": "Dana ran our evening desk for a year."}
        assert writes_during(lambda u=url, b=body: seen.append(client.post(u, b))) == []
    assert len(seen) == 2 * len(tries)
    for page in seen:
        assert page.status_code == 400
        assert NOT_VALID in _flat(page.text)
        assert NAME not in page.text
    assert not EvidenceItem.objects.filter(attestation_status="given").exists()
    assert not ExperienceEntry.objects.filter(supervisor_status="confirmed").exists()


def test_an_altered_invitation_link_is_the_page_of_one_never_made(client, db):
    inviter = UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])
    provider = ProviderFactory(name="Northside Community College", staff=[inviter])
    colleague = UserFactory(email="sam@northside.example.edu", roles=[Role.CANDIDATE])
    courses.provider_member_invite(provider=provider, actor=inviter, email=colleague.email)
    body = _flat(OutgoingEmail.objects.get(to=colleague.email).text_body)
    token = body.split("/invitations/link/")[1][:43]
    client.force_login(colleague)
    never = client.get(reverse("accounts:invitation_link", args=["x" * 43]))
    url = reverse("accounts:invitation_link", args=[_altered(token)])
    seen = []
    assert writes_during(lambda: seen.append(client.get(url))) == []
    assert writes_during(lambda: seen.append(client.post(url, {"answer": "accept"}))) == []
    for page in seen:
        assert page.status_code == never.status_code == 404
        assert _without_csrf(page.text) == _without_csrf(never.text)
        assert "Northside" not in page.text
    assert ColleagueInvitation.objects.get().status == ColleagueInvitation.Status.PENDING


def test_a_reviewer_following_her_e_mail_to_a_review_that_ended_reads_that_it_ended(
    client, lsscp, django_capture_on_commit_callbacks
):
    """The `review.assigned` e-mail links to `/review/<id>/`; the candidate then closes their
    account and Certify withdraws the review (the reviewer is told by a notice). Her old e-mail's
    link should say, in her words, that the review ended and nothing more is needed: it is her
    own review, so saying so reveals nothing an unknown id would hide."""
    from certify.accounts.privacy import account_close
    from certify.portfolios.models import ReviewAssignment
    from tests.factories import PASSWORD

    make_reviewers()
    planned = plan_portfolio(enroll(lsscp))
    candidate = planned.application.candidate
    portfolio = complete(portfolios.portfolio_open(planned=planned, actor=candidate))
    with django_capture_on_commit_callbacks(execute=True):
        submitted = portfolios.portfolio_submit(portfolio=portfolio, actor=candidate)
    assignment = submitted.assignments.order_by("pk").last()
    with django_capture_on_commit_callbacks(execute=True):
        account_close(user=candidate, password=PASSWORD)
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.WITHDRAWN
    client.force_login(assignment.reviewer)
    page = client.get(reverse("portfolios:assess", args=[assignment.pk]))
    assert page.status_code != 500
    assert NAME not in page.text
    assert "We could not find that page" not in page.text
    assert "ended" in _flat(page.text)


def test_a_supervisors_link_stops_while_the_candidates_account_is_deactivated(
    client, lsscp, staff, django_capture_on_commit_callbacks
):
    """An administrator deactivates the candidate's account: the attester's link already stopped
    (it reads the account's state); the supervisor's went on answering into the inactive
    account's application. It stops in words and answers nothing; active again, it works."""
    from certify.accounts.services import account_deactivate

    entry, token = supervisor_asked(lsscp, django_capture_on_commit_callbacks)
    candidate = entry.application.candidate
    with django_capture_on_commit_callbacks(execute=True):
        account_deactivate(user=candidate, actor=staff, reason="Reported as a duplicate.")
    url = reverse("applications:supervisor", args=[token])
    seen = []
    assert writes_during(lambda: seen.append(client.get(url))) == []
    seen.append(client.post(url, {"answer": "confirm", "hours": "", "note": ""}))
    for page in seen:
        assert page.status_code == 410
        assert DEACTIVATED in _flat(page.text)
        assert NAME not in page.text
    entry.refresh_from_db()
    assert entry.supervisor_status == ExperienceEntry.SupervisorStatus.REQUESTED
    candidate.is_active = True
    candidate.save(update_fields=["is_active"])
    assert client.post(url, {"answer": "confirm", "hours": "", "note": ""}).status_code == 200
    entry.refresh_from_db()
    assert entry.supervisor_status == ExperienceEntry.SupervisorStatus.CONFIRMED


def test_an_attesters_link_while_the_account_is_deactivated_says_so_not_closed(
    client, lsscp, staff, django_capture_on_commit_callbacks
):
    """It said "The candidate closed their account", which is not what happened: the account
    is not active at the moment (the supervisor's words), nothing is taken; active again (the
    portfolio still open, the link not expired), it works."""
    from certify.accounts.services import account_deactivate

    item, token = attester_asked(lsscp, django_capture_on_commit_callbacks)
    candidate = item.response.portfolio.planned_set.application.candidate
    with django_capture_on_commit_callbacks(execute=True):
        account_deactivate(user=candidate, actor=staff, reason="Reported as a duplicate.")
    url = f"/attest/{token}/"
    body = {"answer": "give", "text": "Dana ran our evening desk for a year."}
    seen = []
    assert writes_during(lambda: seen.append(client.get(url))) == []
    seen.append(client.post(url, body))
    for page in seen:
        assert page.status_code == 410
        assert DEACTIVATED in _flat(page.text)
        assert "closed their account" not in page.text
        assert NAME not in page.text
    item.refresh_from_db()
    assert item.attestation_status == EvidenceItem.AttestationStatus.REQUESTED
    candidate.is_active = True
    candidate.save(update_fields=["is_active"])
    assert client.get(url).status_code == 200
