"""Each app registers its own part of a person's data, from its own `privacy` module."""

from certify.accounts.privacy import privacy_parts


def test_every_part_of_a_persons_data_is_registered_by_the_app_that_owns_it():
    owners = {part.name: part.export.__module__ for part in privacy_parts()}

    assert owners == {
        "applications": "certify.applications.privacy",
        "audit": "certify.accounts.privacy_parts",
        "casework": "certify.casework.privacy",
        "certificates": "certify.certificates.privacy",
        "conflicts": "certify.accounts.privacy_parts",
        "courses": "certify.courses.privacy",
        "memberships": "certify.memberships.privacy",
        "notifications": "certify.notifications.privacy",
        "payments": "certify.payments.privacy",
        "continuing_education": "certify.renewals.privacy",
        "plan": "certify.progress.privacy",
        "portfolios": "certify.portfolios.privacy",
        "profile": "certify.accounts.privacy_parts",
        "scholarships": "certify.scholarships.privacy",
        "webhooks": "certify.webhooks.privacy",
    }
    for part in privacy_parts():  # erasers and files come from the same module as the export
        for hook in (part.erase, part.files):
            assert hook is None or hook.__module__ == part.export.__module__


def test_e_mail_sent_on_a_persons_behalf_and_its_stops_are_their_data(lsscp):
    """ADR 0029: the outbox now records whose request an e-mail carries (`sent_for`), and a
    recipient's stop names that person: both are in their download and go when they close."""
    from certify.accounts.models import Role
    from certify.applications.services import supervisor_request
    from certify.notifications.models import OutgoingEmail, RelayStop
    from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory

    user = UserFactory(roles=[Role.CANDIDATE])
    entry = ExperienceEntryFactory(
        application=ApplicationFactory(candidate=user, program=lsscp),
        supervisor_email="pat@riverside.example",
    )
    supervisor_request(entry=entry, actor=user)
    email = OutgoingEmail.objects.get(sent_for=user)
    RelayStop.objects.create(address="pat@riverside.example", sender=user, email=email)
    part = next(p for p in privacy_parts() if p.name == "notifications")

    data = part.export(user)
    assert [row["to"] for row in data["emails_sent_on_your_behalf"]] == ["pat@riverside.example"]
    assert [row["address"] for row in data["stops_of_email_on_your_behalf"]] == [
        "pat@riverside.example"
    ]
    part.erase(user)
    assert not OutgoingEmail.objects.filter(sent_for=user).exists()
    assert not RelayStop.objects.filter(sender=user).exists()


def test_an_address_added_but_never_confirmed_opens_nobody_elses_invitations(lsscp):
    """Anyone may add any address to their account without confirming it (allauth's e-mail
    addresses page). An invitation sent to that address is someone else's: it is not in the
    adder's download, and closing their account does not delete it."""
    import io
    import json
    import zipfile

    from allauth.account.models import EmailAddress

    from certify.accounts.models import ColleagueInvitation, Role
    from certify.accounts.privacy import account_close, data_export_build
    from certify.courses import services
    from tests.factories import PASSWORD, ProviderFactory, UserFactory

    inviter = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(name="Northside Community College", staff=[inviter])
    services.provider_member_invite(provider=provider, actor=inviter, email="sam@north.example")
    prying = UserFactory(roles=[Role.CANDIDATE])
    EmailAddress.objects.create(user=prying, email="sam@north.example", verified=False)

    with zipfile.ZipFile(io.BytesIO(data_export_build(user=prying))) as archive:
        profile = json.loads(archive.read("profile.json"))
        everything = "".join(
            archive.read(name).decode(errors="replace") for name in archive.namelist()
        )
    assert profile["colleague_invitations"] == []
    assert "Northside Community College" not in everything

    account_close(user=prying, password=PASSWORD)
    assert ColleagueInvitation.objects.filter(
        email="sam@north.example", status=ColleagueInvitation.Status.PENDING
    ).exists()

    # Once confirmed, the address is theirs: the invitation is in their download.
    owner = UserFactory(roles=[Role.CANDIDATE], email="lee@north.example")
    services.provider_member_invite(provider=provider, actor=inviter, email="lee@north.example")
    with zipfile.ZipFile(io.BytesIO(data_export_build(user=owner))) as archive:
        mine = json.loads(archive.read("profile.json"))["colleague_invitations"]
    assert [row["email"] for row in mine] == ["lee@north.example"]
