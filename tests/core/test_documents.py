"""Stored documents (ADR 0058): named by what they show, typeset once, never served stale."""

import pytest
from django.core.files.storage import storages

from certify.core import documents
from certify.core.documents import Document, document_pdf, document_store


class Typesetter:
    """Stands in for WeasyPrint: counts its calls and prints what it was given."""

    def __init__(self) -> None:
        self.calls = 0

    def document(self, shows: str, key: str = "7") -> Document:
        def typeset() -> bytes:
            self.calls += 1
            return f"%PDF {shows} #{self.calls}".encode()

        return Document(kind="invoices", key=key, shows=shows, typeset=typeset)


@pytest.fixture
def typesetter() -> Typesetter:
    return Typesetter()


def test_without_storing_every_download_is_typeset(settings, typesetter):
    settings.DOCUMENTS_STORED = False
    assert document_pdf(typesetter.document("open")) == b"%PDF open #1"
    assert document_pdf(typesetter.document("open")) == b"%PDF open #2"


def test_a_download_typesets_once_then_serves_the_stored_file(stored_documents, typesetter):
    first = document_pdf(typesetter.document("open"))
    assert first == b"%PDF open #1"
    assert [p.read_bytes() for p in (stored_documents / "invoices" / "7").glob("*.pdf")] == [first]
    assert document_pdf(typesetter.document("open")) == first  # from storage
    assert typesetter.calls == 1


def test_what_it_shows_names_it_so_a_change_is_never_served_from_an_old_file(
    stored_documents, typesetter
):
    assert document_pdf(typesetter.document("open")) == b"%PDF open #1"
    assert document_pdf(typesetter.document("void")) == b"%PDF void #2"
    assert document_pdf(typesetter.document("open", key="8")) == b"%PDF open #3"  # its own folder
    assert typesetter.document("open").name != typesetter.document("void").name
    assert typesetter.document("open").name.startswith("invoices/7/")


def test_a_new_renderer_makes_every_stored_file_stale(monkeypatch, typesetter):
    before = typesetter.document("open").name
    monkeypatch.setattr(documents, "RENDERING", documents.RENDERING + "-next")
    assert typesetter.document("open").name != before


def test_the_task_keeps_the_current_rendering_and_removes_older_ones(stored_documents, typesetter):
    assert document_store(typesetter.document("open")) is True
    assert document_store(typesetter.document("open")) is False  # already there: not again
    assert typesetter.calls == 1
    assert document_store(typesetter.document("void")) is True
    kept = list((stored_documents / "invoices" / "7").iterdir())
    assert [p.name for p in kept] == [typesetter.document("void").name.split("/")[-1]]
    assert document_pdf(typesetter.document("void")) == b"%PDF void #2"


def test_a_file_stored_meanwhile_by_another_process_is_kept_once(stored_documents, typesetter):
    document = typesetter.document("open")
    storages["documents"].save(document.name, documents.ContentFile(b"%PDF the same"))
    documents._write(document.name, b"%PDF the same")  # a second, racing download
    assert len(list((stored_documents / "invoices" / "7").iterdir())) == 1


def test_a_storage_that_fails_still_serves_the_document(stored_documents, typesetter, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(storages["documents"], "save", broken)
    monkeypatch.setattr(storages["documents"], "open", broken)
    assert document_pdf(typesetter.document("open")) == b"%PDF open #1"
    assert document_pdf(typesetter.document("open")) == b"%PDF open #2"


def test_rendering_later_enqueues_after_commit_and_only_when_storing(
    db, settings, stored_documents, django_capture_on_commit_callbacks
):
    ran = []

    class Task:
        @staticmethod
        def enqueue(pk: int) -> None:
            ran.append(pk)

    with django_capture_on_commit_callbacks(execute=True):
        documents.render_later(Task, 5)
        assert ran == []  # not before the change commits
    assert ran == [5]
    settings.DOCUMENTS_STORED = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        documents.render_later(Task, 6)
    assert callbacks == []
    assert ran == [5]


# --- Typesetting: only what the document carries ------------------------------------------------

# A 1x1 PNG, as the certificate carries its QR code.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
    "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.mark.database_free
def test_a_document_shows_its_data_images_and_fetches_nothing_else(monkeypatch, tmp_path):
    import base64
    import socket

    attempts: list[object] = []

    def no_network(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network here")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    carried = documents.pdf_from_html(
        f"<p>Paid</p><img src='{PIXEL}' alt=''>", uncompressed_pdf=True
    )
    assert carried.startswith(b"%PDF")
    assert b"/Subtype /Image" in carried
    on_disk = tmp_path / "pixel.png"
    on_disk.write_bytes(base64.b64decode(PIXEL.partition(",")[2]))
    named = documents.pdf_from_html(
        "<link rel=stylesheet href='https://example.com/a.css'>"
        "<img src='http://127.0.0.1:9/x.png' alt=''><img src='/static/x.png' alt=''>"
        f"<img src='{on_disk.as_uri()}' alt=''><p>Paid</p>",
        uncompressed_pdf=True,
    )
    assert named.startswith(b"%PDF")
    assert b"/Subtype /Image" not in named  # not even the file on this machine
    assert attempts == []  # nothing was asked of the network


@pytest.mark.database_free
def test_each_thread_makes_its_fetcher_once():
    import threading

    first = documents._fetcher()
    assert documents._fetcher() is first
    other = []
    thread = threading.Thread(target=lambda: other.append(documents._fetcher()))
    thread.start()
    thread.join()
    assert other[0] is not first
