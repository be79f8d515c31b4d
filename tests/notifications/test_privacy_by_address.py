"""What closing an account deletes, and what the download holds, of the e-mail sent to the
person: found by every address they confirmed, never by one only added to the account or typed
on it in the program settings, which may be another person's (ADR 0016, 0025). The stops of
relayed e-mail they asked for are in the download and stay after the closure (ADR 0029)."""

import pytest
from allauth.account.models import EmailAddress

from certify.accounts.models import Role
from certify.accounts.privacy import account_close, privacy_parts
from certify.notifications.models import Notification, OutgoingEmail, RelayStop
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

MAIN = "ann@home.example"
SECOND = "ann.reyes@library.example"  # confirmed too
OTHERS = "boss@library.example"  # added, never confirmed: another person's address


def _email(to: str, **more) -> OutgoingEmail:
    return OutgoingEmail.objects.create(to=to, subject=f"For {to}", text_body="Hello", **more)


@pytest.fixture
def ann():
    user = UserFactory(full_name="Ann Reyes", email=MAIN, roles=[Role.CANDIDATE])
    EmailAddress.objects.create(user=user, email=SECOND, verified=True)
    EmailAddress.objects.create(user=user, email=OTHERS, verified=False)
    return user


def _export(user) -> dict:
    return next(p for p in privacy_parts() if p.name == "notifications").export(user)


def test_the_download_holds_what_went_to_every_confirmed_address_and_nothing_of_others(ann):
    for to in (MAIN, "Ann.Reyes@Library.example", OTHERS):  # `to` keeps the case it was typed in
        _email(to)
    sender = UserFactory(roles=[Role.CANDIDATE])
    _email(SECOND, sent_for=sender)  # a supervisor's request Ann received
    _email("pat@riverside.example", sent_for=ann)  # one she had sent for her
    for address in (MAIN, SECOND, OTHERS):
        RelayStop.objects.create(address=address, sender=sender)

    data = _export(ann)
    assert sorted(row["to"] for row in data["emails"]) == sorted(
        [MAIN, "Ann.Reyes@Library.example", SECOND]
    )
    assert [row["to"] for row in data["emails_sent_on_your_behalf"]] == ["pat@riverside.example"]
    assert sorted(row["address"] for row in data["stops_you_asked_for"]) == [SECOND, MAIN]
    # Once she confirms the address, it is hers.
    EmailAddress.objects.filter(email=OTHERS).update(verified=True)
    assert OTHERS in {row["to"] for row in _export(ann)["emails"]}


def test_closing_deletes_what_went_to_every_confirmed_address_and_keeps_others_and_stops(ann):
    kept = _email(OTHERS)
    for to in (MAIN, "ANN.REYES@library.example"):
        _email(to)
    notice = Notification.objects.create(recipient=ann, event="test", title="Your notice")
    _email("typed-by-staff@elsewhere.example", notification=notice)
    sender = UserFactory(roles=[Role.CANDIDATE])
    for address in (SECOND, OTHERS):
        RelayStop.objects.create(address=address, sender=sender)

    account_close(user=ann, password=PASSWORD)
    # Ann's e-mails are gone, by any address she confirmed and any e-mail of her notices.
    assert list(OutgoingEmail.objects.all()) == [kept]
    # Both stops stay: erasing hers would let the sender's e-mail reach her again, and the
    # other address was never hers to wipe.
    assert set(RelayStop.objects.values_list("address", flat=True)) == {SECOND, OTHERS}


def test_an_address_typed_on_the_account_and_never_confirmed_is_not_the_persons(ann):
    """A superuser changed the account's address in the program settings; the person still
    signs in with the one they confirmed. What went to the typed address is not theirs."""
    type(ann).objects.filter(pk=ann.pk).update(email=OTHERS)
    ann.refresh_from_db()
    others, hers = _email(OTHERS), _email(MAIN)
    RelayStop.objects.create(address=OTHERS, sender=UserFactory(roles=[Role.CANDIDATE]))

    data = _export(ann)
    assert [row["to"] for row in data["emails"]] == [MAIN]
    assert data["stops_you_asked_for"] == []
    account_close(user=ann, password=PASSWORD)
    assert list(OutgoingEmail.objects.all()) == [others]
    assert not OutgoingEmail.objects.filter(pk=hers.pk).exists()
