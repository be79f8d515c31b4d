"""Candidate numbers (ADR 0021): new ones are random, and those issued before (derived from
the id, kept by the migration) still resolve and still match in a provider's report."""

import re

from django.utils import timezone

from certify.applications.models import Application
from certify.core.codes import ALPHABET
from certify.courses.numbers import candidate_number, candidate_number_parse
from tests.courses.conftest import (
    enrol,
    report,
)


def test_new_candidate_numbers_are_random_and_old_ones_still_resolve(lsscp):
    first, second = enrol(lsscp, email="a@example.org"), enrol(lsscp, email="b@example.org")
    for application in (first, second):
        assert re.fullmatch(rf"LSSCP-C-[{ALPHABET}]{{8}}", candidate_number(application))
    assert candidate_number(first) != candidate_number(second)
    assert not candidate_number(second).endswith(f"{second.pk:06d}")
    # A number issued before (derived from the id, kept by the migration) reads the same way,
    # with or without its leading zeros, in any case.
    Application.objects.filter(pk=first.pk).update(number_key="000042")
    first.refresh_from_db()
    assert candidate_number(first) == "LSSCP-C-000042"
    assert candidate_number_parse(" lsscp-c-42 ") == ("LSSCP", "000042")
    assert candidate_number_parse("LSSCP-C-7k3q9m2x") == ("LSSCP", "7K3Q9M2X")


def test_an_old_number_still_matches_in_a_report(client, lsscp, provider, course, key):
    today = timezone.localdate().isoformat()
    application = enrol(lsscp, email="old@example.org", name="Olga Old", names=course)
    Application.objects.filter(pk=application.pk).update(number_key="000042")
    body = report(
        client,
        provider,
        course,
        key,
        [{"candidate_number": "LSSCP-C-42", "full_name": "Olga Old", "completed_on": today}],
    ).json()
    assert body["created"] == 1


def test_the_migration_keeps_the_numbers_already_issued(lsscp):
    """Applications numbered before the migration get the old derived number as their part."""
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module("certify.applications.migrations.0006_candidate_number_key")
    application = enrol(lsscp, email="m@example.org")

    class Apps:  # the migration's historical model, seeing this row as not numbered yet
        def get_model(self, app_label, name):
            rows = Application.objects
            return SimpleNamespace(
                objects=SimpleNamespace(
                    filter=lambda **kw: rows.filter(pk=application.pk),
                    bulk_update=rows.bulk_update,
                )
            )

    migration.keep_old_numbers(Apps(), None)
    application.refresh_from_db()
    assert candidate_number(application) == f"LSSCP-C-{application.pk:06d}"
