"""One completion reported on the provider's page: the same check as a CSV's rows (consent, the
second fact, the dates that count), refusals beside their field with the input kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role, RoleAssignment
from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import CourseCompletion, ProviderConsent, UnmatchedCompletion
from certify.courses.numbers import candidate_number
from tests.courses.conftest import approved_course, enrol
from tests.factories import ProviderFactory, UserFactory


def url(provider):
    return reverse("courses:completion_report", args=[provider.pk])


def post(client, provider, the_course, **fields):
    today = timezone.localdate()
    data = {"course": the_course.pk, "completed_on": today.isoformat(), **fields}
    return client.post(url(provider), data)


def test_a_candidate_who_named_the_course_is_recorded_and_confirmed(
    client, lsscp, provider, provider_user, course
):
    app = enrol(lsscp, email="dana@example.org", name="Dana Okafor", names=course)
    client.force_login(provider_user)
    response = post(
        client, provider, course, email="Dana@example.org", full_name="dana okafor", reference="S1"
    )
    assert response.status_code == 302
    completion = CourseCompletion.objects.get(application=app, course=course)
    assert completion.source == CourseCompletion.Source.PROVIDER_FORM
    assert completion.status == CourseCompletion.Status.CONFIRMED
    assert completion.reported_by == provider_user
    assert completion.reference == "S1"
    page = client.get(response.url)
    assert "It counts on the candidate&#x27;s plan now" in page.content.decode()


def test_a_candidate_matched_by_number_and_invitation_only_confirms_it_first(
    client, lsscp, provider, provider_user, course
):
    app = enrol(lsscp, email="sam@example.org", name="Sam Lee")
    services.consent_invite(
        provider=provider, course=course, actor=provider_user, who="sam@example.org"
    )
    invitation = ProviderConsent.objects.get(application=app)
    services.consent_decide(consent=invitation, actor=app.candidate, move="accept")
    client.force_login(provider_user)
    response = post(
        client, provider, course, candidate_number=candidate_number(app), full_name="Sam Lee"
    )
    assert response.status_code == 302
    completion = CourseCompletion.objects.get(application=app)
    assert completion.status != CourseCompletion.Status.CONFIRMED
    assert "The candidate confirms it before it counts" in client.get(response.url).text


def test_a_candidate_who_did_not_choose_the_provider_is_kept_as_not_matched(
    client, lsscp, provider, provider_user, course
):
    """The same answer as for nobody at all: a report reveals nothing about anyone."""
    today = timezone.localdate()
    app = enrol(lsscp, email="kim@example.org", name="Kim Park")  # no consent to the provider
    client.force_login(provider_user)
    response = post(client, provider, course, email="kim@example.org", full_name="Kim Park")
    assert response.status_code == 302
    assert not CourseCompletion.objects.filter(application=app).exists()
    kept = UnmatchedCompletion.objects.get(course=course)
    assert (kept.email, kept.source) == ("kim@example.org", "provider_form")
    assert "Not matched: we kept your report" in client.get(response.url).text

    again = post(client, provider, course, email="kim@example.org", full_name="Kim Park")
    assert again.status_code == 400
    assert (
        f"Already reported on {today:%B %-d, %Y}: program staff have it and will match it to "
        "the candidate; nothing to report again."
    ) in again.text
    assert UnmatchedCompletion.objects.count() == 1


def test_a_completion_already_recorded_is_refused_in_words(
    client, lsscp, provider, provider_user, course
):
    enrol(lsscp, email="dana@example.org", name="Dana Okafor", names=course)
    client.force_login(provider_user)
    post(client, provider, course, email="dana@example.org", full_name="Dana Okafor")
    response = post(client, provider, course, email="dana@example.org", full_name="Dana Okafor")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "is already recorded; there is nothing to report again" in errors["email"][0]
    assert CourseCompletion.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"email": "", "full_name": "Dana Okafor"}, "email", "candidate number or e-mail"),
        ({"email": "dana@example.org"}, "full_name", "Give a second fact"),
        ({"email": "dana@", "full_name": "Dana Okafor"}, "email", "is not a valid e-mail"),
        ({"candidate_number": "12", "full_name": "Dana"}, "candidate_number", "is not a candidate"),
        (
            {"email": "dana@example.org", "full_name": "Dana", "completed_on": ""},
            "completed_on",
            "Give the completion date.",
        ),
        (
            {"email": "dana@example.org", "full_name": "Dana", "completed_on": "31/31/2026"},
            "completed_on",
            "is not a date we understand",
        ),
        ({"email": "dana@example.org", "full_name": "Dana", "course": ""}, "course", "Choose"),
    ],
)
def test_each_problem_stands_beside_its_field_with_the_input_kept(
    client, lsscp, provider, provider_user, course, fields, field, words
):
    enrol(lsscp, email="dana@example.org", names=course)
    client.force_login(provider_user)
    response = post(client, provider, course, **fields)
    assert response.status_code == 400
    form = response.context["form"]
    assert words in form.errors[field][0]
    for name, value in fields.items():
        if value and name != "course":
            assert f'value="{value}"' in response.text
    assert not CourseCompletion.objects.exists()
    assert not UnmatchedCompletion.objects.exists()


def test_completions_count_up_to_the_lookback_before_approval(
    client, lsscp, provider, provider_user, ct
):
    """The program's lookback (two years): a day inside counts, a day before is refused."""
    today = timezone.localdate()
    years = lsscp.course_completion_lookback_years
    on = today - timedelta(days=30)
    course = approved_course(provider=provider, competency_set=ct, on=on)
    enrol(lsscp, email="dana@example.org", name="Dana Okafor", names=course)
    client.force_login(provider_user)
    too_early = on.replace(year=on.year - years) - timedelta(days=1)
    response = post(
        client,
        provider,
        course,
        email="dana@example.org",
        full_name="Dana Okafor",
        completed_on=too_early.isoformat(),
    )
    assert response.status_code == 400
    assert (
        "but completions of this course count from"
        in (response.context["form"].errors["completed_on"][0])
    )
    inside = on.replace(year=on.year - years) + timedelta(days=1)
    response = post(
        client,
        provider,
        course,
        email="dana@example.org",
        full_name="Dana Okafor",
        completed_on=inside.isoformat(),
    )
    assert response.status_code == 302
    assert CourseCompletion.objects.get().completed_on == inside


