"""What a person's credentials open is kept by no cache (certify/core/private_pages.py, ADR
0016): `Cache-Control: private, no-store` on every signed-in answer (pages, their 404s, htmx
partials, PDFs, the API with a session or a token), on every API answer to a provider's key,
and on allauth's pages, which show an address being confirmed to whoever holds the link.
Public pages and the public API to visitors say nothing of caching."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.test import Client
from django.urls import reverse

from certify.accounts.tokens import token_create
from certify.courses import services as courses
from certify.payments.services import enrollment_invoice_get_or_create
from tests.courses.conftest import course, ct, provider, provider_user  # noqa: F401

pytestmark = pytest.mark.django_db


def private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives or directives == {"no-store"}


def test_a_providers_api_key_answers_are_kept_by_no_cache(
    lsscp,
    provider,  # noqa: F811
    provider_user,  # noqa: F811
    course,  # noqa: F811
):
    """A provider's LMS sends `X-API-Key` (or a bearer `cpk_…`), which, unlike `Authorization`,
    does not stop a proxy between from keeping the answer: the list of completions names
    candidates."""
    key = courses.api_key_create(provider=provider, actor=provider_user, name="LMS")[1]
    for path in (
        f"/api/v1/providers/{provider.pk}/completions",
        f"/api/v1/providers/{provider.pk}/courses",
    ):
        for headers in ({"X-API-Key": key}, {"Authorization": f"Bearer {key}"}):
            answer = Client().get(path, headers=headers)
            assert answer.status_code == 200, path
            assert private(answer), (path, headers, answer.get("Cache-Control"))


def test_the_page_that_confirms_an_address_is_kept_by_no_cache(candidate):
    """allauth's confirmation page shows the address to whoever opens the e-mailed link."""
    address = EmailAddress.objects.create(
        user=candidate, email="second@example.org", verified=False, primary=False
    )
    page = Client().get(f"/accounts/confirm-email/{EmailConfirmationHMAC(address).key}/")
    assert page.status_code == 200
    assert "second@example.org" in page.text
    assert private(page)
    assert private(Client().get(reverse("account_login")))


def test_every_answer_to_a_signed_in_person_is_kept_by_no_cache(client, lsscp, candidate):
    """Probed as an attacker would look for an answer that escapes: the 404 page (it shows the
    person's menu), an htmx partial, an invoice PDF, the API with the session, the API with a
    personal access token, and the API's own 404."""
    invoice = enrollment_invoice_get_or_create(user=candidate, program=lsscp, actor=candidate)
    client.force_login(candidate)
    answers = {
        "404 page": client.get("/no-such-page/"),
        "htmx partial": client.get(reverse("notifications:list"), headers={"HX-Request": "true"}),
        "invoice PDF": client.get(reverse("payments:invoice_pdf", args=[invoice.code])),
        "API, session": client.get("/api/v1/payments/invoices"),
        "API 404, session": client.get("/api/v1/payments/invoices/NOPE"),
    }
    secret = token_create(user=candidate, name="t", scopes=["payments"]).secret
    answers["API, token"] = Client().get(
        "/api/v1/payments/invoices", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answers["404 page"].status_code == 404
    assert answers["invoice PDF"].status_code == 200
    assert answers["API, token"].status_code == 200
    assert [name for name, answer in answers.items() if not private(answer)] == []


def test_public_pages_and_the_public_api_say_nothing_of_caching(client, lsscp):
    for path in (reverse("programs:list"), "/api/v1/programs"):
        answer = client.get(path)
        assert answer.status_code == 200
        assert "no-store" not in answer.get("Cache-Control", ""), path
