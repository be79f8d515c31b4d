"""The staff home's cards for appeals (ADR 0047): grounds to decide, and notices whose grounds
are still to come, with the first day grounds are due."""

from django.urls import reverse

from certify.accounts.api import APPLICATIONS_AND_PEOPLE, WorkCard, work_part
from certify.accounts.models import User
from certify.appeals.models import Appeal
from certify.appeals.selectors import appeals_waiting


@work_part(20)
def appeal_cards(user: User) -> list[WorkCard]:
    to_decide, to_give, due = appeals_waiting()
    url = reverse("appeals:list")
    return [
        WorkCard(
            key="appeals-to-decide",
            heading=APPLICATIONS_AND_PEOPLE,
            title="Appeals to decide (grounds submitted)",
            count=to_decide.count,
            oldest=to_decide.oldest,
            zone=to_decide.zone,
            age_label="The oldest grounds have waited {days}.",
            today_label="The oldest grounds came in today.",
            url=f"{url}?status={Appeal.Status.GROUNDS_SUBMITTED}",
        ),
        WorkCard(
            key="appeals-notice",
            heading=APPLICATIONS_AND_PEOPLE,
            title="Appeals waiting for the appellant's grounds",
            count=to_give.count,
            deadline=due,
            deadline_label="the first grounds are due by",
            url=f"{url}?status={Appeal.Status.NOTICE_GIVEN}",
        ),
    ]
