"""A colleague invitation's link page in each of its states, on a 390 px and a 320 px phone,
signed out and as the person invited: waiting (the buttons), no longer standing because its
sender no longer manages the provider, withdrawn, expired, accepted, declined, and a link that
was never made. Each is checked as the phone walks check a page (no sideways scrolling, axe-core,
headings in order, focus visible); a closed one offers no button, says what to do, and opening
it changes nothing (ADR 0025)."""

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone
from playwright.sync_api import Page

from certify.accounts.invitations import colleague_invite
from certify.accounts.models import ColleagueInvitation, Role
from certify.courses import services as courses
from certify.courses.models import ProviderMembership
from tests.factories import ProviderFactory, UserFactory

from .test_phone_walks import PHONE, phone_problems

S = ColleagueInvitation.Status
INVITED = "candidate@example.org"  # a demo account: signs in with the demo password
# state → (what the page must say, what it says to do)
SAID = {
    "gone": ("This invitation no longer stands", "to send you a new invitation"),
    "withdrawn": ("withdrew this invitation", "to send you a new one"),
    "expired": ("This invitation expired on", "to send a new one"),
    "accepted": ("already accepted: it works once", "from your home page"),
    "declined": ("This invitation was declined", "to invite you again"),
}


def _links(settings) -> dict[str, str]:
    """One invitation to the demo candidate in each state, each from its own provider."""
    settings.RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY = 50
    settings.RELAY_PER_ADDRESS_PER_DAY = 50
    sender = UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])
    links = {}
    for state in ("open", *SAID):
        provider = ProviderFactory(name=f"Northside College ({state})", staff=[sender])
        invitation, url = colleague_invite(
            kind=courses.PROVIDER_KIND,
            organisation_id=provider.pk,
            organisation_name=provider.name,
            email=INVITED,
            actor=sender,
        )
        rows = ColleagueInvitation.objects.filter(pk=invitation.pk)
        if state == "gone":
            ProviderMembership.objects.filter(user=sender, provider=provider).delete()
        elif state == "expired":
            rows.update(expires_at=timezone.now() - timedelta(minutes=1))
        elif state != "open":
            rows.update(status=state)
        links[state] = urlsplit(url).path
    links["unknown"] = "/account/invitations/link/not-a-link-anyone-was-sent/"
    return links


def test_each_state_of_an_invitation_reads_on_a_phone_and_offers_no_answer_once_closed(
    open_page: Callable[..., Page], sign_in, settings, console_errors
):
    links = _links(settings)
    before = dict(ColleagueInvitation.objects.values_list("pk", "status"))
    found: dict[str, list[str]] = {}
    for who in ("public", INVITED):
        page = open_page(**PHONE)
        if who != "public":
            sign_in(page, who)
        for state, path in links.items():
            response = page.goto(path)
            assert response is not None
            expected = {"open": 200, "unknown": 404}.get(state, 410)
            assert response.status == expected, (who, state, response.status)
            answers = page.locator("button[name=answer]")
            if state == "open":
                assert answers.count() >= 1, (who, state)  # decline; accept when signed in
            else:
                assert answers.count() == 0, (who, state)
            if state in SAID:
                text = page.locator("main").inner_text()
                for words in SAID[state]:
                    assert words in text, (who, state, words)
            if problems := phone_problems(page):
                found[f"{who} {state}"] = problems
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    # The browser logs each 410 and 404 answer as a resource that failed; nothing else.
    answered = ("status of 410 (Gone)", "status of 404 (Not Found)")
    assert [e for e in console_errors if not e.endswith(answered)] == []
    # Opening the links, signed in as the person invited or not, answered nothing.
    assert dict(ColleagueInvitation.objects.values_list("pk", "status")) == before
