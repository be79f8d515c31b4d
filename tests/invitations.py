"""Helpers for the colleague-invitation tests (courses and scholarships)."""

import re

from django.urls import reverse

from certify.accounts.models import ColleagueInvitation
from certify.notifications.models import OutgoingEmail
from tests.conftest import count_queries


def link_in(email: OutgoingEmail) -> str:
    found = re.search(r"https?://\S+/account/invitations/link/(\S+)/", email.text_body)
    assert found, email.text_body
    return reverse("accounts:invitation_link", kwargs={"token": found.group(1)})


def _normalise(text: str, address: str) -> str:
    text = text.replace(address, "ADDRESS")
    # The new row's id differs (ids are sequential whoever the address belongs to).
    text = re.sub(r"/account/invitations/\d+/withdraw/", "/account/invitations/ID/withdraw/", text)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)
    return re.sub(r'<script nonce="[^"]+"', "<script", text)


def answers_for(client, url: str, addresses: tuple[str, ...], **fields) -> list[tuple]:
    """For each address, from the same starting point: the POST's status, where it sends the
    inviter, the number of queries it made, and the page then shown (the address masked)."""
    client.post(url, {"email": "warm-up@example.org", **fields})  # first-use caches
    client.get(url)  # and its message
    ColleagueInvitation.objects.all().delete()
    answers = []
    for address in addresses:
        posted: list = []
        n = count_queries(
            lambda a=address, out=posted: out.append(client.post(url, {"email": a, **fields}))
        )
        page = client.get(url)
        answers.append(
            (
                posted[0].status_code,
                posted[0].headers.get("Location"),
                n,
                _normalise(page.text, address),
            )
        )
        assert ColleagueInvitation.objects.filter(email=address, status="pending").count() == 1
        ColleagueInvitation.objects.all().delete()
    return answers
