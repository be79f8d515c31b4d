"""Local development: `make run`. Never use in production."""

from urllib.parse import urlsplit

from .base import *

DEBUG = True
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"
# `make run ADDR=…` serves there: links in pages and e-mails use that address (settings/served.py).
if os.environ.get("CERTIFY_SERVED_ADDR") and not os.environ.get("SITE_URL"):
    from .served import site_url_for

    SITE_URL = site_url_for(os.environ["CERTIFY_SERVED_ADDR"])
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
if (_site_host := urlsplit(SITE_URL).hostname or "") and _site_host not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(f"[{_site_host}]" if ":" in _site_host else _site_host)
INTERNAL_IPS = ["127.0.0.1"]

if not os.environ.get("EMAIL_HOST"):
    # Mail lands as files in var/mail so you can open verification links.
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": BASE_DIR / "var" / "mail"},
        }
    }

# The demo accounts sign in without an authenticator app; production requires one for staff
# and reviewers (MFA_REQUIRED_ROLES in base.py).
MFA_REQUIRED_ROLES = ()

# manage.py seed_demo refuses to run unless this is true.
DEMO_DATA_ALLOWED = True
