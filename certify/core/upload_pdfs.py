"""PDFs are opened with pypdf, within bounds, before anything is kept: their size and number of
pages are capped (`PDF_MAX_BYTES`, `PDF_MAX_PAGES`), encrypted and broken ones are refused, and
reading one costs bounded work whatever it declares."""

from typing import Any, cast

import pypdf
import pypdf.errors
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject, PdfObject

from certify.core.errors import DomainError

# Object streams (compressed groups of objects, where page-tree nodes often live) are the only
# streams inflated to count pages, and together they may expand to at most this many times the
# file, and never more than `MAX_EXPANDED_BYTES`: the rule office files have (core.uploads).
MAX_EXPANSION_RATIO = 100
MAX_EXPANDED_BYTES = 64 * 1024 * 1024
# pypdf's own limits, set for every read: one stream inflates to at most this much ...
MAX_STREAM_BYTES = 16 * 1024 * 1024
# ... and a page tree is at most this deep (real ones are two or three levels).
MAX_PAGE_TREE_DEPTH = 32
DAMAGED = (
    "The PDF is damaged and cannot be opened. Open it on your computer, save or print it to a new "
    "PDF and upload that copy."
)
EXPANDS = "The PDF expands to far more than its size; it may be damaged or malicious."


class _OverBudgetError(Exception):
    pass


class _BoundedReader(pypdf.PdfReader):
    """pypdf's reader, charging every object stream it inflates to one budget: pypdf bounds each
    stream, this bounds them all together (and the memory its cache of inflated streams holds)."""

    def __init__(self, stream: Any, *, budget: int) -> None:
        self._budget = budget
        self._charged: set[int] = set()
        super().__init__(stream, strict=False)

    def get_object(self, indirect_reference: int | IndirectObject) -> PdfObject | None:
        if self._budget < 0:  # spent: stays refused even if pypdf caught the first refusal
            raise _OverBudgetError
        found = super().get_object(indirect_reference)
        number = (
            indirect_reference if isinstance(indirect_reference, int) else indirect_reference.idnum
        )
        located = self.xref_objStm.get(number)
        if located is not None and located[0] not in self._charged:
            self._charged.add(located[0])
            container = super().get_object(located[0])  # already inflated and cached by pypdf
            self._budget -= len(container.get_data()) if container is not None else 0  # type: ignore[attr-defined]
            if self._budget < 0:
                raise _OverBudgetError
        return found


def _pypdf_limits(size: int) -> dict[str, int]:
    return {
        "maximum_declared_stream_length": max(1, size),  # no stream is longer than its file
        "array_based_stream_maximum_output_length": MAX_STREAM_BYTES,
        "zlib_maximum_output_length": MAX_STREAM_BYTES,
        "lzw_maximum_output_length": MAX_STREAM_BYTES,
        "run_length_maximum_output_length": MAX_STREAM_BYTES,
        "jbig2_maximum_output_length": MAX_STREAM_BYTES,
        "brotli_maximum_output_length": MAX_STREAM_BYTES,
        "stream_decoding_work_maximum_length": 2 * MAX_STREAM_BYTES,
        "array_maximum_element_count": 100_000,
        "dictionary_maximum_element_count": 100_000,
        "page_tree_maximum_depth": MAX_PAGE_TREE_DEPTH,
        "page_tree_maximum_entries": 2 * settings.PDF_MAX_PAGES + 100,
        "page_tree_maximum_page_entries": 200 * settings.PDF_MAX_PAGES,
    }


def check_pdf(upload: UploadedFile) -> None:
    """Refuse a PDF that is too large, encrypted, damaged, has more than `PDF_MAX_PAGES` pages or
    declares a page count its page tree does not hold. Pages are counted by walking the page tree;
    no page's content is ever inflated."""
    size = upload.size or 0
    limit = settings.PDF_MAX_BYTES
    if size > limit:
        raise DomainError(
            f"The PDF is {filesizeformat(size)}; the largest PDF we accept is "
            f"{filesizeformat(limit)}. Save it with smaller pictures, or upload only the pages "
            "that show your work.",
            field="file",
        )
    budget = min(MAX_EXPANDED_BYTES, MAX_EXPANSION_RATIO * max(1, size))
    upload.seek(0)
    try:
        with pypdf.apply_configuration(None, **_pypdf_limits(size)):
            reader = _BoundedReader(upload, budget=budget)
            if reader.is_encrypted:
                raise DomainError(
                    "The PDF is encrypted or protected with a password, so reviewers could not "
                    "open it. Save a copy without protection and upload that.",
                    field="file",
                )
            pages, declared = _count_pages(reader, stop_after=settings.PDF_MAX_PAGES)
    except DomainError:
        raise
    except (_OverBudgetError, pypdf.errors.LimitReachedError):  # ours, or one of pypdf's limits
        raise DomainError(EXPANDS, field="file") from None
    except Exception:  # hostile input: whatever the parser raises means the file cannot be read
        raise DomainError(DAMAGED, field="file") from None
    finally:
        upload.seek(0)
    if pages > settings.PDF_MAX_PAGES:
        raise DomainError(
            f"The PDF has more than {settings.PDF_MAX_PAGES} pages, the most we accept. Upload "
            "the pages that show the competency, or split the document.",
            field="file",
        )
    if declared != pages:
        raise DomainError(DAMAGED, field="file")


def _count_pages(reader: pypdf.PdfReader, *, stop_after: int) -> tuple[int, object]:
    """The pages the tree really holds (counting stops past `stop_after`), and the count its top
    declares. Each node is visited once: a node reached twice (a loop, or a page listed twice) or a
    tree deeper than `MAX_PAGE_TREE_DEPTH` is damage."""
    catalog = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    top = catalog["/Pages"]
    count = cast(DictionaryObject, top.get_object()).get("/Count")
    declared = int(count) if isinstance(count, NumberObject) else count
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(top, 0)]
    pages = 0
    while stack:
        reference, depth = stack.pop()
        if depth > MAX_PAGE_TREE_DEPTH:
            raise ValueError("page tree too deep")
        if isinstance(reference, IndirectObject):
            if reference.idnum in seen:
                raise ValueError("page tree node reached twice")
            seen.add(reference.idnum)
        node = reference.get_object()
        if not isinstance(node, DictionaryObject):
            raise ValueError("page tree node is not a dictionary")
        if node.get("/Type") == "/Pages" or ("/Type" not in node and "/Kids" in node):
            kids = node.get("/Kids", ArrayObject()).get_object()
            if not isinstance(kids, ArrayObject):
                raise ValueError("/Kids is not an array")
            stack.extend((kid, depth + 1) for kid in reversed(kids))
        else:
            pages += 1
            if pages > stop_after:
                break
    return pages, declared
