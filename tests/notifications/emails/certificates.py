"""The e-mails of a certificate and a set credential: each event's context as its sender gives it
(one per branch that reads differently)."""

from tests.notifications.emails.samples import DAY, LAPSED_IN_TIME, LAPSED_PAID_LATE, SITE

CONTEXTS: dict[str, list[dict]] = {
    "certificate.approval_needed": [{"holder": "Dana O'Neil"}],
    "certificate.issued": [
        {"certificate_number": "LSSCP-2027-4B9WCDEG", "expires": DAY, "renews": renews}
        for renews in ("", "LSSCP-2022-D9NJYWM3")
    ],
    "certificate.reissued": [
        {"certificate_number": "LSSCP-2027-4B9WCDEG", "why": why} for why in ("shape", "key")
    ],
    "set_credential.revoked": [
        {"set_name": "Foundations of Library Services", "reason": "The course was not approved."}
    ],
    "set_credential.reissued": [
        {"set_name": "Foundations of Library Services", "why": why} for why in ("shape", "key")
    ],
    "certificate.lapsed": [
        {"certificate_number": "LSSCP-2027-4B9WCDEG", "expires": DAY, "lapsed_words": words}
        for words in ("", LAPSED_IN_TIME, LAPSED_PAID_LATE)
    ],
    "certificate.shared": [
        {
            "holder_name": "Dana O'Neil",
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "verification_url": f"{SITE}/verify/LSSCP-2027-4B9WCDEG/",
            "action": "See the certificates shared with you",
        }
    ],
    "certificate.unshared": [
        {
            "holder_name": "Dana O'Neil",
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "verification_url": f"{SITE}/verify/LSSCP-2027-4B9WCDEG/",
            "action": "See the certificates shared with you",
        }
    ],
    "certificate.shared_changed": [
        {
            "change": change,
            "holder_name": "Dana O'Neil",
            "certificate_number": "LSSCP-2027-4B9WCDEG",
            "day": "December 7, 2026",
            "what_it_means": "Not valid while the program looks into it; it may be reinstated.",
            "action": "See the certificates shared with you",
        }
        for change in ("suspended", "reinstated", "revoked", "replaced", "lapsed")
    ],
    "certificate.status_changed": [
        {"certificate_number": "LSSCP-2027-4B9WCDEG", "status": "Suspended", "reason": "Unpaid."}
    ],
}
