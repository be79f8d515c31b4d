"""Pictures are opened with Pillow under its decompression-bomb limit (`IMAGE_MAX_PIXELS`, set
explicitly), verified and decoded: the limit holds at its edge, a bomb is refused at Pillow's
warning level and at its error level, and a truncated or disguised picture is refused."""

import warnings

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from certify.core.errors import DomainError
from certify.core.uploads import check_upload
from tests.files import picture, png_declaring

TOO_LARGE = "The picture is larger than we accept"
DAMAGED = "The picture is damaged or cut short"


def check(data, name="photo.png"):
    return check_upload(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(
    ("format", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
def test_real_pictures_are_accepted(format, content_type):
    assert check(picture(40, 30, format=format)).content_type == content_type


def test_the_pixel_limit_at_its_edge(settings):
    settings.IMAGE_MAX_PIXELS = 1200
    check(picture(40, 30))  # 1,200 pixels: exactly the limit
    with pytest.raises(DomainError, match=TOO_LARGE):
        check(picture(41, 30))  # 1,230: Pillow's warning level, refused all the same
    assert Image.MAX_IMAGE_PIXELS == 1200  # the setting is what Pillow used


def test_a_tiny_png_declaring_30000_by_30000_pixels_is_refused():
    bomb = png_declaring(30_000, 30_000)
    assert len(bomb) < 100

    with pytest.raises(DomainError, match=TOO_LARGE) as refused:
        check(bomb)
    assert "50 million pixels" in refused.value.message


def test_a_bomb_at_pillows_warning_level_is_refused_whatever_the_warning_filters(settings):
    """Between the limit and twice the limit Pillow only warns; ignored warnings change nothing."""
    settings.IMAGE_MAX_PIXELS = 50_000_000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(DomainError, match=TOO_LARGE):
            check(png_declaring(8_000, 8_000))  # 64 million pixels


@pytest.mark.parametrize("padded", [False, True], ids=["pillow-default", "as-weasyprint-sets-it"])
def test_a_truncated_picture_is_refused(monkeypatch, padded):
    """Also when Pillow was told to pad out truncated images (WeasyPrint does, once imported)."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", padded)
    whole = picture(200, 200, format="JPEG")
    check(whole)
    with pytest.raises(DomainError, match=DAMAGED):
        check(whole[: len(whole) // 2])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is padded  # given back as it was


def test_a_png_cut_before_its_end_is_refused():
    whole = picture(64, 64)
    with pytest.raises(DomainError, match=DAMAGED):
        check(whole[:-12])  # without its end marker


def test_a_disguised_file_is_refused():
    """A PNG's signature and header, then script: typed as a PNG by libmagic, not a picture."""
    header = picture(64, 64)[:33]  # the signature and the IHDR chunk
    with pytest.raises(DomainError, match=DAMAGED):
        check(header + b"<script>alert(1)</script>" * 40)
