"""A fund that awards by a random draw has no committee work (ADR 0050): its applications are
not scored and it gets no rubric, through the service or the page."""

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.scholarships import ranking
from certify.scholarships.models import (
    Fund,
    RubricCriterion,
    Scorecard,
    SponsorMember,
)
from certify.scholarships.services import (
    rubric_save,
)
from tests.factories import UserFactory
from tests.scholarships.conftest import RUBRIC, apply, score

pytestmark = pytest.mark.django_db


DRAWN = (
    "The SSD LSSCP Enrollment Scholarship awards by a random draw among the eligible applicants, "
    "so its applications are not scored: scores would have no part in who is awarded."
)


def _by_draw(fund):
    Fund.objects.filter(pk=fund.pk).update(method=Fund.Method.DRAW)
    fund.refresh_from_db()
    return fund


def test_a_draw_funds_applications_are_not_scored_by_the_service_or_the_page(
    client, enrollment_fund, chair, members, member, program
):
    application = apply(enrollment_fund, member)
    _by_draw(enrollment_fund)
    with pytest.raises(DomainError) as refused:
        score(application, members[0], 5, 5)
    assert refused.value.message == DRAWN
    client.force_login(members[0])
    url = reverse("scholarships:score", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert DRAWN in page.text
    assert "Save my scores" not in page.text  # no form to fill in for nothing
    need, commitment = ranking.criteria_of(enrollment_fund)
    posted = client.post(url, {f"points_{need.pk}": "5", f"points_{commitment.pk}": "5"})
    assert posted.status_code == 400
    assert DRAWN in posted.text
    assert not Scorecard.objects.exists()


NO_RUBRIC = (
    "The SSD LSSCP Enrollment Scholarship awards by a random draw among the eligible applicants, "
    "so it has no rubric: nobody scores its applications."
)


def test_a_draw_fund_gets_no_rubric_from_the_service_or_the_page(client, enrollment_fund, ssd):
    admin = UserFactory(full_name="Ada Admin", roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=ssd, user=admin, role=SponsorMember.Role.ADMIN)
    _by_draw(enrollment_fund)
    with pytest.raises(DomainError) as refused:
        rubric_save(fund=enrollment_fund, actor=admin, criteria=RUBRIC)
    assert refused.value.message == NO_RUBRIC
    client.force_login(admin)
    url = reverse("scholarships:rubric", args=[enrollment_fund.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert NO_RUBRIC in page.text
    assert "Save the rubric" not in page.text  # no form to fill in for nothing
    posted = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-name": "Need",
            "form-0-max_points": "10",
        },
    )
    assert posted.status_code == 400
    assert NO_RUBRIC in posted.text
    assert not RubricCriterion.objects.filter(fund=enrollment_fund).exists()
    scoring = client.get(reverse("scholarships:scoring", args=[enrollment_fund.slug]))
    assert reverse("scholarships:rubric", args=[enrollment_fund.slug]) not in scoring.text
