import pytest
from django.urls import reverse

from certify.accounts.models import Role, User
from certify.core.models import AuditEvent
from certify.memberships.models import Organisation
from tests.factories import UserFactory


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_the_admin_is_refused_to_everyone_but_staff(db, client_as, role):
    response = client_as(role).get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_program_staff_read_programs_in_the_admin_but_change_them_on_the_settings_pages(
    db, client, staff, lsscp
):
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    change = reverse("admin:programs_program_change", args=[lsscp.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="enrollment_fee_cents"' not in page.text  # shown, not an input
    assert client.get(reverse("admin:programs_faqentry_changelist")).status_code == 200
    client.post(change, {"name": "Changed behind the service's back"})
    lsscp.refresh_from_db()
    assert lsscp.name != "Changed behind the service's back"


def test_program_staff_cannot_make_anyone_a_superuser(db, client, staff):
    person = UserFactory()
    client.force_login(staff)
    response = client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.text
    client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {
            "email": person.email,
            "full_name": person.full_name,
            "is_superuser": "on",
            "is_active": "on",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        },
    )
    assert not User.objects.get(pk=person.pk).is_superuser


# The program settings are not a back door (ADR 0023) ---------------------------------------------


def _password_url(person):
    return reverse("admin:auth_user_password_change", args=[person.pk])


def _change_post(person, **fields):
    return {
        "email": person.email,
        "full_name": person.full_name,
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
        **fields,
    }


def test_staff_cannot_set_anyones_password_in_the_admin(db, client, staff):
    person = UserFactory(password="the-old-one-1234")
    client.force_login(staff)
    page = client.get(reverse("admin:accounts_user_change", args=[person.pk])).text
    assert "password/" not in page  # no link to the form that sets a password
    assert client.get(_password_url(person)).status_code == 403
    response = client.post(
        _password_url(person), {"password1": "Taken-over-9876", "password2": "Taken-over-9876"}
    )
    assert response.status_code == 403
    assert User.objects.get(pk=person.pk).check_password("the-old-one-1234")
    assert client.get(_password_url(staff)).status_code == 403  # their own: the account pages


def test_staff_cannot_change_a_superuser_at_all(db, client, staff):
    boss = UserFactory(is_superuser=True, is_staff=True, full_name="Ada Admin")
    client.force_login(staff)
    assert client.get(_password_url(boss)).status_code == 403
    url = reverse("admin:accounts_user_change", args=[boss.pk])
    response = client.post(url, _change_post(boss, full_name="Someone Else", is_active=""))
    assert response.status_code == 403
    boss.refresh_from_db()
    assert (boss.full_name, boss.is_active) == ("Ada Admin", True)
    delete = reverse("admin:accounts_user_delete", args=[boss.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=boss.pk).exists()


def test_staff_cannot_change_an_email_address_roles_or_flags(db, client, staff):
    """A changed address would receive the next reset link; roles go by the people page."""
    person = UserFactory(email="pat@example.org")
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    client.post(
        url,
        _change_post(
            person,
            email="taker@example.org",
            full_name="Pat Renamed",
            is_staff="on",
            is_superuser="on",
            **{
                "role_assignments-TOTAL_FORMS": "1",
                "role_assignments-0-role": Role.PROGRAM_STAFF,
                "role_assignments-0-user": str(person.pk),
            },
        ),
    )
    person = User.objects.get(pk=person.pk)
    assert person.full_name == "Pat Renamed"  # what staff may change, changed
    assert person.email == "pat@example.org"
    assert not person.is_staff
    assert not person.is_superuser
    assert list(person.role_assignments.values_list("role", flat=True)) == [Role.CANDIDATE]


def test_a_superuser_sets_a_password_and_the_audit_trail_says_so(db, client):
    boss = UserFactory(is_superuser=True, is_staff=True)
    person = UserFactory()
    client.force_login(boss)
    assert "password/" in client.get(reverse("admin:accounts_user_change", args=[person.pk])).text
    response = client.post(
        _password_url(person),
        {"password1": "A-new-one-4567", "password2": "A-new-one-4567", "usable_password": "true"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert User.objects.get(pk=person.pk).check_password("A-new-one-4567")
    row = AuditEvent.objects.get(verb="admin.password_set")
    assert (row.actor, row.target_id) == (boss, str(person.pk))
    assert "A-new-one-4567" not in str(row.data)
    assert "pbkdf2" not in str(row.data)


def test_staff_send_a_password_reset_email_instead(
    db, client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(email="pat@example.org")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "send_password_reset", "_selected_action": [person.pk]},
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["pat@example.org"]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    row = AuditEvent.objects.get(verb="account.password_reset_sent")
    assert (row.actor, row.target_id) == (staff, str(person.pk))


def test_every_change_in_the_admin_writes_an_audit_row(db, client, staff, lsscp):
    client.force_login(staff)
    person = UserFactory(full_name="Pat Lee")
    client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        _change_post(person, full_name="Pat Leigh"),
    )
    changed = AuditEvent.objects.get(verb="admin.changed")
    assert (changed.actor, changed.target_id) == (staff, str(person.pk))
    assert changed.data == {
        "model": "accounts.user",
        "changes": [{"changed": {"fields": ["Full name"]}}],
    }

    boss = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(boss)
    client.post(
        reverse("admin:memberships_organisation_add"),
        {
            "code": "XLA",
            "name": "Example Library Association",
            "confirmed_by": Organisation.ConfirmedBy.PROGRAM_STAFF.value,
            "is_active": "on",
        },
    )
    added = AuditEvent.objects.get(verb="admin.added")
    assert (added.actor, added.target_type) == (boss, "memberships.organisation")
    assert "Example Library Association" in added.target_repr or added.target_repr == "XLA"

    other = Organisation.objects.create(code="YLA", name="Y Library Association")
    client.post(reverse("admin:memberships_organisation_delete", args=[other.pk]), {"post": "yes"})
    assert not Organisation.objects.filter(pk=other.pk).exists()
    deleted = AuditEvent.objects.get(verb="admin.deleted")
    assert (deleted.actor, deleted.target_type) == (boss, "memberships.organisation")
