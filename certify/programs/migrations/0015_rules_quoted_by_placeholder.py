"""LSSCP's prose as the data file now writes it, in programs loaded before: the sentences that
wrote out a rule (the resubmissions, the education rule, the member organization) quote it by
placeholder, and the costs give the renewal fee (ADR 0020). Only the seed's exact sentences are
replaced, so text staff have changed stays theirs; `load_program --update` would instead add the
renamed question beside the old one (questions are found by their text)."""

from django.db import migrations

from certify.programs.migrations._prose import lsscp_prose_swap

# (field, seed text before, seed text now)
PROGRAM_TEXT = (
    (
        "who_can_apply",
        "You also need a high school diploma or its equivalent.",
        "You also need {education}.",
    ),
    (
        "costs",
        "Renewal costs less than enrollment.",
        "Renewal costs {renewal_fee}, less than enrollment.",
    ),
)
FAQ_TEXT = (
    (
        "question",
        "Do I have to be an ALA member?",
        "Do I have to be a member of {member_organisation}?",
    ),
    (
        "answer",
        "and ask for more evidence, and you can resubmit once.",
        "and ask for more evidence, and you can resubmit {portfolio_resubmissions:times}.",
    ),
)


def quote_by_placeholder(apps, schema_editor):
    lsscp_prose_swap(apps, PROGRAM_TEXT, FAQ_TEXT, forward=True)


def write_out_again(apps, schema_editor):
    lsscp_prose_swap(apps, PROGRAM_TEXT, FAQ_TEXT, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0014_experience_words"),
    ]

    operations = [migrations.RunPython(quote_by_placeholder, write_out_again)]
