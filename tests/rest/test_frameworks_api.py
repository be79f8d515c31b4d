"""Framework versions through the API (ADR 0056): the screens' services and permission, so the
same refusals; a brand-new program drafts, fills and publishes its framework in calls."""

import pytest

from certify.programs.models import CompetencySet, FrameworkVersion
from tests.factories import ProgramFactory

J = "application/json"


def test_staff_draft_fill_compare_and_publish_a_framework(client, staff):
    program = ProgramFactory()
    client.force_login(staff)
    base = f"/api/v1/staff/programs/{program.slug}/framework"

    started = client.post(base, {"label": "First edition"}, content_type=J)
    assert started.status_code == 201, started.text
    assert started.json()["status"] == "draft"
    added = client.post(
        f"{base}/1/sets",
        {"code": "abc", "name": "A basic set", "kind": "core", "routes": "course"},
        content_type=J,
    )
    assert added.status_code == 201, added.text
    assert added.json()["code"] == "ABC"
    twice = client.post(
        f"{base}/1/sets", {"code": "ABC", "name": "Again", "kind": "core"}, content_type=J
    )
    assert twice.status_code == 400
    assert twice.json()["field"] == "code"
    comp = client.post(
        f"{base}/1/sets/ABC/competencies",
        {"code": "ABC-1", "statement": "Does it."},
        content_type=J,
    )
    assert comp.status_code == 201, comp.text
    compare = client.get(f"{base}/1/compare")
    assert compare.json()["sets_added"] == ["ABC"]

    published = client.post(f"{base}/1/publish")
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"
    assert published.json()["published_by"] == str(staff)

    refused = client.put(
        f"{base}/1/sets/ABC/competencies/ABC-1",
        {"code": "ABC-1", "statement": "Changed."},
        content_type=J,
    )
    assert refused.status_code == 400
    assert "no longer changes" in refused.json()["detail"]
    listed = client.get(base).json()
    assert [(v["number"], v["status"]) for v in listed] == [(1, "published")]


def test_the_mapping_is_saved_by_code(client, staff, lsscp):
    client.force_login(staff)
    base = f"/api/v1/staff/programs/{lsscp.slug}/framework"
    client.post(base, {}, content_type=J)
    client.delete(f"{base}/2/sets/YTH")
    answer = client.put(f"{base}/2/mapping", {"mapping": {"REF": None}}, content_type=J)
    assert answer.status_code == 200, answer.text
    assert answer.json()["REF"] is None
    assert answer.json()["YTH"] is None
    assert answer.json()["FLS"] == "FLS"
    ref = CompetencySet.objects.get(program=lsscp, framework_version__number=1, code="REF")
    draft = FrameworkVersion.objects.get(program=lsscp, number=2)
    assert draft.set_mapping == {str(ref.pk): None}


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_other_roles_are_refused(client_as, role, lsscp):
    client = client_as(role)
    base = f"/api/v1/staff/programs/{lsscp.slug}/framework"
    assert client.get(base).status_code == 403
    assert client.post(base, {}, content_type=J).status_code == 403
    assert client.post(f"{base}/1/publish").status_code == 403
    assert FrameworkVersion.objects.filter(program=lsscp).count() == 1


def test_anonymous_callers_are_refused(client, lsscp):
    answer = client.post(f"/api/v1/staff/programs/{lsscp.slug}/framework", {}, content_type=J)
    assert answer.status_code == 401
