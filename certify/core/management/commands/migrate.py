"""`migrate`, without django-fsm's listeners on historical models (ADR 0045).

django-fsm's `FSMField` connects a `class_prepared` listener for every class it is added to,
including each historical model that a migration state renders, and Django calls every listener
for every class it builds. Migrating the project renders thousands of historical classes, so the
listeners pile up and calling them was about half the time of a fresh `migrate`. A historical
model has no transition methods, so its listener would find nothing: while this command runs,
an `FSMField` added to a historical model connects none. The project's own models keep theirs.
The migrations themselves run unchanged. Test databases are created through this command too
(Django's test runner calls `migrate`), so they get the same saving.
"""

import contextlib
from collections.abc import Iterator
from typing import Any

import django_fsm
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db.migrations.state import StateApps
from django.db.models.signals import class_prepared


@contextlib.contextmanager
def quiet_historical_fsm_fields() -> Iterator[None]:
    """While inside: an `FSMField` on a historical model (one built for a migration state) keeps
    no `class_prepared` listener. The project's own models keep theirs."""
    mixin = django_fsm.FSMFieldMixin
    original = mixin.contribute_to_class

    def contribute_to_class(self: Any, cls: Any, name: str, *args: Any, **kwargs: Any) -> None:
        original(self, cls, name, *args, **kwargs)
        if isinstance(cls._meta.apps, StateApps):
            class_prepared.disconnect(self._collect_transitions)

    mixin.contribute_to_class = contribute_to_class  # type: ignore[method-assign]
    try:
        yield
    finally:
        mixin.contribute_to_class = original  # type: ignore[method-assign]


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> None:
        with quiet_historical_fsm_fields():
            super().handle(*args, **options)
