"""The staff queue of applications: filters, status chips and a page of rows, kept for the
minute under the applications' data version when the cache is shared (ADR 0065)."""

import hashlib
from typing import cast

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from certify.accounts.models import Role, User
from certify.applications import selectors
from certify.applications.forms import QueueFilterForm
from certify.applications.models import Application
from certify.casework.api import MINE
from certify.core.chips import status_chips
from certify.core.decorators import permission_required
from certify.core.kept import render_around


@permission_required("applications.review_applications")
def queue(request: HttpRequest) -> HttpResponse:
    """The staff queue. With a shared cache its content (counts, filters, the page of rows) is
    kept for the minute, filed under the applications' data version: any application saved or
    deleted starts a new version at once; other changes (a candidate's name, "3 days ago") show
    within the minute. The version and the kept content are read in one round trip: the content
    is kept with the version it was made under and used only while that is still the version."""
    query = request.GET.urlencode()
    # "Assigned to me" differs for each person, and so does a queue that may hold the viewer's
    # own application (marked "Your own application", without the staff page's link: ADR 0048).
    # Only a candidate can have one; the roles come with the signed-in person (no query).
    viewer = cast(User, request.user)
    if request.GET.get("assigned") == MINE or viewer.has_role(Role.CANDIDATE):
        query += f"&viewer={request.user.pk}"
    query = hashlib.sha256(query.encode()).hexdigest()[:24]
    minute = timezone.now().strftime("%Y%m%d%H%M")
    key = f"applications:queue:utf8:{minute}:{query}"
    version, kept = selectors.queue_version_and(key)
    if version is None:
        return render(request, "applications/queue.html", {"content": _queue_content(request)})
    if isinstance(kept, tuple) and kept[0] == version:
        content = kept[1]
    else:
        # Kept as UTF-8 bytes: served without decoding and encoding it again (ADR 0065).
        content = _queue_content(request, version=version).encode()
        cache.set(key, (version, content), QUEUE_PAGE_SECONDS)
    return render_around(request, "applications/queue.html", {}, content)


QUEUE_PAGE_SECONDS = 120


def _queue_content(request: HttpRequest, *, version: str | None = None) -> str:
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    counts = selectors.queue_counts(version)
    page = selectors.application_queue_page(
        page=request.GET.get("page"),
        counts=counts,
        status=data.get("status", ""),
        flagged=data.get("flagged", False),
        outside_us=data.get("outside_us", False),
        country=data.get("country") or "",
        waiting_days=data.get("waiting_days"),
        search=data.get("q", ""),
        assigned=data.get("assigned", ""),
        viewer=cast(User, request.user),
        program=data.get("program") or "",
        late=(
            selectors.late_q(
                waited_days=selectors.DEFAULT_TARGET_DAYS,
                program_days=selectors.program_target_days(),
            )
            if data.get("late")
            else None
        ),
    )
    choices = [c for c in Application.Status.choices if c[0] != Application.Status.DRAFT]
    chips = status_chips(
        request,
        choices=choices,
        counts=counts,
        current=data.get("status", ""),
        total=("", "Waiting for staff or candidate"),
        total_count=sum(counts.get(s, 0) for s in selectors.QUEUE_STATUSES),
    )
    return render_to_string(
        "applications/partials/queue_content.html",
        {"form": form, "page": page, "chips": chips},
        request=request,
    )
