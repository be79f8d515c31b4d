"""Rule values in prose: placeholders filled from the rules, and prose that never repeats them."""

import re

import pytest
from django.core.exceptions import ValidationError

from certify.programs.models import RULE_FIELDS, Program
from certify.programs.rule_text import (
    education_words,
    number_times,
    number_words,
    placeholder_names,
    program_text,
    prose_fill,
    prose_problems,
    rule_values,
    validate_prose,
)
from certify.programs.services import builtin_program_data, program_load

RULES = {
    "currency": "USD",
    "enrollment_fee_cents": 37550,
    "member_fee_cents": 34000,
    "member_organisation": "CLA",
    "experience_hours_required": 2080,
    "renewal_grace_months": 3,
    "portfolio_resubmissions": 2,
    "portfolio_met_percent": 75,
    "education_required": "masters_accredited",
    "education_accreditor": "the American Library Association (ALA)",
}


def test_placeholders_are_filled_from_the_rules_in_the_prose_forms():
    text = (
        "Enrollment costs {enrollment_fee}, or {member_fee} for members of "
        "{member_organisation}; {experience_hours_required} hours; "
        "{renewal_grace_months:words} months' grace; resubmit {portfolio_resubmissions:times}; "
        "{portfolio_met_percent}% ({portfolio_met_example}); {{literal}}."
    )
    assert prose_fill(text, rule_values(RULES)) == (
        "Enrollment costs $375.50, or $340.00 for members of CLA; 2,080 hours; "
        "three months' grace; resubmit twice; 75% (8 out of 10); {literal}."
    )


@pytest.mark.parametrize(
    ("n", "words", "times"),
    [(0, "zero", "zero times"), (1, "one", "once"), (2, "two", "twice"),
     (3, "three", "three times"),
     (19, "nineteen", "nineteen times"), (20, "twenty", "twenty times"),
     (32, "thirty-two", "thirty-two times"), (99, "ninety-nine", "ninety-nine times"),
     (100, "100", "100 times"), (1820, "1,820", "1,820 times")],
)  # fmt: skip
def test_numbers_in_words_at_their_edges(n, words, times):
    assert (number_words(n), number_times(n)) == (words, times)


def test_every_rule_but_the_yes_no_ones_has_a_placeholder():
    names = set(placeholder_names())
    for rule in RULE_FIELDS:
        if rule in ("education_required", "education_accreditor"):
            continue  # quoted together, in words: {education}
        if rule == "non_us_education_case_by_case":
            continue
        if rule == "renewal_reminder_months":
            continue  # a schedule, said in words of the prose's own
        if rule in ("certificate_approval_required", "payment_timing"):
            continue  # a yes/no and a choice: prose says them in words of its own
        if rule == "renewal_technology_set_code":
            continue  # a code, not something a reader is quoted
        assert rule.removesuffix("_cents") in names, rule
    assert "portfolio_met_example" in names
    assert "education" in names
    # A code or a choice is not a number: no placeholder quotes it as one.
    assert "payment_timing" not in names
    assert "renewal_technology_set_code" not in names


def test_the_education_rule_is_quoted_in_words():
    assert prose_fill("You need {education}.", rule_values(RULES)) == (
        "You need a master's degree from a program accredited by the American Library "
        "Association (ALA)."
    )
    lsscp_like = {**RULES, "education_required": "high_school", "education_accreditor": ""}
    assert prose_fill("{education}", rule_values(lsscp_like)) == (
        "a high-school diploma or its equivalent"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{enrolment_fee}", "Unknown placeholder “{enrolment_fee}”."),
        ("{enrollment_fee_cents}", "Unknown placeholder “{enrollment_fee_cents}”."),
        ("{{ program.secret }}", None),
        ("{ program.secret }", "A lone “{”"),
        ("{% include 'x' %}", "A lone “{”"),
        ("costs }", "A lone “}”"),
        ("{renewal_grace_months:upper}", "Unknown form “upper”"),
        ("{experience_hours_required:words}", None),
    ],
)
def test_text_that_would_not_fill_is_named(text, problem):
    problems = prose_problems(text)
    if problem is None:
        assert problems == []
        validate_prose(text)
    else:
        assert problems
        assert problems[0].startswith(problem)
        with pytest.raises(ValidationError):
            validate_prose(text)


