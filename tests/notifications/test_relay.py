"""No relaying (ADR 0029): e-mail on a person's behalf to an address that need not be an account
is limited per sender, per address and per day, counted in the database; a refusal saves nothing;
the e-mail carries none of the sender's text, says who asked and how to stop it; the stop link's
page changes nothing until its button is pressed."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications import services
from certify.applications.models import ConfirmationRequest, ExperienceEntry
from certify.core import ratelimit
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.notifications.models import OutgoingEmail, RelayStop
from certify.notifications.relay import relay_stop_url
from certify.settings import base
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory

SUPERVISOR = "pat@riverside.example"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY = 2
    settings.RELAY_PER_SENDER_PER_DAY = 3
    settings.RELAY_PER_ADDRESS_PER_DAY = 4
    return settings


def a_candidate(lsscp, name="Dana Okafor"):
    user = UserFactory(full_name=name, roles=[Role.CANDIDATE])
    return user, ApplicationFactory(candidate=user, program=lsscp)


def entry_for(application, email=SUPERVISOR, **fields):
    return ExperienceEntryFactory(
        application=application, supervisor_name="Pat Lee", supervisor_email=email, **fields
    )


def ask(entry):
    return services.supervisor_request(entry=entry, actor=entry.application.candidate)


def nothing_saved(entry, requests_before, emails_before):
    entry.refresh_from_db()
    assert entry.confirmation_requests.count() == requests_before
    assert OutgoingEmail.objects.count() == emails_before


# --- The limits, each at its edge ---------------------------------------------------------------


def test_one_sender_to_one_address_the_limit_passes_and_one_more_is_refused(lsscp):
    _user, application = a_candidate(lsscp)
    entry = entry_for(application)
    ask(entry)
    ask(entry)  # sending the same request again counts too
    assert entry.confirmation_requests.count() == 2
    status_before = ExperienceEntry.objects.get(pk=entry.pk).supervisor_status
    with pytest.raises(DomainError) as refused:
        ask(entry)
    assert refused.value.message == (
        "You have sent 2 requests to this address today; you can send more tomorrow."
    )
    assert refused.value.field == "supervisor_email"
    nothing_saved(entry, 2, 2)
    assert ExperienceEntry.objects.get(pk=entry.pk).supervisor_status == status_before
    # the same address in other letters is the same address
    other = entry_for(application, email="PAT@Riverside.Example")
    with pytest.raises(DomainError, match="to this address today"):
        ask(other)


def test_one_sender_in_all_the_limit_passes_and_one_more_is_refused(lsscp):
    _user, application = a_candidate(lsscp)
    for n in range(3):
        ask(entry_for(application, email=f"boss{n}@library.example"))
    fourth = entry_for(application, email="boss3@library.example")
    with pytest.raises(DomainError) as refused:
        ask(fourth)
    assert refused.value.message == (
        "You have sent 3 requests by e-mail today, the most Certify sends for one person in a "
        "day; you can send more tomorrow."
    )
    nothing_saved(fourth, 0, 3)


def test_one_address_from_different_senders_the_limit_passes_and_one_more_is_refused(lsscp):
    for n in range(4):
        _user, application = a_candidate(lsscp, name=f"Sender {n}")
        ask(entry_for(application))
    _user, application = a_candidate(lsscp, name="Sender 4")
    fifth = entry_for(application)
    with pytest.raises(DomainError) as refused:
        ask(fifth)
    assert refused.value.message == (
        "This address has received 4 requests from Certify today, the most it sends to one "
        "address in a day; you can send yours tomorrow."
    )
    nothing_saved(fifth, 0, 4)


def test_the_limits_are_per_local_calendar_day(lsscp, monkeypatch):
    day = timezone.localdate() + timedelta(days=3)
    late = timezone.make_aware(datetime.combine(day, datetime.min.time())) - timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: late)  # 23:59 the day before `day`
    _user, application = a_candidate(lsscp)
    entry = entry_for(application)
    ask(entry)
    ask(entry)
    with pytest.raises(DomainError, match="send more tomorrow"):
        ask(entry)
    monkeypatch.setattr(timezone, "now", lambda: late + timedelta(minutes=1))  # 00:00
    ask(entry)
    ask(entry)
    with pytest.raises(DomainError, match="send more tomorrow"):
        ask(entry)
    assert entry.confirmation_requests.count() == 4


def test_e_mail_to_account_holders_does_not_count(lsscp):
    """Notifications to people about their own case are not relayed mail."""
    from certify.notifications.api import notify

    user, application = a_candidate(lsscp)
    for _ in range(5):
        notify(recipient=user, event="account.test", link="/")
    ask(entry_for(application))
    assert OutgoingEmail.objects.filter(sent_for=user).count() == 1


# --- The e-mail: Certify's words only, who asked, how to stop it ---------------------------------

PHISH = "Your account is suspended, verify at https://evil.example/login"


def all_text(message) -> str:
    parts = [message.subject, message.body]
    parts += [content for content, _mime in getattr(message, "alternatives", [])]
    return "\n".join(parts)


def test_no_text_the_candidate_typed_reaches_the_supervisor(
    client, lsscp, django_capture_on_commit_callbacks
):
    _user, application = a_candidate(lsscp)
    entry = entry_for(application, library_name=PHISH, role=PHISH)
    ExperienceEntry.objects.filter(pk=entry.pk).update(supervisor_name=PHISH)
    entry.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        ask(entry)
    [message] = mail.outbox
    text = all_text(message)
    assert "evil.example" not in text
    assert "suspended" not in text
    assert "Dana Okafor" in message.subject
    assert "on behalf of Dana Okafor" in message.body
    assert "Stop e-mail from Certify on Dana Okafor's behalf: http" in message.body
    assert f"To report abuse, write to {lsscp.contact_email}" in message.body
    assert "hours a week" in message.body  # the stored facts, in Certify's words
    html = message.alternatives[0][0]
    assert "<p>" in html
    assert "&lt;p&gt;" not in html
    assert "&lt;br&gt;" not in html
    assert "/notifications/stop/" in html
    assert "on behalf of Dana Okafor" in html
    # the supervisor still reads the job as entered, on the page behind the link
    token = message.body.split("/supervisor/")[1].split("/")[0]
    page = client.get(reverse("applications:supervisor", args=[token]))
    assert "evil.example" in page.text  # escaped page text, framed as the candidate's entry


# --- The stop link: a page that asks, a button that stops ----------------------------------------


def stop_path(email):
    return urlsplit(relay_stop_url(email)).path


def test_opening_the_stop_link_changes_nothing_and_the_button_stops_that_sender(client, lsscp):
    user, application = a_candidate(lsscp)
    entry = entry_for(application)
    ask(entry)
    email = OutgoingEmail.objects.get(sent_for=user)
    path = stop_path(email)
    audit_before = AuditEvent.objects.count()
    for _ in range(2):
        page = client.get(path)
        assert page.status_code == 200
        assert "Stop e-mail on behalf of Dana Okafor" in page.text
    assert not RelayStop.objects.exists()
    assert AuditEvent.objects.count() == audit_before

    done = client.post(path)
    assert done.status_code == 200
    assert "Certify will send no more e-mail to pat@riverside.example" in done.text
    stop = RelayStop.objects.get()
    assert (stop.address, stop.sender, stop.email) == (SUPERVISOR, user, email)
    assert AuditEvent.objects.filter(verb="email.relay_stopped").count() == 1
    client.post(path)  # twice: still one stop, one audit row
    assert RelayStop.objects.count() == 1
    assert AuditEvent.objects.filter(verb="email.relay_stopped").count() == 1
    assert "already stopped" in client.get(path).text

    with pytest.raises(DomainError, match="asked Certify not to send them e-mail on your behalf"):
        ask(entry)
    assert entry.confirmation_requests.count() == 1
    # another person may still write to that address
    _other, other_application = a_candidate(lsscp, name="Sam Rivera")
    ask(entry_for(other_application))


def test_an_altered_stop_link_is_refused_and_records_nothing(client, lsscp):
    user, application = a_candidate(lsscp)
    ask(entry_for(application))
    path = stop_path(OutgoingEmail.objects.get(sent_for=user))
    altered = path.replace("/stop/", "/stop/x")
    assert client.get(altered).status_code == 404
    assert client.post(altered).status_code == 404
    assert not RelayStop.objects.exists()


def test_the_stop_link_has_the_unsubscribe_links_limit_and_a_refused_press_stops_nothing(
    lsscp, monkeypatch
):
    """The stop link never expires, like an unsubscribe link, so it counts in their limit per
    client address, not only in the pages' wider one: a refused press records nothing."""
    user, application = a_candidate(lsscp)
    ask(entry_for(application))
    path = stop_path(OutgoingEmail.objects.get(sent_for=user))
    cache.clear()
    ratelimit.forget_leases()
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_015.0)
    with override_settings(PAGE_RATES={**base.PAGE_RATES, "unsubscribe": "2/m"}):
        supervisor = Client()
        assert supervisor.get(path, REMOTE_ADDR="203.0.113.7").status_code == 200
        assert supervisor.get(path, REMOTE_ADDR="203.0.113.7").status_code == 200
        assert supervisor.post(path, REMOTE_ADDR="203.0.113.7").status_code == 429
        assert not RelayStop.objects.exists()
        assert supervisor.post(path, REMOTE_ADDR="203.0.113.8").status_code == 200
        assert RelayStop.objects.count() == 1
    cache.clear()


