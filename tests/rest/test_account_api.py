"""Your account through the API, as on its pages: revoking a token, answering and withdrawing
colleague invitations, a copy of your data, conflicts of interest, notifications and e-mail
preferences, and staff sending a failed e-mail again. The same services, the same refusals."""

import io
import zipfile

import pytest
from django.utils import timezone

from certify.accounts.api import conflict_declare
from certify.accounts.models import (
    ColleagueInvitation,
    ConflictDeclaration,
    PersonalAccessToken,
    Role,
)
from certify.accounts.tokens import token_create
from certify.core.errors import DomainError
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail
from certify.notifications.services import notify
from certify.scholarships import services as scholarships
from certify.scholarships.models import SponsorMember
from tests.conftest import count_queries
from tests.factories import SponsorFactory, UserFactory
from tests.scholarships.conftest import committee, ssd, ssd_admin  # noqa: F401  (fixtures)

S = ColleagueInvitation.Status


def _post(client, url, body=None, **headers):
    return client.post(url, body or {}, content_type="application/json", headers=headers)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


# --- Tokens ------------------------------------------------------------------------------------


def test_a_token_revokes_another_of_mine_once_and_not_someone_elses(client, candidate):
    account = token_create(user=candidate, name="account", scopes=["account"]).secret
    other = token_create(user=candidate, name="script", scopes=["applications"]).token
    url = f"/api/v1/account/tokens/{other.pk}/revoke"
    done = _post(client, url, **bearer(account))
    assert done.status_code == 200, done.text
    first = PersonalAccessToken.objects.get(pk=other.pk).revoked_at
    assert first is not None
    assert done.json()["revoked_at"]
    assert _post(client, url, **bearer(account)).status_code == 200  # a replay: nothing new
    assert PersonalAccessToken.objects.get(pk=other.pk).revoked_at == first
    someone = token_create(user=UserFactory(roles=[Role.CANDIDATE]), name="x", scopes=["account"])
    refused = _post(client, f"/api/v1/account/tokens/{someone.token.pk}/revoke", **bearer(account))
    assert refused.status_code == 404
    assert PersonalAccessToken.objects.get(pk=someone.token.pk).revoked_at is None


def test_the_account_operations_need_the_account_scope(client, candidate):
    narrow = token_create(user=candidate, name="t", scopes=["applications"])
    refused = _post(
        client, f"/api/v1/account/tokens/{narrow.token.pk}/revoke", **bearer(narrow.secret)
    )
    assert refused.status_code == 403
    assert _post(client, "/api/v1/notifications/read").status_code == 401
    assert PersonalAccessToken.objects.get(pk=narrow.token.pk).revoked_at is None


# --- Colleague invitations ---------------------------------------------------------------------


@pytest.fixture
def invited(ssd, ssd_admin):  # noqa: F811
    person = UserFactory(email="pat@example.org", roles=[Role.CANDIDATE])
    invitation = scholarships.sponsor_member_invite(
        sponsor=ssd, email="pat@example.org", role="committee", actor=ssd_admin
    )
    return person, invitation


def test_the_invited_person_accepts_once_and_joins_the_sponsor(client, invited, ssd):  # noqa: F811
    person, invitation = invited
    client.force_login(person)
    url = f"/api/v1/account/invitations/{invitation.pk}/answer"
    missing = _post(client, url, {})
    assert (missing.status_code, missing.json()["field"]) == (400, "answer")
    assert missing.json()["detail"] == "Choose whether to accept or decline the invitation."
    done = _post(client, url, {"answer": "accept"})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "accepted"
    assert SponsorMember.objects.get(user=person, sponsor=ssd).role == "committee"
    replay = _post(client, url, {"answer": "accept"})  # no longer waiting: says why
    assert replay.status_code == 410
    assert "already accepted: it works once" in replay.json()["detail"]
    assert SponsorMember.objects.filter(user=person).count() == 1