def test_another_providers_course_is_not_offered_nor_taken(
    client, lsscp, provider, provider_user, ct
):
    elsewhere = approved_course(provider=ProviderFactory(), competency_set=ct)
    client.force_login(provider_user)
    assert f'value="{elsewhere.pk}"' not in client.get(url(provider)).text
    response = post(client, provider, elsewhere, email="dana@example.org", full_name="Dana")
    assert response.status_code == 400
    assert "course" in response.context["form"].errors
    with pytest.raises(DomainError, match="is not a course of"):
        services.completion_report_one(
            provider=provider, course=elsewhere, actor=provider_user, email="dana@example.org"
        )


def test_only_the_providers_own_people_may_report(lsscp, provider, course, other_provider_user):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="You do not act for"):
        services.completion_report_one(
            provider=provider,
            course=course,
            actor=other_provider_user,
            email="dana@example.org",
            full_name="Dana Okafor",
            completed_on=today.isoformat(),
        )
    assert not UnmatchedCompletion.objects.exists()


def test_a_member_whose_provider_role_was_taken_away_is_refused(client, provider, course):
    former = UserFactory(roles=[Role.CANDIDATE])
    provider.memberships.create(user=former)
    client.force_login(former)
    assert client.get(url(provider)).status_code == 403
    response = post(client, provider, course, email="dana@example.org", full_name="Dana")
    assert response.status_code == 403
    assert not UnmatchedCompletion.objects.exists()


def test_the_provider_pages_link_to_the_form(client, provider, provider_user, course):
    client.force_login(provider_user)
    for page in ("courses:provider", "courses:imports"):
        assert url(provider) in client.get(reverse(page, args=[provider.pk])).text


def test_reporting_completions_is_one_task_with_two_ways(client, provider, provider_user, course):
    """The menu had "Report a completion" beside "Report completions (CSV)": two entries for one
    task, neither saying which to use. Now one entry, current on both pages (and on an upload's
    page), and each page offers both ways by how many learners there are; the addresses stay."""
    import re

    client.force_login(provider_user)
    form, csv = url(provider), reverse("courses:imports", args=[provider.pk])
    ways = {form: "One learner: fill in a form", csv: "Many learners: upload a CSV file"}
    for here in (form, csv):
        html = client.get(here).text
        menu = html[html.index('<nav class="section-nav"') :]
        menu = menu[: menu.index("</nav>")]
        assert re.findall(r">(Report [^<]*)</a>", menu) == ["Report completions"]
        assert "aria-current" in menu.split("Report completions")[0].rsplit("<a ", 1)[1]
        assert "<h1>Report completions</h1>" in html
        chooser = html[html.index('aria-label="Ways to report completions"') :]
        chooser = chooser[: chooser.index("</nav>")]
        for there, words in ways.items():
            marked = ' aria-current="page"' if there == here else ""
            assert f'<a class="chip" href="{there}"{marked}>{words}</a>' in chooser
    home = client.get(reverse("courses:provider", args=[provider.pk])).text
    assert "Report completions (CSV)" not in home
    assert "Report a completion<" not in home


def test_a_provider_reporting_their_own_completion_is_told_a_colleague_confirms_it(
    client, lsscp, provider, provider_user, course
):
    """Nobody confirms their own completion: it waits, and the message says who confirms it."""
    app = enrol(lsscp, email="pat.two@example.org", name="Pat Two", names=course)
    me = app.candidate
    RoleAssignment.objects.create(user=me, role=Role.PROVIDER)
    provider.memberships.create(user=me)
    client.force_login(me)
    response = post(
        client, provider, course, candidate_number=candidate_number(app), full_name="Pat Two"
    )
    assert response.status_code == 302
    completion = CourseCompletion.objects.get(application=app)
    assert completion.status == CourseCompletion.Status.PENDING
    assert "A colleague or program staff confirm it" in client.get(response.url).text
