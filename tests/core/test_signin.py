"""Test clients sign in with one session row written once (tests/signin.py): the session holds
what Django's sign-in stores, `user_logged_in` is sent, and a client with a session already signs
in through Django's own code."""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.test import Client

from tests import signin
from tests.factories import UserFactory


def session_data(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value).get_decoded()


def test_the_session_holds_what_djangos_sign_in_stores(db):
    assert Client._login is signin.quick_login  # installed for every test (tests/conftest.py)
    user = UserFactory()
    quick, django = Client(), Client()
    quick.force_login(user)
    signin._django_login(django, user, quick.session[BACKEND_SESSION_KEY])
    assert session_data(quick) == session_data(django)
    assert set(session_data(quick)) == {SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY}
    assert Session.objects.count() == 2  # one row each: Django's first, empty one was deleted
    assert quick.get("/account/").wsgi_request.user == user


def test_the_sign_in_is_sent_as_djangos_is(db):
    user = UserFactory()
    heard = []

    def listener(sender, request, user, **kwargs):
        heard.append((sender, user, request.session[SESSION_KEY]))

    user_logged_in.connect(listener)
    try:
        Client().force_login(user)
    finally:
        user_logged_in.disconnect(listener)
    assert heard == [(type(user), user, str(user.pk))]
    user.refresh_from_db()
    assert user.last_login is not None  # Django's own receiver ran


def test_a_client_with_a_session_signs_in_through_django(db):
    first, second = UserFactory(), UserFactory()
    client = Client()
    client.force_login(first)
    before = client.cookies["sessionid"].value
    client.force_login(second)  # another person: Django drops the first session
    assert client.cookies["sessionid"].value != before
    assert not Session.objects.filter(session_key=before).exists()
    assert session_data(client)[SESSION_KEY] == str(second.pk)
    assert client.get("/account/").wsgi_request.user == second
