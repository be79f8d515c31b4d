"""gunicorn's settings for Certify: gunicorn reads this file when started from this folder (or
with `-c gunicorn.conf.py`). It sets no flags of its own; it only checks, before any worker
starts, that the deployment can count rate limits.

The worker count is gunicorn's: `--workers`, or `WEB_CONCURRENCY` (gunicorn's own default).
Production refuses to start with more than one worker, or more than one app server
(`APP_SERVERS`), without a shared cache, since every process would count rate limits on its own
(certify/core/checks.py, `certify.E001`).
"""

import os


def on_starting(server) -> None:  # gunicorn calls it with its arbiter
    workers = server.cfg.workers
    # The app's settings read the worker count from here (APP_WORKERS), whatever set it.
    os.environ["WEB_CONCURRENCY"] = str(workers)
    app = getattr(server.app, "app_uri", None) or server.cfg.wsgi_app or ""
    if not str(app).startswith("certify."):
        return  # another app (e.g. bench/anchor.py, served with the same flags)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certify.settings.production")  # as wsgi.py
    import django
    from django.conf import settings

    django.setup()
    from certify.core.checks import shared_cache_errors

    errors = shared_cache_errors(workers=workers, servers=settings.APP_SERVERS)
    if errors:
        raise RuntimeError("\n".join(f"{e.msg}\nHINT: {e.hint} ({e.id})" for e in errors))
