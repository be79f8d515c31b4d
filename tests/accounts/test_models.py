import pytest

from certify.accounts.models import Role, User
from tests.factories import UserFactory


def test_email_is_the_login_and_is_normalised(db):
    user = User.objects.create_user("Someone@Example.ORG", "pw-long-enough-1", full_name="S")
    assert user.email == "someone@example.org"
    assert User.USERNAME_FIELD == "email"
    assert user.check_password("pw-long-enough-1")


def test_a_user_needs_an_email(db):
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user("", "pw")


def test_a_person_may_hold_several_roles(db):
    user = UserFactory(roles=[Role.CANDIDATE, Role.REVIEWER])
    assert user.roles == {Role.CANDIDATE, Role.REVIEWER}
    assert user.has_role(Role.REVIEWER)
    assert not user.has_role(Role.PROGRAM_STAFF)


def test_roles_are_read_once_per_user_object(db, django_assert_num_queries):
    user = User.objects.get(pk=UserFactory(roles=[Role.SPONSOR]).pk)
    with django_assert_num_queries(1):
        assert user.has_role(Role.SPONSOR)
        assert not user.has_role(Role.PROVIDER)
        assert user.has_role(Role.SPONSOR)


def test_names_in_any_script_are_kept(db):
    user = UserFactory(full_name="赵琳 Zhao Lin — Ægir Ólafsson")
    user.refresh_from_db()
    assert str(user) == "赵琳 Zhao Lin — Ægir Ólafsson"
    assert user.get_short_name() == "赵琳"
