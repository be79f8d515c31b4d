"""The test suite. DATABASE_URL (set by tools/pgcluster.py) switches it to PostgreSQL."""

import os

from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DEMO_DATA_ALLOWED = True
# One folder per pytest-xdist worker and database run, so parallel workers (and `make test`'s
# SQLite and PostgreSQL runs, side by side) never share or delete each other's files. Without
# pytest-xdist a run is "main", except the browser tests' (CERTIFY_TEST_PROCESS, set by the
# Makefile), which run on SQLite beside `make test`'s SQLite suite in a process of its own.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER") or os.environ.get("CERTIFY_TEST_PROCESS", "main")
_RUN = "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
MEDIA_ROOT = BASE_DIR / "var" / f"test-media-{_RUN}-{_WORKER}"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / f"test-private-{_RUN}-{_WORKER}"
DOCUMENTS_ROOT = BASE_DIR / "var" / f"test-documents-{_RUN}-{_WORKER}"
# Files are written without waiting for the disk (`sync`, certify/core/storage.py): they are
# thrown away, and nothing a test sees changes (tests/core/test_storage_sync.py).
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "certify.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "sync": False},
    },
    "documents": {
        "BACKEND": "certify.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT, "sync": False},
    },
}
# Every download typesets its PDF, and nothing renders ahead (the matrix stubs the typesetter;
# a stored stub must never reach another test); tests/core/test_documents.py and the payments
# and certificates document tests turn storing on, each in a folder of its own.
DOCUMENTS_STORED = False
ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]
# Tests sign people in directly; tests/accounts/test_security.py turns the 2FA rule on.
MFA_REQUIRED_ROLES = ()
REPORTS_CACHE_SECONDS = 0  # figures always fresh; tests/reports turns the cache on to test it
API_PUBLIC_RATE = "100000/m"  # tests/rest/test_errors_and_tokens.py checks the real limit
API_TOKEN_RATE = "100000/m"  # tests/rest/test_rate_limits_and_fields.py checks the real limit
# tests/core/test_ratelimit.py checks the real page limits (PAGE_RATES of base.py)
PAGE_RATES = dict.fromkeys(PAGE_RATES, "100000/m")
# A second alias on the same test database for the read-replica router's tests; nothing routes
# to it unless a test sets READ_REPLICA_ALIAS (tests/core/test_db_router.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
# Each test process has its own memory cache, whatever the environment says (REDIS_URL is for
# deployments); tests/certificates/test_verification_cache.py turns the verification cache on.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SHARED_CACHE = False
SESSION_ENGINE = "django.contrib.sessions.backends.db"
VERIFICATION_CACHE_SECONDS = 0
