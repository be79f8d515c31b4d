"""Health checks for load balancers and monitoring. Public, and they say nothing private.

`/health/` answers without touching the database (is this process up?): it is also the bench's
baseline, the fastest answer the full middleware stack can give. `/health/ready/` also asks
the databases the app uses (the primary and, when configured, the read replica) for `SELECT 1` and
answers 503 when one does not reply.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def live(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    databases: dict[str, str] = {}
    aliases = [DEFAULT_DB_ALIAS]
    if settings.READ_REPLICA_ALIAS:
        aliases.append(settings.READ_REPLICA_ALIAS)
    for alias in aliases:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            databases[alias] = "ok"
        except DatabaseError:
            databases[alias] = "unavailable"
    healthy = all(state == "ok" for state in databases.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "databases": databases},
        status=200 if healthy else 503,
    )
