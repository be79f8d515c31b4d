"""The staff home's cards for applications (ADR 0047): waiting for a decision (and how many
have waited longer than the program's target), and waiting for the candidate's answer."""

from django.urls import reverse

from certify.accounts.api import APPLICATIONS_AND_PEOPLE, WorkCard, WorkLink, work_part
from certify.accounts.models import User
from certify.applications.models import Application
from certify.applications.selectors import (
    DEFAULT_TARGET_DAYS,
    applications_waiting,
    program_target_days,
)

S = Application.Status


@work_part(10)
def application_cards(user: User) -> list[WorkCard]:
    targets = program_target_days()
    # Each application is late by its own program's target (calendar days in the program's
    # time zone, as the queue's filter counts them); one target for them all is named.
    days = {days for days, _ in targets.values()}
    target = next(iter(days)) if len(days) == 1 else None
    waiting, late = applications_waiting(
        waited_days=target or DEFAULT_TARGET_DAYS, program_days=targets
    )
    queue = reverse("applications:queue")
    submitted, more_info = waiting.get(S.SUBMITTED), waiting.get(S.MORE_INFO)
    return [
        WorkCard(
            key="applications-submitted",
            heading=APPLICATIONS_AND_PEOPLE,
            title="Applications waiting for a decision",
            count=submitted.count if submitted else 0,
            oldest=submitted.oldest if submitted else None,
            zone=submitted.zone if submitted else "",
            url=f"{queue}?status={S.SUBMITTED}",
            more=(
                WorkLink(
                    f"waiting {target} days or more (the program's target)",
                    late,
                    f"{queue}?status={S.SUBMITTED}&waiting_days={target}",
                )
                if target is not None
                else WorkLink(  # the queue's "past their program's target": exactly these
                    "waiting at least their program's target",
                    late,
                    f"{queue}?status={S.SUBMITTED}&late=on",
                ),
            )
            if late
            else (),
        ),
        WorkCard(
            key="applications-more-info",
            heading=APPLICATIONS_AND_PEOPLE,
            title="Applications waiting for the candidate (more information asked)",
            count=more_info.count if more_info else 0,
            oldest=more_info.oldest if more_info else None,
            zone=more_info.zone if more_info else "",
            age_label="The oldest was submitted {days} ago.",
            url=f"{queue}?status={S.MORE_INFO}",
        ),
    ]
