"""The event types integrators choose, the domain events each one follows, who may receive it,
and what its message says.

A message carries ids, numbers and links, never a person's name, e-mail or anything the
receiving scope could not see in Certify itself: a provider hears about completions of its own
courses (with the candidate number candidates give providers), a sponsor about its own funds and
organisation, an employer about certificates shared with it (what the public verification page
shows), and program staff about the program.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse

from certify.certificates.models import Certificate
from certify.core.events import EVENTS
from certify.renewals.api import CERTIFICATE_LAPSED
from certify.webhooks.models import Scope


@dataclass(frozen=True)
class Facts:
    """Whom a change concerns: the receivers are the scopes that match these."""

    program_id: int | None = None  # None: every program's staff
    provider_id: int | None = None
    sponsor_id: int | None = None
    certificate_id: int | None = None


@dataclass(frozen=True)
class Change:
    type: str
    facts: Facts
    data: dict[str, Any]


Describe = Callable[[str, dict[str, Any]], Change | None]


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    scopes: frozenset[str]
    # domain event → the moves that count (empty: any move)
    sources: dict[str, frozenset[str]] = field(default_factory=dict)


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _certificate_data(certificate: Certificate) -> dict[str, Any]:
    number = certificate.number
    return {
        "certificate_number": number,
        "status": certificate.status,
        "verification_url": _url(reverse("certificates:verify", kwargs={"number": number})),
        "api_url": _url(f"/api/v1/certificates/{number}"),
    }


C = Scope
CERTIFICATE_SCOPES = frozenset({C.PROGRAM, C.EMPLOYER})
ANY: frozenset[str] = frozenset()
TYPES: dict[str, EventType] = {
    t.name: t
    for t in [
        EventType(
            "application.decided",
            "Application decided (accepted, more information asked, rejected)",
            frozenset({C.PROGRAM}),
            {
                "application.accepted": ANY,
                "application.more_info": ANY,
                "application.rejected": ANY,
            },
        ),
        EventType(
            "membership.confirmed",
            "Membership confirmed",
            frozenset({C.PROGRAM, C.SPONSOR}),
            {"membership.confirmed": ANY},
        ),
        EventType("invoice.paid", "Invoice paid", frozenset({C.PROGRAM}), {"invoice.paid": ANY}),
        EventType(
            "invoice.refunded",
            "Invoice refunded",
            frozenset({C.PROGRAM}),
            {"invoice.refunded": ANY},
        ),
        EventType(
            "award.decided",
            "Scholarship award decided (awarded or declined)",
            frozenset({C.PROGRAM, C.SPONSOR}),
            {"scholarship_application.awarded": ANY, "scholarship_application.declined": ANY},
        ),
        EventType(
            "completion.recorded",
            "Course completion recorded (confirmed on the candidate's record)",
            frozenset({C.PROGRAM, C.PROVIDER}),
            {"course_completion.confirmed": ANY},
        ),
        EventType(
            "set.completed",
            "Competency set completed",
            frozenset({C.PROGRAM}),
            {"plan_set.satisfied": ANY},
        ),
        EventType(
            "certificate.issued",
            "Certificate issued",
            CERTIFICATE_SCOPES,
            {"certificate.valid": frozenset({"issue", "approve"})},
        ),
        EventType(
            "certificate.suspended",
            "Certificate suspended",
            CERTIFICATE_SCOPES,
            {"certificate.suspended": ANY},
        ),
        EventType(
            "certificate.reinstated",
            "Certificate reinstated",
            CERTIFICATE_SCOPES,
            {"certificate.valid": frozenset({"reinstate"})},
        ),
        EventType(
            "certificate.revoked",
            "Certificate revoked",
            CERTIFICATE_SCOPES,
            {"certificate.revoked": ANY},
        ),
        EventType(
            "certificate.renewed",
            "Certificate renewed",
            CERTIFICATE_SCOPES,
            {"renewal.approved": ANY},
        ),
        EventType(
            "certificate.replaced",
            "Certificate replaced by its renewal",
            CERTIFICATE_SCOPES,
            {"certificate.replaced": ANY},
        ),
        EventType(
            "certificate.lapsed",
            "Certificate lapsed (not renewed in time)",
            CERTIFICATE_SCOPES,
            {CERTIFICATE_LAPSED: ANY},
        ),
    ]
}


def domain_events() -> list[str]:
    """Every domain event some webhook event type follows."""
    return sorted({source for t in TYPES.values() for source in t.sources})


def type_for(event_name: str, move: object) -> EventType | None:
    for t in TYPES.values():
        moves = t.sources.get(event_name)
        if moves is not None and (not moves or move in moves):
            return t
    return None


def choices_for(scope: str) -> list[tuple[str, str]]:
    """The event types a scope may choose, as (name, label)."""
    return [(t.name, t.label) for t in TYPES.values() if scope in t.scopes]


def check_sources() -> list[str]:
    """The domain events named here that nobody declared (a test keeps this empty)."""
    return [name for name in domain_events() if name not in EVENTS]
