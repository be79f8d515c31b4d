"""Every e-mail the system can send renders: each notification event (the account e-mails,
allauth's templates and our overrides, in test_account_emails.py), found from the code so that
a new one cannot be missed, rendered with realistic values and checked in both parts. The HTML
is parsed: no escaped markup, no empty placeholders ("Hello from !", "Dear ,"), links only to
the address that is served (`SITE_URL`), US English. E-mail to people who may have no account
(relayed: supervisors, colleagues) never tells them they have one."""

import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from certify.accounts.models import Role
from certify.notifications.events import EVENTS
from certify.notifications.models import OutgoingEmail
from certify.notifications.relay import relay_send
from certify.notifications.services import notify
from tests.factories import UserFactory
from tests.spelling import not_us_english

SITE = "https://certify.example.org"
EMAIL_DIR = Path(settings.BASE_DIR) / "certify/notifications/templates/notifications/email"
NOT_EVENTS = {"footer.txt", "layout.html"}  # parts of every e-mail, not e-mails of their own

# E-mail sent on a person's behalf to an address that need not be an account.
RELAYED = {"application.supervisor_confirm", "portfolio.attestation", "colleague.invited"}

# What renewals.selectors.ce_requirement_words gives the renewal e-mails.
CE_REQUIREMENT = "32 hours of continuing education, at least 4 of them on Technology"
DAY = date(2027, 3, 14)
MOMENT = datetime(2027, 3, 14, 21, 30, tzinfo=UTC)
# What renewals.fee.lapsed_renewal_words gives the lapse notice: a fee paid in time, and one paid
# after the last day to renew.
LAPSED_IN_TIME = (
    "Your renewal is still open: program staff decide it, and we will tell you when they have. "
    "If they approve it, your new certificate follows on from March 14, 2027."
)
LAPSED_PAID_LATE = (
    "Your renewal fee arrived on May 15, 2027, after your last day to renew (May 14, 2027), so "
    "program staff cannot approve the renewal as it stands: a lapsed certificate is renewed only "
    "once they reinstate it. They decide, and we will tell you when they have: either they "
    "reinstate your certificate and approve the renewal, the fee you paid pays for it and your "
    "new certificate follows on from March 14, 2027; or they refuse the renewal, and a refusal "
    "does not refund the fee by itself: program staff decide whether to refund it to whoever "
    "paid it, the way it was paid, and you will get a receipt if they do. You need not apply or "
    "pay again."
)
# What renewals.fee.refused_fee_words gives the refusal e-mail of a fee paid after the lapse.
REFUSED_PAID_LATE = (
    "The renewal fee of $150.00 arrived on May 15, 2027, after your last day to renew (May 14, "
    "2027), and this refusal does not refund it by itself: program staff decide whether to "
    "refund it to whoever paid it, the way it was paid, and you will get a receipt if they do. "
    "If they reinstate your certificate instead, the fee pays for your next renewal of it, and "
    "you will not pay it again."
)
INVOICE = SimpleNamespace(
    program=SimpleNamespace(short_name="LSSCP"),
    get_kind_display=lambda: "Application fee",
    due_on=DAY,
)