def test_the_invited_person_reads_before_answering_that_an_invitation_no_longer_stands(
    client,
    invited,
    ssd,  # noqa: F811
    ssd_admin,  # noqa: F811
):
    """As the link's page: its sender no longer manages the sponsor's colleagues, so accepting
    would be refused; the GET says so and what to do, and changes nothing; the answer is a 410
    with the same words; a withdrawn one says it was withdrawn."""
    person, invitation = invited
    client.force_login(person)
    url = f"/api/v1/account/invitations/{invitation.pk}"
    seen = client.get(url)
    assert seen.status_code == 200, seen.text
    assert (seen.json()["stands"], seen.json()["why_not"]) == (True, "")
    SponsorMember.objects.filter(user=ssd_admin, sponsor=ssd).delete()
    seen = client.get(url)
    assert seen.json()["stands"] is False
    why = seen.json()["why_not"]
    assert "no longer stands" in why
    assert f"Ask someone at {ssd.name}" in why
    refused = _post(client, f"{url}/answer", {"answer": "accept"})
    assert (refused.status_code, refused.json()["detail"]) == (410, why)
    assert ColleagueInvitation.objects.get(pk=invitation.pk).status == S.PENDING
    assert not SponsorMember.objects.filter(user=person).exists()
    ColleagueInvitation.objects.filter(pk=invitation.pk).update(status=S.WITHDRAWN)
    assert "withdrew this invitation" in client.get(url).json()["why_not"]
    assert client.get(url).json()["status"] == "withdrawn"


def test_another_persons_invitation_reads_as_an_unknown_one(client, invited, candidate):
    _person, invitation = invited
    client.force_login(candidate)
    seen = client.get(f"/api/v1/account/invitations/{invitation.pk}")
    unknown = client.get("/api/v1/account/invitations/999999")
    assert seen.status_code == unknown.status_code == 404


def test_nobody_else_answers_an_invitation(client, invited, candidate):
    _person, invitation = invited
    client.force_login(candidate)
    url = f"/api/v1/account/invitations/{invitation.pk}/answer"
    assert _post(client, url, {"answer": "decline"}).status_code == 404
    assert ColleagueInvitation.objects.get(pk=invitation.pk).status == S.PENDING


def test_the_sponsors_administrator_withdraws_an_invitation_and_a_committee_member_cannot(
    client,
    invited,
    ssd_admin,  # noqa: F811
    committee,  # noqa: F811
):
    _person, invitation = invited
    url = f"/api/v1/account/invitations/{invitation.pk}/withdraw"
    client.force_login(committee)
    assert _post(client, url).status_code == 403
    secret = token_create(user=ssd_admin, name="t", scopes=["scholarships"]).secret
    done = _post(client, url, **bearer(secret))
    assert done.status_code == 200, done.text
    assert ColleagueInvitation.objects.get(pk=invitation.pk).status == S.WITHDRAWN
    replay = _post(client, url, **bearer(secret))
    assert replay.status_code == 400


def test_another_organizations_invitation_answers_as_an_unknown_one(
    client,
    invited,
    candidate,
):
    """Someone with no seat at the sponsor (another sponsor's administrator, a candidate) gets
    the 404 an unknown invitation gets, the same problem document but its address; the
    committee, who know of it, keep 403 (above)."""
    _person, invitation = invited
    other = UserFactory(roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=SponsorFactory(), user=other, role="admin")
    for person in (other, candidate):
        client.force_login(person)
        seen = _post(client, f"/api/v1/account/invitations/{invitation.pk}/withdraw")
        unknown = _post(client, "/api/v1/account/invitations/999999/withdraw")
        assert seen.status_code == unknown.status_code == 404
        drop = lambda r: {k: v for k, v in r.json().items() if k != "instance"}  # noqa: E731
        assert drop(seen) == drop(unknown)
    assert ColleagueInvitation.objects.get(pk=invitation.pk).status == S.PENDING


# --- A copy of my data -------------------------------------------------------------------------


def test_my_data_comes_as_the_pages_zip_and_only_mine(client, candidate):
    secret = token_create(user=candidate, name="t", scopes=["export"]).secret
    response = _post(client, "/api/v1/account/data-export", **bearer(secret))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names
    text = b"".join(zipfile.ZipFile(io.BytesIO(response.content)).read(n) for n in names)
    assert candidate.email.encode() in text
    assert _post(client, "/api/v1/account/data-export").status_code == 401


