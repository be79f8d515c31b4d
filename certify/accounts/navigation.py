"""The navigation each person sees: grouped, and only what applies to them now.

What applies depends on their roles and, for a candidate, on where they are in the journey: no
plan before an application is accepted, no certificates or renewal before a certificate. Those
facts come with the signed-in user in one query (`backends.request_fact`, registered by the apps
that own them), so the navigation asks nothing more of the database.
"""

import functools
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from certify.accounts.backends import request_fact_value
from certify.accounts.models import Role
from certify.accounts.staff_home import (
    APPLICATIONS_AND_PEOPLE,
    CERTIFICATES_AND_RENEWALS,
    HEADINGS,
    MONEY,
    PROGRAM,
    REVIEWS_AND_COURSES,
)

# The candidate's stage, as the facts registered by applications and certificates give it.
APPLIED = "applied"  # an application exists (draft or beyond), not withdrawn
ACCEPTED = "accepted"
CERTIFIED = "certified"  # holds an issued certificate


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False
    badge: int = 0


@dataclass(frozen=True)
class NavGroup:
    title: str
    items: tuple[NavItem, ...]  # a tuple: the navigation is hashable (a template fragment's key)
    folded: bool = False  # shown as a disclosure (<details>): the staff's groups
    # Worked out once: the navigation is a fragment's key on every page (equality still compares
    # the fields).
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.title, self.items, self.folded)))

    def __hash__(self) -> int:
        return self._hash

    @property
    def current(self) -> bool:
        return any(item.current for item in self.items)


def candidate_stage(user: Any) -> frozenset[str]:
    """Where the candidate is: "applied", "accepted", "certified" (none for a fresh account)."""
    stage = set()
    status = request_fact_value(user, "application_status")
    if status:
        stage.add(APPLIED)
    if status == "accepted":
        stage.add(ACCEPTED)
    if request_fact_value(user, "certificate_held"):
        stage.update({APPLIED, CERTIFIED})
    return frozenset(stage)


def navigation_for(request: HttpRequest, *, unread: int = 0) -> tuple[NavGroup, ...]:
    path = request.path
    user: Any = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    roles = user.roles if signed_in else frozenset()
    groups = _links(
        signed_in=signed_in,
        superuser=bool(signed_in and user.is_superuser),
        roles=roles,
        stage=candidate_stage(user) if Role.CANDIDATE in roles else frozenset(),
        urlconf=get_urlconf() or settings.ROOT_URLCONF,
        prefix=get_script_prefix(),
    )
    return _navigation(groups, path, unread)


# The navigation is a pure function of the links (above), the page's path and the unread count:
# kept for the most recent combinations, so a page seen again reuses the same objects (and their
# hashes, for the navigation fragment's key). Nothing about a person but those values.
@functools.lru_cache(maxsize=512)
def _navigation(
    groups: tuple[tuple[str, "Links"], ...], path: str, unread: int
) -> tuple[NavGroup, ...]:
    return tuple(
        NavGroup(
            title,
            tuple(
                NavItem(
                    label,
                    url,
                    current=(
                        url == path or (label != HOME and url != "/" and path.startswith(url))
                    ),
                    badge=unread if label == NOTIFICATIONS else 0,
                )
                for label, url in links
            ),
            folded=title in STAFF_GROUPS,
        )
        for title, links in groups
    )


NOTIFICATIONS = "Notifications"
HOME = "Home"  # the staff home: current on its own page only, not on every /staff/ page
STAFF_GROUPS = frozenset(HEADINGS)
Links = tuple[tuple[str, str], ...]


# Every page shows the navigation; its links depend only on who is asking (roles, a
# candidate's stage) and the URL configuration, so each combination's links are reversed once
# per process.
@functools.cache
def _links(
    *,
    signed_in: bool,
    superuser: bool,
    roles: frozenset[str],
    stage: frozenset[str],
    urlconf: object,
    prefix: str,
) -> tuple[tuple[str, Links], ...]:
    def has(role: str) -> bool:
        return role in roles

    staff = superuser or has(Role.PROGRAM_STAFF)
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    if signed_in:
        yours = [(HOME, reverse("staff:home"))] if staff else []
        yours.append(("Your account", reverse("accounts:home")))
        yours.append((NOTIFICATIONS, reverse("notifications:list")))
        if has(Role.CANDIDATE):
            yours.append(("Your application", reverse("applications:apply")))
        if has(Role.PROVIDER) or (has(Role.CANDIDATE) and APPLIED in stage):
            yours.append(("Payments", reverse("payments:list")))
        if has(Role.CANDIDATE) and ACCEPTED in stage:
            yours.append(("Your plan", reverse("progress:plan")))
        if has(Role.CANDIDATE) and CERTIFIED in stage:
            yours.append(("Your certificates", reverse("certificates:mine")))
            yours.append(("Renewal", reverse("renewals:home")))
        if has(Role.CANDIDATE):
            yours.append(("Scholarships", reverse("scholarships:index")))
        groups.append(("Yours", yours))
        if has(Role.REVIEWER):
            groups.append(("Reviewing", [("Your reviews", reverse("portfolios:review_queue"))]))
        if has(Role.PROVIDER):
            groups.append(
                (
                    "Your courses",
                    [
                        ("Your courses", reverse("courses:provider_home")),
                        ("Course reports", reverse("reports:provider")),
                    ],
                )
            )
        if has(Role.SPONSOR) and not staff:
            groups.append(
                (
                    "Scholarship funds",
                    [
                        ("Scholarship funds", reverse("scholarships:dashboard")),
                        ("Fund reports", reverse("reports:sponsor")),
                    ],
                )
            )
        if staff:
            # Grouped under the staff home's headings, each a disclosure (ADR 0047).
            groups += [
                (
                    APPLICATIONS_AND_PEOPLE,
                    [
                        ("Applications", reverse("applications:queue")),
                        ("Appeals", reverse("appeals:list")),
                        ("Memberships to confirm", reverse("memberships:queue")),
                        ("People and roles", reverse("accounts:people")),
                    ],
                ),
                (
                    REVIEWS_AND_COURSES,
                    [
                        ("Portfolio reviews", reverse("portfolios:staff_submissions")),
                        ("Courses and providers", reverse("courses:staff_courses")),
                        ("Course completions", reverse("courses:staff_completions")),
                    ],
                ),
                (
                    MONEY,
                    [
                        ("Invoices", reverse("payments:staff_invoices")),
                        ("Payments by period", reverse("payments:staff_payments")),
                        ("Scholarship funds", reverse("scholarships:dashboard")),
                        ("Fund reports", reverse("reports:sponsor")),
                    ],
                ),
                (
                    CERTIFICATES_AND_RENEWALS,
                    [
                        ("Certificates", reverse("certificates:staff_list")),
                        ("Renewals", reverse("renewals:staff_queue")),
                    ],
                ),
                (
                    PROGRAM,
                    [
                        ("Reports", reverse("reports:dashboard")),
                        ("Audit trail", reverse("core:audit")),
                        ("E-mail delivery", reverse("notifications:outbox")),
                        ("Competency frameworks", reverse("programs:framework_programs")),
                        ("Programs and their settings", reverse("programs:setup_list")),
                        ("Back office (admin)", reverse("admin:index")),
                    ],
                ),
            ]
    groups.append(
        (
            "The program",
            [
                ("The program", reverse("programs:home")),
                ("Approved courses", reverse("courses:catalogue")),
                ("Verify a certificate", reverse("certificates:lookup")),
                ("API", reverse("api-1:openapi-view")),
            ],
        )
    )
    return tuple((title, tuple(links)) for title, links in groups)
