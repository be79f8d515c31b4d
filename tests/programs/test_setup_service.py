"""Program setup's one door (programs/setup.py): each section checked field by field and as a
whole, in staff's words, and every change audited with its old and new values."""

import pytest

from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.programs.models import Program
from certify.programs.sections import SECTIONS, UNSECTIONED
from certify.programs.setup import (
    SettingsInvalidError,
    faq_entry_move,
    faq_entry_publish,
    faq_entry_save,
    program_create,
    program_publish,
    program_settings_update,
    settings_problems,
)
from tests.factories import LSSCP_RULES


def test_every_rule_and_way_of_paying_has_a_section():
    assert set() == UNSECTIONED
    fields = [name for section in SECTIONS for name in section.fields]
    assert len(fields) == len(set(fields)), "a field is in two sections"


def test_a_change_is_saved_and_audited_with_old_and_new_values(lsscp, staff):
    program_settings_update(
        program=lsscp, actor=staff, section="money", data={"renewal_fee_cents": 17550}
    )
    lsscp.refresh_from_db()
    assert lsscp.renewal_fee_cents == 17550
    event = AuditEvent.objects.get(verb="program.settings_changed")
    assert event.actor == staff
    assert event.data == {
        "section": "money",
        "changes": {"renewal_fee_cents": [LSSCP_RULES["renewal_fee_cents"], 17550]},
        "currency": "USD",  # in force when the change was made: the history shows amounts in it
    }


def test_saving_the_same_values_changes_and_audits_nothing(lsscp, staff):
    program_settings_update(
        program=lsscp,
        actor=staff,
        section="appeals",
        data={"appeal_notice_days": lsscp.appeal_notice_days},
    )
    assert not AuditEvent.objects.filter(verb="program.settings_changed").exists()


@pytest.mark.parametrize(
    ("section", "data", "field", "words"),
    [
        ("money", {"member_fee_cents": 99999}, "member_fee_cents", "cannot be more than"),
        (
            "money",
            {"renewal_fee_cents": LSSCP_RULES["enrollment_fee_cents"]},
            "renewal_fee_cents",
            "The renewal fee must be lower than the enrollment fee.",
        ),
        (
            "renewal",
            {"renewal_technology_set_code": ""},
            "renewal_technology_set_code",
            "A minimum of hours on a set needs that competency set",
        ),
        (
            "renewal",
            {"renewal_technology_set_code": "NOPE"},
            "renewal_technology_set_code",
            "There is no competency set “NOPE”",
        ),
        ("routes", {"portfolio_met_percent": 0}, "portfolio_met_percent", "between 1 and 100"),
        ("renewal", {"renewal_grace_months": 30}, "renewal_grace_months", "at most 24"),
        ("renewal", {"renewal_window_months": 0}, "renewal_window_months", "between 1 month"),
        (
            "eligibility",
            {"education_required": "masters_accredited"},
            "education_accreditor",
            "Name who accredits",
        ),
        ("appeals", {"appeal_grounds_days": 1}, "appeal_grounds_days", "before the notice"),
        ("candidacy", {"electives_required": 8}, "electives_required", "7 elective sets"),
    ],
)
def test_settings_that_do_not_fit_together_are_refused_by_field(
    lsscp, staff, section, data, field, words
):
    with pytest.raises(SettingsInvalidError) as refused:
        program_settings_update(program=lsscp, actor=staff, section=section, data=data)
    assert words in refused.value.fields[field]
    lsscp.refresh_from_db()
    assert lsscp.member_fee_cents == LSSCP_RULES["member_fee_cents"]
    assert not AuditEvent.objects.filter(verb="program.settings_changed").exists()


def test_a_field_of_another_section_is_refused(lsscp, staff):
    with pytest.raises(DomainError, match="Not settings of “Fees and payment”"):
        program_settings_update(
            program=lsscp, actor=staff, section="money", data={"renewal_ce_hours": 1}
        )


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("enrollment", "renewal", "refused"),
    [
        (35000, 34999, False),
        (35000, 35000, True),
        (35000, 35001, True),
        (0, 0, False),
        (0, 1, True),
    ],
)
def test_renewal_costs_less_than_enrollment_to_the_cent(enrollment, renewal, refused):
    values = {"enrollment_fee_cents": enrollment, "renewal_fee_cents": renewal}
    problems = settings_problems({**LSSCP_RULES, **values})
    assert ("renewal_fee_cents" in problems) is refused