def test_staff_cannot_save_prose_with_an_unknown_placeholder(lsscp):
    lsscp.costs = "Costs {fee}."
    with pytest.raises(ValidationError) as raised:
        lsscp.full_clean()
    assert "costs" in raised.value.message_dict


def test_the_filled_text_is_plain_text_that_templates_escape(lsscp, client):
    Program.objects.filter(pk=lsscp.pk).update(costs="<script>x</script> {enrollment_fee}")
    page = client.get("/programs/lsscp/costs/").text
    assert "<script>x</script>" not in page
    fee = program_text(lsscp, "{enrollment_fee}")
    assert f"&lt;script&gt;x&lt;/script&gt; {fee}" in page


# --- The prose never writes a rule value out -------------------------------------------------

UNITS = {"years": "_years", "year": "_years", "months": "_months", "month": "_months",
         "days": "_days", "day": "_days", "hours": "_hours", "hour": "_hours"}  # fmt: skip
WORD_VALUES = {number_words(n): n for n in range(100)}
# Sayings that are not rules: how long candidates typically take (the FAQ quotes the project
# director), which no rule governs.
NOT_RULES = (
    "between six months and two years",
    "from six months to two years",
    "two years is more typical",
    "two years closer",
)


def _prose(data):
    yield "tagline", data["tagline"]
    for field in ("overview", "ways_to_show_competence", "who_can_apply", "costs"):
        yield field, data[field]
    yield "help_with_costs", data["help_with_costs"]
    for entry in data["faq"]:
        yield f"faq {entry['question']}", entry["question"] + "\n" + entry["answer"]
    for cset in data["competency_sets"]:
        yield cset["code"], cset["summary"]
        for comp in cset["competencies"]:
            yield comp["code"], comp["statement"] + "\n" + comp["portfolio_suggestion"]


def _written_out_rules(text, rules):
    """Rule values written out in `text` rather than quoted by placeholder."""
    text = re.sub(r"\{[a-z_]+(:[a-z]+)?\}", "{…}", text)
    for saying in NOT_RULES:
        text = text.replace(saying, "")
    money = {
        money_rule.removesuffix("_cents"): value // 100
        for money_rule, value in rules.items()
        if money_rule.endswith("_cents")
    }
    numbers = {
        name: value
        for name, value in rules.items()
        if isinstance(value, int) and not isinstance(value, bool) and name not in money
        and not name.endswith("_cents")
    }  # fmt: skip
    found = []
    for match in re.finditer(r"(USD ?|\$)?(\d[\d,]*)(\s*%)?", text):
        value = int(match.group(2).replace(",", "").rstrip(",") or 0)
        pool = money if match.group(1) else numbers
        found += [f"{match.group(0).strip()} ({name})" for name, v in pool.items() if v == value]
    pattern = r"\b(" + "|".join(WORD_VALUES) + r")[- ](years?|months?|days?|hours?)\b"
    for match in re.finditer(pattern, text, flags=re.IGNORECASE):
        value, suffix = WORD_VALUES[match.group(1).lower()], UNITS[match.group(2).lower()]
        found += [
            f"{match.group(0)} ({name})"
            for name, v in numbers.items()
            if v == value and name.endswith(suffix)
        ]
    # How many times the candidate may resubmit ("once", "twice", "three times").
    times = {number_times(n): n for n in range(100)}
    pattern = r"\b(" + "|".join(sorted(times, key=len, reverse=True)) + r")\b"
    for match in re.finditer(pattern, text, flags=re.IGNORECASE):
        if times[match.group(1).lower()] == rules.get("portfolio_resubmissions"):
            found.append(f"{match.group(0)} (portfolio_resubmissions)")
    # The member organization by name (not inside a longer name such as "ALA-APA"), and the
    # education rule in the words `{education}` gives.
    if organisation := rules.get("member_organisation"):
        pattern = rf"\b{re.escape(organisation)}\b(?!-)"
        found += [f"{m.group(0)} (member_organisation)" for m in re.finditer(pattern, text)]
    if rules.get("education_required"):
        words = education_words(rules["education_required"], rules.get("education_accreditor", ""))
        loose = re.escape(words).replace(r"\-", "[- ]").replace(r"\ ", "[- ]")
        found += [f"{m.group(0)} (education)" for m in re.finditer(loose, text, re.IGNORECASE)]
    return found


