"""Who may open each page: one refused test per role, and fixed query counts on every list."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.courses import services
from certify.courses.models import (
    CompletionImport,
    CourseCompletion,
    ProgrammeClaim,
    RecognisedProgramme,
    UnmatchedCompletion,
)
from tests.conftest import count_queries
from tests.courses.conftest import PDF, approved_course, enrol, pdf_upload
from tests.factories import ProviderFactory, UserFactory


@pytest.fixture
def world(lsscp, provider, provider_user, other_provider_user, course, planned, staff):
    """One of everything: a recorded completion, an import, an unmatched row, a key, a claim."""
    today = timezone.localdate()
    completion = services.completion_record(
        planned=planned,
        actor=planned.application.candidate,
        course=course,
        completed_on=today,
        certificate=pdf_upload(),
    )
    imp = CompletionImport.objects.create(
        provider=provider, course=course, uploaded_by=provider_user, status="checked"
    )
    unmatched = UnmatchedCompletion.objects.create(
        course=course, email="x@example.org", completed_on=today, source="provider_api"
    )
    key, _ = services.api_key_create(provider=provider, actor=provider_user, name="LMS")
    programme = services.programme_create(
        program=lsscp,
        actor=staff,
        college="Lakeshore Technical College",
        name="Library Technical Assistant, AAS",
        starts_on=today - timedelta(days=3000),
        competency_sets=[lsscp.competency_sets.get(code="FLS")],
    )
    claimant = enrol(lsscp, email="grad@example.org", sets=("FLS",), route="programme")
    claim = services.claim_submit(
        planned=claimant.planned_sets.get(competency_set__code="FLS"),
        actor=claimant.candidate,
        programme=programme,
        graduated_on=today - timedelta(days=100),
        proof=pdf_upload("diploma.pdf"),
    )
    course.syllabus_content_type, course.syllabus_extension = "application/pdf", ".pdf"
    course.syllabus.save("syllabus", ContentFile(PDF), save=True)
    return {
        "provider": provider,
        "course": course,
        "planned": planned,
        "completion": completion,
        "import": imp,
        "unmatched": unmatched,
        "key": key,
        "claim": claim,
        "staff": staff,
        "provider_user": provider_user,
        "other_provider_user": other_provider_user,
    }


def provider_pages(w):
    p, c, i = w["provider"].pk, w["course"].pk, w["import"].pk
    competency = w["course"].competency_set.competencies.first().pk
    return [
        ("get", reverse("courses:provider_home")),
        ("get", reverse("courses:provider", args=[p])),
        ("post", reverse("courses:provider", args=[p])),
        ("get", reverse("courses:course_new", args=[p])),
        ("get", reverse("courses:course_edit", args=[p, c])),
        ("post", reverse("courses:course_edit", args=[p, c])),
        ("post", reverse("courses:course_map", args=[p, c, competency])),
        ("post", reverse("courses:course_syllabus", args=[p, c])),
        ("post", reverse("courses:course_submit", args=[p, c])),
        ("post", reverse("courses:course_withdraw", args=[p, c])),
        ("get", reverse("courses:provider_completions", args=[p])),
        ("get", reverse("courses:completion_report", args=[p])),
        ("post", reverse("courses:completion_report", args=[p])),
        ("post", reverse("courses:provider_completion_decide", args=[p, w["completion"].pk])),
        ("get", reverse("courses:imports", args=[p])),
        ("get", reverse("courses:import", args=[p, i])),
        ("get", reverse("courses:import_progress", args=[p, i])),
        ("post", reverse("courses:import_confirm", args=[p, i])),
        ("post", reverse("courses:import_cancel", args=[p, i])),
        ("get", reverse("courses:import_errors", args=[p, i])),
        ("get", reverse("courses:api_keys", args=[p])),
        ("post", reverse("courses:api_key_revoke", args=[p, w["key"].pk])),
    ]


def staff_pages(w):
    return [
        ("get", reverse("courses:staff_courses")),
        ("get", reverse("courses:staff_course", args=[w["course"].pk])),
        ("post", reverse("courses:staff_evaluate", args=[w["course"].pk])),
        ("post", reverse("courses:staff_decide", args=[w["course"].pk])),
        ("get", reverse("courses:staff_providers")),
        ("post", reverse("courses:staff_provider_approve", args=[w["provider"].pk])),
        ("get", reverse("courses:staff_completions")),
        ("post", reverse("courses:staff_completion_decide", args=[w["completion"].pk])),
        ("get", reverse("courses:staff_unmatched")),
        ("post", reverse("courses:staff_unmatched_resolve", args=[w["unmatched"].pk])),
        ("get", reverse("courses:staff_programmes")),
        ("post", reverse("courses:staff_programmes")),
        ("get", reverse("courses:staff_claims")),
        ("post", reverse("courses:staff_claim_decide", args=[w["claim"].pk])),
    ]


def candidate_pages(w):
    planned = w["planned"].pk
    return [
        ("get", reverse("courses:course_completion", args=[planned])),
        ("post", reverse("courses:course_completion", args=[planned])),
        ("post", reverse("courses:completion_apply", args=[w["completion"].pk])),
        ("get", reverse("courses:programme_claim", args=[planned])),
        ("post", reverse("courses:programme_claim", args=[planned])),
    ]


def private_files(w):
    return [
        ("get", reverse("courses:syllabus", args=[w["course"].pk])),
        ("get", reverse("courses:certificate", args=[w["completion"].pk])),
        ("get", reverse("courses:proof", args=[w["claim"].pk])),
    ]


def person(role, w):
    return {
        "candidate": lambda: UserFactory(roles=[Role.CANDIDATE]),
        "reviewer": lambda: UserFactory(roles=[Role.REVIEWER]),
        "sponsor": lambda: UserFactory(roles=[Role.SPONSOR]),
        "program_staff": lambda: w["staff"],
        "provider": lambda: w["provider_user"],
        "other_provider": lambda: w["other_provider_user"],
    }[role]()


def assert_refused(client, pages, role, w, codes=(403,)):
    if role != "anonymous":
        client.force_login(person(role, w))
    for method, url in pages:
        response = getattr(client, method)(url)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert "/accounts/login/" in response.url, url
        else:
            assert response.status_code in codes, f"{role}: {method} {url}"


@pytest.mark.parametrize(
    "role", ["anonymous", "candidate", "other_provider", "reviewer", "sponsor", "program_staff"]
)
def test_provider_pages_are_refused_to_all_but_the_providers_staff(client, world, role):
    pages = provider_pages(world)
    if role == "other_provider":
        pages = pages[1:]  # their own organisation list is theirs to see
    # another provider's people: as if this one did not exist (a 403 would say it does)
    assert_refused(client, pages, role, world, (404,) if role == "other_provider" else (403,))


@pytest.mark.parametrize(
    "role", ["anonymous", "candidate", "provider", "other_provider", "reviewer", "sponsor"]
)
def test_staff_pages_are_refused_to_everyone_else(client, world, role):
    assert_refused(client, staff_pages(world), role, world)


@pytest.mark.parametrize(
    "role", ["anonymous", "candidate", "provider", "reviewer", "sponsor", "program_staff"]
)
def test_a_candidates_pages_are_refused_to_everyone_else(client, world, role):
    # another candidate's plan, completion, invitation and claim answer like unknown ones (404)
    codes = (404,) if role == "candidate" else (403,)
    assert_refused(client, candidate_pages(world), role, world, codes)


@pytest.mark.parametrize(
    "role", ["anonymous", "candidate", "other_provider", "reviewer", "sponsor"]
)
def test_private_files_are_refused_to_everyone_else(client, world, role):
    # someone else's file answers like an unknown one: a 403 would say it exists
    assert_refused(client, private_files(world), role, world, (404,))


def test_the_right_people_get_the_files_as_sandboxed_attachments(client, world):
    syllabus, certificate, proof = (url for _, url in private_files(world))
    allowed = {
        syllabus: [world["provider_user"], world["staff"]],
        certificate: [
            world["completion"].candidate,
            world["provider_user"],
            world["staff"],
        ],
        proof: [world["claim"].candidate, world["staff"]],
    }
    for url, people in allowed.items():
        for someone in people:
            client.force_login(someone)
            response = client.get(url)
            assert response.status_code == 200, (url, someone)
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "sandbox" in response["Content-Security-Policy"]
    client.force_login(world["provider_user"])
    assert client.get(proof).status_code == 404  # a provider never sees a graduate's proof


def test_registration_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("courses:register"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_public_pages_are_open_to_everyone(client, world):
    assert client.get(reverse("courses:catalogue")).status_code == 200
    assert client.get(reverse("courses:detail", args=[world["course"].pk])).status_code == 200


# --- Query counts: a list page costs the same with more rows --------------------------------------


def _more(world, n=4):
    today = timezone.localdate()
    provider, course = world["provider"], world["course"]
    lsscp = course.program
    first_programme = RecognisedProgramme.objects.get()
    for i in range(n):
        application = enrol(lsscp, email=f"more{i}@example.org")
        CourseCompletion.objects.create(
            course=course,
            application=application,
            candidate=application.candidate,
            completed_on=today,
            source="candidate",
        )
        UnmatchedCompletion.objects.create(
            course=course, email=f"u{i}@example.org", completed_on=today, source="provider_csv"
        )
        approved_course(provider=provider, competency_set=course.competency_set, title=f"C{i}")
        ProviderFactory(staff=[UserFactory(roles=[Role.PROVIDER])])
        services.api_key_create(provider=provider, actor=world["provider_user"], name=f"K{i}")
        ProgrammeClaim.objects.create(
            programme=first_programme,
            application=application,
            candidate=application.candidate,
            graduated_on=today,
            submitted_on=today,
            proof="x.pdf",
        )
        programme = RecognisedProgramme.objects.create(
            program=lsscp, college=f"College {i}", name="LTA", starts_on=today
        )
        programme.competency_sets.set(lsscp.competency_sets.all()[:2])


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("provider_user", lambda w: reverse("courses:provider", args=[w["provider"].pk])),
        (
            "provider_user",
            lambda w: reverse("courses:provider_completions", args=[w["provider"].pk]) + "?status=",
        ),
        ("provider_user", lambda w: reverse("courses:api_keys", args=[w["provider"].pk])),
        ("staff", lambda w: reverse("courses:staff_courses") + "?status="),
        ("staff", lambda w: reverse("courses:staff_providers")),
        ("staff", lambda w: reverse("courses:staff_completions") + "?status="),
        ("staff", lambda w: reverse("courses:staff_unmatched")),
        ("staff", lambda w: reverse("courses:staff_programmes")),
        ("staff", lambda w: reverse("courses:staff_claims") + "?status="),
    ],
)
def test_list_pages_keep_a_fixed_number_of_queries(client, world, who, page):
    client.force_login(world[who])
    url = page(world)
    assert client.get(url).status_code == 200
    few = count_queries(lambda: client.get(url))
    _more(world)
    assert count_queries(lambda: client.get(url)) == few


def test_the_candidates_completion_page_keeps_a_fixed_number_of_queries(client, world):
    planned = world["planned"]
    client.force_login(planned.application.candidate)
    url = reverse("courses:course_completion", args=[planned.pk])
    few = count_queries(lambda: client.get(url))
    for i in range(4):
        approved_course(
            provider=world["provider"], competency_set=planned.competency_set, title=f"X{i}"
        )
    assert count_queries(lambda: client.get(url)) == few


def test_the_organisation_list_keeps_a_fixed_number_of_queries(client, db):
    user = UserFactory(roles=[Role.PROVIDER])
    ProviderFactory(staff=[user])
    ProviderFactory(staff=[user], status="pending")
    client.force_login(user)
    url = reverse("courses:provider_home")
    few = count_queries(lambda: client.get(url))
    for _ in range(3):
        ProviderFactory(staff=[user])
    assert count_queries(lambda: client.get(url)) == few


def test_the_claim_page_keeps_a_fixed_number_of_queries(client, lsscp, staff):
    today = timezone.localdate()
    graduate = enrol(lsscp, email="g@example.org", sets=("FLS",), route="programme")
    planned = graduate.planned_sets.get(competency_set__code="FLS")
    fls = planned.competency_set

    def programme(i):
        p = services.programme_create(
            program=lsscp,
            actor=staff,
            college=f"College {i}",
            name="LTA",
            starts_on=today - timedelta(days=400),
            competency_sets=[fls],
        )
        services.claim_submit(
            planned=planned,
            actor=graduate.candidate,
            programme=p,
            graduated_on=today - timedelta(days=10),
            proof=pdf_upload(),
        )

    programme(0)
    client.force_login(graduate.candidate)
    url = reverse("courses:programme_claim", args=[planned.pk])
    few = count_queries(lambda: client.get(url))
    for i in range(1, 4):
        programme(i)
    assert count_queries(lambda: client.get(url)) == few


def test_the_staff_course_list_opens_on_every_course_with_counts_by_status(db, client, lsscp):
    """It used to open filtered to "Submitted" and say "0 courses" while courses existed."""
    from certify.accounts.models import Role
    from tests.factories import CourseFactory, UserFactory

    CourseFactory(competency_set=lsscp.competency_sets.first(), status="approved")
    CourseFactory(competency_set=lsscp.competency_sets.first(), status="draft")
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    html = client.get(reverse("courses:staff_courses")).text
    assert "2 courses" in html
    assert '<a class="chip" href="?status=" aria-current="true">All: 2</a>' in html
    assert '<a class="chip" href="?status=submitted">Submitted, being evaluated: 0</a>' in html
    assert '<a class="chip" href="?status=approved">Approved: 1</a>' in html
