"""The program's ways of paying and postal address for checks come from its data file once
(a program that does not exist yet); after that staff keep them: loading again (what `make run`
does) changes nothing staff changed, `--update` overwrites on purpose (ADR 0042)."""

import copy

import pytest

from certify.core.errors import DomainError
from certify.programs.models import Program
from certify.programs.services import builtin_program_data, program_load

pytestmark = pytest.mark.django_db


def test_lsscp_is_seeded_with_ala_apa_s_mailing_address_for_checks(db):
    program, _ = program_load(data=builtin_program_data("lsscp"))
    assert program.check_payable_to == "ALA-APA"
    assert program.check_address.splitlines() == [
        "ALA-APA",
        "225 N. Michigan Ave., Suite 1300",
        "Chicago, IL 60601",
    ]
    assert (program.accepts_card, program.accepts_check, program.accepts_purchase_order) == (
        True,
        True,
        True,
    )


def test_loading_again_keeps_what_staff_changed_and_update_overwrites_it(db):
    data = builtin_program_data("lsscp")
    program, _ = program_load(data=data)
    Program.objects.filter(pk=program.pk).update(
        check_address="LSSCP Office\nPO Box 1\nChicago, IL 60690", accepts_card=False
    )
    program, report = program_load(data=data)
    assert report.kept == {"programs": 1}
    assert program.check_address.startswith("LSSCP Office")
    assert program.accepts_card is False
    program, _ = program_load(data=data, update=True)
    assert program.check_address.startswith("ALA-APA")
    assert program.accepts_card is True


def test_a_program_without_payment_settings_takes_the_defaults(db):
    data = copy.deepcopy(builtin_program_data("lsscp"))
    data.pop("payment")
    data["slug"] = "other"
    program, _ = program_load(data=data)
    assert (program.check_address, program.check_payee) == ("", program.certifying_body)


def test_an_unknown_payment_setting_is_refused(db):
    data = copy.deepcopy(builtin_program_data("lsscp"))
    data["payment"]["accepts_bitcoin"] = True
    with pytest.raises(DomainError, match="Unknown payment settings: accepts_bitcoin"):
        program_load(data=data)
