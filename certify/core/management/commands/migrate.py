"""`migrate`, without django-fsm's listeners on historical models (ADR 0045).

django-fsm's `FSMField` connects a `class_prepared` listener for every class it is added to,
including each historical model that a migration state renders, and Django calls every listener
for every class it builds. Migrating the project renders thousands of historical classes, so the
listeners pile up and calling them was about half the time of a fresh `migrate`. A historical
model has no transition methods, so its listener would find nothing: while this command runs,
an `FSMField` added to a historical model (or to the copy of a table SQLite's schema editor
builds to alter it) connects none, and the listeners of the project's own models (about 50,
each looking only for subclasses of its model) are held back and connected again afterwards.
The migrations themselves run unchanged. Test databases are created through this command too
(Django's test runner calls `migrate`), so they get the same saving.
"""

import contextlib
import weakref
from collections.abc import Iterator
from typing import Any

import django_fsm
from django.apps import apps as global_apps
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db.models.signals import class_prepared


@contextlib.contextmanager
def quiet_historical_fsm_fields() -> Iterator[None]:
    """While inside: an `FSMField` on a historical model (one built for a migration state, or the
    copy of a table SQLite's schema editor builds to alter it) keeps no `class_prepared` listener,
    and the project's own models' listeners are held back (they
    look only for subclasses of their model, and a historical model is none); they are connected
    again, in their order, on the way out."""
    mixin = django_fsm.FSMFieldMixin
    original = mixin.contribute_to_class

    def contribute_to_class(self: Any, cls: Any, name: str, *args: Any, **kwargs: Any) -> None:
        original(self, cls, name, *args, **kwargs)
        if cls._meta.apps is not global_apps:  # a migration state's, or SQLite's table copy's
            class_prepared.disconnect(self._collect_transitions)

    own = _own_fsm_listeners()
    for listener in own:
        class_prepared.disconnect(listener)
    mixin.contribute_to_class = contribute_to_class  # type: ignore[method-assign]
    try:
        yield
    finally:
        mixin.contribute_to_class = original  # type: ignore[method-assign]
        for listener in own:
            class_prepared.connect(listener)


def _own_fsm_listeners() -> list[Any]:
    """The `class_prepared` listeners of the `FSMField`s of the models loaded now, in order.
    Each is called for every class Django builds: about 50 listeners for each of the 12,000
    historical classes a fresh `migrate` renders."""
    listeners = []
    for _key, ref, *_rest in list(class_prepared.receivers):
        listener = ref() if isinstance(ref, weakref.ReferenceType) else ref
        if getattr(listener, "__func__", None) is django_fsm.FSMFieldMixin._collect_transitions:
            listeners.append(listener)
    return listeners


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> None:
        with quiet_historical_fsm_fields():
            super().handle(*args, **options)
