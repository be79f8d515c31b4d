"""The e-mails of a course and its approval, a course provider, a colleague invited to an
organization: each event's context as its sender gives it (one per branch that reads
differently)."""

from datetime import timedelta

from tests.notifications.emails.samples import DAY, MOMENT, SITE

CONTEXTS: dict[str, list[dict]] = {
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
    "provider.approved": [{"provider_name": "Northside Community College"}],
}
