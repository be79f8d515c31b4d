"""The scholarship API's OpenAPI examples: a fund, an award and an application of the
default sponsor's enrollment fund."""

# The default sponsor's enrollment fund as it is seeded (`scholarships.defaults`): five awards
# of 200.00 from a budget of 1,000.00, in the program's currency. An award is the fund's amount,
# not the program's fee.
EXAMPLE_AWARD_CENTS = 20_000
FUND_EXAMPLE = {
    "slug": "ssd-lsscp-enrollment",
    "name": "SSD LSSCP Enrollment Scholarship",
    "sponsor": "Support Staff Division",
    "description": "An anonymous donor's gift to SSD, to help SSD members enroll in the LSSCP: "
    "awards toward the enrollment fee.",
    "purposes": ["enrollment"],
    "currency": "USD",
    "award_cents": EXAMPLE_AWARD_CENTS,
    "max_awards": 5,
    "awards_left": 2,
    "opens_on": "2026-01-15",
    "closes_on": "2026-11-30",
    "decisions_by": "2026-12-15",
    "open_now": True,
    "method": "committee",
    "required_memberships": ["SSD"],
    "cooldown_months": 24,
    "states": [],
    "min_years_experience": 1,
}
AWARD_EXAMPLE = {
    "id": 3,
    "amount_cents": EXAMPLE_AWARD_CENTS,
    "status": "committed",
    "purpose": "enrollment",
    "awarded_on": "2026-04-02",
    "use_by": "2027-04-02",
    "paid_on": None,
    "invoice": None,
    "draw": None,
    "payable_since": None,  # an enrollment award (a class award: the day its recipient enrolled)
}
APPLICATION_EXAMPLE = {
    "id": 9,
    "fund": "ssd-lsscp-enrollment",
    "purpose": "enrollment",
    "statement": "I have worked at the circulation desk for six years…",
    "class_details": "",
    "state_of_employment": "OH",
    "years_experience": 6,
    "status": "awarded",
    "submitted_at": "2026-03-10T14:02:00Z",
    "decided_at": "2026-04-02T09:30:00Z",
    "reason": "",
    "award": AWARD_EXAMPLE,
}
# A fund with its money, as its sponsor's committee member who scores it reads it.
FUND_TOTALS_EXAMPLE = {
    **FUND_EXAMPLE,
    "budget_cents": 5 * EXAMPLE_AWARD_CENTS,
    "committed_cents": 1 * EXAMPLE_AWARD_CENTS,
    "paid_cents": 2 * EXAMPLE_AWARD_CENTS,
    "remaining_cents": 2 * EXAMPLE_AWARD_CENTS,
    "awards_made": 3,
    "waiting": 3,
    "to_score": 2,
    "scoring_note": "",
}
