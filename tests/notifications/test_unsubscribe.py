"""One-click unsubscribe (RFC 8058): an e-mail a person may switch off carries List-Unsubscribe
and List-Unsubscribe-Post, and its footer the same signed link; a POST to it switches that kind
off without a session (again: nothing more), a GET only asks (a mail scanner changes nothing);
the link stops when the account closes or its address changes; essential e-mails carry none."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client, override_settings

from certify.accounts.models import Role
from certify.core import ratelimit
from certify.core.models import AuditEvent
from certify.notifications.models import EmailPreference, Notification
from certify.notifications.services import notify
from certify.notifications.unsubscribe import unsubscribe_url
from certify.settings import base
from tests.factories import UserFactory

ONE_CLICK = {"List-Unsubscribe": "One-Click"}  # the body RFC 8058 has the provider POST


@pytest.fixture
def reviewer(db):
    return UserFactory(full_name="Dana Okafor", email="dana@example.org", roles=[Role.REVIEWER])


def send_due(person, capture):
    with capture(execute=True):
        notify(
            recipient=person,
            event="review.due",
            context={"due": dt.date(2026, 12, 20), "set_name": "Technology"},
            link="/reviews/",
        )
    return mail.outbox[-1]


def path_of(message):
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<")
    assert header.endswith(">")
    return urlsplit(header[1:-1]).path


def off(person, event="review.due"):
    return EmailPreference.objects.filter(user=person, event=event, enabled=False).exists()


def test_an_optional_email_carries_the_one_click_headers_and_the_same_link_in_its_footer(
    reviewer, lsscp, django_capture_on_commit_callbacks
):
    message = send_due(reviewer, django_capture_on_commit_callbacks)
    sent = message.message()  # the MIME message as the transport sends it
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = sent["List-Unsubscribe"][1:-1]
    assert url == unsubscribe_url(user=reviewer, event="review.due", address=reviewer.email)
    assert urlsplit(url).path.startswith("/notifications/unsubscribe/")
    assert f"in one click: {url}" in message.body
    assert "“A portfolio review is due soon”" in message.body
    assert f'href="{url}"' in message.alternatives[0].content


@pytest.mark.parametrize(
    "event", ["application.decided", "payment.receipt", "account.test", "certificate.lapsed"]
)
def test_an_email_that_must_be_sent_has_no_unsubscribe(
    event, reviewer, lsscp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=reviewer, event=event, link="/")
    (message,) = mail.outbox
    assert "List-Unsubscribe" not in message.message()
    assert "List-Unsubscribe-Post" not in message.message()
    assert "/notifications/unsubscribe/" not in message.body
    assert "/notifications/unsubscribe/" not in message.alternatives[0].content


def test_a_mail_scanners_get_changes_nothing(reviewer, lsscp, django_capture_on_commit_callbacks):
    path = path_of(send_due(reviewer, django_capture_on_commit_callbacks))
    page = Client().get(path)
    assert page.status_code == 200
    assert "Nothing changes until you press the button" in page.text
    assert '<form method="post">' in page.text
    assert "private" in page["Cache-Control"]
    assert "no-store" in page["Cache-Control"]
    assert not off(reviewer)
    assert not AuditEvent.objects.filter(verb="email.unsubscribed").exists()


def test_the_one_click_post_without_a_session_switches_that_kind_off_once(
    reviewer, lsscp, django_capture_on_commit_callbacks
):
    path = path_of(send_due(reviewer, django_capture_on_commit_callbacks))
    provider = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token: as Gmail posts
    done = provider.post(path, ONE_CLICK)
    assert done.status_code == 200
    assert "will no longer e-mail dana@example.org about “A portfolio review is due soon”" in (
        done.text
    )
    assert "turn “A portfolio review is due soon” back on" in done.text
    assert "/notifications/preferences/" in done.text
    assert off(reviewer)
    assert not off(reviewer, "renewal.reminder")  # only that kind
    (audit,) = AuditEvent.objects.filter(verb="email.unsubscribed")
    assert audit.actor is None
    assert audit.data["event"] == "review.due"
    again = provider.post(path, ONE_CLICK)  # a replay: harmless
    assert again.status_code == 200
    assert AuditEvent.objects.filter(verb="email.unsubscribed").count() == 1
    assert EmailPreference.objects.filter(user=reviewer).count() == 1
    assert "already stopped" in provider.get(path).text

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify(
            recipient=reviewer,
            event="review.due",
            context={"due": dt.date(2026, 12, 21), "set_name": "Technology"},
        )
    assert mail.outbox == []  # no more e-mail of that kind
    assert Notification.objects.filter(pk=notice.pk).exists()  # still told in the app


def test_a_link_switched_back_on_works_again(reviewer, lsscp, django_capture_on_commit_callbacks):
    path = path_of(send_due(reviewer, django_capture_on_commit_callbacks))
    Client().post(path, ONE_CLICK)
    EmailPreference.objects.filter(user=reviewer).update(enabled=True)
    Client().post(path, ONE_CLICK)
    assert off(reviewer)
    assert AuditEvent.objects.filter(verb="email.unsubscribed").count() == 2


def test_the_link_stops_when_the_account_closes(
    reviewer, lsscp, django_capture_on_commit_callbacks
):
    path = path_of(send_due(reviewer, django_capture_on_commit_callbacks))
    type(reviewer).objects.filter(pk=reviewer.pk).update(is_active=False)
    for answer in (Client().get(path), Client().post(path, ONE_CLICK)):
        assert answer.status_code == 404
        assert "no longer works" in answer.text
    assert not EmailPreference.objects.filter(user=reviewer).exists()


def test_the_link_stops_when_the_address_changes(
    reviewer, lsscp, django_capture_on_commit_callbacks
):
    """The e-mail went to the old address: once the owner moved to a new one and removed the
    old from their account, whoever reads that mailbox now cannot change what the account's
    owner gets at the new one."""
    path = path_of(send_due(reviewer, django_capture_on_commit_callbacks))
    type(reviewer).objects.filter(pk=reviewer.pk).update(email="dana@new.example")
    EmailAddress.objects.filter(user=reviewer).delete()
    EmailAddress.objects.create(
        user=reviewer, email="dana@new.example", verified=True, primary=True
    )
    for answer in (Client().get(path), Client().post(path, ONE_CLICK)):
        assert answer.status_code == 404
        assert "address has changed" in answer.text
    assert not EmailPreference.objects.filter(user=reviewer).exists()
    # The address written with other capitals is still the same address.
    type(reviewer).objects.filter(pk=reviewer.pk).update(email="Dana@Example.org")
    assert Client().post(path, ONE_CLICK).status_code == 200
    assert off(reviewer)


def test_the_link_works_while_the_address_it_went_to_is_still_confirmed(
    reviewer, lsscp, django_capture_on_commit_callbacks
):
    """The program settings typed another address into the account: notices still go to the
    address it confirmed (ADR 0025), so that mailbox's link still stops them."""
    type(reviewer).objects.filter(pk=reviewer.pk).update(email="typed@elsewhere.example")
    reviewer.refresh_from_db()
    message = send_due(reviewer, django_capture_on_commit_callbacks)
    assert message.to == ["dana@example.org"]
    assert Client().post(path_of(message), ONE_CLICK).status_code == 200
    assert off(reviewer)


