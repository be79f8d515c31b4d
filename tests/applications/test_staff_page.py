"""The staff application page speaks to staff, keeps a refused decision, and leads on to the
next application waiting; the queue's chips are statuses in words that filter."""

from django.urls import reverse
from django.utils import timezone

from certify.applications.models import Application
from certify.applications.services import application_submit
from tests.factories import ApplicationFactory, ExperienceEntryFactory

S = Application.Status


def _submitted(program, days_ago):
    application = ApplicationFactory(program=program)
    ExperienceEntryFactory(application=application)
    application = application_submit(application=application, actor=application.candidate)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - timezone.timedelta(days=days_ago)
    )
    return application


def test_the_staff_page_speaks_about_the_candidate_not_to_them(client, submitted, staff):
    client.force_login(staff)
    page = client.get(reverse("applications:staff_detail", args=[submitted.pk])).text
    assert "The candidate has enough library experience." in page
    assert "You have enough" not in page
    assert "Your eligible hours" not in page


def test_a_refused_rejection_keeps_the_choice_and_says_why_beside_the_reason(
    client, submitted, staff
):
    client.force_login(staff)
    response = client.post(
        reverse("applications:decide", args=[submitted.pk]), {"decision": "reject", "reason": ""}
    )
    assert response.status_code == 400
    html = response.text
    assert 'value="reject" id="id_decision_2" checked' in html or (
        'value="reject"' in html and "checked" in html.split('value="reject"')[1].split(">")[0]
    )
    assert '<span class="error-message" id="id_reason-error">' in html
    assert 'aria-invalid="true"' in html
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    # No decision at all: said in words, beside the choices.
    html = client.post(reverse("applications:decide", args=[submitted.pk]), {}).text
    assert '<p class="error-message" id="decision-error">Choose a decision.</p>' in html


def test_after_a_decision_the_page_leads_to_the_next_application_in_queue_order(
    client, lsscp, staff, django_capture_on_commit_callbacks
):
    oldest, middle, newest = (_submitted(lsscp, days) for days in (9, 5, 1))
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:decide", args=[middle.pk]), {"decision": "accept"}, follow=True
        )
    assert "You accepted the application. The candidate was told." in response.text
    next_url = reverse("applications:staff_detail", args=[newest.pk])
    assert f'<a href="{next_url}">Next application waiting for a decision</a>' in response.text
    # From the last in the queue, the next is the first (the oldest) still waiting.
    page = client.get(reverse("applications:staff_detail", args=[newest.pk])).text
    first_url = reverse("applications:staff_detail", args=[oldest.pk])
    assert f'<a href="{first_url}">Next application waiting for a decision</a>' in page


def test_queue_chips_are_statuses_in_words_and_links_that_filter(client, lsscp, staff):
    application = _submitted(lsscp, 3)
    Application.objects.filter(pk=application.pk).update(status=S.MORE_INFO)
    client.force_login(staff)
    html = client.get(reverse("applications:queue")).text
    assert '<a class="chip" href="?status=more_info">More information requested: 1</a>' in html
    assert "More_info" not in html
    filtered = client.get(reverse("applications:queue") + "?status=more_info").text
    assert 'href="?status=more_info" aria-current="true"' in filtered


def test_each_decision_says_what_it_does_before_it_is_recorded(client, submitted, staff):
    """Accept, ask for more and reject each say their consequence beside the choice: the
    enrollment and its deadline, the way back to the candidate, the appeal (and the fee)."""
    client.force_login(staff)
    page = client.get(reverse("applications:staff_detail", args=[submitted.pk])).text
    years = submitted.program.completion_limit_years
    assert f"The candidate is enrolled today and has {years} years to finish, until " in page
    assert "they change it and submit it again." in page
    days = submitted.program.appeal_notice_days
    assert f"can give notice of appeal within {days} days." in page


def test_a_refused_extension_keeps_the_date_and_reason_and_says_why_beside_them(
    client, submitted, staff
):
    """A new deadline before the current one comes back with what was typed and the reason at
    the date (it was a redirect with a message and an empty form)."""
    from certify.applications.decisions import application_accept

    accepted = application_accept(application=submitted, actor=staff)
    client.force_login(staff)
    early = accepted.completion_deadline - timezone.timedelta(days=1)
    response = client.post(
        reverse("applications:extend", args=[accepted.pk]),
        {"new_deadline": early.isoformat(), "reason": "Family leave, six months."},
    )
    assert response.status_code == 400
    html = response.text
    assert f'value="{early.isoformat()}"' in html
    assert "Family leave, six months.</textarea>" in html
    assert "The new deadline must be after the current one" in html
    accepted.refresh_from_db()
    assert accepted.completion_deadline > early
    later = accepted.completion_deadline + timezone.timedelta(days=90)
    response = client.post(
        reverse("applications:extend", args=[accepted.pk]),
        {"new_deadline": later.isoformat(), "reason": "Family leave."},
        follow=True,
    )
    assert "The deadline is extended. The candidate was told." in response.text


def test_education_outside_the_us_says_how_it_is_decided_before_the_decision(
    client, submitted, staff
):
    """Said at the education, before staff choose Accept and meet the refusal for no reason;
    and the experience entries are cards on a phone (a scrolling table hid the hours)."""
    client.force_login(staff)
    url = reverse("applications:staff_detail", args=[submitted.pk])
    page = client.get(url).text
    assert "Education outside the US is decided case by case" not in page
    assert '<td data-label="Hours claimed">' in page
    Application.objects.filter(pk=submitted.pk).update(education_country="CA")
    page = client.get(url).text
    assert "Education outside the US is decided case by case" in page
    assert "to ask for a credential evaluation or other proof, ask for more information." in page
