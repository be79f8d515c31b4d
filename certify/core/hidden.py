"""Candidate-owned objects (an application, a portfolio), on the API and the pages, answer
someone who does not know of them exactly as an unknown id does: 404, the same body, so the
answer does not tell another candidate (or a reviewer, provider or sponsor who is not on it)
that the id exists. Those who know of it (its candidate, program staff, a reviewer assigned to
it: `known_by`) and still may not do this get 403, as `scholarships.rules.require` does for
other organizations' objects (docs/security.md)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404


def require_or_hide(user: Any, obj: Any, perm: str, *, known_by: str) -> None:
    """Refuse unless `user` holds `perm` on `obj`: 403 when they hold `known_by` on it (they
    know it exists), else the 404 an unknown id gets."""
    if user.has_perm(perm, obj):
        return
    if perm != known_by and user.has_perm(known_by, obj):
        raise PermissionDenied
    raise Http404