def test_the_copy_of_my_data_needs_the_export_scope_not_account(client, candidate):
    """The copy holds everything the other scopes guard (applications, portfolios, invoices,
    certificates): a token made for notification settings does not download it (ADR 0023)."""
    account = token_create(user=candidate, name="Settings", scopes=["account"]).secret
    refused = _post(client, "/api/v1/account/data-export", **bearer(account))
    assert refused.status_code == 403
    assert refused.json()["detail"] == "This token does not allow “export”."
    export = token_create(user=candidate, name="Backup", scopes=["export"]).secret
    assert _post(client, "/api/v1/account/data-export", **bearer(export)).status_code == 200
    assert (
        _post(client, "/api/v1/account/invitations/999999/withdraw", **bearer(export)).status_code
        == 403
    )


# Every other scope's door, by a read that changes nothing.
OTHER_SCOPES_READS = [
    "/api/v1/payments/invoices",
    "/api/v1/applications/mine",
    "/api/v1/certificates/mine",
    "/api/v1/renewals/status",
    "/api/v1/notifications/preferences",
    "/api/v1/account/conflicts",
]


def test_an_export_token_opens_nothing_else_and_a_revoked_one_nothing(client, candidate):
    """A backup tool's token downloads the copy and nothing more: each other scope's read is a
    403 naming the scope; revoked, the token is refused even the copy, as is a revoked
    `account` token; another person's data is never in the copy."""
    other = UserFactory(email="someone.else@example.org", full_name="Someone Else")
    notify(recipient=other, event="account.test", link="/")
    export = token_create(user=candidate, name="Backup", scopes=["export"])
    for url in OTHER_SCOPES_READS:
        refused = client.get(url, headers=bearer(export.secret))
        assert refused.status_code == 403, url
        assert refused.json()["detail"].startswith("This token does not allow"), url
    copy = _post(client, "/api/v1/account/data-export", **bearer(export.secret))
    archive = zipfile.ZipFile(io.BytesIO(copy.content))
    text = b"".join(archive.read(name) for name in archive.namelist())
    assert candidate.email.encode() in text
    assert b"someone.else@example.org" not in text
    assert b"Someone Else" not in text

    account = token_create(user=candidate, name="Settings", scopes=["account", "export"])
    for token in (export, account):
        PersonalAccessToken.objects.filter(pk=token.token.pk).update(revoked_at=timezone.now())
        refused = _post(client, "/api/v1/account/data-export", **bearer(token.secret))
        assert refused.status_code == 401
        assert refused.json()["detail"] == "This token was revoked."
    assert client.get(OTHER_SCOPES_READS[-2], headers=bearer(account.secret)).status_code == 401


