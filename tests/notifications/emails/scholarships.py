"""The e-mails of a scholarship and its award: each event's context as its sender gives it (one per
branch that reads differently)."""

CONTEXTS: dict[str, list[dict]] = {
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
