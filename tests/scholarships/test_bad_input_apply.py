"""The bad inputs a candidate really makes applying for a scholarship: each refused with 400,
the reason beside the field in plain words, what was typed in the form again, nothing saved."""

import pytest
from django.urls import reverse

from certify.scholarships.models import Fund, ScholarshipApplication
from tests.bad_input import beside, kept, no_jargon

TYPED = {
    "purpose": "class",
    "statement": "I need the cataloging class.",
    "class_details": "Cataloging basics, Lakeland",
    "state_of_employment": "OH",
    "years_experience": "4",
}

# (what the candidate did, the fields changed, the field refused, the words beside it)
CASES = [
    ("no statement", {"statement": "  "}, "statement", "Write a short statement"),
    ("a statement far too long", {"statement": "a" * 2100}, "statement", "2,000"),
    ("a purpose not offered", {"purpose": "travel"}, "purpose", "Choose one of the options"),
    ("years in words", {"years_experience": "four"}, "years_experience", "whole number"),
    ("negative years", {"years_experience": "-1"}, "years_experience", "0 or more years"),
    ("a state not in the list", {"state_of_employment": "XX"}, "state_of_employment", "Choose"),
    ("class details too long", {"class_details": "c" * 301}, "class_details", "Shorten this"),
]


@pytest.mark.parametrize(("case", "changed", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_refused_application_says_why_and_keeps_what_was_typed(
    client, ce_fund, member, case, changed, field, words
):
    Fund.objects.filter(pk=ce_fund.pk).update(states="OH,MI", min_years_experience=2)
    client.force_login(member)
    typed = {**TYPED, **changed}

    response = client.post(reverse("scholarships:apply", args=[ce_fund.slug]), typed)

    assert response.status_code == 400
    beside(response.text, field, words)
    no_jargon(response.text)
    for name, value in typed.items():
        if name != field:
            kept(response.text, name, value)
    assert not ScholarshipApplication.objects.exists()


def test_an_application_sent_twice_is_recorded_once(client, ce_fund, member):
    client.force_login(member)
    url = reverse("scholarships:apply", args=[ce_fund.slug])
    typed = {"purpose": "class", "statement": "I need it.", "class_details": "Cataloging"}
    client.post(url, typed)
    second = client.post(url, typed)
    assert second.status_code in (302, 400)
    no_jargon(second.text)
    assert ScholarshipApplication.objects.filter(applicant=member).count() == 1
