"""The versions of the signed-in person's data and of the data every person's pages share, read
with the person's row at no extra query (ADR 0071; the database's triggers write them,
`certify/core/data_versions.py`)."""

from typing import Any, cast

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from certify.accounts.backends import request_fact, request_fact_value
from certify.accounts.models import User
from certify.core.data_versions import SHARED
from certify.core.kept import may_keep_by_versions
from certify.core.models import DataVersion


def _version_of(key: Any) -> Coalesce:
    # No row: nothing changed since the triggers were installed (version 0).
    found = DataVersion.objects.filter(key=key).values("version")[:1]
    return Coalesce(Subquery(found), Value(0))


def _version_for(key: int) -> int:
    found = DataVersion.objects.filter(key=key).values_list("version", flat=True).first()
    return found or 0


request_fact(
    "data_version",
    annotation=lambda: _version_of(OuterRef("pk")),
    fallback=lambda user: _version_for(user.pk),
)
request_fact(
    "shared_data_version",
    annotation=lambda: _version_of(SHARED),
    fallback=lambda user: _version_for(SHARED),
)


def data_versions_of(user: User) -> tuple[int, int]:
    """(the person's data version, the shared version), as of the start of the request."""
    return (
        request_fact_value(user, "data_version"),
        request_fact_value(user, "shared_data_version"),
    )


def versions_key(request: HttpRequest, *parts: Any) -> tuple[Any, ...] | None:
    """The key of a page kept per process under the signed-in person's data versions: the
    person, both versions, then `parts` (whatever else the page depends on: the address, the
    day, the language). None when what is read now may not be kept (a POST, inside a
    transaction, a database without the triggers: `core.kept.may_keep_by_versions`). Read before
    any of the page's rows, so what is read after is as new as the versions or newer."""
    if not may_keep_by_versions(request):
        return None
    user = cast(User, request.user)  # signed in: the page requires a permission
    return (user.pk, data_versions_of(user), *parts)
