"""One source for each rule value: change the fee or the grace period in LSSCP's data file, and
every page, PDF, e-mail and API example that mentions it changes, with no other edit."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from certify.core.money import Money
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.services import payment_record
from certify.programs import services as program_services
from certify.programs.rule_text import number_words
from certify.programs.services import builtin_program_data, program_load
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = ROOT / "certify" / "programs" / "data" / "lsscp.json"


def _changes(rules):
    """The fee (to $375.00, as in the issue), member price, grace period and hours, changed."""
    fee = 37500 if rules["enrollment_fee_cents"] != 37500 else 39500
    member = fee - 3000
    if member in (rules["enrollment_fee_cents"], rules["member_fee_cents"]):
        member -= 100
    return {
        "enrollment_fee_cents": fee,
        "member_fee_cents": member,
        "renewal_grace_months": rules["renewal_grace_months"] + 1,
        "experience_hours_required": rules["experience_hours_required"] + 260,
    }


def _words(rules):
    """How pages, PDFs and e-mails write those rules."""
    return (
        Money(rules["enrollment_fee_cents"], rules["currency"]).with_cents(),
        Money(rules["member_fee_cents"], rules["currency"]).with_cents(),
        f"{number_words(rules['renewal_grace_months'])} months after",
        f"{rules['experience_hours_required']:,}",
    )


@pytest.fixture
def old_words():
    """How today's data file writes the rules, worked out from it (not typed here)."""
    return _words(json.loads(DATA_FILE.read_text(encoding="utf-8"))["rules"])


@pytest.fixture
def changed_data_dir(tmp_path, monkeypatch):
    """A copy of the program data with the fee, member price, grace period and hours changed."""
    data = builtin_program_data("lsscp")
    data["rules"].update(_changes(data["rules"]))
    (tmp_path / "lsscp.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(program_services, "BUILTIN_PROGRAMS_DIR", tmp_path)
    return tmp_path


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_pages_pdfs_and_emails_follow_the_data_file(
    db, client, changed_data_dir, old_words, django_capture_on_commit_callbacks
):
    data = builtin_program_data("lsscp")  # the changed copy
    new_words = _words(data["rules"])
    program, _ = program_load(data=data)

    pages = [
        reverse("programs:home"),
        *(
            reverse(f"programs:{name}", args=[program.slug])
            for name in ("overview", "competencies", "ways", "who_can_apply", "costs", "faq")
        ),
        reverse("programs:set_detail", args=[program.slug, "tec"]),
    ]
    text = "\n".join(client.get(url).text for url in pages)

    candidate, staff = UserFactory(), UserFactory(roles=["program_staff"])
    with django_capture_on_commit_callbacks(execute=True):
        invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_record(
            invoice=invoice, amount=invoice.amount_due, method="cheque", reference="C1", actor=staff
        )
    text += "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)
    client.force_login(candidate)
    text += _pdf_text(client.get(reverse("payments:invoice_pdf", args=[invoice.code])))
    client.force_login(staff)
    text += _pdf_text(client.get(reverse("payments:receipt_pdf", args=[payment.pk])))

    assert [word for word in new_words if word not in text] == []
    assert [word for word in old_words if word in text] == []
    assert "Invoice" in mail.outbox[0].subject
    assert "Receipt" in mail.outbox[-1].subject


def test_issued_invoices_keep_their_amounts_when_the_fee_changes(client, lsscp):
    candidate = UserFactory()
    invoice = enrollment_invoice_get_or_create(user=candidate, program=lsscp, actor=candidate)
    issued = invoice.total
    data = builtin_program_data("lsscp")
    data["rules"]["enrollment_fee_cents"] += 2500
    program_load(data=data, update=True)
    invoice.refresh_from_db()
    assert invoice.total == issued
    client.force_login(candidate)
    pdf = _pdf_text(client.get(reverse("payments:invoice_pdf", args=[invoice.code])))
    assert str(issued) in pdf
    assert str(issued + Money(2500)) not in pdf


# The API's examples are made when its modules are imported: a fresh interpreter reads them.
SCHEMA_SCRIPT = """
import json, sys
from pathlib import Path
import django
django.setup()
assert "certify.rest.openapi" not in sys.modules
from certify.programs import services
services.BUILTIN_PROGRAMS_DIR = Path(sys.argv[1])
from certify.rest.api import api
print(json.dumps(api.get_openapi_schema()))
"""


def _examples(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("example", "examples"):
                found.append(value)
            else:
                _examples(value, found)
    elif isinstance(node, list):
        for item in node:
            _examples(item, found)
    return found


def _schema_examples(programs_dir: Path) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "certify.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", SCHEMA_SCRIPT, str(programs_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.dumps(_examples(json.loads(done.stdout), []))


@pytest.mark.database_free  # no database: runs once, in the SQLite suite
def test_api_examples_follow_the_data_file(changed_data_dir):
    rules = builtin_program_data("lsscp")["rules"]  # the changed copy
    examples = _schema_examples(changed_data_dir)
    assert f": {rules['enrollment_fee_cents']}," in examples
    assert f": {rules['member_fee_cents']}," in examples
    assert f": {rules['experience_hours_required']}," in examples
    original = json.loads(DATA_FILE.read_text(encoding="utf-8"))["rules"]
    for name in ("enrollment_fee_cents", "member_fee_cents", "experience_hours_required"):
        assert f": {original[name]}," not in examples, name
        assert f"{original[name]:,}" not in examples, name


@pytest.mark.database_free  # no database: runs once, in the SQLite suite
def test_the_readme_and_docs_name_rules_rather_than_copy_their_values():
    """Docs say "the program's fee"; the data file says how much. (ADRs record their day.)"""
    rules = json.loads(DATA_FILE.read_text(encoding="utf-8"))["rules"]
    copies = [
        f"USD {rules['enrollment_fee_cents'] // 100}",
        f"USD {rules['member_fee_cents'] // 100}",
        f"${rules['enrollment_fee_cents'] // 100}",
        f"{rules['experience_hours_required']:,} hours",
        f"{rules['renewal_ce_hours']} contact hours",
        f"{rules['renewal_ce_hours']} hours",
    ]
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = {
        doc.name: [copy for copy in copies if copy in doc.read_text(encoding="utf-8")]
        for doc in docs
    }
    assert {name: hits for name, hits in found.items() if hits} == {}
