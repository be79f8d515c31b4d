"""A supervisor's confirmation means what it says (ADR 0024): never the candidate's own address,
bound to the employer, dates, hours and address it was given, a link that works once, expires,
and stops at submission; staff see every request and its answer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications import services
from certify.applications.models import ConfirmationRequest, ExperienceEntry
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.workflow import LinkHolder
from certify.notifications.models import OutgoingEmail
from tests.factories import UserFactory

C = ExperienceEntry.SupervisorStatus
SUPERVISOR = "pat@riverside.example"


def ask(entry, applicant, capture):
    """Ask the entry's supervisor; the token of the link in the e-mail."""
    with capture(execute=True):
        services.supervisor_request(entry=entry, actor=applicant)
    return mail.outbox[-1].body.split("/supervisor/")[1].split("/")[0]


def answer(client, token, **data):
    url = reverse("applications:supervisor", args=[token])
    return client.post(url, {"answer": "confirm", "hours": "", "note": "", **data})


@pytest.fixture
def entry(draft, applicant):
    entry = draft.experience.get()
    return services.experience_save(
        application=draft,
        actor=applicant,
        entry=entry,
        supervisor_name="Pat Lee",
        supervisor_email=SUPERVISOR,
    )


def save(entry, applicant, **changes):
    fields = {
        name: getattr(entry, name)
        for name in (
            "library_name",
            "library_type",
            "role",
            "paid",
            "start_date",
            "end_date",
            "hours_mode",
            "hours_per_week",
            "total_hours",
            "supervisor_name",
            "supervisor_email",
        )
    }
    return services.experience_save(
        application=entry.application, actor=applicant, entry=entry, **{**fields, **changes}
    )


def test_the_supervisor_answers_once_and_the_answer_is_kept_with_what_was_asked(
    entry, applicant, django_capture_on_commit_callbacks
):
    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert message.to == [SUPERVISOR]
    assert "Dana Okafor" in message.subject
    confirmation = services.supervisor_link_open(token)
    assert confirmation.entry == entry
    assert confirmation.details["hours"] == "35"
    link = LinkHolder("supervisor", entry.pk, "Pat Lee")
    with pytest.raises(DomainError, match="only the supervisor holding this entry's link"):
        services.supervisor_respond(
            confirmation=confirmation, actor=LinkHolder("supervisor", entry.pk + 1), confirmed=True
        )
    services.supervisor_respond(
        confirmation=confirmation,
        actor=link,
        confirmed=False,
        hours=Decimal(30),
        note="She worked 30 hours a week.",
    )
    entry.refresh_from_db()
    assert (entry.supervisor_status, entry.supervisor_hours) == (C.CORRECTED, Decimal(30))
    confirmation.refresh_from_db()
    assert (confirmation.ended, confirmation.answer, confirmation.answer_hours) == (
        "answered",
        "corrected",
        Decimal(30),
    )
    # The link answers once: the page refuses it, and so does the service.
    with pytest.raises(services.LinkClosedError, match="has been used"):
        services.supervisor_link_open(token)
    with pytest.raises(services.LinkClosedError, match="has been used"):
        services.supervisor_respond(confirmation=confirmation, actor=link, confirmed=True)


@pytest.mark.parametrize("whose", ["account", "another of theirs"])
def test_the_supervisor_address_may_not_be_one_of_the_candidates_own(entry, applicant, whose):
    address = applicant.email
    if whose == "another of theirs":
        address = "dana.home@mail.example"
        EmailAddress.objects.create(user=applicant, email=address, verified=False)
    with pytest.raises(DomainError, match="one of your own e-mail addresses") as refused:
        save(entry, applicant, supervisor_email=address.upper())
    assert refused.value.field == "supervisor_email"
    entry.refresh_from_db()
    assert entry.supervisor_email == SUPERVISOR
    # Added as the candidate's own after the entry named it: asking is refused too.
    EmailAddress.objects.create(user=applicant, email=SUPERVISOR.upper(), verified=True)
    with pytest.raises(DomainError, match="one of your own e-mail addresses"):
        services.supervisor_request(entry=entry, actor=applicant)


