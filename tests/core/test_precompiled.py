"""A precompiled query gives the rows its queryset gives, for every run's values (ADR 0062)."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from certify.applications.models import Application
from certify.core.precompiled import Precompiled
from tests.factories import ApplicationFactory, ProgramFactory, UserFactory


def _of_candidate(*, candidate_id: int):
    return (
        Application.objects.filter(candidate_id=candidate_id)
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("program", "candidate")
        .order_by("id")
    )


def _deadlines_before(*, program_id: int, day: date):
    return (
        Application.objects.filter(program_id=program_id, completion_deadline__lt=day)
        .annotate(program_name=F("program__name"))
        .values("id", "completion_deadline", "program_name")
        .order_by("completion_deadline", "id")
    )


@pytest.fixture
def people(db):
    programs = [ProgramFactory(), ProgramFactory()]
    ann, bob = UserFactory(), UserFactory()
    for i, (person, program) in enumerate(
        [(ann, programs[0]), (ann, programs[1]), (bob, programs[0]), (bob, programs[1])]
    ):
        ApplicationFactory(
            candidate=person, program=program, completion_deadline=date(2027, 1, 1 + i * 3)
        )
    ApplicationFactory(candidate=bob, program=programs[0], status=Application.Status.WITHDRAWN)
    return ann, bob, programs


def test_model_rows_are_the_querysets_with_their_related_objects(people):
    ann, bob, _ = people
    precompiled = Precompiled(_of_candidate, ints=("candidate_id",))
    for person in (ann, bob, ann):  # each run its own values, from one compilation
        expected = list(_of_candidate(candidate_id=person.pk))
        with CaptureQueriesContext(connection) as queries:
            rows = precompiled.run(candidate_id=person.pk)
            names = [(r.program.name, r.candidate.email) for r in rows]  # no query more
        assert len(queries) == 1
        assert [r.pk for r in rows] == [r.pk for r in expected]
        assert names == [(r.program.name, r.candidate.email) for r in expected]
        assert all(r.status != Application.Status.WITHDRAWN for r in rows)
    assert len(precompiled._kept) == 1


def test_values_rows_with_a_date_and_a_slice(people):
    _, _, programs = people
    precompiled = Precompiled(_deadlines_before, ints=("program_id",), dates=("day",))
    for program in programs:
        for day in (date(2027, 1, 2), date(2027, 1, 8), date(2027, 12, 31)):
            expected = list(_deadlines_before(program_id=program.pk, day=day))
            assert precompiled.run(program_id=program.pk, day=day) == expected
            assert precompiled.run(rows=(None, 1), program_id=program.pk, day=day) == expected[:1]
            assert precompiled.run(rows=(1, 3), program_id=program.pk, day=day) == expected[1:3]
    rows = precompiled.run(program_id=programs[0].pk, day=date(2030, 1, 1))
    assert rows
    assert isinstance(rows[0]["completion_deadline"], date)  # converted as the ORM does


def test_every_value_is_needed_and_must_reach_the_sql(people):
    ann, _, _ = people
    precompiled = Precompiled(_of_candidate, ints=("candidate_id",))
    with pytest.raises(TypeError):
        precompiled.run()
    with pytest.raises(TypeError):
        precompiled.run(candidate_id=ann.pk, other=1)

    def ignores_its_value(*, candidate_id: int):
        return Application.objects.order_by("id")

    with pytest.raises(ValueError, match="candidate_id"):
        Precompiled(ignores_its_value, ints=("candidate_id",)).run(candidate_id=ann.pk)


def test_on_postgresql_a_run_is_prepared_once_per_connection_and_gives_the_same_rows(people):
    """Bound on the server, the kept SQL is prepared after psycopg's fifth run on a connection;
    the rows stay the queryset's, for models and for values with a date."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (tools/pgcluster.py)")
    ann, bob, programs = people
    models = Precompiled(_of_candidate, ints=("candidate_id",))
    values = Precompiled(_deadlines_before, ints=("program_id",), dates=("day",))
    day = date(2027, 1, 8)
    for _ in range(4):
        for person in (ann, bob):
            expected = list(_of_candidate(candidate_id=person.pk))
            rows = models.run(candidate_id=person.pk)
            assert [(r.pk, r.program.name) for r in rows] == [
                (r.pk, r.program.name) for r in expected
            ]
        for program in programs:
            assert values.run(program_id=program.pk, day=day) == list(
                _deadlines_before(program_id=program.pk, day=day)
            )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%applications_application%completion_deadline%"],
        )
        assert cursor.fetchone()[0] >= 1


def _plain_of_candidate(*, candidate_id: int):
    """Models of one table, with a deferred field and an annotation: made from rows by hand."""
    return (
        Application.objects.filter(candidate_id=candidate_id)
        .defer("education_note")
        .annotate(program_name=F("program__name"), deadline_year=F("completion_deadline__year"))
        .order_by("-id")
    )