# Each event's context as its sender gives it (one per branch that reads differently).
CONTEXTS: dict[str, list[dict]] = {
    "account.test": [{}],
    "appeal.updated": [{"message": "The appeal panel meets on March 20 and will write to you."}],
    "application.decided": [
        {"accepted": True, "deadline": DAY},
        {
            "accepted": False,
            "reason": "Fewer than 1,040 hours of library work.",
            "refund": True,
            "appeal_by": DAY,
        },
    ],
    "application.deadline_extended": [
        {"deadline": DAY, "zone": "America/Chicago", "action": "See your plan"},
        {
            "deadline": DAY,
            "zone": "America/Chicago",
            "left": "8 weeks",
            "sets_left": ["TEC: Technology", "1 more elective set to choose"],
            "action": "See your plan",
        },
    ],
    "application.more_info": [{"reason": "Add the dates of your job at Riverside Library."}],
    "application.received": [{"case_by_case": True}, {"case_by_case": False}],
    "application.rules_moved": [
        {
            "changes": ["Hours of experience needed: 1,040 (was 2,080)"],
            "reason": "The board lowered the hours; your case is judged by the new rule.",
            "meets": True,
            "summary": (
                "1,100 of the 1,040 hours needed between November 27, 2021 and November 27, 2026"
            ),
        },
        {
            "changes": ["Within how many years before applying: 3 (was 5)"],
            "reason": "The program's window changed and you asked to be judged by it.",
            "meets": False,
            "summary": (
                "900 of the 1,040 hours needed between November 27, 2023 and November 27, 2026"
            ),
        },
    ],
    "application.supervisor_confirm": [
        {
            "candidate_name": "Dana O'Neil",
            "submitted": submitted,
            "start": date(2023, 1, 9),
            "end": None,
            "hours": "20 hours a week",
            "expires": DAY,
            "link_url": SITE + "/confirm/abc/",
            "action": "Confirm the hours",
        }
        for submitted in (False, True)
    ],
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
    "colleague.invited": [
        {
            "inviter": "Dana O'Neil",
            "organisation_name": "Northside Community College",
            "organisation_vetted": vetted,
            "noun": "course provider",
            "does": "submit courses and report completions",
            "role": "Administrator",
            "email": "pat@northside.example",
            "expires": MOMENT,
            "link_url": SITE + "/invitations/xyz/",
            "action": "Answer the invitation",
        }
        for vetted in (True, False)
    ],
    "course.completion_confirmed": [
        {"course_title": "Library Technology Essentials", "set_name": "Technology"}
    ],
    "course.completion_rejected": [
        {"course_title": "Library Technology Essentials", "reason": "The certificate is unsigned."}
    ],
    "course.completion_to_confirm": [
        {
            "provider_name": "Northside Community College",
            "course_title": "Library Technology Essentials",
            "set_name": "Technology",
        }
    ],
    "course.fee_to_refund": [
        {
            "course_title": "Library Technology Essentials",
            "provider_name": "Northside Community College",
            "invoice_number": "LSSCP-000031",
            "amount": "$100.00",
            "voided": False,
        },
        {
            "course_title": "Library Technology Essentials",
            "provider_name": "Northside Community College",
            "invoice_number": "LSSCP-000031",
            "amount": "$40.00",
            "voided": True,
        },
    ],
    "course.decided": [
        {
            "approved": True,
            "course_title": "Library Technology Essentials",
            "starts_on": DAY,
            "expires_on": DAY + timedelta(days=3 * 365),
            "comments": "Well mapped.",
        },
        {"approved": False, "course_title": "Library Technology Essentials", "comments": "Map 3."},
        {
            "renewal_closed": True,
            "course_title": "Library Technology Essentials",
            "expires_on": DAY,
            "comments": "Returned in March and not sent again.",
            "fee_invoice": "LSSCP-000031",
            "fee_voided": True,
            "fee_refunded": "$40.00",
        },
        {
            "renewal_closed": True,
            "course_title": "Library Technology Essentials",
            "expires_on": DAY,
            "approval_ended": True,
            "comments": "Returned in March and not sent again.",
            "fee_invoice": "LSSCP-000031",
            "fee_kept": True,
        },
    ],
    "course.approval_stopped": [
        {
            "course_title": "Library Technology Essentials",
            "provider_name": "Northside Community College",
            "set_name": "Technology",
            "revoked": False,
            "stopped_on": DAY,
            "reason": "The instructors named no longer teach it.",
        },
        {
            "course_title": "Library Technology Essentials",
            "revoked": True,
            "stopped_on": DAY,
            "reason": "The syllabus was copied.",
            "to_provider": True,
        },
        {
            "course_title": "Library Technology Essentials",
            "revoked": True,
            "stopped_on": DAY,
            "reason": "The syllabus was copied.",
            "to_provider": True,
            "fee_invoice": "LSSCP-000031",
            "fee_voided": True,
            "fee_refunded": "$40.00",
        },
        {
            "course_title": "Library Technology Essentials",
            "revoked": True,
            "stopped_on": DAY,
            "reason": "The syllabus was copied.",
            "to_provider": True,
            "fee_invoice": "LSSCP-000031",
            "fee_refunded": "$100.00",
            "fee_by_card": True,
        },
        {
            "course_title": "Library Technology Essentials",
            "revoked": False,
            "stopped_on": DAY,
            "reason": "The syllabus is being checked.",
            "to_provider": True,
            "fee_invoice": "LSSCP-000031",
        },
        {
            "course_title": "Library Technology Essentials",
            "reinstated": True,
            "expires_on": DAY + timedelta(days=3 * 365),
            "reason": "New instructors named.",
            "to_provider": True,
        },
        {
            "course_title": "Library Technology Essentials",
            "reinstated": True,
            "expires_on": DAY + timedelta(days=3 * 365),
            "reason": "New instructors named.",
            "to_provider": True,
            "renewal_back": "Returned for changes",
            "renewal_returned": True,
            "fee_invoice": "LSSCP-000031",
        },
        {
            "provider_wide": True,
            "to_provider": True,
            "provider_name": "Northside Community College",
            "revoked": False,
            "stopped_on": DAY,
            "reason": "Certificates were issued for classes never held.",
        },
        {
            "provider_wide": True,
            "to_provider": True,
            "provider_name": "Northside Community College",
            "revoked": True,
            "stopped_on": DAY,
            "reason": "Certificates were issued for classes never held.",
            "first_reviews": [
                {"title": "Cataloging Basics", "fee_invoice": "LSSCP-000032", "fee_voided": True},
                {
                    "title": "Reference Work",
                    "fee_invoice": "LSSCP-000033",
                    "fee_voided": True,
                    "fee_refunded": "$40.00",
                },
                {
                    "title": "Collection Care",
                    "fee_invoice": "LSSCP-000034",
                    "fee_voided": False,
                    "fee_refunded": "$100.00",
                    "fee_by_card": True,
                },
                {"title": "Youth Services Today"},  # never submitted with a fee
            ],
        },
        {
            "provider_wide": True,
            "to_provider": True,
            "provider_name": "Northside Community College",
            "reinstated": True,
            "reason": "Cleared after the audit.",
        },
        {  # a provider revoked before revocations ended its first reviews, mended later
            "provider_wide": True,
            "to_provider": True,
            "provider_name": "Northside Community College",
            "revoked": True,
            "first_reviews_later": True,
            "stopped_on": DAY,
            "reason": "Certificates were issued for classes never held.",
            "first_reviews": [
                {"title": "Cataloging Basics", "fee_invoice": "LSSCP-000032", "fee_voided": True}
            ],
        },
    ],
    "course.approval_reinstated": [
        {
            "courses": [
                {
                    "title": "Library Technology Essentials",
                    "provider_name": "Northside Community College",
                    "set_name": "Technology",
                    "expires_on": DAY,
                }
            ],
            "reason": "New instructors named.",
        },
        {
            "courses": [
                {
                    "title": "Library Technology Essentials",
                    "provider_name": "Northside Community College",
                    "set_name": "Technology",
                    "expires_on": DAY,
                },
                {
                    "title": "Cataloging Basics",
                    "provider_name": "Northside Community College",
                    "set_name": "Cataloging",
                    "expires_on": DAY + timedelta(days=365),
                },
            ],
            "reason": "Cleared after the audit.",
        },
    ],
    "course.approval_ending": [
        {"course_title": "Library Technology Essentials", "expires_on": DAY, "days_left": 90}
    ],
    "course.invitation": [
        {
            "provider_name": "Northside Community College",
            "course_title": "Library Technology Essentials",
            "set_name": "Technology",
        }
    ],
    "deadline.reminder": [
        {"left": "6 months", "deadline": DAY, "sets_left": ["TEC: Technology"]},
        {"left": "2 weeks", "deadline": DAY},
    ],
    "payment.invoice": [
        {"invoice": INVOICE, "invoice_number": "LSSCP-000001", "amount": "$350.00"}
    ],
    "payment.receipt": [
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$350.00",
            "balance": "$0.00",
            "balance_owed": False,
        },
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$350.00",
            "refund": True,
            "reason": "Not accepted",
        },
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$350.00",
            "refund": True,
            "reason": "Not accepted",
            "by_card": True,
        },
        {"invoice_number": "LSSCP-000001", "amount": "$100.00", "covered": True},
    ],
    "payment.refund_failed": [
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$350.00",
            "failure": "Stripe could not be reached, or did not answer in time.",
        }
    ],
    "payment.refund_pending": [
        {"invoice_number": "LSSCP-000001", "amount": "$150.00", "held": "$150.00", "void": True},
        {"invoice_number": "LSSCP-000001", "amount": "$350.00", "held": "$350.00", "void": False},
    ],
    "payment.member_price": [
        {
            "invoice_number": "LSSCP-000002",
            "replaces": "LSSCP-000001",
            "organisation": "ALA",
            "amount": "$325.00",
            "due_on": DAY,
        }
    ],
    "payment.member_price_late": [
        {
            "invoice_number": "LSSCP-000001",
            "candidate_name": "Dana O'Neil",
            "organisation": "ALA",
            "member_number": "ALA-1234567",
            "difference": "$25.00",
            "what_to_do": "It was paid in full before, so it stands: refund the difference of "
            "$25.00 from the invoice's page if the program agrees.",
        }
    ],
    "payment.difference_void": [
        {
            "invoice_number": "LSSCP-000002",
            "amount": "$25.00",
            "issued_on": DAY,
            "paid_number": "LSSCP-000001",
            "credit_note": "CN-LSSCP-000001",
            "action": "See the canceled invoice",
        },
        {
            "invoice_number": "LSSCP-000002",
            "amount": "$25.00",
            "issued_on": DAY,
            "paid_number": "LSSCP-000001",
            "credit_note": "CN-LSSCP-000001",
            "payer_name": "Riverside Public Library",
            "candidate_name": "Dana O'Neil",
            "billed_to": "accounts@riverside.example",
        },
    ],
    "payment.full_price": [
        {
            "invoice_number": "LSSCP-000002",
            "old_number": "LSSCP-000001",
            "old_amount": "$325.00",
            "paid": False,
            "organisation": "ALA",
            "member_number": "ALA-1234567",
            "amount": "$350.00",
            "difference": "$25.00",
            "due_on": DAY,
        },
        {
            "invoice_number": "LSSCP-000002",
            "old_number": "LSSCP-000001",
            "old_amount": "$325.00",
            "paid": True,
            "organisation": "ALA",
            "member_number": "ALA-1234567",
            "amount": "$25.00",
            "difference": "$25.00",
            "due_on": DAY,
        },
    ],
    "payment.full_price_late": [
        {
            "invoice_number": "LSSCP-000001",
            "candidate_name": "Dana O'Neil",
            "organisation": "ALA",
            "member_number": "ALA-1234567",
            "difference": "$25.00",
            "what_to_do": "A card payment of it was under way, so it was left as it is: if that "
            "payment is taken, Certify invoices the difference of $25.00 itself; if it is not "
            "completed, re-price the invoice at the full price.",
        },
        {
            "invoice_number": "LSSCP-000001",
            "candidate_name": "Dana O'Neil",
            "organisation": "ALA",
            "member_number": "ALA-1234567",
            "difference": "$25.00",
            "refunded": True,
            "what_to_do": "$340.00 was paid on it, so it was not replaced: nothing to do now; once "
            "it is paid in full, Certify invoices the difference of $25.00 itself.",
        },
    ],
    "payment.to_check": [
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$350.00",
            "concern": "Invoice LSSCP-000001 is the enrollment fee of an application that its "
            "candidate withdrew, and they have no other application to the program: refund the "
            "payment, or keep it if they apply again (the same invoice stands for a new "
            "application).",
        }
    ],
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
    "programme.decided": [
        {"confirmed": True, "programme": "Library Technical Assistant, Northside", "sets": ["T"]},
        {"confirmed": False, "programme": "Library Assistant", "reason": "No transcript."},
    ],
    "provider.approved": [{"provider_name": "Northside Community College"}],
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
    "review.assigned": [{"set_name": "Technology", "due": DAY}],
    "review.due": [{"set_name": "Technology", "due": DAY}],
    "review.overdue": [{"set_name": "Technology", "due": DAY}],
    "review.conflict_declared": [
        {"set_name": "Technology", "version": 2},
        {"set_name": "Technology", "version": 1, "role_ended": True},
        {"set_name": "Technology", "version": 3, "deactivated": True},
    ],
    "review.ended": [{"set_name": "Technology"}, {"set_name": "Technology", "deactivated": True}],
    "scholarship.award_ended": [
        {"expired": e, "amount": "$350", "fund_name": "SSD Fund", "reason": "", "sponsor": "SSD"}
        for e in (True, False)
    ],
    "scholarship.award_restored": [
        {
            "restored": True,
            "amount": "$200",
            "fund_name": "SSD Fund",
            "program_name": "LSSCP",
            "sponsor": "SSD",
            "how_used": "It is credited on invoice LSSCP-2026-0007; $150 is left to pay on it.",
        },
        {
            "restored": False,
            "amount": "$200",
            "fund_name": "SSD Fund",
            "program_name": "LSSCP",
            "sponsor": "SSD",
            "problem": "The SSD Fund has made all 5 of its awards ($1,000 of its $1,000 budget "
            "is committed or paid): nothing is left to award.",
        },
    ],
    "scholarship.award_not_restored": [
        {
            "recipient_name": "Ravi Patel",
            "amount": "$200",
            "fund_name": "SSD Fund",
            "program_name": "LSSCP",
            "problem": "Ravi Patel received another SSD scholarship award on June 1, 2026; SSD "
            "gives one award per person in any 18 months (the next from December 1, 2027).",
        }
    ],
    "scholarship.decided": [
        {
            "awarded": True,
            "fund_name": "SSD Fund",
            "amount": "$350",
            "purpose": "the application fee",
            "how_used": "It is credited to your invoice.",
        },
        {"awarded": False, "fund_name": "SSD Fund", "reason": "The fund is spent."},
    ],
}


