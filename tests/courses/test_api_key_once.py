"""A provider's new API key is shown on the page that answers the post (it is kept only as a
hash), so the form carries a one-time token (ADR 0043): the same form sent again, by a reload
or by the browser, makes no second key and says why; two posts at once make one key."""

import importlib
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from certify.core.models import UsedFormToken
from certify.core.once import OUT_OF_DATE, once_issue
from certify.courses.models import ProviderApiKey
from tests.forms_once import ONCE, once_post, once_token

# the module (the package names its view function `api_keys` too)
view = importlib.import_module("certify.courses.views.provider.api_keys")

ALREADY = (
    "This key was already created: it was shown once; revoke it and create a new one if you "
    "did not copy it."
)


def _url(provider):
    return reverse("courses:api_keys", args=[provider.pk])


def test_the_same_form_sent_twice_makes_one_key_and_says_it_was_shown_once(
    client, provider, provider_user
):
    client.force_login(provider_user)
    token = once_token(client, _url(provider))
    first = client.post(_url(provider), {"name": "Moodle", "once": token})
    again = client.post(_url(provider), {"name": "Moodle", "once": token})  # a reload
    assert first.status_code == 200
    assert 'value="cpk_' in first.text
    assert again.status_code == 400
    assert ALREADY in again.text
    assert 'id="key-errors"' in again.text  # in the form's summary, where the page opens
    assert 'value="cpk_' not in again.text  # no key shown, none made
    assert ProviderApiKey.objects.filter(provider=provider).count() == 1
    assert UsedFormToken.objects.count() == 1


def test_the_page_after_a_new_key_issues_a_fresh_token_for_the_next_key(
    client, provider, provider_user
):
    client.force_login(provider_user)
    first = once_post(client, _url(provider), {"name": "Moodle"})
    token = ONCE.search(first.text).group(1)
    assert first.text.count(token) == 1
    second = client.post(_url(provider), {"name": "Records", "once": token})
    assert second.status_code == 200
    assert ProviderApiKey.objects.filter(provider=provider).count() == 2


@pytest.mark.parametrize(
    "token",
    [pytest.param(None, id="missing"), "forged", "another form's"],
)
def test_a_form_without_a_token_this_form_issued_makes_no_key(
    client, provider, provider_user, token
):
    client.force_login(provider_user)
    if token == "another form's":
        token = once_issue("another.form")  # signed, but for another form
    data = {"name": "Moodle"} | ({"once": token} if token else {})
    refused = client.post(_url(provider), data)
    assert refused.status_code == 400
    assert OUT_OF_DATE in refused.text
    assert not ProviderApiKey.objects.exists()
    assert not UsedFormToken.objects.exists()


def test_a_refused_key_leaves_its_token_unspent(client, provider, provider_user):
    client.force_login(provider_user)
    token = once_token(client, _url(provider))
    refused = client.post(_url(provider), {"name": "Moodle", "days": "9999", "once": token})
    assert refused.status_code == 400
    made = client.post(_url(provider), {"name": "Moodle", "days": "30", "once": token})
    assert made.status_code == 200
    assert ProviderApiKey.objects.filter(provider=provider).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_with_one_token_make_one_key(provider, provider_user, monkeypatch):
    browser = Client()
    browser.force_login(provider_user)
    token = once_token(browser, _url(provider))
    spent, original = threading.Event(), view.once_spend

    def spend_and_hold(*args, **kwargs):
        original(*args, **kwargs)
        if threading.current_thread().name == "first":
            spent.set()  # the token's row is written, not yet committed
            time.sleep(1)

    monkeypatch.setattr(view, "once_spend", spend_and_hold)
    answers, errors = {}, []

    def post(name):
        try:
            answers[name] = browser.post(_url(provider), {"name": "Moodle", "once": token})
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(name="first", target=post, args=("first",))
    second = threading.Thread(name="second", target=post, args=("second",))
    first.start()
    assert spent.wait(timeout=10)
    second.start()  # waits on the unique token until the first commits, then is refused
    for thread in (first, second):
        thread.join(timeout=30)
    assert errors == []
    assert answers["first"].status_code == 200
    assert answers["second"].status_code == 400
    assert ALREADY in answers["second"].text
    assert ProviderApiKey.objects.filter(provider=provider).count() == 1
