"""The staff home: the work waiting, counted by the apps that own it (ADR 0047).

accounts sits below those apps, so it imports none of them: each app registers a part
(`work_part(order)`, in a module its AppConfig.ready imports) that returns its cards. A card's
count comes from one of the app's selectors, and its link opens that app's staff queue filtered
to exactly the items counted (a test holds every card to that). Every part reads a fixed number
of rows, however much data there is: the home page costs the same with ten items or a million.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db.models import Count, F, Min, Model, QuerySet
from django.utils import timezone

from certify.accounts.models import User
from certify.core.zones import Zone, zone_for_all
from certify.programs.api import days_waited, program_zone

# The headings of the staff home and of the staff navigation, in their order.
APPLICATIONS_AND_PEOPLE = "Applications and people"
REVIEWS_AND_COURSES = "Reviews and courses"
MONEY = "Money"
CERTIFICATES_AND_RENEWALS = "Certificates and renewals"
PROGRAM = "Settings and records"
HEADINGS = (APPLICATIONS_AND_PEOPLE, REVIEWS_AND_COURSES, MONEY, CERTIFICATES_AND_RENEWALS, PROGRAM)


@dataclass(frozen=True)
class Waiting:
    """What a selector counted: how many, and since when the oldest has waited (or None)."""

    count: int = 0
    oldest: datetime | date | None = None
    # The oldest item's program's time zone; "" for work of no program (`staff_work` fills in
    # the zone of a page over every program).
    zone: str = ""


def days_since(
    moment: datetime | date | None, *, zone: str = "", now: datetime | None = None
) -> int | None:
    """Whole calendar days from `moment` to today (0 for today). With `zone` (the item's
    program's time zone) they are that program's days, counted by the function its queue's
    "waiting at least N days" filter uses (`programs.api.days_waited`), so the home and the
    queue agree at midnight. Without a zone, the site's calendar."""
    if moment is None:
        return None
    if zone and isinstance(moment, datetime):
        return days_waited(moment, zone, now=now)
    # A day (an invoice's issue, a review's due day) is already the program's: count to its today.
    today = timezone.localdate(now, program_zone(zone) if zone else None)
    day = timezone.localdate(moment) if isinstance(moment, datetime) else moment
    return max(0, (today - day).days)


def oldest_waiting(
    rows: "QuerySet[Model]", since: str, *, zone: str, count: str = "pk", distinct: bool = False
) -> Waiting:
    """`Waiting` for `rows` in one query: how many, the earliest `since`, and that oldest row's
    program's time zone (`zone`: the path to it, e.g. "program__time_zone"), grouped by zone so
    the staff home counts the oldest's days in its program's calendar. `zone=""` is work of no
    program (a provider waiting for approval), whose days `staff_work` counts in the zone of
    every program (`core.zones.zone_for_all`). `rows` filtered
    on an aggregate (a HAVING) are given as `Model.objects.filter(pk__in=rows.values("pk"))`,
    as regrouping them would change what the filter counts."""
    if not zone:
        found = rows.aggregate(n=Count(count, distinct=distinct), oldest=Min(since))
        return Waiting(found["n"], found["oldest"])
    grouped = (
        rows.values(zone_name=F(zone))
        .annotate(n=Count(count, distinct=distinct), oldest=Min(since))
        .order_by()
    )
    total, oldest, oldest_zone = 0, None, ""
    for row in grouped:
        total += row["n"]
        if row["oldest"] is not None and (oldest is None or row["oldest"] < oldest):
            oldest, oldest_zone = row["oldest"], row["zone_name"] or ""
    return Waiting(total, oldest, oldest_zone)


@dataclass(frozen=True)
class WorkLink:
    """A narrower slice of a card ("2 waiting longer than 30 days"), with its own filtered link."""

    label: str
    count: int
    url: str


@dataclass(frozen=True)
class WorkCard:
    """One kind of work waiting: how many, how old the oldest is, and the queue that shows them."""

    key: str
    heading: str  # one of HEADINGS
    title: str  # "Applications waiting for a decision"
    count: int
    url: str  # the queue, filtered to exactly these items
    oldest: datetime | date | None = None
    zone: str = ""  # the oldest item's program's time zone (`Waiting.zone`), its days counted there
    # (work of no program: the programs' zone when they share one, else the site's; `staff_work`)
    age_label: str = "The oldest has waited {days}."  # {days}: "1 day", "12 days"
    # What `age_label` says when the oldest came in today (0 days). A label "... {days} ago."
    # says "... today." by itself; any other label needs this sentence.
    today_label: str = "The oldest came in today."
    deadline: date | None = None
    deadline_label: str = ""  # "grounds due by", shown with `deadline`
    more: tuple[WorkLink, ...] = ()

    @property
    def age_days(self) -> int | None:
        return days_since(self.oldest, zone=self.zone) if self.count else None

    @property
    def age_text(self) -> str:
        days = self.age_days
        if days is None:
            return ""
        if days == 0:
            if "{days} ago" in self.age_label:
                return self.age_label.replace("{days} ago", "today")
            return self.today_label
        return self.age_label.format(days=f"{days} day{'' if days == 1 else 's'}")


WorkPart = Callable[[User], list[WorkCard]]
_parts: list[tuple[int, WorkPart]] = []


def work_part(order: int) -> Callable[[WorkPart], WorkPart]:
    """Register `part(user) -> [WorkCard]` at `order` (its place on the page; used as a decorator
    in each app's `staff_work` module)."""

    def register(part: WorkPart) -> WorkPart:
        if all(p is not part for _, p in _parts):
            _parts.append((order, part))
            _parts.sort(key=lambda entry: entry[0])
        return part

    return register


@dataclass(frozen=True)
class WorkGroup:
    heading: str
    cards: list[WorkCard]

    @property
    def count(self) -> int:
        return sum(card.count for card in self.cards)


def staff_work(*, user: User, zone: Zone | None = None) -> list[WorkGroup]:
    """Every registered card, under its heading, headings in the order of HEADINGS.

    Work of no program (memberships, course providers, e-mails: a card without a zone) is
    counted in the programs' days too: in their time zone when they all share one, as every
    page over every program is (`zone`, by default `core.zones.zone_for_all()`, one query),
    else the site's; so at midnight in the program's zone every card turns the day together."""
    everyone = (zone or zone_for_all()).name
    cards = [
        card if card.zone else replace(card, zone=everyone)
        for _, part in _parts
        for card in part(user)
    ]
    return [
        WorkGroup(heading, [c for c in cards if c.heading == heading])
        for heading in HEADINGS
        if any(c.heading == heading for c in cards)
    ]
