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


@pytest.fixture
def program(db):
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