def test_the_form_says_the_address_is_the_candidates_own_and_keeps_what_was_typed(
    client, entry, applicant
):
    client.force_login(applicant)
    prefix = f"e{entry.pk}"
    data = {
        f"{prefix}-library_name": "Riverside Public Library",
        f"{prefix}-library_type": "public",
        f"{prefix}-role": "Circulation assistant, evenings",
        f"{prefix}-paid": "on",
        f"{prefix}-start_date": entry.start_date.isoformat(),
        f"{prefix}-end_date": "",
        f"{prefix}-hours_mode": "weekly",
        f"{prefix}-hours_per_week": "35",
        f"{prefix}-total_hours": "",
        f"{prefix}-supervisor_name": "Me",
        f"{prefix}-supervisor_email": applicant.email,
    }
    url = reverse("applications:experience_edit", args=[entry.application_id, entry.pk])
    response = client.post(url, data)
    assert response.status_code == 400
    form = dict(response.context["entry_forms"])[entry]
    assert "one of your own e-mail addresses" in " ".join(form.errors["supervisor_email"])
    assert "Circulation assistant, evenings" in response.text


def test_changing_the_hours_after_confirmation_makes_the_entry_unconfirmed(
    client, entry, applicant, staff, django_capture_on_commit_callbacks
):
    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    assert answer(client, token).status_code == 200
    entry.refresh_from_db()
    assert entry.supervisor_status == C.CONFIRMED
    # A change the confirmation does not cover (the role's title) leaves it standing.
    entry = save(entry, applicant, role="Senior circulation assistant")
    assert entry.supervisor_status == C.CONFIRMED
    # 35 hours a week become 4,000 hours in total: no longer what the supervisor confirmed.
    entry = save(entry, applicant, hours_mode="total", hours_per_week=None, total_hours=4000)
    entry.refresh_from_db()
    assert entry.supervisor_status == C.CHANGED
    assert entry.get_supervisor_status_display().startswith("Not confirmed")
    move = AuditEvent.objects.filter(verb="supervisor_confirmation.changed").get()
    assert move.actor == applicant
    assert move.data["changed"] == ["hours", "hours_mode"]
    # The candidate is told on the page, and asked to ask again.
    client.force_login(applicant)
    page = client.get(reverse("applications:detail", args=[entry.application_id])).text
    assert "these hours are not confirmed: ask again" in page
    assert "Ask Pat Lee to confirm" in page
    # Staff see "not confirmed" and the history: who was asked, when, what, and the answer.
    client.force_login(staff)
    page = client.get(reverse("applications:staff_detail", args=[entry.application_id])).text
    assert "Not confirmed" in page
    assert "Confirmed by the supervisor" not in page
    assert "pat@riverside.example" in page
    assert "35 hours a week" in page  # what the supervisor confirmed
    assert "Confirmed" in page


def test_the_candidate_is_told_when_an_autosave_undoes_a_confirmation(
    client, entry, applicant, django_capture_on_commit_callbacks
):
    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    answer(client, token)
    client.force_login(applicant)
    prefix = f"e{entry.pk}"
    data = {
        f"{prefix}-library_name": "Riverside Public Library",
        f"{prefix}-library_type": "public",
        f"{prefix}-role": entry.role,
        f"{prefix}-paid": "on",
        f"{prefix}-start_date": entry.start_date.isoformat(),
        f"{prefix}-end_date": "",
        f"{prefix}-hours_mode": "weekly",
        f"{prefix}-hours_per_week": "60",
        f"{prefix}-total_hours": "",
        f"{prefix}-supervisor_name": "Pat Lee",
        f"{prefix}-supervisor_email": SUPERVISOR,
    }
    url = reverse("applications:experience_edit", args=[entry.application_id, entry.pk])
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert "These hours are no longer confirmed" in response.text
    assert f'id="entry-{entry.pk}-actions" hx-swap-oob="true"' in response.text


def test_a_link_is_single_use_even_after_the_candidate_asks_again(
    client, entry, applicant, django_capture_on_commit_callbacks
):
    first = ask(entry, applicant, django_capture_on_commit_callbacks)
    assert answer(client, first).status_code == 200
    save(entry, applicant, hours_per_week=Decimal(40))
    second = ask(entry, applicant, django_capture_on_commit_callbacks)
    # The first link, replayed, is refused: the new request is answered only through its own.
    replayed = answer(client, first)
    assert replayed.status_code == 410
    assert "has been used" in replayed.text
    entry.refresh_from_db()
    assert entry.supervisor_status == C.REQUESTED
    # Asking again while a request is open replaces its link.
    third = ask(entry, applicant, django_capture_on_commit_callbacks)
    assert answer(client, second).status_code == 410
    assert answer(client, third).status_code == 200
    assert list(
        ConfirmationRequest.objects.filter(entry=entry).values_list("ended", flat=True)
    ) == ["answered", "replaced", "answered"]


