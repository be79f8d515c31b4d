from typing import cast

from django.http import HttpRequest

from certify.accounts.models import User


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))
