"""Production: every secret from the environment; HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY in the environment.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) in the environment.")

DEBUG = False
CSRF_TRUSTED_ORIGINS = [SITE_URL]
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# WhiteNoise serves the collected, compressed static files right after SecurityMiddleware.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
DEMO_DATA_ALLOWED = False
# How many app processes count requests: gunicorn's worker count (WEB_CONCURRENCY, which gunicorn
# also reads; gunicorn.conf.py sets it from --workers) and the number of app servers. More than
# one needs a shared cache, or every process would count its own rate limits: the system check
# `certify.E001` (certify/core/checks.py) refuses to start without one.
APP_WORKERS = int(os.environ.get("WEB_CONCURRENCY", "1"))
APP_SERVERS = int(os.environ.get("APP_SERVERS", "1"))
