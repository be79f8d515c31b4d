"""A client generated from the served OpenAPI document works: openapi-python-client (a dev
dependency) writes a Python package from `/api/v1/openapi.json`, and the integration guide's
flows run through it against a live server. It runs in both database lanes; the package is
generated once per schema and generator version and kept in `var/generated-client/` for later
runs (`make test`'s two suites serve the same schema).

The flows: anyone reads the programs and verifies a certificate; a candidate with a personal
access token applies (a refused entry names its field), records a membership and submits; staff
confirm the membership and accept with an enrollment date; the candidate chooses electives and a
route, starts a portfolio and uploads a file.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.utils import timezone

from certify.accounts.tokens import token_create
from certify.applications.models import Application
from certify.memberships.models import Membership
from tests.factories import UserFactory
from tests.files import pdf
from tests.renewals.conftest import in_window

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "certify_api_client"
# Kept between runs: the SQLite and PostgreSQL suites of one `make test` serve the same schema,
# and the generator writes the same package for the same schema and version.
KEPT = Path(__file__).resolve().parents[2] / "var" / "generated-client"
_GENERATED: dict[str, ModuleType] = {}


def generated_client(schema: bytes, kept: Path = KEPT) -> ModuleType:
    """The package generated from `schema`: made once per schema and generator version, kept in
    `kept/<digest>` for later runs, and imported once per process."""
    version = importlib.metadata.version("openapi-python-client")
    digest = hashlib.sha256(version.encode() + b"\n" + schema).hexdigest()[:16]
    if digest in _GENERATED:
        return _GENERATED[digest]
    root = kept / digest
    if root.is_dir():
        os.utime(root)  # in use: kept from the clean-up of old schemas' packages
    else:
        _generate(schema, kept, root)
    sys.path.insert(0, str(root))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]  # a package from an earlier schema
    package = importlib.import_module(PACKAGE)
    assert Path(package.__file__ or "").is_relative_to(root), package.__file__
    _GENERATED[digest] = package
    return package


def _generate(schema: bytes, kept: Path, root: Path) -> None:
    """Generate into a folder of this process's own, then rename it into place in one step: a
    folder named by its digest is always complete, even with two suites generating at once."""
    kept.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=kept, prefix=f".{root.name}-"))
    try:
        (work / "openapi.json").write_bytes(schema)
        done = subprocess.run(
            [str(GENERATOR), "generate", "--path", "openapi.json", "--output-path", PACKAGE,
             "--meta", "none"],
            cwd=work, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        try:
            work.rename(root)
        except OSError:  # the other suite renamed its own copy first: the same package
            if not root.is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    day_ago = time.time() - 86_400  # packages of older schemas, not used for a day
    for old in kept.iterdir():
        if old != root and old.stat().st_mtime < day_ago:
            shutil.rmtree(old, ignore_errors=True)


def op(package: ModuleType, tag: str, operation: str) -> Any:
    return importlib.import_module(f"{package.__name__}.api.{tag}.certify_rest_{operation}")


def model(package: ModuleType, name: str) -> Any:
    return getattr(importlib.import_module(f"{package.__name__}.models"), name)


def ok(answer: Any) -> Any:
    """The parsed body of a 2xx answer (the generated client returns `Problem` otherwise)."""
    assert 200 <= answer.status_code < 300, answer.content
    return answer.parsed


@pytest.mark.django_db(transaction=True)
def test_the_integration_guides_flows_run_through_a_generated_client(live_server, lsscp):
    with urllib.request.urlopen(f"{live_server.url}/api/v1/openapi.json") as answer:  # noqa: S310
        schema = answer.read()
    assert json.loads(schema)["openapi"].startswith("3.")
    gen = generated_client(schema)
    today = timezone.localdate()
    base = f"{live_server.url}"

    # Anyone: the programs, and a certificate verified by its number.
    anonymous = gen.Client(base_url=base, raise_on_unexpected_status=True)
    programs = ok(op(gen, "programs", "programs_program_list").sync_detailed(client=anonymous))
    assert "lsscp" in [p.slug for p in programs.items]
    certificate = in_window(lsscp, today)
    verified = ok(
        op(gen, "certificates_and_verification", "certificates_verify").sync_detailed(
            certificate.number, client=anonymous
        )
    )
    assert verified.status == "valid"

    # A candidate with a personal access token applies.
    candidate = UserFactory(roles=["candidate"], full_name="Ana Flores")
    secret = token_create(user=candidate, name="lms", scopes=["applications", "portfolios"]).secret
    me = gen.AuthenticatedClient(base_url=base, token=secret)
    started = ok(
        op(gen, "applications", "applications_start").sync_detailed(
            client=me, body=model(gen, "StartIn")(program="lsscp")
        )
    )
    entry = model(gen, "EntryIn")
    job = {
        "library_name": "Riverside Public Library",
        "library_type": "public",
        "role": "Circulation assistant",
        "start_date": today - timedelta(days=3 * 365),
        "hours_per_week": 25,
    }
    add = op(gen, "applications", "applications_entry_add")
    refused = add.sync_detailed(
        started.id, client=me, body=entry(**{**job, "end_date": job["start_date"] - timedelta(1)})
    )
    assert refused.status_code == 400
    assert "end_date" in json.loads(refused.content)["fields"]
    ok(add.sync_detailed(started.id, client=me, body=entry(**job)))
    ok(
        op(gen, "applications", "applications_update").sync_detailed(
            started.id,
            client=me,
            body=model(gen, "ApplicationIn")(
                education_level=model(gen, "Education")("diploma"),
                education_country="US",
                attested=True,
            ),
        )
    )
    hours = ok(
        op(gen, "applications", "applications_eligibility").sync_detailed(started.id, client=me)
    )
    assert hours.meets_hours
    membership = ok(
        op(gen, "memberships", "memberships_record").sync_detailed(
            client=me,
            body=model(gen, "MembershipIn")(
                organisation="ALA", member_number="4471", expires_on=today + timedelta(days=300)
            ),
        )
    )
    assert membership.status == "pending"
    submitted = ok(
        op(gen, "applications", "applications_submit").sync_detailed(started.id, client=me)
    )
    assert submitted.status == "submitted"

    # Staff confirm the membership and accept, naming the enrollment date.
    staff = UserFactory(roles=["program_staff"])
    staff_client = gen.AuthenticatedClient(
        base_url=base, token=token_create(user=staff, name="crm", scopes=["staff"]).secret
    )
    decision = model(gen, "MembershipDecisionIn")
    ok(
        op(gen, "memberships_staff", "memberships_staff_decide").sync_detailed(
            membership.id,
            client=staff_client,
            body=decision(decision=model(gen, "MembershipDecisionInDecision")("confirm")),
        )
    )
    enrolled_on = today - timedelta(days=2)
    accepted = ok(
        op(gen, "applications_staff", "applications_decide").sync_detailed(
            started.id,
            client=staff_client,
            body=model(gen, "ApplicationDecisionIn")(
                decision=model(gen, "ApplicationDecisionInDecision")("accept"),
                enrolled_on=enrolled_on,
            ),
        )
    )
    assert accepted.enrolled_on == enrolled_on
    assert Membership.objects.get().status == Membership.Status.CONFIRMED

    # The candidate plans: three electives, the portfolio route for one, a file as evidence.
    plan = ok(
        op(gen, "plan", "progress_electives").sync_detailed(
            client=me, body=model(gen, "ElectivesIn")(electives=["REF", "ACC", "YTH"])
        )
    )
    ref = next(p for p in plan if p.competency_set == "REF")
    ok(
        op(gen, "plan", "progress_route").sync_detailed(
            ref.id, client=me, body=model(gen, "RouteIn")(route=model(gen, "Route")("portfolio"))
        )
    )
    portfolio = ok(
        op(gen, "portfolios", "portfolio_evidence_start").sync_detailed(ref.id, client=me)
    )
    first = portfolio.responses[0].competency
    upload = model(gen, "CertifyRestPortfolioEvidenceFileAddMultiPartBodyParams")
    types = importlib.import_module(f"{gen.__name__}.types")
    evidence = ok(
        op(gen, "portfolios", "portfolio_evidence_file_add").sync_detailed(
            ref.id,
            first,
            client=me,
            body=upload(
                file=types.File(
                    payload=io.BytesIO(pdf()), file_name="minutes.pdf", mime_type="application/pdf"
                ),
                title="Minutes I took",
            ),
        )
    )
    assert (evidence.kind, evidence.title) == ("file", "Minutes I took")
    assert Application.objects.get(pk=started.id).status == Application.Status.ACCEPTED
