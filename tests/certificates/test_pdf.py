"""The certificate PDF: PDF/A, names in any script, and a QR code to the verification page."""

import io

import pytest
from pypdf import PdfReader

from certify.certificates.documents import QR_BORDER, certificate_pdf, qr_code
from tests.certificates.conftest import finish, nearly_done


@pytest.fixture
def pdf_and_certificate(program):
    application, last = nearly_done(program, name="Zoë Okafor 王小明 محمد")
    finish(last)
    certificate = application.certificate
    return PdfReader(io.BytesIO(certificate_pdf(certificate=certificate))), certificate


def _fonts(page) -> set[str]:
    fonts = page["/Resources"]["/Font"]
    return {str(fonts[name].get_object()["/BaseFont"]) for name in fonts}


def test_the_certificate_pdf(pdf_and_certificate):
    reader, certificate = pdf_and_certificate
    url = f"http://127.0.0.1:8000/verify/{certificate.number}/"
    # PDF/A-3b: the XMP identification and an output intent (sRGB).
    raw_xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in raw_xmp
    assert 'pdfaid:conformance="B"' in raw_xmp
    assert reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert len(reader.pages) == 1
    page = reader.pages[0]
    text = page.extract_text()
    for shown in (certificate.number, "Library Support Staff Certification Program", url):
        assert shown in text.replace("\n", "")
    # Names in any script: the glyphs come from fonts that have them.
    fonts = _fonts(page)
    assert any("CJK" in f for f in fonts), fonts
    assert any("Arabic" in f or "Naskh" in f for f in fonts), fonts
    # The QR code and the link go to the verification page.
    links = [a.get_object()["/A"]["/URI"] for a in page["/Annots"]]
    assert url in links
    (image,) = [i for i in page.images if i.image.size[0] == i.image.size[1]]
    assert _modules(image.image) == [list(row) for row in qr_code(url).matrix]


def _modules(picture) -> list[list[int]]:
    """Read the QR code's modules from the embedded PNG (1 = dark)."""
    grey = picture.convert("L")
    size = grey.size[0]
    # The PNG has QR_BORDER light modules around the symbol; find the module size from the
    # finder pattern: the first dark pixel is at QR_BORDER modules from the edge.
    first_dark = next(x for x in range(size) if grey.getpixel((x, x)) < 128)
    scale = first_dark // QR_BORDER
    modules = size // scale - 2 * QR_BORDER
    return [
        [
            1 if grey.getpixel(((QR_BORDER + c) * scale + scale // 2,
                                (QR_BORDER + r) * scale + scale // 2)) < 128 else 0
            for c in range(modules)
        ]
        for r in range(modules)
    ]  # fmt: skip
