"""The bad inputs a candidate really makes recording a membership: each refused with 400, the
reason beside the field in plain words, what was typed in the form again, nothing saved."""

import pytest
from django.urls import reverse

from certify.memberships.models import Membership, Organisation
from tests.bad_input import beside, kept, no_jargon
from tests.days import InDays, dated

NEXT_YEAR = InDays(365)

# (what the candidate did, the fields changed, the field refused, the words beside it)
CASES = [
    ("left the number empty", {"member_number": ""}, "member_number", "Enter your member number."),
    (
        "left the date empty",
        {"expires_on": ""},
        "expires_on",
        "Enter the date your membership ends.",
    ),
    (
        "a date typed the other way round",
        {"expires_on": "30/06/2027"},
        "expires_on",
        "for example 2027-06-30",
    ),
    (
        "a membership that has ended",
        {"expires_on": InDays(-3)},
        "expires_on",
        "This date has passed",
    ),
    ("a number far too long", {"member_number": "9" * 80}, "member_number", "Shorten this to 50"),
    (
        "an organization no longer offered",
        {"organisation": "999999"},
        "organisation",
        "Choose one of the options offered.",
    ),
]


@pytest.mark.parametrize(("case", "changed", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_refused_membership_says_why_and_keeps_what_was_typed(
    db, client, candidate, case, changed, field, words
):
    client.force_login(candidate)
    ala = Organisation.objects.get(code="ALA")
    typed = {"organisation": str(ala.pk), "member_number": "A-998877", "expires_on": NEXT_YEAR}
    typed.update(changed)
    typed = dated(typed, iso=True)

    response = client.post(reverse("memberships:add"), typed)

    assert response.status_code == 400
    beside(response.text, field, words)
    no_jargon(response.text)
    for name, value in typed.items():
        if name != field:
            kept(response.text, name, value)
    assert not Membership.objects.exists()


def test_a_membership_sent_twice_is_recorded_once(db, client, candidate):
    client.force_login(candidate)
    ala = Organisation.objects.get(code="ALA")
    typed = {
        "organisation": ala.pk,
        "member_number": "A-998877",
        "expires_on": dated(NEXT_YEAR, iso=True),
    }
    client.post(reverse("memberships:add"), typed)
    second = client.post(reverse("memberships:add"), typed)
    assert second.status_code in (302, 400)
    assert Membership.objects.filter(user=candidate).count() == 1
