"""What the e-mail tests share, in one place: a realistic context for each notification event as
its sender gives it (`CONTEXTS`, one per branch that reads differently, kept in a module per
family of events), sending one (`_sent`, with `served` for the served address) and the checks
every e-mail must pass (`problems`)."""

from tests.notifications.emails import (
    applications,
    certificates,
    courses,
    payments,
    portfolios,
    renewals,
    scholarships,
)
from tests.notifications.emails.checks import problems
from tests.notifications.emails.samples import (
    CE_REQUIREMENT,
    DAY,
    INVOICE,
    LAPSED_IN_TIME,
    LAPSED_PAID_LATE,
    MOMENT,
    REFUSED_PAID_LATE,
    SITE,
    SITE_CONTACT,
)
from tests.notifications.emails.sending import EMAIL_DIR, NOT_EVENTS, RELAYED, _sent, served

CONTEXTS: dict[str, list[dict]] = {
    **applications.CONTEXTS,
    **certificates.CONTEXTS,
    **courses.CONTEXTS,
    **payments.CONTEXTS,
    **portfolios.CONTEXTS,
    **renewals.CONTEXTS,
    **scholarships.CONTEXTS,
}

__all__ = [
    "CE_REQUIREMENT",
    "CONTEXTS",
    "DAY",
    "EMAIL_DIR",
    "INVOICE",
    "LAPSED_IN_TIME",
    "LAPSED_PAID_LATE",
    "MOMENT",
    "NOT_EVENTS",
    "REFUSED_PAID_LATE",
    "RELAYED",
    "SITE",
    "SITE_CONTACT",
    "_sent",
    "problems",
    "served",
]
