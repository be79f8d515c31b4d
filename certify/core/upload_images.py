"""Pictures are opened and decoded, not only typed by content: a decompression bomb (a small file
declaring a huge canvas) and a truncated or disguised file are refused before anything is kept."""

import warnings

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageFile

from certify.core.errors import DomainError

# What libmagic called the file decides the only decoder Pillow may use for it.
PILLOW_FORMATS: dict[str, str] = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}
DAMAGED = (
    "The picture is damaged or cut short, or is not the kind of picture it claims to be. "
    "Open it on your device, save it again as a PNG or JPEG and upload that copy."
)


def too_many_pixels() -> str:
    millions = settings.IMAGE_MAX_PIXELS / 1_000_000
    return (
        f"The picture is larger than we accept (at most {millions:g} million pixels); it may be "
        "damaged or malicious. Save it at a smaller size (a photo of 12 megapixels is plenty) "
        "and upload it again."
    )


def check_image(upload: UploadedFile, content_type: str) -> None:
    """Open the picture with the decoder of its type and Pillow's decompression-bomb limit set from
    `IMAGE_MAX_PIXELS`; above the limit Pillow warns and above twice the limit it refuses, and both
    are a refusal here. Then verify its structure (checksums, the end marker) and decode it, so a
    file cut short or a disguised one is refused too."""
    # Pillow reads the limit from a module global; set it on every check so that the setting (and a
    # test's override of it) is what holds, never an import-time default.
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
    # WeasyPrint, once imported, lets Pillow pad out truncated images (a global): not while a file
    # someone sent is checked. Its own images are Certify's, never truncated.
    padding_truncated, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    formats = [PILLOW_FORMATS[content_type]]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=formats) as image:
                _refuse_above_limit(image.size)
                image.verify()
            upload.seek(0)  # a verified image cannot be decoded: open it again
            with Image.open(upload, formats=formats) as image:
                # A JPEG decodes at an eighth of its size: every byte is still read and checked,
                # with a fraction of the memory.
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise DomainError(too_many_pixels(), field="file") from None
    except DomainError:
        raise
    except Exception:  # hostile input: whatever a decoder raises means the file is not a picture
        raise DomainError(DAMAGED, field="file") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = padding_truncated
        upload.seek(0)


def _refuse_above_limit(size: tuple[int, int]) -> None:
    """The warning filter above is process-wide (another thread may change it meanwhile), so the
    warning level is also compared here: the refusal never depends on the warning filters."""
    width, height = size
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise DomainError(too_many_pixels(), field="file")
