"""The e-mails of an account's test, an appeal, an application and its deadline, a training
programme: each event's context as its sender gives it (one per branch that reads differently)."""

from datetime import date

from tests.notifications.emails.samples import DAY, SITE

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
    "deadline.reminder": [
        {"left": "6 months", "deadline": DAY, "sets_left": ["TEC: Technology"]},
        {"left": "2 weeks", "deadline": DAY},
    ],
    "programme.decided": [
        {"confirmed": True, "programme": "Library Technical Assistant, Northside", "sets": ["T"]},
        {"confirmed": False, "programme": "Library Assistant", "reason": "No transcript."},
    ],
}
