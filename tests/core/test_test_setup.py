"""What makes migrating cheap (the project's `migrate` command, used by the suite's set-up in
tests/dbsetup.py too) must not change what it builds."""

import gc

import django_fsm
from django.apps import apps
from django.apps.registry import Apps
from django.core.management import get_commands
from django.db import models
from django.db.migrations.state import ModelState, ProjectState
from django.db.models.signals import class_prepared

from certify.core.management.commands.migrate import quiet_historical_fsm_fields


def listeners_of(field) -> int:
    """How many `class_prepared` listeners the field has connected (django-fsm connects one)."""
    key = (id(field), id(field._collect_transitions.__func__))
    return sum(1 for lookup_key, *_ in class_prepared.receivers if lookup_key[0] == key)


def historical_status_field():
    """Render a migration state with one model that has an FSMField; return its field."""
    state = ProjectState()
    state.add_model(
        ModelState(
            "certificates",
            "Historical",
            [
                ("id", models.AutoField(primary_key=True)),
                ("status", django_fsm.FSMField(default="new", max_length=20)),
            ],
        )
    )
    model = state.apps.get_model("certificates", "Historical")
    return state, model._meta.get_field("status")


def test_a_historical_model_keeps_a_class_prepared_listener_per_fsm_field_by_default():
    # What made `migrate` slow: every historical class adds one, and each is called for
    # every class Django builds afterwards.
    _state, field = historical_status_field()
    assert listeners_of(field) == 1


def test_while_migrating_historical_fsm_fields_connect_no_listener():
    with quiet_historical_fsm_fields():
        state, field = historical_status_field()
    assert listeners_of(field) == 0
    assert state.apps.get_model("certificates", "Historical")._meta.get_field("status") is field


def own_fsm_fields():
    own = [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, django_fsm.FSMFieldMixin)
    ]
    assert own, "the project's workflows use FSMField"
    return own


def test_the_projects_own_fsm_fields_keep_their_listeners_and_the_field_is_restored():
    original = django_fsm.FSMFieldMixin.contribute_to_class
    before = list(class_prepared.receivers)
    with quiet_historical_fsm_fields():
        assert django_fsm.FSMFieldMixin.contribute_to_class is not original
        # Held back while migrating: each would be called for every class built.
        assert all(listeners_of(field) == 0 for field in own_fsm_fields())
    assert django_fsm.FSMFieldMixin.contribute_to_class is original
    assert all(listeners_of(field) == 1 for field in own_fsm_fields())
    assert [key for key, *_ in class_prepared.receivers] == [key for key, *_ in before]


def test_sqlites_copy_of_a_table_connects_no_listener_while_migrating():
    # SQLite alters a table by building a copy of its model in a registry of its own
    # (`_remake_table`): not a migration state's, and not the project's.
    def table_copy():
        class Meta:
            app_label = "certificates"
            apps = Apps()

        attrs = {"status": django_fsm.FSMField(default="new"), "Meta": Meta, "__module__": "x"}
        return type("NewHistorical", (models.Model,), attrs)._meta.get_field("status")

    assert listeners_of(table_copy()) == 1
    with quiet_historical_fsm_fields():
        assert listeners_of(table_copy()) == 0


def test_manage_py_migrate_and_the_test_set_up_use_the_projects_migrate_command():
    # Django's test set-up calls `migrate` by name, so both get the saving.
    assert get_commands()["migrate"] == "certify.core"


def test_what_lives_until_the_end_is_out_of_the_collectors_sight(db):
    # tests/conftest.py freezes it after collection and again once the test database is ready.
    assert gc.get_freeze_count() > 100_000