def test_tokens_made_with_account_before_keep_the_copy_of_their_data(client, candidate):
    """They were made when "account" said "and a copy of your data": the migration gives them
    "export" too, and leaves other tokens as they are."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("certify.accounts.migrations.0008_export_scope")
    old = token_create(user=candidate, name="Old", scopes=["account", "certificates"])
    other = token_create(user=candidate, name="Other", scopes=["certificates"])
    PersonalAccessToken.objects.filter(pk=old.token.pk).update(scopes=["account", "certificates"])
    migration.give_export(apps, None)
    assert PersonalAccessToken.objects.get(pk=old.token.pk).scopes == [
        "account",
        "certificates",
        "export",
    ]
    assert PersonalAccessToken.objects.get(pk=other.token.pk).scopes == ["certificates"]
    response = _post(client, "/api/v1/account/data-export", **bearer(old.secret))
    assert response.status_code == 200


# --- Conflicts of interest ---------------------------------------------------------------------


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=[Role.REVIEWER])


def test_a_decider_declares_and_withdraws_a_conflict_as_on_the_page(client, reviewer):
    client.force_login(reviewer)
    url = "/api/v1/account/conflicts"
    missing = _post(client, url, {"organisation": "Hill Library"})
    assert missing.status_code == 400
    assert missing.json()["field"] == "reason"
    done = _post(client, url, {"organisation": "Hill Library", "reason": "My former employer"})
    assert done.status_code == 201, done.text
    again = _post(client, url, {"organisation": "Hill Library", "reason": "Again"})
    assert again.status_code == 400
    assert "already declared" in again.json()["detail"]
    assert ConflictDeclaration.objects.filter(declared_by=reviewer).count() == 1
    withdraw = f"{url}/{done.json()['id']}/withdraw"
    assert _post(client, withdraw).json()["withdrawn_at"]
    assert _post(client, withdraw).status_code == 400  # already withdrawn


def test_candidates_declare_no_conflict_and_nobody_withdraws_anothers(client, candidate, reviewer):
    client.force_login(candidate)
    body = {"organisation": "Hill Library", "reason": "x"}
    assert _post(client, "/api/v1/account/conflicts", body).status_code == 403
    declared = conflict_declare(actor=reviewer, organisation="Hill Library", reason="x")
    other = UserFactory(roles=[Role.REVIEWER])
    client.force_login(other)
    assert _post(client, f"/api/v1/account/conflicts/{declared.pk}/withdraw").status_code == 404
    assert ConflictDeclaration.objects.get(pk=declared.pk).withdrawn_at is None


def test_a_token_declares_conflicts_only_with_the_conflicts_scope(client, candidate):
    sponsor = UserFactory(roles=[Role.SPONSOR])
    body = {"person_email": "kin@example.org", "reason": "My cousin"}
    account = token_create(user=sponsor, name="a", scopes=["account"]).secret
    assert _post(client, "/api/v1/account/conflicts", body, **bearer(account)).status_code == 403
    conflicts = token_create(user=sponsor, name="c", scopes=["conflicts"]).secret
    done = _post(client, "/api/v1/account/conflicts", body, **bearer(conflicts))
    assert done.status_code == 201, done.text
    assert done.json()["with_whom"] == "kin@example.org"
    with pytest.raises(DomainError, match="which you do not hold"):
        token_create(user=candidate, name="c", scopes=["conflicts"])


def test_my_conflicts_are_listed_in_the_same_number_of_queries_however_many(client, reviewer):
    client.force_login(reviewer)

    def page():
        response = client.get("/api/v1/account/conflicts")
        assert response.status_code == 200

    for n in range(2):
        conflict_declare(actor=reviewer, organisation=f"Library {n}", reason="x")
    few = count_queries(page)
    for n in range(2, 12):
        conflict_declare(actor=reviewer, organisation=f"Library {n}", reason="x")
    assert count_queries(page) == few
    assert client.get("/api/v1/account/conflicts").json()["count"] == 12


# --- Notifications -----------------------------------------------------------------------------


def test_marking_all_read_marks_mine_once(client, candidate):
    notify(recipient=candidate, event="account.test")
    notify(recipient=candidate, event="account.test")
    someone = UserFactory()
    notify(recipient=someone, event="account.test")
    secret = token_create(user=candidate, name="t", scopes=["account"]).secret
    assert _post(client, "/api/v1/notifications/read", **bearer(secret)).json() == {"marked": 2}
    assert _post(client, "/api/v1/notifications/read", **bearer(secret)).json() == {"marked": 0}
    assert Notification.objects.filter(recipient=someone, read_at__isnull=True).count() == 1


def test_preferences_switch_optional_emails_and_refuse_essential_ones(client, candidate):
    client.force_login(candidate)
    url = "/api/v1/notifications/preferences"
    assert client.get(url).json()["enabled"]["renewal.reminder"] is True
    body = {"enabled": {"renewal.reminder": False}}
    done = client.put(url, body, content_type="application/json")
    assert done.status_code == 200, done.text
    assert done.json()["enabled"]["renewal.reminder"] is False
    assert client.put(url, body, content_type="application/json").status_code == 200
    assert EmailPreference.objects.filter(user=candidate).count() == 1
    essential = client.put(
        url,
        {"enabled": {"deadline.reminder": True, "payment.receipt": False}},
        content_type="application/json",
    )
    assert essential.status_code == 400
    assert "cannot be switched off" in essential.json()["detail"]
    assert EmailPreference.objects.filter(user=candidate).count() == 1  # nothing changed


def test_staff_send_a_failed_email_again_once_and_others_cannot(
    client, staff, candidate, mailoutbox, django_capture_on_commit_callbacks
):
    email = OutgoingEmail.objects.create(
        to="x@example.org", subject="S", text_body="B", status=OutgoingEmail.Status.FAILED
    )
    url = f"/api/v1/staff/outbox/{email.pk}/retry"
    client.force_login(candidate)
    assert _post(client, url).status_code == 403
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.FAILED
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        done = _post(client, url)
    assert done.status_code == 200, done.text
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT
    assert [m.to for m in mailoutbox] == [["x@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        replay = _post(client, url)
    assert (replay.status_code, replay.json()["detail"]) == (400, "This e-mail was already sent.")
    assert len(mailoutbox) == 1
