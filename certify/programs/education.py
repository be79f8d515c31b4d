"""A program's education rule applied to what a candidate says of their education.

The candidate gives their highest level (`applications.Application.Education`: none, a diploma,
an equivalent, a college degree below a bachelor's, a bachelor's, a master's or higher) and, when
the program asks for an accredited degree, whether theirs is. Education outside the US is never
decided here when the program sends it to staff (`non_us_education_case_by_case`): staff weigh
it case by case.
"""

from certify.programs.models import EducationRule, Program

# How far each level the candidate may give goes (the applications app's choices).
LEVEL_RANK = {
    "none": 0,
    "diploma": 1,
    "equivalent": 1,
    "higher": 2,  # a college degree below a bachelor's (an associate degree)
    "bachelors": 3,
    "masters": 4,
}
RULE_RANK = {
    EducationRule.NONE: 0,
    EducationRule.HIGH_SCHOOL: 1,
    EducationRule.BACHELORS: 3,
    EducationRule.MASTERS: 4,
    EducationRule.MASTERS_ACCREDITED: 4,
}
RULE_PROBLEM = {
    EducationRule.HIGH_SCHOOL: (
        "The program needs a high-school diploma or its equivalent (such as the GED)."
    ),
    EducationRule.BACHELORS: "The program needs a bachelor's degree.",
    EducationRule.MASTERS: "The program needs a master's degree.",
    EducationRule.MASTERS_ACCREDITED: "The program needs a master's degree from an accredited "
    "program.",
}


def asks_accreditation(program: Program) -> bool:
    return program.education_required == EducationRule.MASTERS_ACCREDITED


def education_problem(
    *, program: Program, level: str, accredited: bool, outside_us: bool
) -> str | None:
    """Why the candidate's education does not meet the program's rule, or None when it does
    (or when staff decide it: education outside the US, where the program says so)."""
    if outside_us and program.non_us_education_case_by_case:
        return None
    rule = EducationRule(program.education_required)
    if rule == EducationRule.MASTERS_ACCREDITED and program.education_accreditor:
        needs = (
            "The program needs a master's degree from a program accredited by "
            f"{program.education_accreditor}."
        )
    else:
        needs = RULE_PROBLEM.get(rule, "")
    if LEVEL_RANK.get(level, 0) < RULE_RANK[rule]:
        return needs
    if rule == EducationRule.MASTERS_ACCREDITED and not accredited:
        return needs
    return None