def test_lsscp_prose_quotes_every_rule_value_by_placeholder():
    data = builtin_program_data("lsscp")
    written_out = {
        where: found
        for where, text in _prose(data)
        if (found := _written_out_rules(text, data["rules"]))
    }
    assert written_out == {}


def test_the_check_finds_a_rule_value_written_out():
    rules = builtin_program_data("lsscp")["rules"]
    fee = rules["enrollment_fee_cents"] // 100
    years = number_words(rules["certificate_validity_years"])
    assert _written_out_rules(f"It costs USD {fee}.", rules) == [f"USD {fee} (enrollment_fee)"]
    assert _written_out_rules(f"Valid for {years} years.", rules)
    assert _written_out_rules("Valid for {certificate_validity_years:words} years.", rules) == []
    resubmit = number_times(rules["portfolio_resubmissions"])
    assert _written_out_rules(f"You can resubmit {resubmit}.", rules) == [
        f"{resubmit} (portfolio_resubmissions)"
    ]
    assert _written_out_rules("You can resubmit {portfolio_resubmissions:times}.", rules) == []
    organisation = rules["member_organisation"]
    assert _written_out_rules(f"Do I have to be an {organisation} member?", rules) == [
        f"{organisation} (member_organisation)"
    ]
    assert _written_out_rules(f"Run by {organisation}-APA.", rules) == []
    assert _written_out_rules("You need a high school diploma or its equivalent.", rules) == [
        "a high school diploma or its equivalent (education)"
    ]
    assert _written_out_rules("You need {education}.", rules) == []


def test_every_placeholder_in_lsscp_prose_fills(lsscp):
    data = builtin_program_data("lsscp")
    for where, text in _prose(data):
        assert prose_problems(text) == [], where
        assert "{" not in program_text(lsscp, text), where


def test_a_program_loaded_with_other_rules_says_them(db):
    data = builtin_program_data("lsscp")
    data["rules"].update(enrollment_fee_cents=37500, renewal_grace_months=3)
    program, _ = program_load(data=data)
    costs = program_text(program, program.costs)
    assert "$375.00" in costs
    assert "three months after" in costs
    assert "$350" not in costs


def test_a_program_loaded_before_quotes_the_rules_by_placeholder_after_the_migration(lsscp):
    """The seed's old sentences are replaced in a running installation; staff's own text stays."""
    from importlib import import_module

    from django.apps import apps

    from certify.programs.models import FaqEntry

    migration = import_module("certify.programs.migrations.0015_rules_quoted_by_placeholder")
    Program.objects.filter(pk=lsscp.pk).update(
        who_can_apply="Staff's words. You also need a high school diploma or its equivalent.",
        costs="Renewal costs less than enrollment.",
    )
    question = FaqEntry.objects.get(program=lsscp, question__startswith="Do I have to be a member")
    FaqEntry.objects.filter(pk=question.pk).update(question="Do I have to be an ALA member?")
    answer = FaqEntry.objects.get(program=lsscp, answer__contains="{portfolio_resubmissions:times}")
    FaqEntry.objects.filter(pk=answer.pk).update(
        answer=answer.answer.replace("{portfolio_resubmissions:times}", "once")
    )
    migration.quote_by_placeholder(apps, None)
    lsscp.refresh_from_db()
    assert lsscp.who_can_apply == "Staff's words. You also need {education}."
    assert lsscp.costs == "Renewal costs {renewal_fee}, less than enrollment."
    question.refresh_from_db()
    assert question.question == "Do I have to be a member of {member_organisation}?"
    assert (
        "you can resubmit {portfolio_resubmissions:times}."
        in FaqEntry.objects.get(pk=answer.pk).answer
    )
    migration.write_out_again(apps, None)
    lsscp.refresh_from_db()
    assert lsscp.costs == "Renewal costs less than enrollment."


