"""The `lsscp` fixture replays the rows the loader wrote once per process (tests/dbsetup.py): each
row comes back with its values, fields with `auto_now`/`auto_now_add` take the current time, and
the save signals reach their receivers with `raw=True`, as for `loaddata`."""

import copy
from datetime import date, datetime, timedelta

from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from certify.programs.models import Program
from tests import dbsetup


def _fresh_names(model) -> set[str]:
    return {f.attname for f in model._meta.concrete_fields if dbsetup._fresh(f)}


def test_every_row_the_loader_wrote_comes_back_with_its_values(db, lsscp_snapshot):
    started = timezone.now()
    dbsetup.snapshot_restore(lsscp_snapshot)
    assert len(lsscp_snapshot.rows) >= 4  # the program, its sets, competencies and FAQ at least
    checked_fresh: set[str] = set()
    for model, values in lsscp_snapshot.rows:
        names = [f.attname for f in model._meta.concrete_fields]
        stored = {
            row["pk"]: row
            for row in model._base_manager.filter(
                pk__in=[v[model._meta.pk.attname] for v in values]
            ).values("pk", *names)
        }
        assert len(stored) == len(values), model._meta.label
        fresh = _fresh_names(model)
        for expected in values:
            row = stored[expected[model._meta.pk.attname]]
            for name in names:
                if name not in fresh:
                    assert row[name] == expected[name], f"{model._meta.label}.{name}"
                elif isinstance(row[name], datetime):  # the snapshot's are older than `started`
                    assert row[name] >= started, f"{model._meta.label}.{name}"
                elif isinstance(row[name], date):
                    assert row[name] >= timezone.localdate(started) - timedelta(days=1), name
        checked_fresh |= fresh
    assert checked_fresh  # some replayed rows have a time of their own (the audit entry's)


def test_the_save_signals_reach_their_receivers_as_for_loaddata(db, lsscp_snapshot):
    heard = []

    def before(sender, instance, raw, **kwargs):
        heard.append(("pre", instance.pk, instance.slug, raw))

    def after(sender, instance, raw, created, **kwargs):
        heard.append(("post", instance.pk, instance.slug, raw, created, instance._state.adding))

    pre_save.connect(before, sender=Program, weak=False)
    post_save.connect(after, sender=Program, weak=False)
    try:
        dbsetup.snapshot_restore(lsscp_snapshot)
    finally:
        pre_save.disconnect(before, sender=Program)
        post_save.disconnect(after, sender=Program)
    pk = lsscp_snapshot.program_pk
    assert heard == [("pre", pk, "lsscp", True), ("post", pk, "lsscp", True, True, False)]


def test_each_replay_gives_fresh_instances_and_leaves_the_snapshot_as_it_was(db, lsscp_snapshot):
    """A receiver (or a test) that changes what it was handed changes neither the next replay
    nor the snapshot."""
    kept = copy.deepcopy([values for _, values in lsscp_snapshot.rows])

    def spoil(sender, instance, **kwargs):
        for name, value in vars(instance).items():
            if isinstance(value, dict | list) and name != "_state":
                value.clear()
        instance.slug = "spoiled"

    post_save.connect(spoil, sender=Program, weak=False)
    try:
        dbsetup.snapshot_restore(lsscp_snapshot)
    finally:
        post_save.disconnect(spoil, sender=Program)
    assert [values for _, values in lsscp_snapshot.rows] == kept
    assert Program.objects.get(pk=lsscp_snapshot.program_pk).slug == "lsscp"
