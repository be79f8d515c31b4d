"""Health checks for load balancers and monitoring. Public, and they say nothing private.

`/health/` answers without touching the database (is this process up?). `/health/ready/` also
asks the databases the app uses for `SELECT 1`:

- the primary answers (and the replica, when one is configured): 200, status "ok";
- the replica does not answer but the primary does: 200, status "degraded", the replica marked
  "degraded": the site still serves every page, its read-only pages from the primary
  (`certify/core/db_router.py` skips the replica), so a load balancer must keep sending traffic;
- the primary does not answer: 503, status "unavailable": nothing can be written.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from certify.core.db_router import mark_replica_down, mark_replica_up


@never_cache
@require_safe
def live(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def _answers(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Error:
        return False
    return True


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    primary = _answers(DEFAULT_DB_ALIAS)
    databases = {DEFAULT_DB_ALIAS: "ok" if primary else "unavailable"}
    detail = "" if primary else "The primary database does not answer: nothing can be written."
    status = "ok" if primary else "unavailable"
    replica = settings.READ_REPLICA_ALIAS
    if replica:
        if _answers(replica):
            databases[replica] = "ok"
            mark_replica_up()  # reads may go back to it at once
        else:
            databases[replica] = "degraded"
            mark_replica_down(replica)
            if primary:
                status = "degraded"
                detail = "The read replica does not answer: reads are served from the primary."
    body: dict[str, object] = {"status": status, "databases": databases}
    if detail:
        body["detail"] = detail
    return JsonResponse(body, status=200 if primary else 503)
