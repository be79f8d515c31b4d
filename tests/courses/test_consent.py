"""Provider completions only for candidates who chose the provider (ADR 0021).

Each test here failed on the code before: any approved provider could report a completion for
any sequential candidate number, got the candidate's name and e-mail address back, and the set
was complete at once.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.applications.models import Application
from certify.core.codes import ALPHABET
from certify.core.names import names_match
from certify.courses import services
from certify.courses.models import CourseCompletion, ProviderConsent, UnmatchedCompletion
from certify.courses.numbers import candidate_number, candidate_number_parse
from tests.conftest import count_queries
from tests.courses.conftest import approved_course, csv_upload, enrol
from tests.factories import ProviderFactory, UserFactory

NOT_MATCHED = "Not matched: kept for program staff."


@pytest.fixture
def key(provider, provider_user):
    return services.api_key_create(provider=provider, actor=provider_user, name="LMS")[1]


def report(client, provider, course, key, items):
    return client.post(
        f"/api/v1/providers/{provider.pk}/courses/{course.pk}/completions",
        {"completions": items},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


def invite_and_accept(course, application, actor):
    services.consent_invite(
        provider=course.provider, course=course, actor=actor, who=candidate_number(application)
    )
    consent = ProviderConsent.objects.get(application=application, course=course)
    return services.consent_decide(consent=consent, actor=application.candidate, move="accept")


# --- Numbers ------------------------------------------------------------------------------------


def test_new_candidate_numbers_are_random_and_old_ones_still_resolve(lsscp):
    first, second = enrol(lsscp, email="a@example.org"), enrol(lsscp, email="b@example.org")
    for application in (first, second):
        assert re.fullmatch(rf"LSSCP-C-[{ALPHABET}]{{8}}", candidate_number(application))
    assert candidate_number(first) != candidate_number(second)
    assert not candidate_number(second).endswith(f"{second.pk:06d}")
    # A number issued before (derived from the id, kept by the migration) reads the same way,
    # with or without its leading zeros, in any case.
    Application.objects.filter(pk=first.pk).update(number_key="000042")
    first.refresh_from_db()
    assert candidate_number(first) == "LSSCP-C-000042"
    assert candidate_number_parse(" lsscp-c-42 ") == ("LSSCP", "000042")
    assert candidate_number_parse("LSSCP-C-7k3q9m2x") == ("LSSCP", "7K3Q9M2X")


def test_an_old_number_still_matches_in_a_report(client, lsscp, provider, course, key):
    today = timezone.localdate().isoformat()
    application = enrol(lsscp, email="old@example.org", name="Olga Old", names=course)
    Application.objects.filter(pk=application.pk).update(number_key="000042")
    body = report(
        client,
        provider,
        course,
        key,
        [{"candidate_number": "LSSCP-C-42", "full_name": "Olga Old", "completed_on": today}],
    ).json()
    assert body["created"] == 1


def test_the_migration_keeps_the_numbers_already_issued(lsscp):
    """Applications numbered before the migration get the old derived number as their part."""
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module("certify.applications.migrations.0006_candidate_number_key")
    application = enrol(lsscp, email="m@example.org")

    class Apps:  # the migration's historical model, seeing this row as not numbered yet
        def get_model(self, app_label, name):
            rows = Application.objects
            return SimpleNamespace(
                objects=SimpleNamespace(
                    filter=lambda **kw: rows.filter(pk=application.pk),
                    bulk_update=rows.bulk_update,
                )
            )

    migration.keep_old_numbers(Apps(), None)
    application.refresh_from_db()
    assert candidate_number(application) == f"LSSCP-C-{application.pk:06d}"


# --- Consent and the second fact -----------------------------------------------------------------


def test_walking_sequential_numbers_matches_nobody_and_reveals_nothing(
    client, lsscp, provider, course, key
):
    """The finding: numbers 000001… with any name. Today nobody has such a number; and even a
    candidate whose old number it is, without consent, is not matched."""
    today = timezone.localdate().isoformat()
    people = [enrol(lsscp, email=f"p{i}@example.org", name=f"Person {i}") for i in range(3)]
    Application.objects.filter(pk=people[0].pk).update(number_key="000001")
    items = [
        {"candidate_number": f"LSSCP-C-{n:06d}", "full_name": "Person 0", "completed_on": today}
        for n in range(1, 30)
    ]
    body = report(client, provider, course, key, items).json()
    assert (body["created"], body["unmatched"], body["error"]) == (0, 29, 0)
    assert {r["message"] for r in body["rows"]} == {services.completions.report_check.NOT_MATCHED}
    text = str(body)
    for application in people:
        assert application.candidate.email not in text
        assert application.candidate.full_name not in text
    assert not CourseCompletion.objects.exists()
    assert not people[0].planned_sets.get(competency_set__code="CT").is_satisfied


def test_another_providers_candidate_is_not_matched_in_the_api_and_the_csv_page(
    client, lsscp, provider, provider_user, course, key, ct, django_capture_on_commit_callbacks
):
    today = timezone.localdate().isoformat()
    other = ProviderFactory(name="Elsewhere Online School")
    theirs = approved_course(provider=other, competency_set=ct, title="Elsewhere's course")
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor", names=theirs)
    row = {
        "candidate_number": candidate_number(dana),
        "email": "dana@example.org",
        "full_name": "Dana Okafor",
        "completed_on": today,
    }
    unknown = {**row, "candidate_number": "LSSCP-C-ZZZZZZZZ", "email": "ghost@example.org"}
    body = report(client, provider, course, key, [row, unknown]).json()
    assert [r["result"] for r in body["rows"]] == ["unmatched", "unmatched"]
    assert body["rows"][0]["message"] == body["rows"][1]["message"]  # a real one looks the same
    assert "Dana" not in str(body["rows"])

    client.force_login(provider_user)
    # Another day's completions: the same rows again would be repeats ("already reported").
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    text = "candidate_number,email,full_name,completed_on\n"
    text += f"{candidate_number(dana)},,Dana Okafor,{day}\nLSSCP-C-ZZZZZZZZ,,Dana Okafor,{day}\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("courses:imports", args=[provider.pk]),
            {"course": course.pk, "file": csv_upload(text)},
        )
    page = client.get(response.url).text
    assert page.count(NOT_MATCHED) == 2
    assert "dana@example.org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url.removesuffix("#main") + "confirm/")
    assert not CourseCompletion.objects.exists()
    assert UnmatchedCompletion.objects.count() == 4  # staff still see every row


def test_a_wrong_second_fact_is_not_matched(client, lsscp, provider, course, key):
    today = timezone.localdate().isoformat()
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor", names=course)
    number = candidate_number(dana)
    # Three days, so that no row repeats another (a repeat is "already reported", not queued).
    day = [(timezone.localdate() - timedelta(days=n)).isoformat() for n in (1, 2, 3)]
    wrong = [
        {"candidate_number": number, "full_name": "Dana Smith", "completed_on": day[0]},
        {"candidate_number": number, "email": "someone@example.org", "completed_on": day[1]},
        {"email": "dana@example.org", "full_name": "Okafor", "completed_on": day[2]},
    ]
    body = report(client, provider, course, key, wrong).json()
    assert [r["result"] for r in body["rows"]] == ["unmatched"] * 3
    only_one = [{"candidate_number": number, "completed_on": today}]
    body = report(client, provider, course, key, only_one).json()
    assert body["rows"][0]["result"] == "error"
    assert "Give a second fact" in body["rows"][0]["message"]
    right = [{"candidate_number": number, "full_name": "OKAFOR dana", "completed_on": today}]
    assert report(client, provider, course, key, right).json()["created"] == 1


def test_names_match_folded_in_any_order_and_only_whole():
    assert names_match("nunez-ortiz JOSÉ maría", "José María Núñez-Ortiz")
    assert not names_match("José Núñez", "José María Núñez-Ortiz")
    assert not names_match("", "")


def test_withdrawn_consent_is_not_matched(client, lsscp, provider, course, key):
    today = timezone.localdate().isoformat()
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor", names=course)
    consent = ProviderConsent.objects.get(application=dana)
    services.consent_decide(consent=consent, actor=dana.candidate, move="withdraw")
    row = {"email": "dana@example.org", "full_name": "Dana Okafor", "completed_on": today}
    body = report(client, provider, course, key, [row]).json()
    assert body["rows"][0]["result"] == "unmatched"
    assert not CourseCompletion.objects.exists()


def test_a_declined_invitation_gives_no_consent_and_only_the_candidate_answers(
    lsscp, provider, provider_user, course
):
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    services.consent_invite(
        provider=provider, course=course, actor=provider_user, who="DANA@example.org"
    )
    consent = ProviderConsent.objects.get(application=dana)
    from certify.core.errors import DomainError

    with pytest.raises(DomainError):
        services.consent_decide(consent=consent, actor=provider_user, move="accept")
    services.consent_decide(consent=consent, actor=dana.candidate, move="decline")
    assert ProviderConsent.objects.get().status == "declined"
    assert dana.candidate.notifications.filter(event="course.invitation").exists()


def test_an_invitation_answers_the_same_whether_or_not_the_candidate_exists(
    lsscp, provider, provider_user, course
):
    dana = enrol(lsscp, email="dana@example.org")
    known = services.consent_invite(
        provider=provider, course=course, actor=provider_user, who=candidate_number(dana)
    )
    unknown = services.consent_invite(
        provider=provider, course=course, actor=provider_user, who="LSSCP-C-ZZZZZZZZ"
    )
    assert known.replace(candidate_number(dana), "N") == unknown.replace("LSSCP-C-ZZZZZZZZ", "N")


# --- Unexpected completions wait ------------------------------------------------------------------


def test_a_completion_by_invitation_only_waits_for_the_candidate(
    client, lsscp, provider, provider_user, course, key
):
    today = timezone.localdate().isoformat()
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    invite_and_accept(course, dana, provider_user)
    row = {"email": "dana@example.org", "full_name": "Dana Okafor", "completed_on": today}
    body = report(client, provider, course, key, [row]).json()
    assert body["rows"][0]["result"] == "created"
    completion = CourseCompletion.objects.get()
    assert completion.status == "awaiting"
    ct_row = dana.planned_sets.get(competency_set__code="CT")
    assert not ct_row.is_satisfied
    assert dana.candidate.notifications.filter(event="course.completion_to_confirm").exists()

    client.force_login(dana.candidate)
    page = client.get(reverse("courses:consents")).text
    assert "Communicating at the Library Desk" in page
    client.post(reverse("courses:completion_answer", args=[completion.pk]), {"answer": "yes"})
    completion.refresh_from_db()
    assert completion.status == "confirmed"
    ct_row.refresh_from_db()
    assert ct_row.is_satisfied


def test_the_candidate_may_say_they_did_not_complete_it(lsscp, provider, provider_user, course):
    today = timezone.localdate().isoformat()
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    invite_and_accept(course, dana, provider_user)
    services.completions_report(
        course=course,
        rows=[
            services.ReportRow(
                line=1, email="dana@example.org", full_name="Dana Okafor", completed_on=today
            )
        ],
        actor=provider_user,
    )
    completion = CourseCompletion.objects.get()
    other = UserFactory(roles=["candidate"])
    from certify.core.errors import DomainError

    with pytest.raises(DomainError):
        services.completion_answer(completion=completion, actor=other, completed=True)
    services.completion_answer(completion=completion, actor=dana.candidate, completed=False)
    completion.refresh_from_db()
    assert completion.status == "rejected"
    assert not dana.planned_sets.get(competency_set__code="CT").is_satisfied


def test_a_hand_match_needs_a_reason_and_waits_when_unexpected(
    client, lsscp, provider_user, course, staff
):
    today = timezone.localdate().isoformat()
    services.completions_report(
        course=course,
        rows=[
            services.ReportRow(line=1, email="old@example.org", full_name="D O", completed_on=today)
        ],
        actor=provider_user,
    )
    row = UnmatchedCompletion.objects.get()
    dana = enrol(lsscp, email="dana@example.org")
    from certify.core.errors import DomainError

    with pytest.raises(DomainError, match="Say why"):
        services.unmatched_match(row=row, actor=staff, candidate="dana@example.org", note=" ")
    completion = services.unmatched_match(
        row=row, actor=staff, candidate="dana@example.org", note="Her old address."
    )
    assert completion.status == "awaiting"
    # The staff member who matched it does not confirm it too.
    with pytest.raises(DomainError):
        services.completion_answer(completion=completion, actor=staff, completed=True)
    assert not dana.planned_sets.get(competency_set__code="CT").is_satisfied
    # Other staff may, from the staff completions page.
    other_staff = UserFactory(roles=["program_staff"])
    client.force_login(other_staff)
    page = client.get(reverse("courses:staff_completions"), {"status": "awaiting"}).text
    assert "Waiting for the candidate to confirm" in page
    client.post(
        reverse("courses:staff_completion_decide", args=[completion.pk]), {"decision": "confirm"}
    )
    completion.refresh_from_db()
    assert completion.status == "confirmed"
    assert dana.planned_sets.get(competency_set__code="CT").is_satisfied


def test_the_provider_list_hides_candidates_without_consent(
    client, lsscp, provider, provider_user, course, staff, key
):
    """A row staff matched by hand to a candidate who never chose the provider: the provider's
    lists (page and API) show nothing of it."""
    today = timezone.localdate().isoformat()
    services.completions_report(
        course=course,
        rows=[
            services.ReportRow(line=1, email="x@example.org", full_name="X Y", completed_on=today)
        ],
        actor=provider_user,
    )
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    services.unmatched_match(
        row=UnmatchedCompletion.objects.get(),
        actor=staff,
        candidate="dana@example.org",
        note="Staff know.",
    )
    listed = client.get(
        f"/api/v1/providers/{provider.pk}/completions", headers={"Authorization": f"Bearer {key}"}
    ).json()
    assert listed["count"] == 0
    client.force_login(provider_user)
    page = client.get(reverse("courses:provider_completions", args=[provider.pk]), {"status": ""})
    assert "dana@example.org" not in page.text
    assert "Dana Okafor" not in page.text
    assert dana.candidate.course_completions.count() == 1


# --- Query counts of the new list pages ----------------------------------------------------------


def test_the_candidates_providers_page_keeps_a_fixed_number_of_queries(
    client, lsscp, provider, provider_user, ct
):
    dana = enrol(lsscp, email="dana@example.org")
    client.force_login(dana.candidate)
    url = reverse("courses:consents")

    def invite(n):
        for i in range(n):
            course = approved_course(provider=provider, competency_set=ct, title=f"Course {i}-{n}")
            services.consent_invite(
                provider=provider, course=course, actor=provider_user, who="dana@example.org"
            )

    invite(1)
    few = count_queries(lambda: client.get(url))
    invite(4)
    assert count_queries(lambda: client.get(url)) == few
    assert "Course 3-4" in client.get(url).text


def test_the_invitations_page_keeps_a_fixed_number_of_queries(
    client, lsscp, provider, provider_user, course
):
    client.force_login(provider_user)
    url = reverse("courses:invitations", args=[provider.pk])

    def invite(n, start):
        for i in range(start, start + n):
            services.consent_invite(
                provider=provider, course=course, actor=provider_user, who=f"c{i}@example.org"
            )

    invite(1, 0)
    few = count_queries(lambda: client.get(url))
    invite(4, 1)
    assert count_queries(lambda: client.get(url)) == few
    assert "c4@example.org" in client.get(url).text


def test_the_candidates_providers_page_speaks_to_the_candidate(
    client, lsscp, provider, provider_user, course
):
    """The candidate reads "You named it in your plan", not a label written about them."""
    dana = enrol(lsscp, email="dana@example.org")
    planned = dana.planned_sets.get(competency_set=course.competency_set)
    services.course_name_in_plan(planned=planned, actor=dana.candidate, course=course)
    client.force_login(dana.candidate)
    page = client.get(reverse("courses:consents")).text
    assert "You named it in your plan" in page
    assert "candidate's plan" not in page
    assert f'Withdraw consent<span class="visually-hidden"> for {course.title}</span>' in page


@pytest.mark.parametrize("answer", ["decline", "withdraw"])
def test_a_candidates_no_stands_against_the_providers_next_invitation(
    lsscp, provider, provider_user, course, answer
):
    """Invited, the candidate declines (or accepts, then withdraws): the provider inviting again
    and again would have Certify tell them each time. Their answer stands: no new invitation is
    made and they are not told again (the provider's answer is the same for every address); they
    can still name the course in their plan."""
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    services.consent_invite(
        provider=provider, course=course, actor=provider_user, who=dana.candidate.email
    )
    consent = ProviderConsent.objects.get(application=dana)
    if answer == "withdraw":
        consent = services.consent_decide(consent=consent, actor=dana.candidate, move="accept")
    services.consent_decide(consent=consent, actor=dana.candidate, move=answer)
    first = services.consent_invite(
        provider=provider, course=course, actor=provider_user, who=dana.candidate.email
    )
    again = services.consent_invite(
        provider=provider, course=course, actor=provider_user, who=candidate_number(dana)
    )
    assert first.replace(dana.candidate.email, "N") == again.replace(candidate_number(dana), "N")
    assert ProviderConsent.objects.filter(application=dana).count() == 1
    assert dana.candidate.notifications.filter(event="course.invitation").count() == 1


def test_staff_who_act_for_the_provider_do_not_match_or_dismiss_its_unmatched_reports(
    lsscp, provider, provider_user, course, staff
):
    """A row the provider reported without the candidate's consent is a decision about the
    provider's report: a program staff member who also acts for that provider (not the one who
    reported it) neither matches it to a candidate nor dismisses it (ADR 0022)."""
    today = timezone.localdate().isoformat()
    from certify.core.errors import DomainError
    from certify.courses.models import ProviderMembership

    colleague = UserFactory(roles=["program_staff", "provider"])
    ProviderMembership.objects.create(provider=provider, user=colleague)
    services.completions_report(
        course=course,
        rows=[
            services.ReportRow(
                line=1, email="dana@example.org", full_name="Dana", completed_on=today
            )
        ],
        actor=provider_user,
    )
    row = UnmatchedCompletion.objects.get()
    enrol(lsscp, email="dana@example.org", name="Dana")
    with pytest.raises(DomainError, match="your own case"):
        services.unmatched_match(row=row, actor=colleague, candidate="dana@example.org", note="Ok")
    with pytest.raises(DomainError, match="your own case"):
        services.unmatched_dismiss(row=row, actor=colleague, reason="Not ours.")
    row.refresh_from_db()
    assert row.status == UnmatchedCompletion.Status.OPEN
    assert not CourseCompletion.objects.exists()
    completion = services.unmatched_match(
        row=row, actor=staff, candidate="dana@example.org", note="The address on her form."
    )
    assert completion.status == "awaiting"


def test_staff_who_act_for_the_provider_do_not_answer_for_the_candidate(
    lsscp, provider, provider_user, course, staff
):
    """A completion the candidate did not expect waits for them or other program staff: not a
    staff member who acts for the provider that reported it (its own report, ADR 0022)."""
    today = timezone.localdate().isoformat()
    from certify.core.errors import DomainError
    from certify.courses.models import ProviderMembership

    colleague = UserFactory(roles=["program_staff", "provider"])
    ProviderMembership.objects.create(provider=provider, user=colleague)
    dana = enrol(lsscp, email="dana@example.org", name="Dana Okafor")
    invite_and_accept(course, dana, provider_user)
    row = services.ReportRow(
        line=1, email="dana@example.org", full_name="Dana Okafor", completed_on=today
    )
    services.completions_report(course=course, rows=[row], actor=provider_user)
    completion = CourseCompletion.objects.get()
    assert completion.status == "awaiting"
    for completed in (True, False):
        with pytest.raises(DomainError, match="your own case"):
            services.completion_answer(completion=completion, actor=colleague, completed=completed)
    completion.refresh_from_db()
    assert completion.status == "awaiting"
    assert not dana.planned_sets.get(competency_set__code="CT").is_satisfied
    services.completion_answer(completion=completion, actor=staff, completed=True)
    completion.refresh_from_db()
    assert completion.status == "confirmed"
