import pytest

from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.programs.models import Competency, CompetencySet, FaqEntry, Program, stable_uuid
from certify.programs.services import builtin_program_data, program_load

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


def test_lsscp_rules_come_from_the_seed_and_the_real_program(lsscp):
    assert lsscp.electives_required == 3
    assert lsscp.experience_hours_required == 1820
    assert lsscp.experience_window_years == 5
    assert (lsscp.enrollment_fee_cents, lsscp.member_fee_cents) == (35000, 32500)
    assert str(lsscp.enrollment_fee) == "$350"
    assert lsscp.certificate_validity_years == 5
    assert lsscp.completion_limit_years == 4
    assert (lsscp.renewal_ce_hours, lsscp.renewal_technology_hours) == (32, 4)
    assert lsscp.portfolio_met_percent == 70
    assert lsscp.renewal_fee_cents < lsscp.enrollment_fee_cents


def test_every_competency_has_a_statement_and_a_portfolio_suggestion(lsscp):
    for comp in Competency.objects.filter(competency_set__program=lsscp):
        assert len(comp.statement) > 20, comp.code
        assert comp.portfolio_suggestion, comp.code
        assert comp.code.startswith(comp.competency_set.code + "-")


def test_loading_twice_changes_nothing(lsscp):
    before = Program.objects.get(pk=lsscp.pk).updated_at
    audit_count = AuditEvent.objects.count()
    _, report = program_load(data=builtin_program_data("lsscp"))
    assert not report.changed
    assert report.unchanged["competencies"] == 109
    assert Program.objects.get(pk=lsscp.pk).updated_at == before
    assert AuditEvent.objects.count() == audit_count
    assert CompetencySet.objects.count() == 10
    assert FaqEntry.objects.filter(program=lsscp).count() == len(
        builtin_program_data("lsscp")["faq"]
    )


def test_loading_an_edited_definition_updates_only_what_changed(lsscp):
    data = builtin_program_data("lsscp")
    data["competency_sets"][0]["competencies"][0]["statement"] = "Explains what libraries are for."
    data["rules"]["enrollment_fee_cents"] = 36000
    _, report = program_load(data=data)
    assert report.updated == {"competencies": 1, "programs": 1}
    assert Competency.objects.get(code="FLS-01").statement == "Explains what libraries are for."
    assert Program.objects.get(slug="lsscp").enrollment_fee_cents == 36000


def test_identifiers_are_stable_across_databases(lsscp):
    fls = CompetencySet.objects.get(code="FLS")
    assert fls.case_identifier == stable_uuid("set", "lsscp", "FLS")
    assert lsscp.case_identifier == stable_uuid("program", "lsscp")


def test_an_unknown_builtin_program_is_named_in_the_error():
    with pytest.raises(DomainError, match=r"no built-in program “nope”.*lsscp"):
        builtin_program_data("nope")
