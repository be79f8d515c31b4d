"""Who may apply to a fund, and who may receive an award: pure rules, no database.

A fund makes an award only while both its award count and its money last: it can still make
`min(max_awards - awards_made, remaining // award)` awards, never fewer than none. An award that
pays toward an invoice is never more than the invoice still owes.

The cooldown is computed on dates, in calendar months: an award on 10 June 2025 with an
18-month cooldown blocks every day up to and including 9 December 2026; from 10 December 2026
the person may receive another award. A day that does not exist in the target month becomes the
last day of that month (31 August + 18 months = 28 or 29 February). Only live awards (committed
or paid) count: a withdrawn or expired award was never received.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Literal


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or the month's last day when it is shorter)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def cooldown_ends(*, awarded_on: date, months: int) -> date:
    """The first day another award is possible after an award on `awarded_on`."""
    return add_months(awarded_on, months)


def in_cooldown(*, last_award_on: date | None, months: int, on: date) -> bool:
    """Whether an award made on `last_award_on` still blocks another award on `on`."""
    if months <= 0 or last_award_on is None:
        return False
    return on < cooldown_ends(awarded_on=last_award_on, months=months)


def awards_left(
    *, max_awards: int, awards_made: int, remaining_cents: int, award_cents: int
) -> int:
    """The awards a fund can still make: limited by its count and by its money."""
    by_money = remaining_cents // award_cents if award_cents > 0 else 0
    return max(0, min(max_awards - awards_made, by_money))


def capacity_limit(
    *, max_awards: int, awards_made: int, remaining_cents: int, amount_cents: int
) -> Literal["count", "money"] | None:
    """Which limit one more award of `amount_cents` would pass, or None when the fund can make it.

    The count is checked first: a fund that made all its awards says so, whatever money is left.
    """
    if awards_made >= max_awards:
        return "count"
    if remaining_cents < amount_cents:
        return "money"
    return None


def award_amount(*, award_cents: int, owed_cents: int | None) -> int:
    """The fund's award, or what the invoice still owes when that is less (None: no invoice)."""
    if owed_cents is None:
        return award_cents
    return min(award_cents, owed_cents)


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


@dataclass(frozen=True)
class Requirement:
    """A membership an applicant needs; `joining_note` tells non-members how to join."""

    code: str
    joining_note: str = ""


@dataclass(frozen=True)
class Terms:
    """What a fund asks of applicants, as far as it can be checked before they apply."""

    sponsor: str
    opens_on: date
    closes_on: date | None = None
    required: tuple[Requirement, ...] = ()
    cooldown_months: int = 0
    awards_left: int = 1
    enrollment_only: bool = False
    program: str = ""
    states: tuple[str, ...] = ()
    min_years: int = 0
    # The program's words for its experience and its workers (programs/experience.py).
    experience: str = "library experience"
    staff: str = "library staff"


@dataclass(frozen=True)
class Person:
    """What we know of the person on the day: confirmed memberships, last award, fee paid."""

    confirmed: frozenset[str] = field(default_factory=frozenset)
    last_award_on: date | None = None
    fee_settled: bool = False


def an(word: str) -> str:
    """The article before `word`: "an" before a vowel sound, an abbreviation read letter by
    letter ("an SSD award", "a CLA award")."""
    if not word:
        return "a"
    sounds = "AEFHILMNORSX" if word.isupper() and len(word) > 1 else "AEIOU"
    return "an" if word[0].upper() in sounds else "a"


def reasons_not_eligible(
    *,
    terms: Terms,
    person: Person,
    on: date,
    check_window: bool = True,
    name: str = "",
    outcome: str = "",
) -> list[str]:
    """Every reason the person cannot apply (or be awarded) on `on`; [] if there is none.

    Written to the person ("You ...") or, given their `name`, to the committee deciding. Given
    an `outcome` ("you were not in this draw"), the person reads why a decision went as it did.
    """
    reasons: list[str] = []
    if check_window:
        if on < terms.opens_on:
            reasons.append(f"Applications open on {long_date(terms.opens_on)}.")
        elif terms.closes_on is not None and on > terms.closes_on:
            reasons.append(f"Applications closed on {long_date(terms.closes_on)}.")
        if terms.awards_left <= 0:
            reasons.append("All of this fund's awards have been made.")
    for requirement in terms.required:
        if requirement.code.upper() not in person.confirmed:
            if name:
                reasons.append(
                    f"{name} is not a confirmed {requirement.code} member, and only "
                    f"{requirement.code} members can receive it."
                )
            elif outcome:
                reasons.append(
                    f"Only {requirement.code} members can receive it and you are not a confirmed "
                    f"{requirement.code} member, so {outcome}."
                )
            else:
                note = f"; {requirement.joining_note}" if requirement.joining_note else ""
                reasons.append(f"Only {requirement.code} members can apply{note}.")
    last = person.last_award_on
    if last is not None and in_cooldown(last_award_on=last, months=terms.cooldown_months, on=on):
        again = long_date(cooldown_ends(awarded_on=last, months=terms.cooldown_months))
        rule = f"{terms.sponsor} makes one award per person in any {terms.cooldown_months} months"
        if name:
            reasons.append(
                f"{name} received a scholarship award from {terms.sponsor} on "
                f"{long_date(last)}; {rule}, so another is possible from {again}."
            )
        elif outcome:
            reasons.append(
                f"You received {an(terms.sponsor)} {terms.sponsor} scholarship award on "
                f"{long_date(last)}; {terms.sponsor} gives one award per person in any "
                f"{terms.cooldown_months} months, so {outcome}."
            )
        else:
            reasons.append(
                f"You received a scholarship award from {terms.sponsor} on {long_date(last)}, "
                f"and {rule}: you can receive another from {again}."
            )
    return reasons + _fee_reason(terms=terms, person=person, name=name, outcome=outcome)