def test_an_altered_link_or_one_for_an_essential_kind_is_refused(reviewer, lsscp):
    good = urlsplit(unsubscribe_url(user=reviewer, event="review.due", address=reviewer.email)).path
    altered = good.replace("/unsubscribe/", "/unsubscribe/x")
    essential = urlsplit(
        unsubscribe_url(user=reviewer, event="application.decided", address=reviewer.email)
    ).path
    for path in (altered, essential):
        answer = Client().post(path, ONE_CLICK)
        assert answer.status_code == 404
        assert "This link is not valid" in answer.text
    assert not EmailPreference.objects.exists()
    assert not AuditEvent.objects.filter(verb="email.unsubscribed").exists()


def test_another_method_changes_nothing(reviewer, lsscp):
    path = urlsplit(unsubscribe_url(user=reviewer, event="review.due", address=reviewer.email)).path
    assert Client().put(path).status_code == 405
    assert Client().head(path).status_code == 200  # a scanner's HEAD: like its GET
    assert not EmailPreference.objects.exists()


def _token(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def test_a_link_cannot_be_made_to_name_another_kind_or_another_person(reviewer, lsscp):
    """An attacker holding their own link rewrites what it names (the kind, the account, the
    address) or puts another link's signature on it: each is an altered link."""
    other = UserFactory(email="lee@example.org", roles=[Role.REVIEWER])
    mine = _token(unsubscribe_url(user=other, event="review.due", address=other.email))
    theirs = _token(
        unsubscribe_url(user=reviewer, event="renewal.reminder", address=reviewer.email)
    )
    payload, signature = mine.rsplit(":", 1)
    forged = [
        f"{payload}:{theirs.rsplit(':', 1)[1]}",  # my payload, their signature
        f"{theirs.rsplit(':', 1)[0]}:{signature}",  # their payload, my signature
        # the same names, signed as other parts of the site sign things (another salt, none)
        signing.Signer().sign_object({"u": reviewer.pk, "k": "review.due", "a": reviewer.email}),
        signing.dumps({"u": reviewer.pk, "k": "review.due", "a": reviewer.email}),
        signing.Signer(salt="certify.notifications.relay").sign_object(
            {"u": reviewer.pk, "k": "review.due", "a": reviewer.email}
        ),
    ]
    for token in forged:
        answer = Client().post(f"/notifications/unsubscribe/{token}/", ONE_CLICK)
        assert answer.status_code == 404
        assert "This link is not valid" in answer.text
        assert "dana@example.org" not in answer.text
    assert not EmailPreference.objects.exists()
    assert not AuditEvent.objects.filter(verb="email.unsubscribed").exists()


def test_a_made_up_link_tells_nothing_about_whether_an_account_exists(reviewer, lsscp):
    """Without the signature nobody can name an account: a made-up link for a real account, for
    one that does not exist and plain noise get the same answer, word for word."""
    real = signing.Signer().sign_object({"u": reviewer.pk, "k": "review.due", "a": "x"})
    ghost = signing.Signer().sign_object({"u": 999_999, "k": "review.due", "a": "x"})
    answers = [
        Client().post(f"/notifications/unsubscribe/{token}/", ONE_CLICK)
        for token in (real, ghost, "noise", "a" * 2000)
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers}) == 1
    assert "no-store" in answers[0]["Cache-Control"]