def test_staff_see_the_reports_in_a_fixed_number_of_queries(client, lsscp, staff):
    from tests.conftest import count_queries

    client.force_login(staff)
    url = reverse("notifications:relay_reports")
    user, application = a_candidate(lsscp)
    ask(entry_for(application))
    client.post(stop_path(OutgoingEmail.objects.get(sent_for=user)))
    few = count_queries(lambda: client.get(url))
    for n in range(3):
        sender, other_application = a_candidate(lsscp, name=f"Sender {n}")
        ask(entry_for(other_application, email=f"x{n}@library.example"))
        client.post(stop_path(OutgoingEmail.objects.get(sent_for=sender)))
    page = client.get(url)
    assert page.status_code == 200
    assert "x2@library.example" in page.text
    assert "Sender 2" in page.text
    assert count_queries(lambda: client.get(url)) == few
    client.force_login(user)
    assert client.get(url).status_code == 403


def test_a_request_row_is_kept_for_each_e_mail_sent(lsscp):
    user, application = a_candidate(lsscp)
    entry = entry_for(application)
    ask(entry)
    ask(entry)
    assert ConfirmationRequest.objects.filter(entry=entry).count() == 2
    assert OutgoingEmail.objects.filter(sent_for=user, to=SUPERVISOR).count() == 2


def test_signing_up_with_someone_elses_address_relays_no_name_typed(client, db):
    """Sign-up sends a confirmation to any address typed; allauth's text named the new account
    ("user … has given your email address"), a name anyone types. Ours names nobody."""
    answer = client.post(
        reverse("account_signup"),
        {
            "full_name": PHISH,
            "email": "victim@library.example",
            "password1": "a long pass phrase 42",
            "password2": "a long pass phrase 42",
        },
    )
    assert answer.status_code == 302
    email = OutgoingEmail.objects.get(to="victim@library.example")
    for part in (email.subject, email.text_body, email.html_body):
        assert "evil.example" not in part
        assert "suspended" not in part
    assert "Someone, perhaps you, gave this e-mail address" in email.text_body