def test_an_expired_link_is_refused(
    client, entry, applicant, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CONFIRMATION_LINK_DAYS = 2
    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    assert "works until" in mail.outbox[-1].body
    now = timezone.now()
    # It works through the second day after today (ADR 0024, "Days, not hours"): over by then.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=3, minutes=1))
    response = client.get(reverse("applications:supervisor", args=[token]))
    assert response.status_code == 410
    assert "expired" in response.text
    assert answer(client, token).status_code == 410
    entry.refresh_from_db()
    assert entry.supervisor_status == C.REQUESTED


def test_submitting_stops_a_pending_link_and_staff_see_not_confirmed(
    client, entry, applicant, staff, django_capture_on_commit_callbacks
):
    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    services.application_submit(application=entry.application, actor=applicant)
    entry.refresh_from_db()
    assert entry.supervisor_status == C.LAPSED
    response = answer(client, token)
    assert response.status_code == 410
    assert "submitted before you answered" in response.text
    entry.refresh_from_db()
    assert entry.supervisor_status == C.LAPSED
    assert ConfirmationRequest.objects.get(entry=entry).ended == "submitted"
    with pytest.raises(DomainError, match="submitted"):
        services.supervisor_request(entry=entry, actor=applicant)
    client.force_login(staff)
    page = client.get(reverse("applications:staff_detail", args=[entry.application_id])).text
    assert "Not confirmed" in page
    assert "no answer before submission" in page


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


# --- No relaying (ADR 0029): the button refuses past the day's limit and saves nothing ----------


def test_asking_past_the_days_limit_is_refused_on_the_page_and_saves_nothing(
    client, entry, applicant, settings
):
    settings.RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY = 2
    client.force_login(applicant)
    url = reverse("applications:supervisor_request", args=[entry.application_id, entry.pk])
    for _ in range(2):  # the limit passes, asking again included
        client.post(url)
    assert entry.confirmation_requests.count() == 2
    emails, audit = OutgoingEmail.objects.count(), AuditEvent.objects.count()
    page = client.post(url, follow=True)
    assert (
        "You have sent 2 requests to this address today; you can send more tomorrow." in page.text
    )
    assert entry.confirmation_requests.count() == 2
    assert (OutgoingEmail.objects.count(), AuditEvent.objects.count()) == (emails, audit)


def test_a_note_longer_than_the_limit_is_refused_beside_it_and_kept(
    client, entry, applicant, django_capture_on_commit_callbacks
):
    """The link's holder is not signed in: the note is bounded, the refusal is beside the note,
    what was typed stays, and the link still answers once it is shorter."""
    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    limit = services.SUPERVISOR_NOTE_MAX
    note = ("She worked 30 hours a week. " * 100)[: limit + 1]
    response = answer(client, token, answer="correct", hours="30", note=note)
    assert f"Keep the note to {limit:,} characters: it has {limit + 1:,}." in response.text
    assert note.strip()[:200] in response.text
    entry.refresh_from_db()
    assert entry.supervisor_status == C.REQUESTED
    answer(client, token, answer="correct", hours="30", note=note[:limit])
    entry.refresh_from_db()
    assert (entry.supervisor_status, entry.supervisor_hours) == (C.CORRECTED, Decimal(30))


# --- The candidate holding their own supervisor's link ------------------------------------------


def test_the_candidate_signed_in_cannot_confirm_their_own_hours_through_the_link(
    client, entry, applicant, django_capture_on_commit_callbacks
):
    """A forwarded link opened in the candidate's own browser: Certify knows who is signed in,
    and a confirmation by the person it concerns means nothing."""
    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    client.force_login(applicant)
    response = answer(client, token)
    assert response.status_code == 400
    assert "you cannot confirm your own hours" in response.text
    entry.refresh_from_db()
    assert entry.supervisor_status == C.REQUESTED
    # Signed out (or as someone else), the supervisor still answers through the same link.
    client.logout()
    assert answer(client, token).status_code == 200
    entry.refresh_from_db()
    assert entry.supervisor_status == C.CONFIRMED


def test_a_link_stops_once_its_address_became_one_of_the_candidates_own(
    client, entry, applicant, django_capture_on_commit_callbacks
):
    """Asked at another address, then that address added to the candidate's account: whoever
    answers now is answering from the candidate's own mailbox."""
    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    EmailAddress.objects.create(user=applicant, email=SUPERVISOR, verified=True)
    response = answer(client, token)
    assert response.status_code == 400
    assert "which is now one of the candidate&#x27;s own e-mail addresses" in response.text
    entry.refresh_from_db()
    assert entry.supervisor_status == C.REQUESTED
    with pytest.raises(DomainError, match="one of the candidate's own"):
        services.supervisor_respond(
            confirmation=entry.confirmation_requests.get(),
            actor=LinkHolder("supervisor", entry.pk, "Pat Lee"),
            confirmed=True,
        )


def test_the_candidates_data_download_holds_the_request_but_not_the_supervisors_link(
    client, entry, applicant, django_capture_on_commit_callbacks
):
    """The e-mail sent on the candidate's behalf is theirs to see, but its link is the
    supervisor's: from the download it would let the candidate confirm their own hours."""
    import io
    import zipfile

    from certify.accounts.privacy import data_export_build

    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    archive = zipfile.ZipFile(io.BytesIO(data_export_build(user=applicant)))
    text = "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert SUPERVISOR in text  # the e-mail is there, with whom it went to
    assert token not in text
    assert "/supervisor/" not in text
    assert "the link is for the recipient only" in text
    assert answer(client, token).status_code == 200  # the supervisor's own link still works


def test_a_mail_scanner_opening_the_link_decides_nothing_and_the_post_does(
    client, entry, applicant, django_capture_on_commit_callbacks
):
    """A scanner (or a preview) fetches the link, with GET and HEAD, before the supervisor
    reads it: nothing is written and the link still works; only the button's POST answers."""
    from tests.conftest import writes_during

    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    url = reverse("applications:supervisor", args=[token])
    seen = []
    for method in (client.get, client.head, client.get):
        assert writes_during(lambda m=method: seen.append(m(url))) == []
    assert [r.status_code for r in seen] == [200, 200, 200]
    assert {r["Referrer-Policy"] for r in seen} == {"same-origin"}
    assert all("no-store" in r["Cache-Control"] for r in seen)  # kept by no cache on the way
    assert applicant.email not in seen[0].text  # what the page shows the link's holder
    entry.refresh_from_db()
    assert entry.supervisor_status == C.REQUESTED
    assert answer(client, token).status_code == 200
    entry.refresh_from_db()
    assert entry.supervisor_status == C.CONFIRMED


def test_the_link_answers_for_its_holder_never_for_another_signed_in_account(
    client, entry, applicant, django_capture_on_commit_callbacks
):
    """Opened in a browser signed in as someone else (a colleague's, staff's): the answer is
    the link holder's, and the record never names the signed-in person as who confirmed."""
    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    other = UserFactory(roles=[Role.PROGRAM_STAFF])
    client.force_login(other)
    assert answer(client, token).status_code == 200
    entry.refresh_from_db()
    assert entry.supervisor_status == C.CONFIRMED
    confirmed = AuditEvent.objects.filter(data__move="confirm").get()
    assert (confirmed.actor_id, confirmed.data["via"]) == (None, "link:supervisor")
    assert not AuditEvent.objects.filter(actor=other).exists()


def test_a_link_stops_once_the_candidate_closed_their_account(
    client, entry, applicant, django_capture_on_commit_callbacks
):
    from certify.accounts.privacy import account_close

    token = ask(entry, applicant, django_capture_on_commit_callbacks)
    applicant.set_password("closing-time-42")
    applicant.save()
    account_close(user=applicant, password="closing-time-42")
    page = client.get(reverse("applications:supervisor", args=[token]))
    assert page.status_code == 410
    assert "no longer works" in page.text
    assert answer(client, token).status_code == 410
    assert not ConfirmationRequest.objects.exists()