def test_a_new_program_starts_unpublished_without_traps(db, staff):
    program = program_create(
        actor=staff,
        slug="cpla",
        name="Certified Public Library Administrator Program",
        short_name="CPLA",
        certifying_body="ALA-APA",
    )
    assert not program.is_published
    assert program.renewal_technology_hours == 0
    assert program.renewal_technology_set_code == ""
    assert program.member_fee_cents <= program.enrollment_fee_cents
    assert AuditEvent.objects.filter(verb="program.created", target_id=str(program.pk)).exists()
    with pytest.raises(SettingsInvalidError, match="already has this web address"):
        program_create(actor=staff, slug="cpla", name="x", short_name="x", certifying_body="x")


def test_publishing_needs_an_overview_and_a_contact(db, staff):
    program = program_create(
        actor=staff, slug="cpla", name="CPLA program", short_name="CPLA", certifying_body="B"
    )
    with pytest.raises(DomainError, match="Write the overview"):
        program_publish(program=program, actor=staff)
    program_settings_update(
        program=program, actor=staff, section="pages", data={"overview": "About it."}
    )
    program_settings_update(
        program=program, actor=staff, section="identity", data={"contact_email": "c@x.example"}
    )
    program = program_publish(program=program, actor=staff)
    assert Program.objects.get(pk=program.pk).is_published
    assert AuditEvent.objects.filter(verb="program.published").count() == 1


def test_faq_entries_are_added_moved_and_taken_off_the_page(lsscp, staff):
    first = faq_entry_save(program=lsscp, actor=staff, question="First?", answer="Yes.")
    second = faq_entry_save(
        program=lsscp, actor=staff, question="Second?", answer="It costs {enrollment_fee}."
    )
    assert second.order == first.order + 1
    faq_entry_move(entry=second, actor=staff, up=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.order < first.order
    faq_entry_publish(entry=first, actor=staff, published=False)
    first.refresh_from_db()
    assert not first.is_published
    with pytest.raises(SettingsInvalidError, match="Unknown placeholder"):
        faq_entry_save(program=lsscp, actor=staff, question="Q?", answer="It costs {fee}.")


def test_load_program_refuses_a_data_file_with_the_same_checks_and_words(db):
    from certify.programs.services import builtin_program_data, program_load

    data = builtin_program_data("lsscp")
    data["rules"]["renewal_technology_set_code"] = "NOPE"
    data["rules"]["member_fee_cents"] = data["rules"]["enrollment_fee_cents"] + 1
    with pytest.raises(SettingsInvalidError) as refused:
        program_load(data=data)
    fields = refused.value.fields
    assert "There is no competency set “NOPE”" in fields["renewal_technology_set_code"]
    assert "cannot be more than" in fields["member_fee_cents"]
    assert not Program.objects.exists()


def test_load_program_update_records_what_it_changed(lsscp, staff):
    from certify.programs.services import builtin_program_data, program_load

    program_settings_update(
        program=lsscp, actor=staff, section="appeals", data={"appeal_grounds_days": 45}
    )
    program_load(data=builtin_program_data("lsscp"))  # kept: the database is the source
    lsscp.refresh_from_db()
    assert lsscp.appeal_grounds_days == 45
    program_load(data=builtin_program_data("lsscp"), update=True)
    lsscp.refresh_from_db()
    assert lsscp.appeal_grounds_days == LSSCP_RULES["appeal_grounds_days"]
    loaded = AuditEvent.objects.filter(verb="program.loaded").latest("id")
    assert loaded.data["changes"] == {
        "appeal_grounds_days": [45, LSSCP_RULES["appeal_grounds_days"]]
    }


@pytest.mark.parametrize("slug", ["programs", "new"])
def test_a_new_program_cannot_take_a_web_address_of_certifys_own_pages(db, staff, slug):
    with pytest.raises(SettingsInvalidError) as refused:
        program_create(actor=staff, slug=slug, name="x", short_name="x", certifying_body="x")
    assert "Certify's own pages" in refused.value.fields["slug"]
