"""Fixtures for certificates: a candidate one set away from completing LSSCP, and completing it."""

import os
import shutil
from pathlib import Path

import pytest

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.programs.models import CompetencySet
from certify.progress.models import PlannedSet
from certify.progress.services import electives_choose, plan_ensure, planned_set_satisfy
from tests.factories import (
    ApplicationFactory,
    CompetencySetFactory,
    ProgramFactory,
    UserFactory,
)
from tests.shared import copy_of, shared_in_module

ROOT = Path(__file__).resolve().parents[2]
VERIFIER = ROOT / "tools" / "vc-verify" / "verify.mjs"
NODE_PACKAGES = ROOT / "node_modules" / "@digitalbazaar"


def node_missing() -> str:
    """Why the independent (node) verifier cannot run, or "" when it can."""
    if shutil.which("node") is None:
        return "node is not installed (Debian package `nodejs`)"
    if not (NODE_PACKAGES / "vc").is_dir():
        return "node_modules/@digitalbazaar is missing (run `npm ci`)"
    return ""


def require_node() -> None:
    reason = node_missing()
    if reason:
        reason = f"the independent credential verifier needs {reason}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}; REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
        pytest.skip(reason)


def nearly_done(program, *, name="Dana Okafor", email=None):
    """An accepted candidate with every set but the last one complete (the first electives)."""
    candidate = UserFactory(
        full_name=name, roles=[Role.CANDIDATE], **({"email": email} if email else {})
    )
    application = ApplicationFactory(
        candidate=candidate, program=program, status=Application.Status.ACCEPTED
    )
    plan_ensure(application=application)
    electives = program.competency_sets.filter(kind=CompetencySet.Kind.ELECTIVE).order_by("order")
    codes = [s.code for s in electives[: program.electives_required]]
    electives_choose(application=application, actor=candidate, set_codes=codes)
    rows = list(application.planned_sets.select_related("competency_set"))
    for row in rows[:-1]:
        planned_set_satisfy(planned=row, actor=None, route="course", evidence="Course completed")
    return application, rows[-1]


def finish(last: PlannedSet):
    planned_set_satisfy(planned=last, actor=None, route="portfolio", evidence="Portfolio passed")


def small_program():
    """A small program named like LSSCP (two core sets, one elective of two): quicker to load
    than LSSCP itself, which the demo and node tests use."""
    program = ProgramFactory(
        slug="lsscp-small",
        short_name="LSSCP",
        name="Library Support Staff Certification Program",
        certifying_body="ALA-Allied Professional Association",
        contact_email="lsscp@example.org",
        electives_required=1,
    )
    for code, name, kind in (
        ("FLS", "Foundations of Library Services", CompetencySet.Kind.CORE),
        ("TEC", "Technology", CompetencySet.Kind.CORE),
        ("REF", "Reference and Information Services", CompetencySet.Kind.ELECTIVE),
        ("YTH", "Youth Services", CompetencySet.Kind.ELECTIVE),
    ):
        CompetencySetFactory(program=program, code=code, name=name, kind=kind)
    return program


@pytest.fixture
def program(db):
    return small_program()


@pytest.fixture
def nearly(program):
    return nearly_done(program)


@pytest.fixture
def certificate(nearly):
    application, last = nearly
    finish(last)
    return application.certificate


@pytest.fixture
def staff_user(db):
    return UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])


# --- One certificate per module, for modules whose tests only read it -------------------------


def _certified():
    program = small_program()
    application, last = nearly_done(program)
    finish(last)
    return program, application.certificate


certified_in_module = shared_in_module(_certified)


def certificate_per_module() -> tuple[object, object]:
    """`program` and `certificate` built once per module (tests/shared.py): a module assigns
    `program, certificate = certificate_per_module()`. Each test still gets its own copies and
    its own savepoint, so what it changes is undone; for modules that only read the certificate
    or change it in the database, not outside it (files, the cache)."""

    @pytest.fixture(name="program")
    def shared_program(db, certified_in_module):
        return copy_of(certified_in_module[0])

    @pytest.fixture(name="certificate")
    def shared_certificate(db, certified_in_module):
        return copy_of(certified_in_module[1])

    return shared_program, shared_certificate
