"""The e-mails of a portfolio, its attestation and its review: each event's context as its sender
gives it (one per branch that reads differently)."""

from types import SimpleNamespace

from tests.notifications.emails.samples import DAY, SITE

CONTEXTS: dict[str, list[dict]] = {
    "portfolio.attestation": [
        {
            "candidate_name": "Dana O'Neil",
            "competency": SimpleNamespace(code="T1", statement="Uses the library's systems."),
            "expires": DAY,
            "link_url": SITE + "/attest/abc/",
            "action": "Write the attestation",
        }
    ],
    "portfolio.result": [
        {"set_name": "Technology", "result": "Met", "next_step": "The set is complete."}
    ],
    "review.assigned": [{"set_name": "Technology", "due": DAY}],
    "review.due": [{"set_name": "Technology", "due": DAY}],
    "review.overdue": [{"set_name": "Technology", "due": DAY}],
    "review.conflict_declared": [
        {"set_name": "Technology", "version": 2},
        {"set_name": "Technology", "version": 1, "role_ended": True},
        {"set_name": "Technology", "version": 3, "deactivated": True},
    ],
    "review.ended": [{"set_name": "Technology"}, {"set_name": "Technology", "deactivated": True}],
}
