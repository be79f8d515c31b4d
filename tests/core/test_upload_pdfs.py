"""PDFs are opened with pypdf within bounds: page and size caps at their edges, encrypted and broken
files, page trees that loop, nest too deep or lie about their count, and object streams that
inflate far beyond the file are refused; no page content is ever inflated to count pages."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from certify.core.errors import DomainError
from certify.core.upload_pdfs import MAX_PAGE_TREE_DEPTH, MAX_STREAM_BYTES
from certify.core.uploads import check_upload
from tests.files import pdf


def build_pdf(objects, *, in_stream=None, padding=0, root=1):
    """A PDF from numbered objects (bytes between `obj` and `endobj`); the objects of `in_stream`
    live in one object stream, followed by `padding` spaces (which inflate and parse as nothing).
    With an object stream the cross-reference is a stream too (as PDF 1.5 writes it)."""
    in_stream = in_stream or {}
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    size = max([*objects, *in_stream]) + 1
    if not in_stream:
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            out += b"%010d 00000 n \n" % offsets.get(number, 0)
        out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
        return bytes(out)
    stream_number, xref_number = size, size + 1
    header, body, index = b"", b"", {}
    for position, (number, obj) in enumerate(sorted(in_stream.items())):
        header += b"%d %d " % (number, len(body))
        body += obj + b"\n"
        index[number] = position
    data = zlib.compress(header + body + b" " * padding)
    offsets[stream_number] = len(out)
    out += (
        b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
        % (stream_number, len(in_stream), len(header), len(data))
        + data
        + b"\nendstream\nendobj\n"
    )
    total = xref_number + 1
    offsets[xref_number] = len(out)
    rows = b""
    for number in range(total):
        if number in index:
            rows += struct.pack(">BIH", 2, stream_number, index[number])
        elif number in offsets:
            rows += struct.pack(">BIH", 1, offsets[number], 0)
        else:
            rows += struct.pack(">BIH", 0, 0, 65535)
    out += (
        b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root %d 0 R/Length %d>>\nstream\n"
        % (xref_number, total, root, len(rows))
        + rows
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


CATALOG = b"<</Type/Catalog/Pages 2 0 R>>"


def page(parent=2):
    return b"<</Type/Page/Parent %d 0 R/MediaBox[0 0 612 792]>>" % parent


def pages_tree(count, *, declared=None):
    """A catalog, one /Pages node and `count` pages; the node declares `declared` pages."""
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(count))
    declared = count if declared is None else declared
    objects = {1: CATALOG, 2: b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, declared)}
    objects.update({3 + n: page() for n in range(count)})
    return build_pdf(objects)


def check(data, name="evidence.pdf"):
    return check_upload(SimpleUploadedFile(name, data))


def test_a_real_pdf_is_accepted():
    checked = check(pdf(3))
    assert (checked.content_type, checked.extension) == ("application/pdf", ".pdf")


def test_the_page_cap_at_its_edge(settings):
    settings.PDF_MAX_PAGES = 3
    check(pdf(3))
    with pytest.raises(DomainError, match="more than 3 pages, the most we accept"):
        check(pdf(4))


def test_the_size_cap_at_its_edge(settings):
    data = pdf(1)
    settings.PDF_MAX_BYTES = len(data)
    check(data)
    settings.PDF_MAX_BYTES = len(data) - 1
    with pytest.raises(DomainError, match="the largest PDF we accept is"):
        check(data)


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=io.BytesIO(pdf(1)))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert PdfReader(io.BytesIO(buffer.getvalue())).is_encrypted

    with pytest.raises(DomainError, match="encrypted or protected with a password"):
        check(buffer.getvalue())


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 40,  # a PDF header, then noise
        pdf(1)[:60],  # cut short before its pages
        build_pdf({1: b"<</Type/Catalog>>"}),  # no page tree at all
    ],
    ids=["noise", "cut-short", "no-pages"],
)
def test_a_broken_pdf_is_refused(data):
    with pytest.raises(DomainError, match="The PDF is damaged and cannot be opened"):
        check(data)


def test_a_page_tree_that_loops_is_refused():
    looping = build_pdf({1: CATALOG, 2: b"<</Type/Pages/Kids[3 0 R 2 0 R]/Count 2>>", 3: page()})
    with pytest.raises(DomainError, match="damaged"):
        check(looping)


def test_a_page_listed_twice_is_refused():
    twice = build_pdf({1: CATALOG, 2: b"<</Type/Pages/Kids[3 0 R 3 0 R]/Count 2>>", 3: page()})
    with pytest.raises(DomainError, match="damaged"):
        check(twice)


def test_a_page_tree_nested_too_deep_is_refused():
    def chain(depth):
        objects = {1: CATALOG}
        for level in range(depth):
            objects[2 + level] = b"<</Type/Pages/Kids[%d 0 R]/Count 1>>" % (3 + level)
        objects[2 + depth] = page(1 + depth)
        return build_pdf(objects)

    check(chain(MAX_PAGE_TREE_DEPTH))
    with pytest.raises(DomainError, match="damaged"):
        check(chain(MAX_PAGE_TREE_DEPTH + 1))


def test_a_page_count_that_is_a_lie_is_refused(settings):
    settings.PDF_MAX_PAGES = 3
    check(pages_tree(3))
    # It says one page and holds four: counted, not believed.
    with pytest.raises(DomainError, match="more than 3 pages"):
        check(pages_tree(4, declared=1))
    # It says a million pages and holds one: a viewer believing it would stall.
    with pytest.raises(DomainError, match="damaged"):
        check(pages_tree(1, declared=1_000_000))


@pytest.mark.parametrize(
    "padding",
    [MAX_STREAM_BYTES // 2, MAX_STREAM_BYTES + 1],
    ids=["over-the-budget-of-the-file", "over-pypdfs-stream-limit"],
)
def test_an_object_stream_that_inflates_far_beyond_the_file_is_refused(padding):
    tree = {2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>", 3: page()}
    normal = build_pdf({1: CATALOG}, in_stream=tree)
    check(normal)  # pages in an object stream are counted
    bomb = build_pdf({1: CATALOG}, in_stream=tree, padding=padding)
    assert len(bomb) < 100 * 1024  # megabytes of page tree in a file of a few kilobytes

    with pytest.raises(DomainError, match="expands to far more than its size"):
        check(bomb)


def test_page_contents_are_never_inflated_to_count_pages():
    """A page whose content is a bomb larger than pypdf may inflate: accepted, because counting
    pages never reads a page's content (reviewers' viewers render a page at a time)."""
    bomb = zlib.compress(b"\0" * (2 * MAX_STREAM_BYTES))
    data = build_pdf(
        {
            1: CATALOG,
            2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>",
            4: b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(bomb) + bomb + b"\nendstream",
        }
    )
    check(data)
