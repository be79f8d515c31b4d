"""The CSRF token templates write (certify.core.csrf): Django's format and checks, a fresh mask
per page, each mask character equally likely."""

import re
from collections import Counter

from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    _get_new_csrf_string,
    _unmask_cipher_token,
)
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import reverse

from certify.accounts.models import Role
from certify.core import csrf
from tests.factories import UserFactory

FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_token_unmasks_to_the_secret_held_and_renews_its_cookie():
    secret = _get_new_csrf_string()
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret
    tokens = {csrf.token_for(request) for _ in range(50)}
    assert len(tokens) == 50  # a fresh mask each time (BREACH)
    for token in tokens:
        assert len(token) == 64
        assert set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_without_a_secret_django_makes_one_and_asks_for_the_cookie():
    request = RequestFactory().get("/")
    token = csrf.token_for(request)
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_bytes_past_the_last_whole_round_of_characters_are_dropped(monkeypatch):
    # 248..255 would make the first eight characters likelier: they are skipped, not folded.
    reads = iter([bytes(range(248, 256)) * 5, bytes(range(40))])
    monkeypatch.setattr(csrf.os, "urandom", lambda n: next(reads))
    assert csrf._mask() == list(range(32))


def test_each_mask_character_is_about_equally_likely():
    counts = Counter(place for _ in range(2000) for place in csrf._mask())
    assert set(counts) == set(range(len(CSRF_ALLOWED_CHARS)))
    expected = 2000 * 32 / len(CSRF_ALLOWED_CHARS)  # about 1,032 each
    assert all(abs(n - expected) < expected * 0.2 for n in counts.values())


def test_templates_get_this_token_and_django_accepts_it(db):
    assert engines["django"].engine.template_context_processors[-1] is csrf.csrf
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory(roles=[Role.CANDIDATE]))
    page = browser.get(reverse("accounts:home"))
    token = FIELD.search(page.content.decode())[1]
    assert _unmask_cipher_token(token) == page.cookies["csrftoken"].value  # and the cookie sent
    refused = browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": token[::-1]})
    assert refused.status_code == 403
    signed_out = browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in browser.session