def _fee_reason(*, terms: Terms, person: Person, name: str, outcome: str) -> list[str]:
    if not (terms.enrollment_only and person.fee_settled):
        return []
    whose = f"{name}'s" if name else "Your"
    so = f", so {outcome}" if outcome and not name else ""
    return [
        f"{whose} {terms.program} enrollment fee is already paid, and this fund pays only "
        f"toward the enrollment fee{so}."
    ]


def criteria_problems(*, terms: Terms, state: str, years: int | None) -> dict[str, str]:
    """What the applicant declared that the fund's optional criteria refuse, by form field."""
    problems: dict[str, str] = {}
    if terms.states and state.upper() not in terms.states:
        places = ", ".join(terms.states)
        problems["state_of_employment"] = (
            f"This fund is open to {terms.staff} employed in {places}."
            if state
            else f"Choose the state you work in (this fund is open to {places})."
        )
    if terms.min_years and (years is None or years < terms.min_years):
        problems["years_experience"] = (
            f"This fund needs at least {terms.min_years} years of {terms.experience}."
            if years is not None
            else f"Enter your years of {terms.experience}."
        )
    return problems


@dataclass(frozen=True)
class RuleCheck:
    """One of the fund's rules, and whether (and why) the applicant meets it, in words."""

    rule: str
    met: bool
    why: str


def rule_checks(
    *, terms: Terms, person: Person, on: date, name: str, state: str = "", years: int | None = None
) -> list[RuleCheck]:
    """Each rule of the fund beside the applicant's case, for the committee reading it."""
    checks: list[RuleCheck] = []
    for requirement in terms.required:
        code = requirement.code.upper()
        met = code in person.confirmed
        checks.append(
            RuleCheck(
                f"Only confirmed {requirement.code} members",
                met,
                f"{name} is a confirmed {requirement.code} member."
                if met
                else f"{name} is not a confirmed {requirement.code} member.",
            )
        )
    if terms.cooldown_months:
        last = person.last_award_on
        blocked = in_cooldown(last_award_on=last, months=terms.cooldown_months, on=on)
        if last is None:
            why = f"{name} has received no award from {terms.sponsor}."
        elif blocked:
            again = long_date(cooldown_ends(awarded_on=last, months=terms.cooldown_months))
            why = (
                f"{name} received an award from {terms.sponsor} on {long_date(last)}; "
                f"another is possible from {again}."
            )
        else:
            why = (
                f"{name}'s last award from {terms.sponsor} was on {long_date(last)}, "
                f"more than {terms.cooldown_months} months ago."
            )
        checks.append(
            RuleCheck(
                f"One award per person in any {terms.cooldown_months} months from {terms.sponsor}",
                not blocked,
                why,
            )
        )
    if terms.enrollment_only:
        checks.append(
            RuleCheck(
                "Pays only toward an enrollment fee not yet paid",
                not person.fee_settled,
                f"{name}'s {terms.program} enrollment fee is already paid."
                if person.fee_settled
                else f"{name}'s {terms.program} enrollment fee is not paid yet.",
            )
        )
    if terms.states:
        met = state.upper() in terms.states
        said = f"{name} said they work in {state.upper()}." if state else f"{name} gave no state."
        staff = terms.staff[:1].upper() + terms.staff[1:]
        checks.append(RuleCheck(f"{staff} employed in {', '.join(terms.states)}", met, said))
    if terms.min_years:
        met = years is not None and years >= terms.min_years
        said = (
            f"{name} said they have {years} years of {terms.experience}."
            if years is not None
            else f"{name} gave no years of experience."
        )
        checks.append(
            RuleCheck(f"At least {terms.min_years} years of {terms.experience}", met, said)
        )
    return checks
