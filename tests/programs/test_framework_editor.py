"""The framework screens (ADR 0056): a brand-new program drafts its first framework through them,
a draft changes, a published version does not, and only program staff get in."""

import pytest
from django.urls import reverse

from certify.programs.models import Competency, CompetencySet, FrameworkVersion
from tests.conftest import count_queries
from tests.factories import CompetencyFactory, CompetencySetFactory, ProgramFactory


def _url(name, program, **kwargs):
    return reverse(f"programs:{name}", kwargs={"slug": program.slug, **kwargs})


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_a_new_program_drafts_its_first_framework_and_publishes_it(staff_client, staff):
    program = ProgramFactory()
    page = staff_client.get(_url("framework_versions", program))
    assert page.status_code == 200
    assert "has no competency framework yet" in page.text

    answer = staff_client.post(_url("framework_versions", program), {"label": "First edition"})
    draft = FrameworkVersion.objects.get(program=program)
    assert answer.url == _url("framework_version", program, number=1)
    assert (draft.number, draft.status, draft.label) == (1, "draft", "First edition")
    assert not CompetencySet.objects.filter(framework_version=draft).exists()

    answer = staff_client.post(
        _url("framework_version", program, number=1),
        {"code": "abc", "name": "A basic set", "kind": "core", "routes": "portfolio"},
    )
    cset = CompetencySet.objects.get(framework_version=draft)
    assert (cset.code, cset.program, cset.routes, cset.order) == ("ABC", program, "portfolio", 1)
    set_url = _url("framework_set", program, number=1, set_id=cset.pk)
    assert answer.url == set_url

    staff_client.post(
        set_url,
        {"form": "competency", "comp-code": "abc-1", "comp-statement": "Does a basic thing."},
    )
    staff_client.post(
        set_url,
        {"form": "competency", "comp-code": "abc-2", "comp-statement": "Does another thing."},
    )
    assert list(cset.competencies.values_list("code", "order")) == [("ABC-1", 1), ("ABC-2", 2)]

    confirm = staff_client.get(_url("framework_publish", program, number=1))
    assert confirm.status_code == 200
    assert "Publish Version 1" in confirm.text
    assert FrameworkVersion.objects.get(pk=draft.pk).status == "draft"  # GET changes nothing

    staff_client.post(_url("framework_publish", program, number=1))
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.published_by == staff
    assert draft.published_at is not None
    public = staff_client.get(reverse("programs:competencies", kwargs={"slug": program.slug}))
    assert "A basic set" in public.text


def test_a_draft_starts_as_a_copy_of_the_published_version(staff_client, lsscp):
    staff_client.post(_url("framework_versions", lsscp), {"label": "2012 revision"})
    draft = FrameworkVersion.objects.get(program=lsscp, number=2)
    published = FrameworkVersion.objects.get(program=lsscp, number=1)
    old = CompetencySet.objects.filter(framework_version=published)
    new = CompetencySet.objects.filter(framework_version=draft)
    assert sorted(new.values_list("code", "case_identifier")) == sorted(
        old.values_list("code", "case_identifier")
    )
    assert Competency.objects.filter(competency_set__framework_version=draft).count() == (
        Competency.objects.filter(competency_set__framework_version=published).count()
    )
    # A second draft beside the first is refused, in words.
    again = staff_client.post(_url("framework_versions", lsscp), {"label": ""})
    assert again.status_code == 400
    assert "already has a draft" in again.text


def test_competencies_are_edited_reordered_and_removed_in_a_draft(staff_client, staff, lsscp):
    staff_client.post(_url("framework_versions", lsscp), {})
    draft = FrameworkVersion.objects.get(program=lsscp, status="draft")
    tec = CompetencySet.objects.get(framework_version=draft, code="TEC")
    first, second = list(tec.competencies.order_by("order"))[:2]

    staff_client.post(
        _url("framework_competency", lsscp, number=draft.number, comp_id=second.pk),
        {"code": second.code, "statement": "A new statement.", "order": second.order},
    )
    second.refresh_from_db()
    assert second.statement == "A new statement."

    staff_client.post(
        _url("framework_competency_move", lsscp, number=draft.number, comp_id=second.pk),
        {"direction": "up"},
    )
    codes = list(tec.competencies.order_by("order").values_list("code", flat=True))
    assert codes[:2] == [second.code, first.code]

    staff_client.post(
        _url("framework_competency_delete", lsscp, number=draft.number, comp_id=first.pk)
    )
    assert not Competency.objects.filter(pk=first.pk).exists()
    # The published version kept its own copy.
    live = Competency.objects.get(competency_set__framework_version__number=1, code=first.code)
    assert live.statement == first.statement


def test_a_duplicate_code_is_refused_beside_its_field_and_keeps_what_was_typed(staff_client, lsscp):
    staff_client.post(_url("framework_versions", lsscp), {})
    draft = FrameworkVersion.objects.get(program=lsscp, status="draft")
    answer = staff_client.post(
        _url("framework_version", lsscp, number=draft.number),
        {"code": "TEC", "name": "Typed name", "kind": "elective", "routes": "both"},
    )
    assert answer.status_code == 400
    assert "already has a set with the code" in answer.text
    assert 'value="Typed name"' in answer.text


