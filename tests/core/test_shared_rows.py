"""Rows built once per module (tests/shared.py): each test sees them as built, whatever the tests
before it changed, in the database or in memory, and a module with a test that empties tables
cannot share them."""

from types import SimpleNamespace

import pytest

from certify.accounts.models import User
from tests.factories import UserFactory
from tests.shared import _refuse_transactional, copy_of, shared_in_module

built = shared_in_module(lambda: UserFactory(full_name="Built Once"))


@pytest.fixture(scope="session")
def given_name() -> str:
    return "Built With"


built_with = shared_in_module(lambda name: UserFactory(full_name=name), using=("given_name",))


@pytest.fixture
def person(db, built):
    return copy_of(built)


@pytest.mark.parametrize("change", ["rename", "delete", "add"])
def test_each_test_sees_the_rows_as_built(person, built, change):
    assert User.objects.get(pk=built.pk).full_name == "Built Once"
    assert User.objects.filter(full_name="Added").count() == 0
    assert person.full_name == "Built Once"
    assert person is not built  # a copy of its own
    if change == "rename":
        person.full_name = "Changed"  # in memory and in the database
        person.save()
    elif change == "delete":
        User.objects.filter(pk=built.pk).delete()
    else:
        UserFactory(full_name="Added")


def test_build_takes_the_session_fixtures_it_names(db, built_with):
    assert User.objects.get(pk=built_with.pk).full_name == "Built With"


def _request(module: str, items: list) -> SimpleNamespace:
    return SimpleNamespace(
        node=SimpleNamespace(nodeid=module), session=SimpleNamespace(items=items)
    )


class _Item:
    def __init__(self, nodeid: str, fixtures=(), marks=()):
        self.nodeid = nodeid
        self.fixturenames = list(fixtures)
        self._marks = marks

    def iter_markers(self, name):
        return iter(self._marks)


@pytest.mark.database_free
def test_a_module_that_empties_tables_cannot_share_rows():
    module, other = "tests/x/test_a.py", "tests/x/test_b.py"
    fine = [_Item(f"{module}::test_1", ["db"]), _Item(f"{other}::t", ["transactional_db"])]
    _refuse_transactional(_request(module, fine))  # another module's may
    for wrong in (
        _Item(f"{module}::test_2", ["transactional_db"]),
        _Item(f"{module}::test_3", ["live_server"]),
        _Item(f"{module}::test_4", ["db"], [SimpleNamespace(kwargs={"transaction": True})]),
    ):
        with pytest.raises(pytest.UsageError, match="rolled-back transaction"):
            _refuse_transactional(_request(module, [*fine, wrong]))
