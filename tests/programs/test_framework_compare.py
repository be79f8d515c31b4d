"""Comparing a draft with the published version (ADR 0056): sets and competencies added,
removed and changed field by field, and the old → new mapping staff may change."""

import pytest
from django.urls import reverse

from certify.programs import frameworks
from certify.programs.compare import framework_compare, set_mapping
from certify.programs.models import CompetencySet, FrameworkVersion
from tests.conftest import count_queries


@pytest.fixture
def draft(lsscp, staff):
    draft = frameworks.framework_draft_start(program=lsscp, actor=staff, label="2012 revision")
    sets = {s.code: s for s in CompetencySet.objects.filter(framework_version=draft)}
    tec = sets["TEC"]
    frameworks.framework_set_save(
        version=draft,
        actor=staff,
        competency_set=tec,
        code="TEC",
        name="Technology and Digital Literacy",
        kind="core",
        order=tec.order,
        summary=tec.summary,
        routes="portfolio",
    )
    first = tec.competencies.order_by("order").first()
    frameworks.framework_competency_save(
        competency_set=tec,
        competency=first,
        actor=staff,
        code=first.code,
        statement="A clearer statement.",
        portfolio_suggestion=first.portfolio_suggestion,
        order=first.order,
    )
    frameworks.framework_competency_save(
        competency_set=tec, actor=staff, code="TEC-99", statement="Something new."
    )
    frameworks.framework_set_delete(competency_set=sets["YTH"], actor=staff)
    new = frameworks.framework_set_save(
        version=draft, actor=staff, code="DIG", name="Digital Services", kind="elective"
    )
    frameworks.framework_competency_save(
        competency_set=new, actor=staff, code="DIG-01", statement="Runs a digital service."
    )
    return draft


def test_compare_lists_sets_added_removed_and_changed_field_by_field(lsscp, draft):
    published = FrameworkVersion.objects.get(program=lsscp, number=1)
    c = framework_compare(old=published, new=draft)
    assert [s.code for s in c.sets_added] == ["DIG"]
    assert [s.code for s in c.sets_removed] == ["YTH"]
    (tec,) = c.sets_changed
    assert tec.old.code == "TEC"
    assert {(f.label, f.old, f.new) for f in tec.fields} == {
        ("Name", "Technology", "Technology and Digital Literacy"),
        ("Ways to show it", "Approved course or portfolio", "Portfolio only"),
    }
    assert [x.code for x in tec.competencies_added] == ["TEC-99"]
    (changed,) = tec.competencies_changed
    assert [(f.label, f.new) for f in changed.fields] == [("Statement", "A clearer statement.")]
    assert len(c.sets_unchanged) == 8


def test_the_mapping_matches_by_identifier_and_staff_change_it(lsscp, staff, draft):
    published = FrameworkVersion.objects.get(program=lsscp, number=1)
    old = {s.code: s for s in CompetencySet.objects.filter(framework_version=published)}
    new = {s.code: s for s in CompetencySet.objects.filter(framework_version=draft)}
    mapping = set_mapping(old=published, new=draft)
    assert mapping[old["TEC"].pk] == new["TEC"].pk
    assert mapping[old["YTH"].pk] is None
    frameworks.framework_mapping_save(
        draft=draft, actor=staff, mapping={old["YTH"].pk: new["DIG"].pk, old["REF"].pk: None}
    )
    draft.refresh_from_db()
    mapping = set_mapping(old=published, new=draft)
    assert mapping[old["YTH"].pk] == new["DIG"].pk
    assert mapping[old["REF"].pk] is None


def test_the_compare_page_shows_the_changes_and_saves_the_mapping(client, staff, lsscp, draft):
    client.force_login(staff)
    url = reverse("programs:framework_compare", kwargs={"slug": lsscp.slug, "number": 2})
    page = client.get(url)
    assert page.status_code == 200
    for text in ("Sets added (1)", "Sets removed (1)", "Sets changed (1)", "A clearer statement."):
        assert text in page.text
    yth = CompetencySet.objects.get(framework_version__number=1, program=lsscp, code="YTH")
    dig = CompetencySet.objects.get(framework_version=draft, code="DIG")
    fields = {
        f"set_{s.pk}": "none"
        for s in CompetencySet.objects.filter(framework_version__number=1, program=lsscp)
    }
    fields[f"set_{yth.pk}"] = str(dig.pk)
    answer = client.post(url, fields)
    assert answer.status_code == 302
    draft.refresh_from_db()
    assert draft.set_mapping[str(yth.pk)] == dig.pk


def test_the_compare_page_costs_the_same_with_a_bigger_framework(client, staff, lsscp, draft):
    client.force_login(staff)
    url = reverse("programs:framework_compare", kwargs={"slug": lsscp.slug, "number": 2})
    before = count_queries(lambda: client.get(url))
    more = frameworks.framework_set_save(
        version=draft, actor=staff, code="MORE", name="More", kind="elective"
    )
    for n in range(5):
        frameworks.framework_competency_save(
            competency_set=more, actor=staff, code=f"MORE-{n}", statement="More."
        )
    assert count_queries(lambda: client.get(url)) == before
