import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.money import Money
from certify.programs.models import (
    RULE_FIELDS,
    Competency,
    CompetencySet,
    FaqEntry,
    Program,
    stable_uuid,
)
from certify.programs.services import builtin_program_data, program_load
from certify.programs.setup import SettingsInvalidError


@pytest.fixture
def lsscp(db):
    """These tests are about the loader, so LSSCP comes from it, not from the suite's replayed
    copy of its rows (tests/conftest.py)."""
    program, _ = program_load(data=builtin_program_data("lsscp"))
    return program


EXPECTED_SETS = {
    "Foundations of Library Services": ("core", 12),
    "Communication and Teamwork": ("core", 9),
    "Technology": ("core", 9),
    "Access Services": ("elective", 13),
    "Adult Readers' Advisory Services": ("elective", 12),
    "Cataloging and Classification": ("elective", 8),
    "Collection Management": ("elective", 10),
    "Reference and Information Services": ("elective", 9),
    "Supervision and Management": ("elective", 15),
    "Youth Services": ("elective", 12),
}


def test_lsscp_has_ten_sets_with_the_real_programs_counts(lsscp):
    sets = {s.name: (s.kind, s.competencies.count()) for s in lsscp.competency_sets.all()}
    assert sets == EXPECTED_SETS
    assert Competency.objects.filter(competency_set__program=lsscp).count() == 109


def test_lsscp_rules_come_from_its_data_file(lsscp):
    rules = builtin_program_data("lsscp")["rules"]
    assert list(rules) == list(RULE_FIELDS)
    assert {name: getattr(lsscp, name) for name in RULE_FIELDS} == rules
    assert lsscp.enrollment_fee == Money(rules["enrollment_fee_cents"], rules["currency"])


def test_lsscp_rules_keep_what_its_prose_says_in_words(lsscp):
    # "Renewal costs less than enrollment", and the member price is the lower one.
    assert lsscp.renewal_fee_cents < lsscp.enrollment_fee_cents
    assert lsscp.member_fee_cents < lsscp.enrollment_fee_cents
    assert lsscp.renewal_technology_hours <= lsscp.renewal_ce_hours


def test_every_competency_has_a_statement_and_a_portfolio_suggestion(lsscp):
    for comp in Competency.objects.filter(competency_set__program=lsscp):
        assert len(comp.statement) > 20, comp.code
        assert comp.portfolio_suggestion, comp.code
        assert comp.code.startswith(comp.competency_set.code + "-")


def test_loading_twice_changes_nothing(lsscp):
    before = Program.objects.get(pk=lsscp.pk).updated_at
    audit_count = AuditEvent.objects.count()
    _, report = program_load(data=builtin_program_data("lsscp"), update=True)
    assert not report.changed
    assert report.unchanged["competencies"] == 109
    assert Program.objects.get(pk=lsscp.pk).updated_at == before
    assert AuditEvent.objects.count() == audit_count
    assert CompetencySet.objects.count() == 10
    assert FaqEntry.objects.filter(program=lsscp).count() == len(
        builtin_program_data("lsscp")["faq"]
    )


def test_loading_again_keeps_what_staff_changed(lsscp):
    fee = lsscp.enrollment_fee_cents + 2500
    Program.objects.filter(pk=lsscp.pk).update(enrollment_fee_cents=fee, costs="Staff's words.")
    Competency.objects.filter(code="FLS-01").update(statement="Staff's statement.")
    _, report = program_load(data=builtin_program_data("lsscp"))
    assert (report.kept, report.changed) == ({"programs": 1}, False)
    program = Program.objects.get(pk=lsscp.pk)
    assert (program.enrollment_fee_cents, program.costs) == (fee, "Staff's words.")
    assert Competency.objects.get(code="FLS-01").statement == "Staff's statement."


def test_the_command_keeps_the_database_and_update_overwrites_it(lsscp):
    data = builtin_program_data("lsscp")
    Program.objects.filter(pk=lsscp.pk).update(renewal_grace_months=7)
    out = StringIO()
    call_command("load_program", "lsscp", stdout=out)
    assert "kept: 1 programs" in out.getvalue()
    assert "load_program lsscp --update" in out.getvalue()
    assert Program.objects.get(pk=lsscp.pk).renewal_grace_months == 7
    out = StringIO()
    call_command("load_program", "lsscp", "--update", stdout=out)
    assert "updated: 1 programs" in out.getvalue()
    program = Program.objects.get(pk=lsscp.pk)
    assert program.renewal_grace_months == data["rules"]["renewal_grace_months"]


def test_the_command_creates_a_program_that_does_not_exist(db):
    out = StringIO()
    call_command("load_program", "lsscp", stdout=out)
    assert "created: " in out.getvalue()
    assert "1 programs" in out.getvalue()
    assert Program.objects.get(slug="lsscp").competency_sets.count() == 10


def test_loading_an_edited_definition_updates_only_what_changed(lsscp):
    data = builtin_program_data("lsscp")
    data["competency_sets"][0]["competencies"][0]["statement"] = "Explains what libraries are for."
    data["rules"]["enrollment_fee_cents"] += 1000
    _, report = program_load(data=data, update=True)
    assert report.updated == {"competencies": 1, "programs": 1}
    assert Competency.objects.get(code="FLS-01").statement == "Explains what libraries are for."
    program = Program.objects.get(slug="lsscp")
    assert program.enrollment_fee_cents == data["rules"]["enrollment_fee_cents"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Enrollment costs {enrolment_fee}.", "Unknown placeholder “{enrolment_fee}”"),
        ("Costs {{ program.secret }}.", ""),  # a literal brace pair: allowed, shown as written
        ("{% load static %}", "A lone “{”"),
        ("{renewal_grace_months:upper}", "Unknown form “upper”"),
    ],
)
def test_prose_whose_placeholders_would_not_fill_is_refused(db, text, message):
    data = builtin_program_data("lsscp")
    data["costs"] = text
    if not message:
        program, _ = program_load(data=data)
        assert "{ program.secret }" in Client().get(f"/programs/{program.slug}/costs/").text
        return
    with pytest.raises(SettingsInvalidError, match=re.escape(message)):
        program_load(data=data)
    assert not Program.objects.exists()


def test_an_faq_answer_whose_placeholders_would_not_fill_is_refused(db):
    data = builtin_program_data("lsscp")
    data["faq"][0]["answer"] = "It costs {fee}."
    with pytest.raises(ValidationError, match=re.escape("Unknown placeholder “{fee}”")):
        program_load(data=data)
    assert not Program.objects.exists()


def test_a_definition_must_give_every_rule_and_only_rules(db):
    data = builtin_program_data("lsscp")
    del data["rules"]["renewal_grace_months"]
    data["rules"]["grace_weeks"] = 8
    with pytest.raises(DomainError, match=r"Unknown rules: grace_weeks\..*renewal_grace_months"):
        program_load(data=data)
    assert not Program.objects.exists()


def test_identifiers_are_stable_across_databases(lsscp):
    fls = CompetencySet.objects.get(code="FLS")
    assert fls.case_identifier == stable_uuid("set", "lsscp", "FLS")
    assert lsscp.case_identifier == stable_uuid("program", "lsscp")


def test_an_unknown_builtin_program_is_named_in_the_error():
    with pytest.raises(DomainError, match=r"no built-in program “nope”.*lsscp"):
        builtin_program_data("nope")
