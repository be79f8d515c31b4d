"""Every status that people or Certify move goes through the workflow engine.

Two checks keep it so: every model with a status field is a workflow model (with a table test),
except the technical states listed here with their reason; and no code outside the engine
assigns a status by hand.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django_fsm import FSMField

from certify.core.workflow import WorkflowModel, moves_of

# No database: runs once, in the SQLite suite (tests/conftest.py, docs/testing.md).
pytestmark = pytest.mark.database_free


CODE = Path(__file__).resolve().parents[2] / "certify"
TESTS = Path(__file__).resolve().parents[1]

# Technical states: no person decides them, and their moves are one line of the code that does
# the work (ADR 0018 says why each stays outside the engine).
TECHNICAL = {
    "notifications.OutgoingEmail": "an e-mail's queued/sent/failed, moved by the sender",
    "payments.CheckoutSession": "Stripe's session state, copied from Stripe's webhook",
    "core.EventDelivery": "a delivery's pending/running/done/failed, moved by the worker's claim",
    "webhooks.Delivery": "a webhook message's pending/delivered/failed, moved by the sender",
}


def _status_fields(model):
    return [
        f
        for f in model._meta.get_fields()
        if getattr(f, "choices", None)
        and (f.name == "status" or f.name.endswith("_status"))
        and not f.name.startswith(("from_", "to_"))
    ]


def test_every_model_with_a_status_is_a_workflow_or_a_listed_technical_state():
    missing = []
    for model in apps.get_app_configs():
        if not model.name.startswith("certify."):
            continue
        for m in model.get_models():
            label = m._meta.label
            if label in TECHNICAL:
                continue
            for field in _status_fields(m):
                if not (isinstance(field, FSMField) and issubclass(m, WorkflowModel)):
                    missing.append(f"{label}.{field.name}")
    assert missing == []


def test_every_workflow_has_moves_and_a_table_test():
    workflows = [
        m
        for config in apps.get_app_configs()
        if config.name.startswith("certify.")
        for m in config.get_models()
        if issubclass(m, WorkflowModel)
    ]
    assert len(workflows) >= 10
    tables = [p.read_text() for p in TESTS.rglob("test_workflow_table*.py")]
    for model in workflows:
        assert moves_of(model), f"{model._meta.label} declares no move"
        named = re.compile(rf"\b{model.__name__}\b")
        assert any("assert_workflow_table" in t and named.search(t) for t in tables), (
            f"{model._meta.label} has no table test"
        )


class _StatusWrites(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[int] = []

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            for t in ast.walk(target):
                if isinstance(t, ast.Attribute) and (
                    t.attr == "status" or t.attr.endswith("_status")
                ):
                    self.found.append(node.lineno)
        self.generic_visit(node)


# Objects named "status" that are not workflow models.
NOT_WORKFLOWS = {
    "certify/certificates/credentials/verify.py",  # a verification result being built
    "certify/accounts/tokens.py",  # an exception's HTTP status
    "certify/certificates/services/credential_check.py",  # a refusal's HTTP status
    "certify/certificates/services/wallet.py",  # a wallet error's HTTP status
}


def test_no_code_assigns_a_status_by_hand():
    writes = []
    for path in CODE.rglob("*.py"):
        rel = str(path.relative_to(CODE.parent))
        if "/migrations/" in rel or rel in NOT_WORKFLOWS or rel.startswith("certify/loaddata/"):
            continue
        visitor = _StatusWrites()
        visitor.visit(ast.parse(path.read_text()))
        writes += [f"{rel}:{line}" for line in visitor.found]
    technical = ("certify/notifications/", "certify/core/events.py", "certify/webhooks/delivery.py")
    assert [w for w in writes if not w.startswith(technical)] == []
