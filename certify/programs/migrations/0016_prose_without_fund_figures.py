"""LSSCP's prose as the data file now writes it, in programs loaded before: the SSD fund's figures
(its amount, its awards, its waiting period) are the fund's values, listed on the costs page from
the fund itself, so the prose no longer writes them out; "about one year of full-time work"
assumed the hours rule's value, and the education sentence is one placeholder that reads well
for any rule, none included (ADR 0020). Only the seed's exact sentences are replaced, so text
staff have changed stays theirs (as in 0015)."""

from django.db import migrations

from certify.programs.migrations._prose import lsscp_prose_swap

PROGRAM_TEXT = (
    (
        "who_can_apply",
        "years before you apply. That is about one year of full-time work.",
        "years before you apply.",
    ),
    ("who_can_apply", "You also need {education}.", "{education_needed}"),
    (
        "help_with_costs",
        "An anonymous donor has given SSD (the OLA Support Staff Division) USD 1,000 to help SSD "
        "members enroll in the LSSCP. The gift pays for five awards of USD 200 each toward the "
        "enrollment fee.",
        "An anonymous donor has given SSD (the OLA Support Staff Division) a gift to help SSD "
        "members enroll in the LSSCP, paid out in awards toward the enrollment fee. How much the "
        "gift holds and what each award pays are listed below, with SSD's other scholarships.",
    ),
    (
        "help_with_costs",
        "A person can receive only one SSD scholarship award in any 18 months, counting all SSD "
        "scholarships together.",
        "A person can receive only one SSD scholarship award in a waiting period, counting all "
        "SSD scholarships together; each scholarship below gives its period.",
    ),
)
FAQ_TEXT = (
    (
        "answer",
        "Not yet. SSD scholarships are limited to one award per person in any 18 months, across "
        "all SSD scholarships.",
        "Not until the waiting period has passed: SSD scholarships are limited to one award per "
        "person in that period, across all SSD scholarships. The period is given with each "
        "scholarship under Help with costs.",
    ),
)


def forward(apps, schema_editor):
    lsscp_prose_swap(apps, PROGRAM_TEXT, FAQ_TEXT, forward=True)


def backward(apps, schema_editor):
    lsscp_prose_swap(apps, PROGRAM_TEXT, FAQ_TEXT, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0015_rules_quoted_by_placeholder"),
    ]

    operations = [migrations.RunPython(forward, backward)]
