"""Staff's test e-mail on the outbox page goes to the address typed only when an account
confirmed it (any of its confirmed addresses, any case), and then to that account; otherwise to
the staff member's own address, and the page says why and what to do (ADR 0025's amendment).

Both ways in each test: the same address is written to once its owner confirms it."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from certify.notifications.models import Notification, OutgoingEmail
from tests.factories import UserFactory

ADDRESS = "pat.cole@library.example"


def _send(client, to, capture):
    with capture(execute=True):
        response = client.post(reverse("notifications:outbox_test"), {"to": to}, follow=True)
    return response.text


def _created_in_the_admin():
    return UserFactory(email=ADDRESS, verified=False)


def _changed_in_the_admin():
    pat = UserFactory(email="pat@home.example")
    pat.email = ADDRESS
    pat.save(update_fields=["email"])
    return pat


def _added_not_confirmed():
    pat = UserFactory(email="pat@home.example")
    EmailAddress.objects.create(user=pat, email=ADDRESS, verified=False, primary=False)
    return pat


WAYS = {
    "created in the admin": _created_in_the_admin,
    "changed in the admin": _changed_in_the_admin,
    "a second address added, not confirmed": _added_not_confirmed,
}


@pytest.mark.parametrize("way", WAYS)
def test_an_address_nobody_confirmed_is_not_written_to(
    db, client, staff, way, django_capture_on_commit_callbacks
):
    pat = WAYS[way]()
    client.force_login(staff)
    page = _send(client, ADDRESS, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert not OutgoingEmail.objects.filter(to=ADDRESS).exists()
    assert not Notification.objects.filter(recipient=pat).exists()
    assert Notification.objects.filter(recipient=staff, event="account.test").exists()
    assert f"No account has confirmed {ADDRESS}" in page
    assert f"went to your own address, {staff.email}" in page
    assert "ask its owner to add it to their account and follow the link" in page

    EmailAddress.objects.update_or_create(
        user=pat, email=ADDRESS, defaults={"verified": True, "primary": False}
    )
    mail.outbox.clear()
    page = _send(client, ADDRESS.upper(), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    assert Notification.objects.filter(recipient=pat, event="account.test").exists()
    assert f"A test e-mail to {ADDRESS} is on its way." in page


def test_a_confirmed_second_address_gets_the_test_not_the_account_s_other_one(
    db, client, staff, django_capture_on_commit_callbacks
):
    pat = UserFactory(email="pat@home.example")
    EmailAddress.objects.create(user=pat, email="Pat.Cole@Library.example", verified=True)
    near = UserFactory(email="pat.cole@library.example.org")
    client.force_login(staff)
    _send(client, ADDRESS, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    assert Notification.objects.filter(recipient=pat).count() == 1
    assert not Notification.objects.filter(recipient=near).exists()


def test_nobody_with_the_address_sends_it_to_staff_with_the_reason(
    db, client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    page = _send(client, "nobody@nowhere.example", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "No account has confirmed nobody@nowhere.example" in page
