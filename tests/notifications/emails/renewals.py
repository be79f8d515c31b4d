"""The e-mails of a renewal: each event's context as its sender gives it (one per branch that reads
differently)."""

from datetime import timedelta

from tests.notifications.emails.samples import (
    CE_REQUIREMENT,
    DAY,
    LAPSED_PAID_LATE,
    REFUSED_PAID_LATE,
)

CONTEXTS: dict[str, list[dict]] = {
    "renewal.checking": [
        {"certificate_number": "LSSCP-2027-4B9WCDEG", "why": why}
        for why in (
            "Your renewal was chosen at random for a check of its evidence.",
            LAPSED_PAID_LATE,
        )
    ],
    "renewal.decided": [
        {"certificate_number": "LSSCP-2027-4B9WCDEG", "status": "Approved", "reason": "Thanks."},
        # closed when staff revoked the certificate it renews (renewals' `close` move)
        {
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "status": "Refused",
            "reason": "Certificate LSSCP-2027-4B9WCDEG was revoked.",
            "closed": True,
        },
        # closed with part of the fee paid (a check): that part is refunded
        {
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "status": "Refused",
            "reason": "Certificate LSSCP-2027-4B9WCDEG was revoked.",
            "closed": True,
            "refund": "$50.00",
        },
        {
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "status": "More evidence asked for",
            "decision": "more_evidence",
            "reason": "Attach the agenda of the March webinar.",
        },
        {
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "status": "Refused",
            "decision": "refused",
            "reason": "The webinar is not tied to a competency set.",
        },
        # refused, its fee paid after the certificate lapsed: what becomes of the money
        {
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "status": "Refused",
            "decision": "refused",
            "reason": "The certificate lapsed before the fee was paid.",
            "fee_words": REFUSED_PAID_LATE,
        },
    ],
    "renewal.reinstated": [
        {
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "renew_by": DAY,
            "reason": "Illness.",
            "ce_requirement": CE_REQUIREMENT,
            **open_renewal,
        }
        for open_renewal in (
            {},
            {"renewal_open": True, "fee_owed": True, "applied_on": DAY},
            {"renewal_open": True, "applied_on": DAY},
            {"renewal_open": True, "evidence_asked": True, "applied_on": DAY},
        )
    ],
    "renewal.reminder": [
        {
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "expires": DAY,
            "last_day": DAY + timedelta(days=61),
            "ce_requirement": req,
        }
        for req in (CE_REQUIREMENT, "20 hours of continuing education")
    ]
    + [
        {
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "expires": DAY,
            "last_day": DAY + timedelta(days=61),
            "fee_owed": True,
        }
    ],
}