@pytest.fixture(autouse=True)
def served(settings):
    settings.SITE_URL = SITE
    return settings


# --- What every e-mail must be -----------------------------------------------------------------


class _Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title"):
            self._skip += 1
        self.links += [v or "" for k, v in attrs if k in ("href", "src")]

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


_EMPTY = [
    (re.compile(r"\s[,.!?;:](?!\w)"), "a space before punctuation (an empty value)"),
    (re.compile(r"\(\s*\)|“\s*”|\"\s*\""), "empty brackets or quotes"),
    (re.compile(r"\b(None|null)\b"), "a missing value"),
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "template code"),
    (re.compile(r"\b(a|an|the|of|to|from|for|by|on|until|is)\s+(?:[,.!?;:]|$)", re.M), "a gap"),
]
_ESCAPED = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?/?>|&(lt|gt|amp|quot|#x?[0-9a-f]+);")
_URL = re.compile(r"https?://[^\s\"'<>)]+")


def problems(text: str, html: str) -> list[str]:
    found = []
    parts = _Parts()
    parts.feed(html)
    shown = " ".join("".join(parts.text).split())
    for name, words in (("text", text), ("HTML", shown)):
        if _ESCAPED.search(words):
            found.append(f"{name}: escaped markup {_ESCAPED.search(words).group(0)!r}")
        for pattern, what in _EMPTY:
            if match := pattern.search(words):
                start = max(match.start() - 30, 0)
                found.append(f"{name}: {what}: {words[start : match.end() + 10]!r}")
        for url in _URL.findall(words):
            if not url.startswith(SITE):
                found.append(f"{name}: a link not to the served address: {url}")
        if wrong := not_us_english(words):
            found.append(f"{name}: not US English: {wrong}")
    for link in parts.links:
        if not (link.startswith(SITE) or link.startswith("mailto:")):
            found.append(f"HTML: a link not to the served address: {link}")
    for host in ("127.0.0.1", "localhost", "testserver"):
        if host in text or host in html:
            found.append(f"a link to {host}")
    return found


# --- Notification events -------------------------------------------------------------------------


def test_every_event_has_a_template_and_every_template_an_event():
    templates = {p.name for p in EMAIL_DIR.iterdir()} - NOT_EVENTS
    assert templates == {f"{key}.txt" for key in EVENTS}


def test_every_event_is_covered_here():
    assert set(CONTEXTS) == set(EVENTS), "give the new event a realistic context in CONTEXTS"


def _sent(lsscp, event: str, context: dict) -> OutgoingEmail:
    if event in RELAYED:
        sender = UserFactory(full_name="Dana O'Neil", roles=[Role.CANDIDATE])
        return relay_send(
            sender=sender,
            to="pat@riverside.example",
            event=event,
            context={"program": lsscp, "site_url": settings.SITE_URL, **context},
        )
    recipient = UserFactory(full_name="Luke O'Brien", roles=[Role.CANDIDATE])
    notification = notify(
        recipient=recipient, event=event, context={"program": lsscp, **context}, link="/plan/"
    )
    assert notification is not None
    return OutgoingEmail.objects.get(notification=notification)


@pytest.mark.parametrize(
    ("event", "variant"),
    [(event, i) for event, contexts in CONTEXTS.items() for i in range(len(contexts))],
)
def test_notification_email_renders(lsscp, event, variant):
    email = _sent(lsscp, event, CONTEXTS[event][variant])
    assert email.subject.strip()
    assert "<p>" in email.html_body
    assert problems(email.text_body, email.html_body) == []
    if event in RELAYED:
        for words in (email.text_body, email.html_body):
            assert "you have an account" not in words
            assert "your account" not in words


def test_a_renewal_closed_with_part_of_its_fee_paid_says_what_will_be_refunded(lsscp):
    _, closed, part_paid, *_ = CONTEXTS["renewal.decided"]
    plain = _sent(lsscp, "renewal.decided", closed)
    refunded = _sent(lsscp, "renewal.decided", part_paid)
    assert "Nothing is owed for it: its invoice was voided." in plain.text_body
    assert "refunded" not in plain.text_body + plain.html_body
    words = (
        "Nothing more is owed for it: its invoice was voided, and the $50.00 already paid on it "
        "will be refunded to whoever paid it, the way it was paid."
    )
    assert words in " ".join(refunded.text_body.split())
    assert words in " ".join(refunded.html_body.split())


def test_a_renewal_refused_after_a_late_fee_says_what_becomes_of_the_money(lsscp):
    *_, refused, paid_late = CONTEXTS["renewal.decided"]
    general = "The renewal fee is not refunded automatically"
    assert general in _sent(lsscp, "renewal.decided", refused).text_body
    email = _sent(lsscp, "renewal.decided", paid_late)
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert REFUSED_PAID_LATE in words
        assert general not in words


def test_staff_told_of_a_review_given_back_read_why_and_what_to_do(lsscp):
    email = _sent(lsscp, "review.conflict_declared", CONTEXTS["review.conflict_declared"][0])
    assert "conflict of interest" in email.subject
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert "version 2 of a Technology portfolio declared a conflict of interest" in words
        assert "kept out of the verdict" in words
        assert "Certify found no other reviewer who may take it" in words
        assert "Choose another reviewer" in words


def test_staff_told_of_a_review_given_back_by_a_role_ended_read_why_and_what_to_do(lsscp):
    email = _sent(lsscp, "review.conflict_declared", CONTEXTS["review.conflict_declared"][1])
    assert email.subject == "A review needs another reviewer: its reviewer's role ended"
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert "reviewer of version 1 of a Technology portfolio ended" in words
        assert "declared a conflict" not in words
        assert "Certify found no other reviewer who may take it" in words
        assert "Choose another reviewer on the version" in words


def test_staff_told_of_a_review_given_back_by_a_deactivated_account_read_why(lsscp):
    email = _sent(lsscp, "review.conflict_declared", CONTEXTS["review.conflict_declared"][2])
    assert (
        email.subject == "A review needs another reviewer: its reviewer's account was deactivated"
    )
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert "deactivated the account of a reviewer of version 3 of a Technology" in words
        assert "declared a conflict" not in words
        assert "role of a reviewer" not in words
        assert "Choose another reviewer on the version" in words


def test_a_reviewer_told_her_review_ended_by_a_deactivation_reads_why(lsscp):
    email = _sent(lsscp, "review.ended", CONTEXTS["review.ended"][1])
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert "an administrator deactivated its candidate" in words
        assert "closed their account" not in words


def test_a_reviewer_told_her_review_ended_reads_why_without_the_candidate(lsscp):
    email = _sent(lsscp, "review.ended", CONTEXTS["review.ended"][0])
    assert email.subject == "A portfolio review you had ended: Technology"
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert "A Technology portfolio you were reviewing is no longer under review" in words
        assert "its candidate closed their account" in words
        assert "You need not finish the review" in words


def test_a_provider_reinstatement_tells_a_candidate_of_each_course_in_one_email(lsscp):
    email = _sent(lsscp, "course.approval_reinstated", CONTEXTS["course.approval_reinstated"][1])
    assert email.subject == "2 courses in your plan are approved again"
    for words in (email.text_body, email.html_body):
        text = " ".join(words.split())
        assert "Library Technology Essentials (by Northside Community College)" in text
        assert "Cataloging Basics (by Northside Community College) for Cataloging" in text
        assert "Completions dated while the approval was suspended count again" in text


def test_a_revoked_renewals_fee_is_named_in_the_providers_email(lsscp):
    email = _sent(lsscp, "course.approval_stopped", CONTEXTS["course.approval_stopped"][2])
    words = (
        "The renewal you submitted will not be decided: invoice LSSCP-000031 is void (a credit "
        "note cancels what was owed), and the $40.00 paid on it is refunded the way it was paid."
    )
    assert words in " ".join(email.text_body.split())
    assert words in " ".join(email.html_body.split())


def test_a_revoked_providers_notice_says_what_became_of_each_first_reviews_fee(lsscp):
    """Revoking a provider ends its courses under first review: one notice names each fee."""
    (context,) = [
        c
        for c in CONTEXTS["course.approval_stopped"]
        if c.get("first_reviews") and not c.get("first_reviews_later")
    ]
    email = _sent(lsscp, "course.approval_stopped", context)
    for words in (
        "Cataloging Basics was waiting for its first approval: it will not be evaluated, and it "
        "is revoked with Northside Community College. Invoice LSSCP-000032 is void (a credit "
        "note cancels what was owed).",
        "Invoice LSSCP-000033 is void (a credit note cancels what was owed), and the $40.00 paid "
        "on it is refunded the way it was paid.",
    ):
        assert words in " ".join(email.text_body.split())
        assert words in " ".join(email.html_body.split())


def test_a_first_review_ended_after_the_revocation_says_when_it_was_revoked(lsscp):
    """A provider revoked before revocations ended its first reviews hears of them later (the
    data migration): the notice says the revocation's day and what became of each fee."""
    (context,) = [c for c in CONTEXTS["course.approval_stopped"] if c.get("first_reviews_later")]
    email = _sent(lsscp, "course.approval_stopped", context)
    assert email.subject.endswith("Courses under review revoked with Northside Community College")
    for words in (
        f"Program staff revoked Northside Community College as a course provider on "
        f"{DAY:%B %-d, %Y}. The courses below were then waiting for their first approval",
        "Cataloging Basics was waiting for its first approval: it will not be evaluated",
        "Invoice LSSCP-000032 is void (a credit note cancels what was owed).",
    ):
        assert words in " ".join(email.text_body.split())
        assert words in " ".join(email.html_body.split())


def test_a_rejection_gives_the_last_day_to_give_notice_of_appeal(lsscp):
    """The page gave the day; the e-mail said only "within 10 days of this decision"."""
    email = _sent(lsscp, "application.decided", CONTEXTS["application.decided"][1])
    words = "you may give notice of appeal by March 14, 2027, within 10 days of this decision."
    assert words in " ".join(email.text_body.split())
    assert words in " ".join(email.html_body.split())


def test_an_award_an_appeal_brings_back_says_so_first_and_one_it_cannot_says_why(lsscp):
    """An enrollment award ended by a rejection that an appeal sent back (ADR 0050)."""
    restored, refused = CONTEXTS["scholarship.award_restored"]
    email = _sent(lsscp, "scholarship.award_restored", restored)
    assert email.subject == "Your scholarship award is yours again"
    assert "Your $200 award from the SSD Fund is yours again. It is credited on invoice" in (
        " ".join(email.text_body.split())
    )
    email = _sent(lsscp, "scholarship.award_restored", refused)
    text = " ".join(email.text_body.split())
    assert "Your $200 award from the SSD Fund cannot be given back: The SSD Fund has made" in text
    assert "You may apply to SSD again when its rules allow." in text
    email = _sent(
        lsscp, "scholarship.award_not_restored", CONTEXTS["scholarship.award_not_restored"][0]
    )
    text = " ".join(email.text_body.split())
    assert "Ravi Patel's $200 award from the SSD Fund could not be given back: Ravi Patel" in text


def test_the_supervisor_is_told_what_is_true_of_the_application_at_that_moment(lsscp):
    draft, returned = CONTEXTS["application.supervisor_confirm"]
    before = _sent(lsscp, "application.supervisor_confirm", draft).text_body
    after = _sent(lsscp, "application.supervisor_confirm", returned).text_body
    assert "preparing an application" in before
    assert "not submitted yet" in before
    assert "applied" not in before.replace("preparing an application", "")
    assert "applied to the Library Support Staff Certification Program" in after
    assert "asked them for more information" in after
    for text in (before, after):
        assert "You do not need an account." in text


def test_a_supervisor_request_from_a_draft_says_the_application_is_not_submitted(lsscp):
    from certify.applications import services
    from tests.factories import ApplicationFactory, ExperienceEntryFactory

    candidate = UserFactory(full_name="Dana O'Neil", roles=[Role.CANDIDATE])
    application = ApplicationFactory(candidate=candidate, program=lsscp)
    entry = ExperienceEntryFactory(
        application=application, supervisor_name="Pat Lee", supervisor_email="pat@river.example"
    )
    services.supervisor_request(entry=entry, actor=candidate)
    email = OutgoingEmail.objects.get(to="pat@river.example")
    assert "not submitted yet" in email.text_body
    assert "has applied" not in email.text_body
    assert problems(email.text_body, email.html_body) == []


# --- E-mail the site signs, not a program -------------------------------------------------------

# A course provider's approval and a colleague's invitation to a provider or sponsor: an
# organization is on the site, not one program's (`program=None`).
SITE_SIGNED = ("colleague.invited", "provider.approved")
SITE_CONTACT = "help@certify.example.org"


@pytest.mark.parametrize(
    ("event", "variant"),
    [(event, i) for event in SITE_SIGNED for i in range(len(CONTEXTS[event]))],
)
def test_an_email_the_site_signs_gives_the_sites_contact(lsscp, settings, event, variant):
    """The invitation's "To report abuse, write to …" came from the default program's contact;
    signed by the site it had none. The site's own address (`SITE_CONTACT_EMAIL`) is there."""
    settings.SITE_CONTACT_EMAIL = SITE_CONTACT
    email = _sent(lsscp, event, {**CONTEXTS[event][variant], "program": None})
    text, html = email.text_body, email.html_body
    assert problems(text, html) == []
    line = "To report abuse, write to" if event in RELAYED else "Questions? Write to"
    assert f"{line} {SITE_CONTACT}" in text
    assert f'<a href="mailto:{SITE_CONTACT}"' in html  # after the site's name, as a program's
    if event in RELAYED:
        assert line in html
    for words in (text, html):
        assert lsscp.name not in words
        assert lsscp.contact_email not in words


def test_without_its_own_address_the_site_gives_the_default_programs_contact(lsscp, settings):
    settings.SITE_CONTACT_EMAIL = ""
    email = _sent(lsscp, "colleague.invited", {**CONTEXTS["colleague.invited"][0], "program": None})
    assert f"To report abuse, write to {lsscp.contact_email}." in email.text_body
    assert f'<a href="mailto:{lsscp.contact_email}"' in email.html_body
    assert lsscp.name not in email.text_body


def test_an_email_a_program_signs_keeps_the_programs_contact(lsscp, settings):
    settings.SITE_CONTACT_EMAIL = SITE_CONTACT
    email = _sent(lsscp, "colleague.invited", CONTEXTS["colleague.invited"][0])
    assert f"To report abuse, write to {lsscp.contact_email}." in email.text_body
    assert SITE_CONTACT not in email.text_body + email.html_body


# --- The checks themselves ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "html", "what"),
    [
        ("Hi", "<p>&lt;p&gt;Hello&lt;/p&gt;</p>", "escaped markup"),  # the layout escaped <p>
        ("Hello from !", "<p>Hi</p>", "a space before punctuation"),
        ("Dear ,", "<p>Hi</p>", "a space before punctuation"),
        ("Your invoice is due by .", "<p>Hi</p>", "a space before punctuation"),
        ("Hi", "<p>Hello from <strong></strong>!</p>", "a space before punctuation"),
        ("Dana O&#x27;Neil", "<p>Hi</p>", "escaped markup"),
        ("Open: http://127.0.0.1:8000/plan/", "<p>Hi</p>", "not to the served address"),
        ("Hi", '<p><a href="http://localhost:8000/">x</a></p>', "not to the served address"),
        ("Pay by cheque.", "<p>Hi</p>", "not US English"),
        ("Valid until 2 October 2026.", "<p>Hi</p>", "not US English"),
    ],
)
def test_the_checks_catch_what_broke_before(text, html, what):
    assert any(what in problem for problem in problems(text, html))


def test_a_good_email_passes_the_checks():
    html = f'<p>Hello Dana,</p><p><a href="{SITE}/plan/">Open</a> by March 14, 2027.</p>'
    assert problems(f"Hello Dana,\n\nOpen: {SITE}/plan/\n", html) == []
