"""A provider's completion matches only a candidate who chose the provider, by the number and
a second fact (ADR 0021). Each test here failed on the code before: any approved provider
could report a completion for any sequential candidate number, got the candidate's name and
e-mail address back, and the set was complete at once."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from certify.applications.models import Application
from certify.core.names import names_match
from certify.courses import services
from certify.courses.models import CourseCompletion, ProviderConsent, UnmatchedCompletion
from certify.courses.numbers import candidate_number
from tests.courses.conftest import NOT_MATCHED, approved_course, csv_upload, enrol, report
from tests.factories import ProviderFactory


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
