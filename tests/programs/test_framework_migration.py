"""The data migration (ADR 0056): every program gets a published version 1 holding the sets it
had, and enrolled candidates are pinned to it; on SQLite and on PostgreSQL (the ORM only)."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState

from certify.core.management.commands.migrate import quiet_historical_fsm_fields

BEFORE = [
    ("programs", "0008_payment_ways"),
    ("applications", "0009_case_assignment"),
    ("progress", "0003_us_english_labels"),
]
AFTER = [
    ("programs", "0011_framework_versions_required"),
    ("applications", "0010_framework_version"),
]


def _migrate(targets):
    """Migrate to `targets` as the project's `migrate` command does: without django-fsm's
    listeners on the historical models each state renders (ADR 0045), which otherwise pile up
    and made this test's three migrations most of a minute. Forwards with Django's executor as
    it is; backwards through `_unapply`."""
    with quiet_historical_fsm_fields():
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        plan = executor.migration_plan(targets)
        if plan and all(backwards for _, backwards in plan):
            _unapply(executor, plan)
        else:
            executor.migrate(targets, plan=plan)
        return executor.loader.project_state(targets).apps


def _unapply(executor, plan):
    """Django's `MigrationExecutor._migrate_all_backwards`, with each unapplied migration's
    state built the same way but rendered only when it is unapplied. Django renders the state at
    the first migration to unapply and then re-renders the models every later migration of the
    whole project touches (the walk goes to the last one to unapply, near the end here): most of
    this test's time. The same states, the same `unapply_migration` for each, in the same order."""
    graph = executor.loader.graph
    full_plan = executor.migration_plan(graph.leaf_nodes(), clean_start=True)
    applied = {graph.nodes[key] for key in executor.loader.applied_migrations if key in graph.nodes}
    to_run = {migration for migration, _ in plan}
    states = {}
    state = ProjectState(real_apps=executor.loader.unmigrated_apps)
    for migration, _ in full_plan:
        if not to_run:
            break
        if migration in to_run:
            states[migration] = state
            state = migration.mutate_state(state, preserve=True)
            to_run.remove(migration)
        elif migration in applied:
            migration.mutate_state(state, preserve=False)
    for migration, _ in plan:
        state = states[migration]
        _ = state.apps  # rendered once here; unapplying re-renders only the models it changes
        executor.unapply_migration(state, migration)
    executor.check_replacements()


@pytest.mark.django_db(transaction=True)
def test_every_program_gets_a_published_version_one_with_its_sets():
    from tests.factories import LSSCP_RULES

    try:
        old = _migrate(BEFORE)
        Program = old.get_model("programs", "Program")
        CompetencySet = old.get_model("programs", "CompetencySet")
        User = old.get_model("accounts", "User")
        Application = old.get_model("applications", "Application")
        program = Program.objects.create(
            slug="old",
            name="Old Program",
            short_name="OLD",
            certifying_body="Body",
            overview="An overview.",
            case_identifier=uuid.uuid4(),
            # the rules the model had then (later migrations add rules of their own)
            **{
                k: v
                for k, v in LSSCP_RULES.items()
                if k != "contact_email" and k in {f.name for f in Program._meta.fields}
            },
        )
        for n, kind in enumerate(["core", "elective"]):
            CompetencySet.objects.create(
                program=program,
                code=f"S{n}",
                name=f"Set {n}",
                kind=kind,
                order=n,
                case_identifier=uuid.uuid4(),
            )
        person = User.objects.create(email="old@example.org")
        enrolled = Application.objects.create(
            candidate=person, program=program, status="accepted", number_key="OLD1"
        )
        draft = Application.objects.create(
            candidate=User.objects.create(email="new@example.org"),
            program=program,
            status="draft",
            number_key="OLD2",
        )

        new = _migrate(AFTER)
        FrameworkVersion = new.get_model("programs", "FrameworkVersion")
        (version,) = FrameworkVersion.objects.filter(program_id=program.pk)
        assert (version.number, version.status) == (1, "published")
        assert version.case_identifier == program.case_identifier
        sets = new.get_model("programs", "CompetencySet").objects.filter(program_id=program.pk)
        assert {s.framework_version_id for s in sets} == {version.pk}
        applications = new.get_model("applications", "Application").objects
        assert applications.get(pk=enrolled.pk).framework_version_id == version.pk
        assert applications.get(pk=draft.pk).framework_version_id is None
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
