import copy
import json
import uuid

import pytest
from django.core.management import CommandError, call_command

from certify.programs.case import CaseImportError, case_package_export, case_package_import
from certify.programs.models import Competency, CompetencySet, Program
from tests.rest.test_contract import PYDANTIC_WORDS


@pytest.fixture
def package(lsscp):
    return case_package_export(program=lsscp)


def test_export_has_ten_sets_and_all_competencies(package):
    items = package["CFItems"]
    sets = [i for i in items if i["CFItemType"].endswith("Competency Set")]
    comps = [i for i in items if i["CFItemType"] == "Competency"]
    assert len(sets) == 10
    assert len(comps) == 109
    assert {a["associationType"] for a in package["CFAssociations"]} == {"isChildOf"}
    assert len(package["CFAssociations"]) == 119
    assert package["CFDocument"]["title"] == "Library Support Staff Certification Program"
    for item in items:
        uuid.UUID(item["identifier"])


def test_export_is_json_and_deterministic(lsscp, package):
    assert json.loads(json.dumps(package)) == case_package_export(program=lsscp)


def test_reimporting_an_export_changes_nothing(lsscp, package):
    before = Program.objects.get(pk=lsscp.pk).updated_at
    _, report = case_package_import(data=copy.deepcopy(package))
    assert not report.changed
    assert Program.objects.get(pk=lsscp.pk).updated_at == before
    assert case_package_export(program=Program.objects.get(pk=lsscp.pk)) == package


def test_import_into_an_empty_database_recreates_the_framework(lsscp, package):
    Program.objects.all().delete()
    program, report = case_package_import(data=package, program_slug="lsscp")
    assert report.created["competencies"] == 109
    assert program.competency_sets.filter(kind="core").count() == 3

    def without_times(items):
        return [{k: v for k, v in i.items() if k != "lastChangeDateTime"} for i in items]

    exported = case_package_export(program=program)["CFItems"]
    assert without_times(exported) == without_times(package["CFItems"])


def test_import_updates_a_changed_statement(lsscp, package):
    comp = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "TEC-01")
    comp["fullStatement"] = "Follows technology trends that matter to library users."
    _, report = case_package_import(data=package)
    assert report.updated == {"competencies": 1}
    # Into a new draft version; the published version, which candidates enrolled under, stays.
    draft = Competency.objects.get(code="TEC-01", competency_set__framework_version__number=2)
    assert draft.statement == comp["fullStatement"]
    assert draft.competency_set.framework_version.status == "draft"
    live = Competency.objects.get(code="TEC-01", competency_set__framework_version__number=1)
    assert live.statement != comp["fullStatement"]


def _expect_errors(data, *fragments):
    with pytest.raises(CaseImportError) as info:
        case_package_import(data=data)
    text = "\n".join(info.value.errors)
    for fragment in fragments:
        assert fragment in text, text
    return info.value


def test_a_missing_statement_is_named_and_nothing_changes(lsscp, package):
    package["CFItems"][0]["fullStatement"] = "Renamed set"
    del package["CFItems"][5]["fullStatement"]
    code = package["CFItems"][5]["humanCodingScheme"]
    _expect_errors(package, f"CFItems[5].fullStatement (item 6, “{code}”): This is required.")
    assert CompetencySet.objects.filter(name="Renamed set").count() == 0


def test_bad_field_values_are_named(package):
    package["CFItems"][2]["CFItemType"] = "Widget"
    package["CFItems"][3]["identifier"] = "not-a-uuid"
    error = _expect_errors(package, "CFItems[2].CFItemType (item 3, ", "CFItems[3].identifier")
    text = "\n".join(error.errors)
    assert "): Choose one of the options offered" in text
    assert "(item 4, " in text
    assert "Enter an identifier such as" in text
    for words in PYDANTIC_WORDS:
        assert words not in text


def test_a_competency_without_a_set_is_refused(package):
    comp_index = next(
        i for i, it in enumerate(package["CFItems"]) if it["CFItemType"] == "Competency"
    )
    comp_id = package["CFItems"][comp_index]["identifier"]
    package["CFAssociations"] = [
        a for a in package["CFAssociations"] if a["originNodeURI"]["identifier"] != comp_id
    ]
    code = package["CFItems"][comp_index]["humanCodingScheme"]
    _expect_errors(
        package,
        f"CFItems[{comp_index}] (item {comp_index + 1}, “{code}”): a competency must be a child "
        "of a competency set",
    )


def test_an_association_to_an_unknown_item_is_refused(package):
    package["CFAssociations"][0]["destinationNodeURI"]["identifier"] = str(uuid.uuid4())
    _expect_errors(package, "CFAssociations[0].destinationNodeURI.identifier (association 1)")


def test_duplicate_codes_are_refused(package):
    package["CFItems"][1]["humanCodingScheme"] = package["CFItems"][0]["humanCodingScheme"]
    code = package["CFItems"][0]["humanCodingScheme"]
    _expect_errors(
        package,
        f"CFItems[1].humanCodingScheme (item 2, “{code}”): this code is already used by "
        f"CFItems[0] (item 1, “{code}”).",
    )


def test_a_file_that_is_not_a_package_is_refused(db):
    _expect_errors([1, 2], "one JSON object")
    _expect_errors(
        {"CFItems": []}, "CFDocument: This is required.", "CFAssociations: This is required."
    )
    _expect_errors({"CFDocument": [], "CFItems": {}, "CFAssociations": []}, "CFItems: Send a list")


def test_commands_round_trip_through_a_file(lsscp, tmp_path):
    path = tmp_path / "lsscp.json"
    call_command("export_case", "lsscp", output=str(path))
    data = json.loads(path.read_text())
    assert len([i for i in data["CFItems"] if i["CFItemType"] == "Competency"]) == 109
    call_command("import_case", str(path))
    assert case_package_export(program=Program.objects.get(slug="lsscp")) == data


def test_import_command_reports_bad_files_clearly(lsscp, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_case", str(path))
    data = case_package_export(program=lsscp)
    del data["CFDocument"]["title"]
    path.write_text(json.dumps(data))
    with pytest.raises(
        CommandError, match=r"(?s)nothing changed.*CFDocument.title: This is required\."
    ):
        call_command("import_case", str(path))
    data = case_package_export(program=lsscp)
    del data["CFItems"][5]["fullStatement"]
    data["CFItems"][7]["CFItemType"] = "Widget"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as refused:
        call_command("import_case", str(path))
    said = str(refused.value)
    code = data["CFItems"][5]["humanCodingScheme"]
    assert f"  - CFItems[5].fullStatement (item 6, “{code}”): This is required." in said
    assert "  - CFItems[7].CFItemType (item 8, " in said
    assert "Choose one of the options offered" in said
    for words in PYDANTIC_WORDS:
        assert words not in said
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_case", str(tmp_path / "missing.json"))


def test_export_command_names_an_unknown_program(db):
    with pytest.raises(CommandError, match="no program “nope”"):
        call_command("export_case", "nope")


def test_a_new_program_needs_rules_that_a_case_file_does_not_hold(lsscp, package):
    Program.objects.all().delete()
    with pytest.raises(CaseImportError) as refused:
        case_package_import(data=package, program_slug="another")
    assert "no program “another” yet" in refused.value.errors[0]
    assert not Program.objects.exists()
