"""Whether a fund can award an applicant today: the rules they do not meet (in the committee's
words or their own) and whether the fund has an award left."""

from datetime import date

from certify.core.money import Money
from certify.scholarships.eligibility import capacity_limit
from certify.scholarships.models import Fund, Purpose, ScholarshipApplication
from certify.scholarships.selectors import EligibilityReader, fund_program
from certify.scholarships.services.common import application_status, person_name


def award_obstacles(
    *, application: ScholarshipApplication, today: date, outcome: str = "", name: str = ""
) -> list[str]:
    """Why the applicant cannot receive an award from the fund today: for the committee (with
    `name` for the applicant's, their name by default), or, given the `outcome` it led to ("you
    were not in this draw"), to the applicant. One rule each, in the two wordings."""
    fund, applicant = application.fund, application.applicant
    reader = EligibilityReader(user=applicant, today=today)
    name = "" if outcome else (name or person_name(applicant))
    reasons = reader.reasons(fund, check_window=False, name=name, outcome=outcome)
    terms = reader.terms(fund)
    so = f", so {outcome}" if outcome else ""
    if (
        application.purpose == Purpose.ENROLLMENT
        and not terms.enrollment_only
        and reader.fee_settled(fund)
    ):
        whose = f"{name}'s" if name else "Your"
        reasons.append(
            f"{whose} {terms.program} enrollment fee is already paid, so an award toward it "
            f"could not be used{so}."
        )
    program = fund_program(fund) if application.purpose == Purpose.ENROLLMENT else None
    if program is not None and application_status(applicant, program) == "rejected":
        whose = f"{name}'s" if name else "Your"
        reasons.append(
            f"{whose} application to {program.short_name} was not accepted, so an award toward "
            f"its enrollment fee could not be used{so}."
        )
    return reasons


def capacity_problem(fund: Fund, amount_cents: int | None = None) -> str:
    """Why the fund cannot make one more award of `amount_cents` (its award); "" when it can."""
    amount = fund.award_cents if amount_cents is None else amount_cents
    limit = capacity_limit(
        max_awards=fund.max_awards,
        awards_made=fund.awards_made,
        remaining_cents=fund.remaining_cents,
        amount_cents=amount,
    )
    budget = fund.budget.with_cents()
    if limit == "count":
        made = f"all {fund.max_awards} of its awards" if fund.max_awards != 1 else "its one award"
        spent = (fund.committed + fund.paid).with_cents()
        return (
            f"The {fund.name} has made {made} "
            f"({spent} of its {budget} budget is committed or paid): nothing is left to award."
        )
    if limit == "money":
        return (
            f"The {fund.name} has {fund.remaining.with_cents()} left of its {budget} budget, "
            f"not enough for an award of {Money(amount, fund.currency).with_cents()}."
        )
    return ""
