"""System checks of the deployment's shape.

`certify.E001`: rate-limit counters (and the kept verification pages, and sessions) live in the
cache. The default cache is each process's own memory, so with several gunicorn workers or
several app servers every process would count its own requests: each limit multiplied by the
number of processes, and failed sign-ins counted apart. With more than one, a shared cache is
required (settings.SHARED_CACHE: REDIS_URL or CACHE_BACKEND=database).

Django runs the check with `manage.py check` and before `migrate`; `gunicorn.conf.py` runs it
when gunicorn starts, with the worker count gunicorn is about to use, and gunicorn stops there.
"""

from typing import Any

from django.conf import settings
from django.core import checks

SHARED_CACHE_HINT = (
    "Set REDIS_URL=redis://host:6379/0 (or CACHE_BACKEND=database, then run "
    "`manage.py createcachetable` once) on every app server, or run one worker on one server "
    "(WEB_CONCURRENCY=1, APP_SERVERS=1)."
)


def shared_cache_errors(*, workers: int, servers: int) -> list[checks.CheckMessage]:
    if settings.SHARED_CACHE or (workers <= 1 and servers <= 1):
        return []
    return [
        checks.Error(
            f"{workers} worker(s) on {servers} app server(s) without a shared cache: each "
            "process would keep its own rate-limit counters, multiplying every limit.",
            hint=SHARED_CACHE_HINT,
            id="certify.E001",
        )
    ]


@checks.register("certify")
def shared_cache_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return shared_cache_errors(workers=settings.APP_WORKERS, servers=settings.APP_SERVERS)
