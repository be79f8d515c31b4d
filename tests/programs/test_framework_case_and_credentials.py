"""CASE files and credentials name the framework version (ADR 0056); a CASE file fills a draft
and nothing else."""

import copy

import pytest

from certify.certificates.credentials import openbadge
from certify.programs import frameworks
from certify.programs.case import CaseImportError, case_package_export
from certify.programs.models import CompetencySet, FrameworkVersion
from tests.certificates.conformance import assert_ob3_valid
from tests.certificates.credentials import badge_data


def test_the_case_export_is_the_published_version_and_names_it(lsscp, staff):
    published = FrameworkVersion.objects.get(program=lsscp, number=1)
    package = case_package_export(program=lsscp)
    assert package["CFDocument"]["identifier"] == str(published.case_identifier)
    assert package["CFDocument"]["version"] == "Version 1"
    assert package["CFDocument"]["adoptionStatus"] == "Adopted"
    draft = frameworks.framework_draft_start(program=lsscp, actor=staff, label="2012 revision")
    own = case_package_export(program=lsscp, version=draft)
    assert own["CFDocument"]["version"] == "Version 2 (2012 revision)"
    assert own["CFDocument"]["adoptionStatus"] == "Draft"
    assert own["CFDocument"]["identifier"] != package["CFDocument"]["identifier"]


def test_a_case_file_fills_a_draft_exactly_and_leaves_the_published_version(lsscp, staff):
    package = case_package_export(program=lsscp)
    draft = frameworks.framework_draft_start(program=lsscp, actor=staff)
    smaller = copy.deepcopy(package)
    yth = next(i for i in smaller["CFItems"] if i["humanCodingScheme"] == "YTH")
    gone = {yth["identifier"]} | {
        a["originNodeURI"]["identifier"]
        for a in smaller["CFAssociations"]
        if a["destinationNodeURI"]["identifier"] == yth["identifier"]
    }
    smaller["CFItems"] = [i for i in smaller["CFItems"] if i["identifier"] not in gone]
    smaller["CFAssociations"] = [
        a for a in smaller["CFAssociations"] if a["originNodeURI"]["identifier"] not in gone
    ]
    report = frameworks.framework_case_import(version=draft, data=smaller, actor=staff)
    assert report.removed["competency sets"] == 1
    assert not CompetencySet.objects.filter(framework_version=draft, code="YTH").exists()
    assert CompetencySet.objects.filter(framework_version__number=1, code="YTH").exists()
    published = FrameworkVersion.objects.get(program=lsscp, number=1)
    with pytest.raises(Exception, match="no longer changes"):
        frameworks.framework_case_import(version=published, data=package, actor=staff)
    with pytest.raises(CaseImportError):
        frameworks.framework_case_import(version=draft, data={"CFItems": []}, actor=staff)


def test_credentials_name_the_version_and_stay_valid_open_badges():
    credential = openbadge.open_badge_credential(
        badge_data(holder="Pat Doe", framework_version="Version 2 (2012 revision)")
    )
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["version"] == "Version 2 (2012 revision)"
    assert_ob3_valid(credential)
    unnamed = openbadge.open_badge_credential(badge_data(holder="Pat Doe"))
    assert "version" not in unnamed["credentialSubject"]["achievement"]


def test_the_export_command_writes_any_version(lsscp, staff, tmp_path):
    import json

    from django.core.management import CommandError, call_command

    frameworks.framework_draft_start(program=lsscp, actor=staff, label="Next")
    path = tmp_path / "v2.json"
    call_command("export_case", "lsscp", output=str(path), framework_version=2)
    assert json.loads(path.read_text())["CFDocument"]["version"] == "Version 2 (Next)"
    with pytest.raises(CommandError, match="no framework version 9"):
        call_command("export_case", "lsscp", framework_version=9)
