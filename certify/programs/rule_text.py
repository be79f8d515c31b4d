"""Rule values quoted in a program's prose, filled in from the program's own rules.

Public prose (the overview, who can apply, costs, the FAQ) quotes the rules: "Enrollment costs
$350.00", "within the five years before you apply". Written out, those numbers go stale the day
staff change a rule. So the prose holds placeholders, and every page fills them from the rules:

    Enrollment costs {enrollment_fee}, or {member_fee} for members of {member_organisation}.
    At least {experience_hours_required} hours within the {experience_window_years:words} years.

The syntax is deliberately tiny and is not a Django template, so text that staff edit cannot
reach a tag, a filter or an attribute: `{name}` or `{name:form}`, where `name` is one of
`placeholder_names()` and `form` is `words` ("five") or `times` ("once", "twice", "3 times") for
a whole number. `{{` and `}}` write a literal brace. Anything else in braces is refused when the
text is loaded or saved (`prose_problems`, `validate_prose`). The filled-in text is plain text:
templates escape it like any other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError

from certify.core.money import Money

# The program's rule fields whose values prose may quote, in the data file's `rules` order.
# Money rules end in `_fee_cents` and are quoted without the suffix: `{enrollment_fee}`.
TEXT_RULES = ("member_organisation", "contact_email", "currency")
FORMS = ("words", "times")
ESCAPES = {"{{": "{", "}}": "}"}

# {name} or {name:form}; a doubled brace is a literal one.
TOKEN = re.compile(r"\{\{|\}\}|\{([a-z_]+)(?::([a-z]+))?\}|\{|\}")

_ONES = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """0 → "zero", 21 → "twenty-one"; 100 and more (and negatives) stay in digits."""
    if 0 <= n < 20:
        return _ONES[n]
    if 20 <= n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    return f"{n:,}"


def number_times(n: int) -> str:
    """1 → "once", 2 → "twice", 3 → "three times"."""
    return {1: "once", 2: "twice"}.get(n, f"{number_words(n)} times")


def money_text(cents: int, currency: str) -> str:
    """35000, "USD" → "$350.00"; 100000 → "$1,000.00": as every amount people read is written
    (`Money.with_cents()`), with its cents, so the costs page and the invoice say one amount."""
    return (Money(cents, currency) if currency else Money(cents)).with_cents()


def rule_values(rules: Mapping[str, Any]) -> dict[str, int | str]:
    """The values prose may quote, by placeholder name, from a program's rules.

    `rules` maps rule field names to values: a program's data-file `rules`, or
    `program_rules(program)`. Whole numbers stay numbers (a form formats them); money and
    text are strings.
    """
    values: dict[str, int | str] = {}
    currency = str(rules.get("currency", ""))
    for name, value in rules.items():
        if isinstance(value, bool):
            continue
        if name.endswith("_fee_cents") and isinstance(value, int):
            values[name.removesuffix("_cents")] = money_text(value, currency)
        elif isinstance(value, int):
            values[name] = value
        elif name in TEXT_RULES:
            values[name] = str(value)
    education = rules.get("education_required")
    if isinstance(education, str) and education:
        words = education_words(education, str(rules.get("education_accreditor", "")))
        values["education"] = words
        # The rule as a sentence, which reads well with no rule too ("You need none" would not).
        values["education_needed"] = (
            "No particular education is needed." if education == "none" else f"You need {words}."
        )
    percent = rules.get("portfolio_met_percent")
    if isinstance(percent, int) and not isinstance(percent, bool):
        # The prose's worked example of the threshold: "7 out of 10" at 70 %.
        values["portfolio_met_example"] = f"{math.ceil(percent * 10 / 100)} out of 10"
    return values


def education_words(rule: str, accreditor: str = "") -> str:
    """The education rule as prose quotes it: "a master's degree from a program accredited by
    the American Library Association (ALA)", "a high-school diploma or its equivalent"."""
    from certify.programs.models import EducationRule

    if rule == EducationRule.MASTERS_ACCREDITED and accreditor:
        return f"a master's degree from a program accredited by {accreditor}"
    label = str(EducationRule(rule).label) if rule in EducationRule.values else rule
    return label[:1].lower() + label[1:]


def program_rules(program: Any) -> dict[str, Any]:
    """A program's rule fields and their current values (the database is the source)."""
    from certify.programs.models import RULE_FIELDS

    return {name: getattr(program, name) for name in RULE_FIELDS}


def placeholder_names() -> list[str]:
    """Every name a placeholder may use (the same for every program)."""
    from certify.programs.models import RULE_FIELDS, Program

    sample: dict[str, Any] = {}
    for name in RULE_FIELDS:
        if name in TEXT_RULES:
            sample[name] = ""
        elif Program._meta.get_field(name).get_internal_type().endswith("IntegerField"):
            sample[name] = 0  # a whole number: quoted as it is, or in words
    sample["education_required"] = "none"
    return sorted(rule_values(sample))


def prose_problems(text: str, names: Iterable[str] | None = None) -> list[str]:
    """Each placeholder in `text` that would not fill, in words; empty when all is well."""
    known = set(placeholder_names() if names is None else names)
    problems: list[str] = []
    for match in TOKEN.finditer(text):
        token, name, form = match.group(0), match.group(1), match.group(2)
        if token in ESCAPES:
            continue
        if name is None:
            problems.append(
                f"A lone “{token}”: placeholders look like {{enrollment_fee}}; "
                f"write {token * 2} for a brace."
            )
        elif name not in known:
            problems.append(f"Unknown placeholder “{token}”.")
        elif form is not None and form not in FORMS:
            problems.append(f"Unknown form “{form}” in “{token}”: use words or times.")
    return problems


def validate_prose(text: str) -> None:
    """A model field validator: refuses text whose placeholders would not fill."""
    problems = prose_problems(text)
    if problems:
        raise ValidationError(" ".join(problems), code="placeholder")


def prose_fill(text: str, values: Mapping[str, int | str]) -> str:
    """`text` with its placeholders replaced by the rule values (plain text, not marked safe).

    A placeholder that would not fill (refused on save, so only in rows written around the
    checks) is left as written rather than guessed at.
    """

    def replace(match: re.Match[str]) -> str:
        token, name, form = match.group(0), match.group(1), match.group(2)
        if token in ESCAPES:
            return ESCAPES[token]
        if name is None or name not in values:
            return token
        value = values[name]
        if form is None:
            return f"{value:,}" if isinstance(value, int) else value
        if not isinstance(value, int):
            return token
        if form == "words":
            return number_words(value)
        if form == "times":
            return number_times(value)
        return token

    return TOKEN.sub(replace, text)


def program_text(program: Any, text: str) -> str:
    """One piece of a program's prose with its rule values filled in."""
    return prose_fill(text, rule_values(program_rules(program)))
