"""Candidate-owned objects (an application, a portfolio and its evidence, an invoice and its
receipts, a membership, a course step, a certificate's downloads), on the API and the pages,
answer someone who does not know of them exactly as an unknown id does: 404, the same body, so
the answer does not tell another candidate (or a reviewer, provider or sponsor who is not on
it) that the id exists. Those who know of it (its candidate, program staff, a reviewer assigned to
it: `known_by`) and still may not do this get 403, as `scholarships.rules.require` does for
other organizations' objects (docs/security.md)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404


def require_or_hide(user: Any, obj: Any, perm: str, *, known_by: str, known_of: Any = None) -> None:
    """Refuse unless `user` holds `perm` on `obj`: 403 when they hold `known_by` on it (or on
    `known_of`, the object it belongs to: a portfolio's evidence file, an invoice's payment),
    so they know it exists, else the 404 an unknown id gets."""
    if user.has_perm(perm, obj):
        return
    known = obj if known_of is None else known_of
    if (perm != known_by or known is not obj) and user.has_perm(known_by, known):
        raise PermissionDenied
    raise Http404