# --- The sponsor's figures, and sentences that assume a rule (ADR 0020) --------------------------


def _fund_figures_written_out(text):
    """The SSD funds' amounts, numbers of awards and waiting periods written in `text`: the
    fund's values, which its sponsor changes on the fund's page."""
    from certify.scholarships.defaults import FUNDS

    found = []
    for fund in FUNDS:
        for cents in (fund["budget_cents"], fund["award_cents"]):
            amount = f"{cents // 100:,}"
            found += re.findall(rf"(?:USD ?|\$){re.escape(amount)}\b", text)
        found += re.findall(rf"\b{number_words(fund['max_awards'])} awards\b", text, re.I)
    found += re.findall(r"\b(?:any )?18 months\b", text)
    return found


def test_lsscp_prose_writes_out_none_of_the_sponsor_funds_figures():
    data = builtin_program_data("lsscp")
    written = {w: f for w, text in _prose(data) if (f := _fund_figures_written_out(text))}
    assert written == {}


def test_lsscp_prose_assumes_no_hours_of_full_time_work():
    """ "About one year of full-time work" held for 1,820 hours only."""
    data = builtin_program_data("lsscp")
    assert not [w for w, text in _prose(data) if "full-time work" in text]


def test_the_education_sentence_reads_well_for_every_rule():
    for rule, sentence in [
        ("none", "No particular education is needed."),
        ("high_school", "You need a high-school diploma or its equivalent."),
        ("bachelors", "You need a bachelor's degree."),
    ]:
        values = rule_values({**RULES, "education_required": rule})
        assert prose_fill("{education_needed}", values) == sentence
    assert "education_needed" in placeholder_names()


def test_lsscp_who_can_apply_reads_well_with_no_education_rule(lsscp):
    lsscp.education_required = "none"
    text = program_text(lsscp, lsscp.who_can_apply)
    assert "No particular education is needed." in text
    assert "need no minimum" not in text.lower()
    assert "{" not in text


def test_a_program_loaded_before_loses_the_fund_figures_after_the_migration(lsscp):
    """The seed's sentences are replaced in a running installation; staff's own text stays."""
    from importlib import import_module

    from django.apps import apps

    from certify.programs.models import FaqEntry

    migration = import_module("certify.programs.migrations.0016_prose_without_fund_figures")
    old = {field: before for field, before, _ in migration.PROGRAM_TEXT}
    Program.objects.filter(pk=lsscp.pk).update(
        who_can_apply="Within the five years before you apply. That is about one year of "
        "full-time work. You also need {education}.",
        help_with_costs=old["help_with_costs"] + " Staff's words.",
    )
    answer = FaqEntry.objects.get(program=lsscp, answer__contains="waiting period")
    FaqEntry.objects.filter(pk=answer.pk).update(answer=migration.FAQ_TEXT[0][1])
    migration.forward(apps, None)
    lsscp.refresh_from_db()
    assert lsscp.who_can_apply == "Within the five years before you apply. {education_needed}"
    assert "18 months" not in lsscp.help_with_costs
    assert lsscp.help_with_costs.endswith(" Staff's words.")
    assert "18 months" not in FaqEntry.objects.get(pk=answer.pk).answer
    migration.backward(apps, None)
    lsscp.refresh_from_db()
    assert "full-time work. You also need {education}." in lsscp.who_can_apply
