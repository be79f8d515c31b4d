"""The program settings (the Django admin) never make an address proven (ADR 0025's amendment):
a superuser may add an address to an account (unconfirmed, not primary) or delete one, but not
tick "verified", run "Mark selected email addresses as verified", move a confirmed row to
another address or account, or make an address primary (the person does, on their own page).
Only the owner following the link sent to the address confirms it."""

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse

from certify.accounts.addresses import has_proven_address
from certify.core.models import AuditEvent
from tests.factories import UserFactory

ADDRESS = "harper@work.example"


def _superuser(client):
    boss = UserFactory(email="boss@certify.example", is_superuser=True, is_staff=True)
    client.force_login(boss)
    return boss


def _added_by_the_admin(client, user):
    response = client.post(
        reverse("admin:account_emailaddress_add"),
        {"user": user.pk, "email": ADDRESS, "primary": "", "verified": "on"},
    )
    assert response.status_code == 302
    return EmailAddress.objects.get(user=user, email=ADDRESS)


def test_a_superuser_adds_an_address_unconfirmed_and_cannot_confirm_it(db, client):
    harper = UserFactory(email="harper@home.example")
    _superuser(client)
    page = client.get(reverse("admin:account_emailaddress_add")).text
    assert 'name="email"' in page
    assert 'name="verified"' not in page
    assert 'name="primary"' not in page
    row = _added_by_the_admin(client, harper)
    assert not row.verified
    assert not has_proven_address(harper, ADDRESS)
    assert AuditEvent.objects.filter(target_id=str(row.pk)).exists()  # the admin's audit row

    # Ticking "verified" on the change form: the field is shown, not an input, and ignored.
    change = reverse("admin:account_emailaddress_change", args=[row.pk])
    page = client.get(change).text
    assert 'name="verified"' not in page
    assert 'name="email"' not in page
    response = client.post(
        change, {"user": harper.pk, "email": ADDRESS, "primary": "on", "verified": "on"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert not row.primary
    assert not row.verified

    # allauth's "Mark selected email addresses as verified" is not offered, nor run if posted.
    changelist = reverse("admin:account_emailaddress_changelist")
    assert "make_verified" not in client.get(changelist).text
    client.post(changelist, {"action": "make_verified", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert not row.verified
    assert not has_proven_address(harper, ADDRESS)


def test_the_owner_confirms_an_address_the_admin_added_by_following_the_link(db, client):
    harper = UserFactory(email="harper@home.example")
    _superuser(client)
    row = _added_by_the_admin(client, harper)
    client.logout()
    key = EmailConfirmationHMAC(row).key
    client.post(reverse("account_confirm_email", args=[key]))
    row.refresh_from_db()
    assert row.verified
    assert has_proven_address(harper, ADDRESS.upper())


def test_a_confirmed_address_cannot_be_moved_to_another_address_or_account(db, client):
    harper = UserFactory(email="harper@home.example")
    other = UserFactory(email="other@home.example")
    row = EmailAddress.objects.get(user=harper, email="harper@home.example")
    _superuser(client)
    client.post(
        reverse("admin:account_emailaddress_change", args=[row.pk]),
        {"user": other.pk, "email": ADDRESS, "primary": "on", "verified": "on"},
    )
    row.refresh_from_db()
    assert (row.user_id, row.email, row.verified) == (harper.pk, "harper@home.example", True)
    assert not has_proven_address(harper, ADDRESS)
    assert not has_proven_address(other, ADDRESS)


def test_a_superuser_may_still_delete_an_address(db, client):
    harper = UserFactory(email="harper@home.example")
    _superuser(client)
    row = _added_by_the_admin(client, harper)
    delete = reverse("admin:account_emailaddress_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not EmailAddress.objects.filter(pk=row.pk).exists()