def test_a_link_is_refused_past_its_own_limit_and_switches_nothing_then(
    reviewer, lsscp, monkeypatch
):
    """The link never expires (RFC 8058), so it has a limit of its own per client address, and
    per account for whoever is signed in: a refused click changes nothing."""
    cache.clear()
    ratelimit.forget_leases()
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_015.0)
    path = urlsplit(unsubscribe_url(user=reviewer, event="review.due", address=reviewer.email)).path
    with override_settings(PAGE_RATES={**base.PAGE_RATES, "unsubscribe": "2/m"}):
        provider = Client()
        assert provider.get(path, REMOTE_ADDR="203.0.113.7").status_code == 200
        assert provider.get(path, REMOTE_ADDR="203.0.113.7").status_code == 200
        refused = provider.post(path, ONE_CLICK, REMOTE_ADDR="203.0.113.7")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "45"
        assert not off(reviewer)
        assert provider.post(path, ONE_CLICK, REMOTE_ADDR="203.0.113.8").status_code == 200
        assert off(reviewer)
        signed_in = Client()
        signed_in.force_login(reviewer)
        other = urlsplit(
            unsubscribe_url(user=reviewer, event="renewal.reminder", address=reviewer.email)
        ).path
        answers = [
            signed_in.get(other, REMOTE_ADDR=f"198.51.100.{n}").status_code for n in (1, 2, 3)
        ]
        assert answers == [200, 200, 429]  # another address each time: counted per account
    cache.clear()
