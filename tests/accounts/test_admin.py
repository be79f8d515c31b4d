import pytest
from django.urls import reverse

from certify.accounts.models import User
from tests.factories import UserFactory


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_the_admin_is_refused_to_everyone_but_staff(db, client_as, role):
    response = client_as(role).get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_program_staff_edit_programs_in_the_admin(db, client, staff, lsscp):
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:programs_program_change", args=[lsscp.pk])).status_code == 200
    assert client.get(reverse("admin:programs_faqentry_changelist")).status_code == 200


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
