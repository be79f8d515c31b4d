"""Rendered documents (invoice, receipt, credit note and certificate PDFs) kept in storage,
named by what they show (ADR 0058).

An app describes a document as a `Document`: what it shows (its HTML, written the same way every
time for the same facts) and how to typeset it (WeasyPrint, slow). The stored file's name is the
object's folder plus a digest of what it shows, so a stored file is current exactly when the
digest of what the document would show now is the same: a void, a payment or a revocation changes
the HTML, hence the name, and the old file is never served again. Nothing has to be told that a
document went stale, and a change nobody announced (a certificate that expired overnight) is seen
at the next download.

- `document_pdf` (views): the stored file when it is current; otherwise typeset now, keep it in
  the documents storage and return it. It writes a file, never a database row and never a task:
  a GET writes nothing the no-GET-writes rule counts (the file is a cache entry of what the
  records say, rebuilt from them whenever it is missing).
- `document_store` (the background tasks the apps enqueue after the change commits): typeset
  and keep the current rendering unless it is there, then remove the object's older renderings.
- `render_later(task, id)`: enqueue such a task after commit, when documents are stored at all.

With `DOCUMENTS_STORED` off (the test settings) every download is typeset as it is asked for.
"""

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction

logger = logging.getLogger(__name__)

# Change when what a PDF looks like changes outside its HTML (typesetting options, the fonts
# installed): every stored rendering then counts as stale and is typeset again.
RENDERING = "1"


@cache
def _renderer() -> str:
    """The typesetter's version, read without importing it (importing WeasyPrint loads pango)."""
    try:
        return "weasyprint " + metadata.version("weasyprint")
    except metadata.PackageNotFoundError:  # pragma: no cover - WeasyPrint is a dependency
        return "weasyprint"


@dataclass(frozen=True)
class Document:
    kind: str  # the folder of its kind: "invoices", "receipts", "credit-notes", "certificates"
    key: str  # the object's id within its kind
    shows: str  # everything the document shows (its HTML, without the day it is printed)
    typeset: Callable[[], bytes]  # the PDF, typeset now

    @property
    def folder(self) -> str:
        return f"{self.kind}/{self.key}"

    @property
    def name(self) -> str:
        """`<kind>/<id>/<digest of what it shows>.pdf`."""
        text = "\n".join((RENDERING, _renderer(), self.shows))
        return f"{self.folder}/{hashlib.sha256(text.encode()).hexdigest()[:40]}.pdf"


_fetchers = threading.local()


def _fetcher() -> Any:
    """This thread's URL fetcher for WeasyPrint: `data:` URLs only (made once per thread)."""
    fetcher = getattr(_fetchers, "fetcher", None)
    if fetcher is None:
        from weasyprint.urls import URLFetcher

        fetcher = _fetchers.fetcher = URLFetcher(allowed_protocols=("data",))
    return fetcher


def pdf_from_html(html: str, **options: Any) -> bytes:
    """`html` typeset as a PDF by WeasyPrint (`options` go to `write_pdf`).

    The documents' templates carry everything they show (styles inline, the QR code as a
    `data:` URL), so nothing else is fetched: a stylesheet, image or font named by any other
    URL is refused (WeasyPrint logs it and typesets without it), and typesetting never reaches
    the network, whatever a template comes to name. WeasyPrint's default fetcher, made anew for
    each document, also loaded the system's certificate authorities each time (about 30 ms of a
    document's 100 ms); one fetcher per thread is made once."""
    from weasyprint import HTML  # loads pango; only typesetting needs it

    document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=_fetcher())
    result: bytes = document.write_pdf(**options)
    return result


def stored() -> bool:
    return bool(getattr(settings, "DOCUMENTS_STORED", True))


def documents_storage() -> Storage:
    return storages["documents"]


def _read(name: str) -> bytes | None:
    try:
        with documents_storage().open(name, "rb") as file:
            content: bytes = file.read()
    except FileNotFoundError:
        return None
    except OSError as error:  # storage unreachable: typeset instead, as before
        logger.warning("Could not read the stored document %s: %s", name, error)
        return None
    return content or None


def _write(name: str, content: bytes) -> None:
    """Keep `content` under `name`. The storage writes a file whole or not at all; when another
    process kept the same rendering first, the copy saved beside it is removed (the two are the
    same document). A storage that fails is logged: the document is served all the same."""
    storage = documents_storage()
    try:
        saved = storage.save(name, ContentFile(content))
        if saved != name:
            storage.delete(saved)
    except OSError as error:
        logger.warning("Could not store the document %s: %s", name, error)


def document_pdf(document: Document) -> bytes:
    """The PDF a download serves: the stored rendering of what the document shows now, or, when
    none is stored yet (its task has not run, the worker is down, the file was removed), the PDF
    typeset now, kept for the next download (a file; no row, no task)."""
    if not stored():
        return document.typeset()
    name = document.name
    content = _read(name)
    if content is None:
        content = document.typeset()
        _write(name, content)
    return content


def document_store(document: Document) -> bool:
    """Typeset and keep the current rendering unless it is stored already, and remove the
    object's older renderings. True when it typeset. Safe to run any number of times."""
    name = document.name
    storage = documents_storage()
    made = False
    if not storage.exists(name):
        _write(name, document.typeset())
        made = True
    _prune(storage, document.folder, keep=name)
    return made


def _prune(storage: Storage, folder: str, *, keep: str) -> None:
    try:
        _folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for file in files:
        path = f"{folder}/{file}"
        if path != keep and file.endswith(".pdf"):
            storage.delete(path)


def render_later(task: Any, pk: int) -> None:
    """Enqueue `task(pk)` (which calls `document_store`) once the current transaction commits.
    Robust: the change is committed whatever happens here; a rendering that was not enqueued is
    typeset at its first download instead."""
    if stored():
        transaction.on_commit(lambda: task.enqueue(pk), robust=True)