def test_plain_model_rows_are_the_querysets_field_for_field(people):
    ann, bob, _ = people
    precompiled = Precompiled(_plain_of_candidate, ints=("candidate_id",), prepared=True)
    fields = [f.attname for f in Application._meta.concrete_fields if f.attname != "education_note"]
    for person in (ann, bob, ann):
        expected = list(_plain_of_candidate(candidate_id=person.pk))
        with CaptureQueriesContext(connection) as queries:
            rows = precompiled.run(candidate_id=person.pk)
        assert len(queries) == 1
        assert len(rows) == len(expected) >= 2
        for row, want in zip(rows, expected, strict=True):
            assert type(row) is Application
            assert [getattr(row, f) for f in fields] == [getattr(want, f) for f in fields]
            assert (row.program_name, row.deadline_year) == (want.program_name, want.deadline_year)
            assert row.get_deferred_fields() == want.get_deferred_fields() == {"education_note"}
            assert (row._state.adding, row._state.db) == (False, want._state.db)
            assert row._state.fetch_mode == want._state.fetch_mode
    first = precompiled.run(rows=(None, 1), candidate_id=bob.pk)
    assert [row.pk for row in first] == [_plain_of_candidate(candidate_id=bob.pk)[0].pk]
    assert all(k.lean is not None and k.prepared for k in precompiled._kept.values())
    # with prefetching, Django's own iterable makes the rows
    prefetching = Precompiled(
        lambda *, candidate_id: _of_candidate(candidate_id=candidate_id).prefetch_related(
            "planned_sets"
        ),
        ints=("candidate_id",),
    )
    prefetching.run(candidate_id=ann.pk)
    assert all(k.lean is None for k in prefetching._kept.values())


def _with_related(*, candidate_id: int):
    return (
        Application.objects.filter(candidate_id=candidate_id)
        .select_related("program", "candidate", "framework_version", "assigned_to")
        .order_by("id")
    )


def test_rows_with_related_objects_are_made_by_hand_as_django_makes_them(people):
    ann, bob, programs = people
    other = UserFactory()
    Application.objects.filter(candidate=bob, program=programs[1]).update(assigned_to=other)
    precompiled = Precompiled(_with_related, ints=("candidate_id",))

    def described(obj):
        if obj is None:
            return None
        fields = [getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields]
        loaded = sorted(obj._state.fields_cache)
        return (type(obj), fields, loaded, obj._state.adding, obj._state.db)

    for person in (ann, bob, ann):
        expected = list(_with_related(candidate_id=person.pk))
        with CaptureQueriesContext(connection) as queries:
            rows = precompiled.run(candidate_id=person.pk)
            related = [
                [described(getattr(r, name)) for name in ("program", "candidate", "assigned_to")]
                for r in rows
            ]
        assert len(queries) == 1  # the related objects came with the rows (None included)
        assert [described(r) for r in rows] == [described(r) for r in expected]
        assert related == [
            [described(getattr(r, name)) for name in ("program", "candidate", "assigned_to")]
            for r in expected
        ]
    assert any(r.assigned_to == other for r in precompiled.run(candidate_id=bob.pk))
    assert all(k.lean is not None for k in precompiled._kept.values())


def test_on_postgresql_a_prepared_query_is_planned_once_per_connection(people):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (tools/pgcluster.py)")
    ann, bob, _ = people
    precompiled = Precompiled(_plain_of_candidate, ints=("candidate_id",), prepared=True)
    unprepared = Precompiled(_of_candidate, ints=("candidate_id",), prepared=False)
    for _ in range(4):
        for person in (ann, bob):
            precompiled.run(candidate_id=person.pk)
            unprepared.run(candidate_id=person.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    table = Application._meta.db_table
    assert sum(table in s and "deadline_year" in s for s in statements) == 1
    assert not any(table in s and "deadline_year" not in s for s in statements)  # opted out


def _shapes_of(*, program_id: int):
    """One query's rows in each shape `values()` / `values_list()` give: the annotation named
    before a field, an aggregate subquery's count (converted by the ORM), a date."""
    from django.db.models import Count, OuterRef, Subquery

    same_candidate = (
        Application.objects.filter(candidate_id=OuterRef("candidate_id"))
        .order_by()
        .values("candidate_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Application.objects.filter(program_id=program_id)
        .annotate(program_name=F("program__name"), theirs=Subquery(same_candidate))
        .order_by("completion_deadline", "id")
    )


def test_values_rows_made_by_hand_are_the_querysets_in_every_shape(people):
    """Dictionaries, tuples (in the order asked, an annotation first) and single values come
    from the rows by hand, equal to the queryset's, value for value and type for type; named
    tuples still take Django's iterable."""
    _, _, programs = people
    shapes = {
        "dict": lambda **v: _shapes_of(**v).values("id", "program_name", "theirs"),
        "tuple": lambda **v: _shapes_of(**v).values_list(
            "program_name", "id", "completion_deadline", "theirs"
        ),
        "flat": lambda **v: _shapes_of(**v).values_list("completion_deadline", flat=True),
        "named": lambda **v: _shapes_of(**v).values_list("id", "theirs", named=True),
    }
    for shape, build in shapes.items():
        precompiled = Precompiled(build, ints=("program_id",))
        for program in (*programs, *programs):
            expected = list(build(program_id=program.pk))
            with CaptureQueriesContext(connection) as queries:
                rows = precompiled.run(program_id=program.pk)
            assert len(queries) == 1
            assert rows == expected
            assert len(rows) >= 2
            assert [type(r) for r in rows] == [type(r) for r in expected]
            if shape != "flat":
                values = [list(r.values() if shape == "dict" else r) for r in rows]
                wanted = [list(r.values() if shape == "dict" else r) for r in expected]
                assert [[type(v) for v in r] for r in values] == [
                    [type(v) for v in r] for r in wanted
                ]
            assert precompiled.run(rows=(1, 2), program_id=program.pk) == expected[1:2]
        lean = [k.lean for k in precompiled._kept.values()]
        assert all(k is None for k in lean) if shape == "named" else all(lean)
    rows = Precompiled(shapes["tuple"], ints=("program_id",)).run(program_id=programs[0].pk)
    assert all(isinstance(r[2], date) for r in rows if r[2] is not None)
    assert any(r[2] for r in rows)  # NULLs sort first on SQLite, last on PostgreSQL
    assert {r[3] for r in rows} == {2, 3}  # each candidate's applications, counted per row
