"""Local development: `make run`. Never use in production."""

from .base import *

DEBUG = True
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
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
