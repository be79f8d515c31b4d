from typing import cast

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest

from certify.accounts.models import User


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def private_file_response(file: FieldFile, *, name: str, content_type: str) -> FileResponse:
    """A private file as an attachment that the browser will neither sniff nor run."""
    safe = name.replace("/", "-").replace("\\", "-").replace('"', "") or "file"
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=safe, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
