"""The staff home's cards for courses (ADR 0047): courses and providers to approve, completions
to confirm, completion reports no candidate matched, and graduates' program claims."""

from django.urls import reverse

from certify.accounts.api import REVIEWS_AND_COURSES, WorkCard, work_part
from certify.accounts.models import User
from certify.courses.selectors import WAITING, courses_waiting

CARDS = {
    "courses": ("Courses to approve", "courses:staff_courses"),
    "providers": ("Course providers to approve", "courses:staff_providers"),
    "completions": ("Course completions to confirm", "courses:staff_completions"),
    "unmatched": ("Completion reports no candidate matched", "courses:staff_unmatched"),
    "claims": ("Recognized-program claims to confirm", "courses:staff_claims"),
}


@work_part(50)
def course_cards(user: User) -> list[WorkCard]:
    waiting = courses_waiting()
    return [
        WorkCard(
            key=f"courses-{key}",
            heading=REVIEWS_AND_COURSES,
            title=title,
            count=waiting[key].count,
            oldest=waiting[key].oldest,
            zone=waiting[key].zone,
            url=f"{reverse(url_name)}?status={WAITING[key][1]}",
        )
        for key, (title, url_name) in CARDS.items()
    ]
