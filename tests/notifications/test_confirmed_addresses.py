"""A notice is e-mailed only to an address its account confirmed (ADR 0025, "Notices go only to
a confirmed address"): the main address when confirmed, else the confirmed one allauth holds as
primary, else the oldest confirmed. An account that confirmed none is told in the app only, and
the notice says so and how to confirm; its e-mail is held in the outbox with the reason, never
sent, not even on staff's word. allauth's own e-mails (the confirmation link) still go to the
address they are about."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from certify.core.errors import DomainError
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail
from certify.notifications.notices import Told, notify_each
from certify.notifications.services import email_retry, notify, notify_latest
from tests.conftest import count_queries
from tests.factories import UserFactory

EVENT = "application.received"  # essential: the rule is the same for every kind
OPTIONAL = "review.due"
TYPED = "typed@elsewhere.example"


def _tell(person, capture, event=EVENT):
    with capture(execute=True):
        return notify(recipient=person, event=event, link="/account/", context=_context(event))


def _context(event):
    return {"due": "December 20, 2026", "set_name": "Technology"} if event == OPTIONAL else {}


def _unconfirmed():
    """Created in the program settings: an address nobody followed a link for."""
    return UserFactory(email="kim@example.org", full_name="Kim Lee", verified=False)


@pytest.mark.parametrize("event", [EVENT, OPTIONAL])
def test_an_account_that_confirmed_no_address_is_told_in_the_app_only(
    db, lsscp, event, django_capture_on_commit_callbacks
):
    kim = _unconfirmed()
    EmailAddress.objects.create(user=kim, email=kim.email, verified=False, primary=True)
    notice = _tell(kim, django_capture_on_commit_callbacks, event)
    assert notice is not None
    assert notice.not_emailed
    assert mail.outbox == []
    (held,) = OutgoingEmail.objects.filter(notification=notice)
    assert held.status == OutgoingEmail.Status.HELD
    assert held.to == kim.email  # whose it was, for staff
    assert "has not confirmed kim@example.org" in held.last_error
    assert held.next_attempt_at is None
    # Once confirmed, the next notice is e-mailed there.
    EmailAddress.objects.filter(user=kim).update(verified=True)
    later = _tell(kim, django_capture_on_commit_callbacks, event)
    assert not later.not_emailed
    assert [m.to for m in mail.outbox] == [[kim.email]]


def test_the_notice_says_it_was_not_emailed_and_how_to_confirm(
    db, client, lsscp, django_capture_on_commit_callbacks
):
    kim = _unconfirmed()
    _tell(kim, django_capture_on_commit_callbacks)
    confirmed = UserFactory()
    _tell(confirmed, django_capture_on_commit_callbacks)
    client.force_login(kim)
    page = client.get(reverse("notifications:list")).text
    assert "Not e-mailed: your e-mail address was not confirmed" in page
    assert f'href="{reverse("account_email")}"' in page
    client.force_login(confirmed)
    assert "Not e-mailed" not in client.get(reverse("notifications:list")).text


def test_an_address_typed_in_the_settings_is_not_written_to_the_confirmed_one_is(
    db, lsscp, django_capture_on_commit_callbacks
):
    dana = UserFactory(email="dana@example.org")
    type(dana).objects.filter(pk=dana.pk).update(email=TYPED)
    dana.refresh_from_db()
    notice = _tell(dana, django_capture_on_commit_callbacks)
    assert not notice.not_emailed
    assert [m.to for m in mail.outbox] == [["dana@example.org"]]


def test_without_the_main_one_a_confirmed_second_address_is_used(
    db, lsscp, django_capture_on_commit_callbacks
):
    sam = UserFactory(email="sam@example.org", verified=False)
    EmailAddress.objects.create(user=sam, email="sam@example.org", verified=False, primary=True)
    EmailAddress.objects.create(user=sam, email="Sam@Work.example", verified=True)
    _tell(sam, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["Sam@Work.example"]]


def test_an_address_the_notice_is_about_is_used_only_when_confirmed(
    db, lsscp, django_capture_on_commit_callbacks
):
    ana = UserFactory(email="ana@example.org")
    EmailAddress.objects.create(user=ana, email="hr@work.example", verified=True)
    EmailAddress.objects.create(user=ana, email="other@work.example", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=ana, event=EVENT, address="HR@work.example")
        notify(recipient=ana, event=EVENT, address="other@work.example")
    assert [m.to for m in mail.outbox] == [["hr@work.example"], ["ana@example.org"]]


def test_someone_who_turned_the_email_off_has_nothing_held(
    db, lsscp, django_capture_on_commit_callbacks
):
    kim = _unconfirmed()
    EmailPreference.objects.create(user=kim, event=OPTIONAL, enabled=False)
    notice = _tell(kim, django_capture_on_commit_callbacks, OPTIONAL)
    assert not notice.not_emailed
    assert not OutgoingEmail.objects.exists()


def test_the_latest_notice_is_held_the_same_way(db, lsscp, django_capture_on_commit_callbacks):
    kim = _unconfirmed()
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify_latest(
            recipient=kim, event=EVENT, key="g:1", email_group="g:", link="/account/"
        )
    assert notice.not_emailed
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.HELD
    assert mail.outbox == []


def test_staff_see_why_and_cannot_send_a_held_email(
    db, client, staff, lsscp, django_capture_on_commit_callbacks
):
    kim = _unconfirmed()
    _tell(kim, django_capture_on_commit_callbacks)
    held = OutgoingEmail.objects.get()
    client.force_login(staff)
    page = client.get(reverse("notifications:outbox"), {"status": "held"}).text
    assert "Held: address not confirmed (1)" in page
    assert "has not confirmed kim@example.org" in page
    assert reverse("notifications:outbox_retry", args=[held.pk]) not in page  # no button
    with pytest.raises(DomainError, match="held because its account has not confirmed"):
        email_retry(email=held, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:outbox_retry", args=[held.pk]))
    held.refresh_from_db()
    assert held.status == OutgoingEmail.Status.HELD
    assert mail.outbox == []


def test_the_api_refuses_to_send_a_held_email(
    db, client, staff, lsscp, django_capture_on_commit_callbacks
):
    kim = _unconfirmed()
    _tell(kim, django_capture_on_commit_callbacks)
    held = OutgoingEmail.objects.get()
    client.force_login(staff)
    answer = client.post(f"/api/v1/staff/outbox/{held.pk}/retry")
    assert answer.status_code == 400, answer.text
    assert "held" in answer.text
    held.refresh_from_db()
    assert held.status == OutgoingEmail.Status.HELD


def test_a_staff_member_who_confirmed_no_address_gets_no_test_email(
    db, client, django_capture_on_commit_callbacks
):
    from certify.accounts.models import Role

    admin_made = UserFactory(roles=[Role.PROGRAM_STAFF], verified=False)
    client.force_login(admin_made)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("notifications:outbox_test"), {"to": "nobody@example.org"}, follow=True
        ).text
    assert "you have not confirmed your own address either" in page
    assert mail.outbox == []
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.HELD


def test_allauths_confirmation_still_goes_to_the_unconfirmed_address(
    db, lsscp, django_capture_on_commit_callbacks
):
    kim = _unconfirmed()
    address = EmailAddress.objects.create(user=kim, email=kim.email, verified=False, primary=True)
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = kim
    with django_capture_on_commit_callbacks(execute=True):
        address.send_confirmation(request)
    assert [m.to for m in mail.outbox] == [[kim.email]]
    assert "confirm" in mail.outbox[0].body.lower()


def test_telling_ten_costs_what_telling_one_does(db, lsscp, django_capture_on_commit_callbacks):
    people = [UserFactory() for _ in range(11)]
    people[3] = _unconfirmed()
    EmailPreference.objects.create(user=people[5], event=OPTIONAL, enabled=False)

    def tell(group, n):
        return count_queries(
            lambda: notify_each(
                told=[Told(recipient=p, dedupe_key=f"k:{n}:{p.pk}") for p in group],
                event=OPTIONAL,
                context=_context(OPTIONAL),
                link="/reviews/",
            )
        )

    with django_capture_on_commit_callbacks(execute=True):
        one, ten = tell(people[:1], 1), tell(people[1:], 2)
    assert one == ten, (one, ten)
    assert Notification.objects.count() == 11
    assert len(mail.outbox) == 9  # one held (unconfirmed), one turned off
    again = tell(people[:1], 1) + tell(people[1:], 2)  # the same keys: nothing more
    assert Notification.objects.count() == 11
    assert again <= 2
