"""The provider's course list, page and API, with fee invoices (ADR 0009): a fee on hold (the
provider suspended, or the course's approval) and one payable are read with the list, so the
number of queries does not grow with the courses, whatever their fees."""

import pytest
from django.urls import reverse

from certify.courses import services
from certify.courses.models import Course
from tests.conftest import count_queries
from tests.courses.test_course_fee_holds import _first
from tests.courses.test_renewal_fees import REASON, _fee, _pay, _renewal
from tests.factories import ProviderFactory


def _courses(provider, person, cset, staff, n):
    """`n` courses under first review (fee open, one paid) and a renewal under review."""
    made = [_first(provider, person, cset, title=f"Course {i}") for i in range(n)]
    _pay(_fee(made[0]), staff)
    return [*made, _renewal(provider, person, cset)]


def _counts(client, provider):
    page = reverse("courses:provider", args=[provider.pk])
    api = f"/api/v1/providers/{provider.pk}/courses"
    client.get(page), client.get(api)  # warm: the session and the signed-in person
    return count_queries(lambda: client.get(page)), count_queries(lambda: client.get(api))


def _holds(client, provider):
    """Each course of the API list: its title, whether its fee is payable, whether on hold."""
    rows = client.get(f"/api/v1/providers/{provider.pk}/courses").json()["items"]
    return sorted((r["title"], r["fee_payable"], r["fee_on_hold"] is not None) for r in rows)


@pytest.mark.parametrize("suspended", ["", "provider", "course"])
def test_the_course_list_with_fees_keeps_a_fixed_number_of_queries(
    client, provider, provider_user, ct, staff, suspended
):
    few = provider
    many = ProviderFactory(name="Southside Library School", staff=[provider_user])
    renewals = [
        _courses(few, provider_user, ct, staff, 1)[-1],
        _courses(many, provider_user, ct, staff, 5)[-1],
    ]
    for where, renewal in zip((few, many), renewals, strict=True):
        if suspended == "provider":
            services.provider_approval_suspend(provider=where, actor=staff, reason=REASON)
        elif suspended == "course":
            renewal = Course.objects.get(pk=renewal.pk)
            services.course_approval_suspend(course=renewal, actor=staff, reason=REASON)
    client.force_login(provider_user)
    held = [h for h in _holds(client, many) if h[2]]
    # What is on hold: every open fee when the provider is suspended, the renewal's alone when
    # the course is, nothing otherwise (the counts below read the fee-hold path).
    assert len(held) == {"": 0, "provider": 5, "course": 1}[suspended]
    assert _counts(client, few) == _counts(client, many)
