#!/usr/bin/env python3
"""Documents ready when asked (ADR 0058): each PDF download typeset on the spot (before) and
served from storage (after), timed in one run, in one process.

    .venv/bin/python bench/documents.py [--repeat 15]

It builds a throwaway in-memory SQLite database with the test settings (the migrations take about
a minute), loads LSSCP and the demo data (an enrollment invoice paid by check, the certified
candidate's certificate) and voids an open invoice for a credit note. Then, through Django's test
client signed in as the holder or staff:
- "first": the process's first download, typeset on the spot (WeasyPrint imported, fonts found):
  what the first download after a deployment cost before;
- "on the spot": the median download typeset on the spot (storing off: before);
- "stored": the median download served from the documents storage (after), with WeasyPrint
  made to refuse, so nothing is typeset; and its database queries;
- "typeset ahead": what the background task spends (typesetting and keeping it);
and the PDF's size and fonts (a "+" in a font's name marks a subset). Times are wall-clock ms.
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from io import BytesIO, StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "certify.settings.test"
    import django

    django.setup()
    logging.disable(logging.CRITICAL)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0)
    call_command("load_program", "lsscp", verbosity=0, stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    print(f"database ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _fonts(content: bytes) -> list[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(BytesIO(content)).pages:
        fonts = page["/Resources"].get("/Font", {})
        names |= {str(fonts[key].get_object()["/BaseFont"]).lstrip("/") for key in fonts}
    return sorted(names)


def _cases() -> list[tuple[str, str, object]]:
    """(label, URL, who downloads it) for each kind of PDF."""
    from django.urls import reverse

    from certify.accounts.models import User
    from certify.certificates.models import Certificate
    from certify.core.workflow import SYSTEM
    from certify.payments.models import Invoice, Payment
    from certify.payments.services import invoice_void

    staff = User.objects.get(email="staff@example.org")
    paid = Invoice.objects.filter(status="paid").order_by("pk").first()
    payment = Payment.objects.filter(invoice=paid).first()
    cases = [
        ("invoice", reverse("payments:invoice_pdf", args=[paid.code]), staff),
        ("receipt", reverse("payments:receipt_pdf", args=[payment.pk]), staff),
    ]
    open_invoice = Invoice.objects.filter(status="open", payments__isnull=True).first()
    if open_invoice is not None:
        note = invoice_void(invoice=open_invoice, reason="Issued twice.", actor=SYSTEM)
        cases.append(("credit note", reverse("payments:credit_note_pdf", args=[note.code]), staff))
    certificate = Certificate.objects.filter(status="valid").order_by("pk").first()
    cases.append(("certificate", f"/certificates/{certificate.number}/certificate.pdf", staff))
    return cases


def _ms(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="downloads per median")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    _setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from certify.core.documents import document_store
    from certify.settings.test import STORAGES

    folder = Path(tempfile.mkdtemp(prefix="certify-documents-"))
    storing = {
        "DOCUMENTS_STORED": True,
        "STORAGES": {
            **STORAGES,
            "documents": {
                "BACKEND": "certify.core.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": folder},
            },
        },
    }
    client = Client()
    rows = []
    first_label = ""
    first_ms = 0.0
    for label, url, person in _cases():
        client.force_login(person)

        def download(url: str = url) -> bytes:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            return response.content

        with override_settings(DOCUMENTS_STORED=False):
            if not first_label:
                first_label = label
                first_ms, _ = _ms(download, 1)
            spot_ms, content = _ms(download, args.repeat)
        with override_settings(**storing):
            ahead_ms = _typeset_ahead_ms(url, document_store)
            from weasyprint import HTML

            write_pdf = HTML.write_pdf
            HTML.write_pdf = _refuse  # served from storage, or the run fails
            try:
                stored_ms, stored = _ms(download, args.repeat)
                with CaptureQueriesContext(connection) as queries:
                    download()
            finally:
                HTML.write_pdf = write_pdf
        rows.append((label, spot_ms, ahead_ms, stored_ms, len(queries), stored, content))

    print(f"\nfirst download in this process ({first_label}, typeset): {first_ms:.0f} ms")
    print(
        f"\n{'PDF':<12} {'on the spot':>12} {'typeset ahead':>14} {'stored':>8} {'queries':>8}"
        f" {'stored/spot':>12} {'stored/first':>13} {'size':>9}  fonts"
    )
    for label, spot, ahead, stored_ms, queries, stored, content in rows:
        if not stored.startswith(b"%PDF"):
            raise SystemExit(f"the stored {label} is not a PDF")
        print(
            f"{label:<12} {spot:>10.1f}ms {ahead:>12.1f}ms {stored_ms:>6.1f}ms {queries:>8}"
            f" {stored_ms / spot:>11.3f}x {stored_ms / first_ms:>12.4f}x {len(content):>8,}B"
            f"  {', '.join(_fonts(content))}"
        )
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


def _typeset_ahead_ms(url: str, document_store) -> float:
    """What the background task spends on this PDF: typeset and keep it (first time only)."""
    from django.urls import resolve

    from certify.certificates import documents as certificate_documents
    from certify.certificates import selectors as certificate_selectors
    from certify.payments import documents, selectors

    match = resolve(url)
    if match.url_name == "invoice_pdf":
        document = documents.invoice_document(invoice=selectors.invoice_get(**match.kwargs))
    elif match.url_name == "receipt_pdf":
        document = documents.receipt_document(payment=selectors.payment_get(**match.kwargs))
    elif match.url_name == "credit_note_pdf":
        document = documents.credit_note_document(note=selectors.credit_note_get(**match.kwargs))
    else:
        certificate = certificate_selectors.certificate_by_number(**match.kwargs)
        document = certificate_documents.certificate_document(certificate=certificate)
    started = time.perf_counter()
    document_store(document)
    return (time.perf_counter() - started) * 1000


def _refuse(self, *args, **kwargs):
    raise AssertionError("a stored download asked WeasyPrint to typeset")


if __name__ == "__main__":
    sys.exit(main())
