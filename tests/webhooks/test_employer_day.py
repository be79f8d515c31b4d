"""An employer's own page, "Certificates shared with you" (and its API twin): each certificate a
holder shares with the account, with the holder's name as printed, its status today in words and
what to do when it is no longer valid; the same queries for one row or many. And the attackers
on it: another employer, the employer pressing the holder's "Stop sharing", a share withdrawn,
a closed account's old session, a GET that would change something and a replayed form."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role, User
from certify.certificates.models import Certificate
from certify.core.models import AuditEvent
from certify.notifications.models import Notification
from certify.webhooks.employer_words import (
    EXPIRED,
    LAPSED,
    REPLACED,
    REVOKED,
    SUSPENDED,
    VALID,
)
from certify.webhooks.models import CertificateShare
from certify.webhooks.services import share_create, share_withdraw
from tests.conftest import count_queries, writes_during
from tests.factories import PASSWORD, UserFactory

PAGE = "/webhooks/shared-with-you/"
API = "/api/v1/webhooks/shared-with-you"
HR = "hr@riverside-library.example"


def _day(d) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def _certificate(program, name: str, *, status=Certificate.Status.VALID, ends_in=1000, **more):
    """A certificate straight in the table (its status set as the workflow would leave it)."""
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        holder=UserFactory(full_name=name, roles=[Role.CANDIDATE]),
        program=program,
        number=f"LSSCP-2026-{Certificate.objects.count():04d}{name[:2].upper()}",
        holder_name=name,
        issued_on=today - timedelta(days=365),
        expires_on=today + timedelta(days=ends_in),
        **more,
    )
    Certificate.objects.filter(pk=certificate.pk).update(status=status)
    return Certificate.objects.get(pk=certificate.pk)


def _shared(certificate, email=HR):
    return share_create(certificate=certificate, email=email, actor=certificate.holder)


def _every_state(program) -> dict[str, Certificate]:
    """One certificate in each state an employer meets, each shared with HR."""
    renewal = _certificate(program, "Rosa Renewed")
    found = {
        "valid": _certificate(program, "Vera Valid"),
        "suspended": _certificate(program, "Sami Suspended"),
        "revoked": _certificate(program, "Remy Revoked"),
        "expired": _certificate(program, "Eli Expired", ends_in=-10),
        "lapsed": _certificate(program, "Lou Lapsed", ends_in=-3 * 365),
        "replaced": _certificate(program, "Rosa Renewed"),
    }
    for certificate in found.values():
        _shared(certificate)  # while each is valid: a revoked one can no longer be shared
    moves = {"suspended": "suspended", "revoked": "revoked", "replaced": "replaced"}
    for state, status in moves.items():
        Certificate.objects.filter(pk=found[state].pk).update(status=status)
    Certificate.objects.filter(pk=found["replaced"].pk).update(replaced_by=renewal)
    return {state: Certificate.objects.get(pk=c.pk) for state, c in found.items()}


@pytest.fixture
def employer(db):
    return UserFactory(full_name="Hana Reyes", email=HR, roles=[])


def test_the_employer_reads_each_status_in_words_with_what_to_do(client, program, employer):
    states = _every_state(program)
    client.force_login(employer)
    page = client.get(PAGE).text
    expected = {
        "valid": ("Valid", VALID.format(day=_day(states["valid"].expires_on))),
        "suspended": ("Suspended", SUSPENDED.format(name="Sami Suspended")),
        "revoked": ("Revoked", REVOKED),
        "expired": (
            "Expired",
            EXPIRED.format(day=_day(states["expired"].expires_on), name="Eli Expired"),
        ),
        "lapsed": ("Lapsed", LAPSED),
        "replaced": (
            "Replaced",
            REPLACED.format(number=states["replaced"].replaced_by.number, name="Rosa Renewed"),
        ),
    }
    for state, (word, sentence) in expected.items():
        certificate = states[state]
        verify = reverse("certificates:verify", args=[certificate.number])
        assert f'<a href="{verify}">Check {certificate.number}</a>' in page, state
        assert f"<strong>{word}</strong>" in page, state
        assert sentence.replace("'", "&#x27;") in page, state
        assert certificate.holder_name in page
    assert "How you hear about changes" in page
    assert "Confirm your e-mail address first" not in page

    rows = {row["certificate_number"]: row for row in client.get(API).json()}
    for state, (word, sentence) in expected.items():
        row = rows[states[state].number]
        assert (row["status"], row["explanation"]) == (word, sentence), state
        assert row["valid"] is (state == "valid")
        assert row["holder_name"] == states[state].holder_name
        assert row["verification_url"].endswith(f"/verify/{states[state].number}/")
    assert len(rows) == len(states)


def test_with_nothing_shared_the_page_says_what_to_do(client, employer):
    client.force_login(employer)
    page = client.get(PAGE).text
    assert f"None yet. When someone shares their certificate with {HR}" in page
    assert "What to do: give them this address." in page
    assert reverse("certificates:lookup") in page
    assert client.get(API).json() == []


def test_an_address_not_yet_confirmed_is_told_to_confirm_it_and_sees_nothing(client, program):
    unconfirmed = UserFactory(email=HR, roles=[], verified=False)
    _shared(_certificate(program, "Vera Valid"))
    client.force_login(unconfirmed)
    page = client.get(PAGE).text
    assert "Confirm your e-mail address first" in page
    assert reverse("account_email") in page
    assert "Vera Valid" not in page
    assert client.get(API).json() == []


def test_the_page_and_the_api_take_the_same_queries_for_one_share_or_many(
    client, program, employer
):
    """A lapsed one in both (the lapse rule then asks once), the other states in the many."""
    _shared(_certificate(program, "Lou Lapsed", ends_in=-3 * 365))
    client.force_login(employer)
    one = (count_queries(lambda: client.get(PAGE)), count_queries(lambda: client.get(API)))
    _every_state(program)
    assert client.get(PAGE).text.count("Check LSSCP-2026-") == 7
    assert len(client.get(API).json()) == 7
    many = (count_queries(lambda: client.get(PAGE)), count_queries(lambda: client.get(API)))
    assert many == one


def test_reading_the_page_or_the_api_writes_nothing(client, program, employer):
    _every_state(program)
    client.force_login(employer)
    assert writes_during(lambda: client.get(PAGE)) == []
    assert writes_during(lambda: client.get(API)) == []


# --- Attackers ---------------------------------------------------------------------------------


def _unchanged(share: CertificateShare) -> tuple:
    share.refresh_from_db()
    return (
        share.withdrawn_at,
        CertificateShare.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


def test_another_employer_sees_none_of_it_and_cannot_stop_it(client, program, employer):
    share = _shared(_certificate(program, "Vera Valid"))
    before = _unchanged(share)
    other = UserFactory(full_name="Otto Elsewhere", email="hr@elsewhere.example", roles=[])
    client.force_login(other)
    assert "Vera Valid" not in client.get(PAGE).text
    assert client.get(API).json() == []
    withdraw = reverse("webhooks:share_withdraw", args=[share.pk])
    assert client.post(withdraw).status_code == 404
    api_withdraw = f"/api/v1/webhooks/shares/{share.pk}/withdraw"
    assert client.post(api_withdraw).status_code == 404
    assert _unchanged(share) == before


def test_the_employer_cannot_stop_the_holders_share_either(client, program, employer):
    """Only the holder decides: the account it is shared with gets 404 like anyone else."""
    share = _shared(_certificate(program, "Vera Valid"))
    before = _unchanged(share)
    client.force_login(employer)
    assert client.post(reverse("webhooks:share_withdraw", args=[share.pk])).status_code == 404
    assert client.post(f"/api/v1/webhooks/shares/{share.pk}/withdraw").status_code == 404
    assert _unchanged(share) == before
    assert "Vera Valid" in client.get(PAGE).text


def test_a_get_of_stop_sharing_changes_nothing(client, program, employer):
    certificate = _certificate(program, "Vera Valid")
    share = _shared(certificate)
    before = _unchanged(share)
    client.force_login(certificate.holder)
    assert client.get(reverse("webhooks:share_withdraw", args=[share.pk])).status_code == 405
    assert client.get(f"/api/v1/webhooks/shares/{share.pk}/withdraw").status_code == 405
    assert _unchanged(share) == before


def test_a_withdrawn_share_leaves_the_list_and_a_replayed_stop_tells_nobody_twice(
    client, program, employer
):
    certificate = _certificate(program, "Vera Valid")
    share = _shared(certificate)
    client.force_login(certificate.holder)
    withdraw = reverse("webhooks:share_withdraw", args=[share.pk])
    assert client.post(withdraw).status_code == 302
    after_first = _unchanged(share)
    assert after_first[0] is not None
    assert client.post(withdraw).status_code == 302  # the same form sent again
    assert _unchanged(share) == after_first  # same moment, no notice, no audit row
    client.force_login(employer)
    assert "Vera Valid" not in client.get(PAGE).text
    assert client.get(API).json() == []


def test_a_replayed_share_form_makes_one_share_and_one_notice(client, program, employer):
    certificate = _certificate(program, "Vera Valid")
    client.force_login(certificate.holder)
    form = {"certificate": str(certificate.pk), "email": HR}
    for _ in range(2):
        assert client.post(reverse("webhooks:shares"), form).status_code == 302
    assert CertificateShare.objects.filter(certificate=certificate).count() == 1
    assert Notification.objects.filter(recipient=employer).count() == 1


def test_a_closed_employer_accounts_old_session_is_sent_to_sign_in(program):
    person = UserFactory(full_name="Hana Reyes", email=HR, roles=[])
    _shared(_certificate(program, "Vera Valid"))
    browser = Client()
    browser.force_login(person)
    assert "Vera Valid" in browser.get(PAGE).text
    from certify.accounts.privacy import account_close

    account_close(user=User.objects.get(pk=person.pk), password=PASSWORD)
    page = browser.get(PAGE)
    assert page.status_code == 302
    assert "/accounts/login/" in page.headers["Location"]
    assert browser.get(API).status_code == 401


def test_a_share_stopped_by_the_holder_is_gone_from_the_employers_list(client, program, employer):
    certificate = _certificate(program, "Vera Valid")
    share = _shared(certificate)
    client.force_login(employer)
    assert "Vera Valid" in client.get(PAGE).text
    share_withdraw(share=share, actor=certificate.holder)
    assert "Vera Valid" not in client.get(PAGE).text
    assert "None yet." in client.get(PAGE).text


def test_a_mistyped_address_is_refused_in_words_with_what_was_typed_kept(client, program):
    certificate = _certificate(program, "Vera Valid")
    client.force_login(certificate.holder)
    form = {"certificate": str(certificate.pk), "email": "hr@riverside-library"}
    page = client.post(reverse("webhooks:shares"), form)
    assert page.status_code == 200
    assert "Enter the whole address, with the part after the @, such as hr@library.org." in (
        page.text
    )
    assert 'value="hr@riverside-library"' in page.text
    assert not CertificateShare.objects.exists()


def test_the_holders_shares_page_and_api_take_the_same_queries_for_one_share_or_many(
    client, program
):
    """The other side's list: the holder's certificates and whom each is shared with."""
    certificate = _certificate(program, "Vera Valid")
    _shared(certificate, "hr0@library.example")
    client.force_login(certificate.holder)
    page, api = reverse("webhooks:shares"), "/api/v1/webhooks/shares"
    one = (count_queries(lambda: client.get(page)), count_queries(lambda: client.get(api)))
    for i in range(1, 5):
        _shared(certificate, f"hr{i}@library.example")
    assert client.get(page).text.count("Stop sharing") == 5
    assert len(client.get(api).json()) == 5
    assert (count_queries(lambda: client.get(page)), count_queries(lambda: client.get(api))) == one
