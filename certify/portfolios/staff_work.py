"""The staff home's cards for portfolio reviews (ADR 0047): versions waiting for reviewers, and
versions with a review past its due day."""

from django.urls import reverse

from certify.accounts.api import REVIEWS_AND_COURSES, WorkCard, work_part
from certify.accounts.models import User
from certify.portfolios.selectors import reviews_waiting


@work_part(40)
def review_cards(user: User) -> list[WorkCard]:
    needs, late = reviews_waiting()
    url = reverse("portfolios:staff_submissions")
    return [
        WorkCard(
            key="reviews-overdue",
            heading=REVIEWS_AND_COURSES,
            title="Portfolios with a review overdue",
            count=late.count,
            oldest=late.oldest,
            zone=late.zone,
            age_label="The most overdue was due {days} ago.",
            url=f"{url}?overdue=1",
        ),
        WorkCard(
            key="reviews-need-reviewers",
            heading=REVIEWS_AND_COURSES,
            title="Portfolios waiting for reviewers",
            count=needs.count,
            oldest=needs.oldest,
            zone=needs.zone,
            url=f"{url}?needs_reviewers=1",
        ),
    ]