def test_a_published_version_is_read_only(staff_client, lsscp):
    published = FrameworkVersion.objects.get(program=lsscp, number=1)
    tec = CompetencySet.objects.get(framework_version=published, code="TEC")
    comp = tec.competencies.first()
    before = comp.statement
    page = staff_client.get(_url("framework_version", lsscp, number=1))
    assert "can no longer be changed" in page.text
    assert "Add a set" not in page.text
    staff_client.post(
        _url("framework_competency", lsscp, number=1, comp_id=comp.pk),
        {"code": comp.code, "statement": "Changed."},
    )
    staff_client.post(_url("framework_competency_delete", lsscp, number=1, comp_id=comp.pk))
    staff_client.post(
        _url("framework_version", lsscp, number=1),
        {"code": "NEW", "name": "New", "kind": "core", "routes": "both"},
    )
    comp.refresh_from_db()
    assert comp.statement == before
    assert not CompetencySet.objects.filter(framework_version=published, code="NEW").exists()


def test_publishing_needs_a_core_set_and_competencies_in_every_set(staff_client):
    program = ProgramFactory()
    staff_client.post(_url("framework_versions", program), {})
    draft = FrameworkVersion.objects.get(program=program)
    staff_client.post(
        _url("framework_version", program, number=1),
        {"code": "E1", "name": "Elective", "kind": "elective", "routes": "both"},
    )
    staff_client.post(_url("framework_publish", program, number=1))
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize("role", ["anonymous", "candidate", "reviewer", "provider", "sponsor"])
def test_only_program_staff_see_or_change_the_framework(client_as, role, lsscp):
    client = client_as(role)
    published = FrameworkVersion.objects.get(program=lsscp, number=1)
    for url in (
        _url("framework_versions", lsscp),
        _url("framework_version", lsscp, number=1),
        _url("framework_compare", lsscp, number=1),
        _url("framework_publish", lsscp, number=1),
        reverse("programs:framework_programs"),
    ):
        answer = client.get(url)
        assert answer.status_code in (302, 403), url
        if role == "anonymous":
            assert "/accounts/login/" in answer.url
    client.post(_url("framework_versions", lsscp), {})
    assert FrameworkVersion.objects.filter(program=lsscp).count() == 1
    assert published.status == "published"


def test_the_version_list_costs_the_same_with_more_versions(staff_client):
    program = ProgramFactory()
    for _ in range(2):
        CompetencyFactory(competency_set=CompetencySetFactory(program=program))
    url = _url("framework_versions", program)
    few = count_queries(lambda: staff_client.get(url))
    staff = FrameworkVersion.objects.get(program=program).published_by
    from certify.programs.services import framework_version_copy

    for _ in range(3):
        framework_version_copy(program=program, source=None, actor=staff).delete()
    framework_version_copy(program=program, source=None, actor=staff)
    more = count_queries(lambda: staff_client.get(url))
    assert more == few


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"[" * 100_000, "The file nests lists or objects too deeply to be a CASE package."),
        (b"\xff\xfe not text", "The file is not valid JSON"),
    ],
    ids=["nested past Python's recursion limit", "not text"],
)
def test_a_case_file_that_cannot_be_read_is_refused_in_words(staff_client, content, problem):
    """A hundred thousand opened lists made `json.loads` raise RecursionError, a server error;
    now it is named beside the file like any file that is not JSON, and the draft is unchanged."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    program = ProgramFactory()
    staff_client.post(_url("framework_versions", program), {"label": "First edition"})
    answer = staff_client.post(
        _url("framework_import", program, number=1),
        {"file": SimpleUploadedFile("case.json", content, content_type="application/json")},
    )
    assert answer.status_code == 400
    assert problem in answer.text
    assert "The file was not imported; the draft did not change." in answer.text
    assert not CompetencySet.objects.filter(program=program).exists()


def test_the_staff_menus_frameworks_link_names_no_program_and_offers_each(staff_client, lsscp):
    """Staff of a second program are not sent to the default program's framework: the menu's
    link lists the programs; with one program it opens that program's framework directly."""
    url = reverse("programs:framework_programs")
    alone = staff_client.get(url)
    assert alone.status_code == 302
    assert alone.url == _url("framework_versions", lsscp)

    other = ProgramFactory(slug="rmt", name="Records Management Technician", short_name="RMT")
    page = staff_client.get(url)
    assert page.status_code == 200
    assert _url("framework_versions", lsscp) in page.text
    assert _url("framework_versions", other) in page.text

    home = staff_client.get("/staff/")
    links = [i for g in home.context["navigation"] for i in g.items]
    framework = next(i for i in links if "framework" in i.label.lower())
    assert framework.label == "Competency frameworks"
    assert framework.url == url


def test_the_frameworks_list_takes_the_same_queries_for_two_programs_or_five(staff_client, lsscp):
    url = reverse("programs:framework_programs")
    ProgramFactory(slug="rmt", short_name="RMT")
    few = count_queries(lambda: staff_client.get(url))
    for i in range(3):
        ProgramFactory(slug=f"more-{i}", short_name=f"M{i}")
    page = staff_client.get(url)
    assert page.text.count('href="/staff/programs/more-') == 3
    assert count_queries(lambda: staff_client.get(url)) == few
