"""Settings shared by every environment. Environment files import this and override."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

# The public address of the site, used in e-mails, CASE URIs and credentials.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# What account e-mails call the site before a program is loaded (then: the default program).
SITE_NAME = os.environ.get("SITE_NAME", "Certify")
# Whom to write to about the site itself (the abuse line of e-mail sent on someone's behalf that
# no program signs, the footer of e-mails the site signs, the error pages). Empty: the contact
# address of the default program below, as its staff set it (certify/programs/contact.py).
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", "").strip()
# The program served at "/".
DEFAULT_PROGRAM = os.environ.get("DEFAULT_PROGRAM", "lsscp")

INSTALLED_APPS = [
    "certify.core.admin_config.CertifyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "ninja",
    "certify.core",
    # After certify.core: its db_worker command (with a heartbeat) replaces the library's.
    "django_tasks_db",
    "certify.accounts",
    "certify.programs",
    "certify.notifications",
    "certify.casework",
    "certify.memberships",
    "certify.payments",
    "certify.applications",
    "certify.appeals",
    "certify.progress",
    "certify.portfolios",
    "certify.courses",
    "certify.scholarships",
    "certify.certificates",
    "certify.renewals",
    "certify.webhooks",
    "certify.reports",
    "certify.loaddata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's pages are kept by no cache: Back on a shared computer after signing
    # out shows nothing of theirs (ADR 0016).
    "certify.core.private_pages.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "certify.core.csp.ContentSecurityPolicyMiddleware",  # Django's, policy kept (ADR 0065)
    "allauth.account.middleware.AccountMiddleware",
    "certify.accounts.middleware.RequireMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication (signed-in people count per account), and its 429 page passes
    # through every other middleware (CSP, security headers).
    "certify.core.ratelimit.RateLimitMiddleware",
    # Before any view or the CSRF check (views' hooks) reads a body: its declared size, limited
    # by who asks (ADR 0028). Its 413 passes through the others: headers, and the rate limit
    # counts it for the visitor like any page.
    "certify.core.bodylimit.RequestSizeMiddleware",
    # A NUL (%00) in the path or query is a 400, and so is one PostgreSQL refuses in a posted
    # value: it cannot hold NUL in text (ADR 0046).
    "certify.core.nul.NulCharacterMiddleware",
]

ROOT_URLCONF = "certify.urls"
WSGI_APPLICATION = "certify.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "certify" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "certify.accounts.context_processors.site",
                # The CSRF token masked for less than Django's built-in processor (ADR 0065).
                "certify.core.csrf.csrf",
            ],
        },
    },
]

# Embedded default: SQLite in WAL mode. Production and CI: DATABASE_URL=postgres://...
# A kept connection is checked before a request reuses it: after a database restart each app
# process would otherwise answer one request with a 503 on its dead connection
# (`make drills`, "PostgreSQL restarted under load").
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'certify.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# On PostgreSQL the kept connection is checked without a round trip, and the signed-in person's
# row and the queries compiled once per process (core.precompiled) are read with statements
# prepared once per connection (certify/core/postgresql/; ADR 0063, ADR 0062 "Later").
# DB_PREPARED_STATEMENTS=0 turns that off for a connection pooler that cannot keep prepared
# statements (PgBouncer before 1.21, or without max_prepared_statements, in transaction mode).
_POSTGRESQL = "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == _POSTGRESQL:
    DATABASES["default"]["ENGINE"] = "certify.core.postgresql"
    if os.environ.get("DB_PREPARED_STATEMENTS", "1") == "0":
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A PostgreSQL streaming replica for read-only pages (certify/core/db_router.py; off without one).
DATABASE_ROUTERS = ["certify.core.db_router.ReadReplicaRouter"]
READ_REPLICA_ALIAS: str | None = None
if os.environ.get("DATABASE_REPLICA_URL"):
    # A replica that stops answering is skipped (reads go to the primary): its kept connection is
    # checked once per request, and a replica that does not answer costs a connection attempt of
    # at most `connect_timeout` seconds per app process every few seconds.
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] == _POSTGRESQL:
        DATABASES["replica"]["ENGINE"] = "certify.core.postgresql"
        if os.environ.get("DB_PREPARED_STATEMENTS", "1") == "0":
            DATABASES["replica"].setdefault("OPTIONS", {})["prepare_threshold"] = None
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    READ_REPLICA_ALIAS = "replica"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's backends, loading roles and badges with the user (accounts/backends.py)
    "certify.accounts.backends.ModelBackend",
    "certify.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"

# allauth: e-mail is the login and must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# None: account e-mails' subjects start with the program's short name (accounts/adapter.py).
ACCOUNT_EMAIL_SUBJECT_PREFIX = None
ACCOUNT_SIGNUP_FORM_CLASS = "certify.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "certify.accounts.adapter.AccountAdapter"
# allauth's forms with the site's labels ("E-mail address", not "Email"): accounts/allauth_forms.py
ACCOUNT_FORMS = {
    name: f"certify.accounts.allauth_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "reset_password": "ResetPasswordForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
    }.items()
}
MFA_ADAPTER = "certify.accounts.mfa_adapter.MFAAdapter"  # the site's words for its messages
# Second factors: an authenticator app or a security key (WebAuthn; a passkey is a key that signs
# in on its own), and recovery codes beside them (ADR 0074). A key is made for the site: its
# relying party is the host name of SITE_URL and the name SITE_NAME (accounts/mfa_adapter.py).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True  # "Sign in with a passkey" on the sign-in page
# MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN stays off everywhere: it stops checking where a key's answer
# was made (phishing). http://localhost is checked and passes without it (ADR 0074).
MFA_FORMS = {
    name: f"certify.accounts.mfa_forms.{form}"
    for name, form in {
        "authenticate": "AuthenticateForm",
        "add_webauthn": "AddWebAuthnForm",
        "edit_webauthn": "EditWebAuthnForm",
        "authenticate_webauthn": "AuthenticateWebAuthnForm",
        "reauthenticate_webauthn": "ReauthenticateWebAuthnForm",
        "login_webauthn": "LoginWebAuthnForm",
    }.items()
}
# People holding these roles must set up two-factor authentication before anything else.
MFA_REQUIRED_ROLES: tuple[str, ...] = ("program_staff", "reviewer")
# Per client address ("ip", from certify/core/clientip.py) or per key. The "key" of login_failed
# is the account together with the address (accounts/adapter.py), so one client's failures never
# lock another address out; "login_failed_account" (the account alone) stops a guesser spread
# over many addresses, and one address can never reach it alone (ADR 0028).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_account": "20/5m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
}
SESSION_COOKIE_AGE = 60 * 60 * 12  # signed out after 12 hours
SESSION_COOKIE_SAMESITE = "Lax"
MFA_TOTP_ISSUER = SITE_NAME  # what authenticator apps call the site

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Chicago"
# How pages, PDFs and e-mails write a day and a moment, by name (`|date:"DATE_FORMAT"`).
FORMAT_MODULE_PATH = ["certify.formats"]
USE_I18N = True
# Django's words for a refused field, in the site's (certify/locale/en/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "certify" / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# Rendered PDFs (invoices, receipts, credit notes, certificates), named by what they show and
# served through the permission-checking views (ADR 0058). Rebuilt from the records whenever one
# is missing, so backups leave them out; DOCUMENTS_STORED=0 typesets every download instead.
DOCUMENTS_ROOT = Path(os.environ.get("DOCUMENTS_ROOT", BASE_DIR / "var" / "documents"))
DOCUMENTS_STORED = os.environ.get("DOCUMENTS_STORED", "1") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence files: no public URL; served only through permission-checking views.
    "private": {
        "BACKEND": "certify.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "documents": {
        "BACKEND": "certify.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Evidence uploads: the largest file accepted, and how long reviewers have.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(25 * 1024 * 1024)))
# Uploads are opened as what they are (certify/core/upload_images.py, upload_pdfs.py). Pictures:
# Pillow's decompression-bomb limit; 50 million pixels holds any phone photo (12-50 megapixels)
# and a scanned page, and decodes in about 200 MB at worst. PDFs: 300 pages holds a handbook or
# a course's whole syllabus; evidence of one competency is rarely more than a few dozen pages.
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", "50000000"))
PDF_MAX_PAGES = int(os.environ.get("PDF_MAX_PAGES", "300"))
PDF_MAX_BYTES = int(os.environ.get("PDF_MAX_BYTES", str(EVIDENCE_MAX_BYTES)))
# Every request's body, on its declared length, before anything reads it (core/bodylimit.py,
# ADR 0028): visitors without credentials send at most a 1 MB badge image; everyone else up to
# twice the largest evidence file (a file over that limit but under this gets the form's words).
ANONYMOUS_REQUEST_MAX_BYTES = int(os.environ.get("ANONYMOUS_REQUEST_MAX_BYTES", str(2 * 2**20)))
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(2 * EVIDENCE_MAX_BYTES)))
REVIEW_DAYS = int(os.environ.get("REVIEW_DAYS", "21"))
# A supervisor's confirmation link and an attestation link work once, for this many days, and
# never after the application or portfolio is submitted (ADR 0024).
CONFIRMATION_LINK_DAYS = int(os.environ.get("CONFIRMATION_LINK_DAYS", "30"))
# E-mail sent on someone's behalf to an address that need not be an account (a supervisor's
# confirmation, an attestation, a colleague invitation), per local calendar day: to one address
# from one person, from one person in all, and to one address from anyone. Counted from the
# outbox, so every worker sees the same counts (docs/decisions/0029-no-relaying.md).
RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY = int(
    os.environ.get("RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY", "5")
)
RELAY_PER_SENDER_PER_DAY = int(os.environ.get("RELAY_PER_SENDER_PER_DAY", "20"))
RELAY_PER_ADDRESS_PER_DAY = int(os.environ.get("RELAY_PER_ADDRESS_PER_DAY", "10"))

# Background work: django.tasks with the database-backed worker (manage.py db_worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail (Django 6.1 MAILERS): SMTP when EMAIL_HOST is set, else printed to the console.
# The sender is named after the site (`SITE_NAME`) unless the address is set whole.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <no-reply@certify.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": os.environ.get("EMAIL_USE_TLS", "1") == "1",
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Strict Content Security Policy: no inline script or style, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A form sent with a missing or old token: the site's page (or JSON for programs), not Django's.
CSRF_FAILURE_VIEW = "certify.core.error_pages.csrf_failure"

# Signed credentials (docs/decisions/0010-credentials.md). Issuer private keys are stored encrypted
# under CREDENTIAL_KEY_SECRET (comma-separated: the first encrypts, all decrypt), else SECRET_KEY.
CREDENTIAL_KEY_SECRETS = [s for s in os.environ.get("CREDENTIAL_KEY_SECRET", "").split(",") if s]
# The issuer's DID; empty (the default) means did:web of SITE_URL when the first key is made,
# recorded with that key and kept (certificates/services/keys.py).
CREDENTIAL_ISSUER_DID = os.environ.get("CREDENTIAL_ISSUER_DID", "")
# Checking a credential someone sends: the canonicalization work one check may do, in steps
# (Hash N-Degree Quads calls and orderings tried) and in seconds. ADR 0027 says why these.
CREDENTIAL_CHECK_WORK_UNITS = 4000
CREDENTIAL_CHECK_SECONDS = 1.0

# Completion reports that match no candidate, kept for program staff (ADR 0009): the most one
# provider may have waiting at once (rows past it come back as errors saying so), and a CSV import
# holds its not-matched rows for the provider to check when at least _HOLD_ROWS of its rows and
# more than _HOLD_PERCENT of its rows match nobody.
COURSE_UNMATCHED_OPEN_LIMIT = 1000
COURSE_IMPORT_UNMATCHED_HOLD_ROWS = 20
COURSE_IMPORT_UNMATCHED_HOLD_PERCENT = 50

# Card payments through Stripe Checkout; both empty (the default) switches card payment off.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")

# The proxies in front of the app (nginx, a load balancer): addresses or networks, separated by
# commas. Only a request from one of them is believed about the client's address (its
# X-Forwarded-For); every other request's address is its connection's (certify/core/clientip.py;
# docs/decisions/0028-client-addresses-and-limits.md). Empty: the connection's address only.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network ({_error})."
        ) from None

# Public API endpoints (programs, catalogue, verification): requests per client address.
API_PUBLIC_RATE = os.environ.get("API_PUBLIC_RATE", "120/m")
# Pages (certify/core/ratelimit.py): requests per client address for visitors who are not signed
# in, per account for those who are. A route named in PAGE_RATE_ROUTES counts in its group (for
# everyone); any other page counts in "pages" for visitors who are not signed in.
PAGE_RATES = {
    "pages": os.environ.get("PAGE_RATE", "300/m"),
    # Certificate numbers are looked up and holders searched here: enough for people, too few
    # to walk numbers or names.
    "verification": os.environ.get("VERIFICATION_RATE", "30/m"),
    # Searches of the public register by name, a day, on top of "verification": enough for an
    # employer checking the people they hire, too few to try name after name (ADR 0030). Per
    # address when not signed in; per account and per mailbox when signed in (program staff are
    # not counted); the day is the programs' (certificates/register_allowance.py).
    "register": os.environ.get("REGISTER_SEARCH_RATE", "50/d"),
    # Checking a pasted credential is the costliest public request.
    "credential-check": os.environ.get("CREDENTIAL_CHECK_RATE", "10/m"),
    "webhooks": os.environ.get("WEBHOOK_RATE", "600/m"),
    # Wallets fetching a credential (OpenID4VCI token, nonce and credential endpoints) and
    # holders making offers: a wallet needs three requests per credential.
    "wallet": os.environ.get("WALLET_RATE", "30/m"),
    # One-click unsubscribe links (RFC 8058): a person follows one and presses its button, and
    # a mail provider POSTs them from its own servers, many people's from one address. The link
    # that stops e-mail sent on someone's behalf (to a supervisor) never expires either.
    "unsubscribe": os.environ.get("UNSUBSCRIBE_RATE", "60/m"),
}
# Paths whose failures (404, 429, 500, ...) are JSON, not a page: programs call them
# (certify/core/error_pages.py). The OAuth ones (a wallet's requests) also carry OAuth's `error`.
JSON_ERROR_PATHS = (
    "/api/",
    "/oid4vci/",
    "/.well-known/",
    "/did.json",
    "/credentials/status/",
    "/payments/stripe/webhook/",
    "/health/",
)
OAUTH_ERROR_PATHS = ("/oid4vci/",)
# The register's searches of everyone signed in at one client address together, a day: ten
# people's allowances. Each person's own is PAGE_RATES["register"], counted per account and per
# mailbox; this keeps many accounts of one person at one address from multiplying it, without
# one library's staff sharing a single allowance (certify/certificates/register_allowance.py).
REGISTER_ADDRESS_RATE = os.environ.get("REGISTER_ADDRESS_RATE", "500/d")
PAGE_RATE_ROUTES = {
    "certificates:verify": "verification",
    "certificates:lookup": "verification",
    "certificates:register": "verification",  # the public register: a search for holders
    "POST certificates:verify_credential": "credential-check",
    "POST payments:stripe_webhook": "webhooks",
    "POST certificates:oid4vci_token": "wallet",
    "POST certificates:oid4vci_nonce": "wallet",
    "POST certificates:oid4vci_credential": "wallet",
    "POST certificates:wallet_offer": "wallet",
    "notifications:unsubscribe": "unsubscribe",
    "notifications:relay_stop": "unsubscribe",
}
# The cache holds rate-limit counts, report figures, verification pages and (when shared) the
# sessions. The default (memory) is per process. With several app servers share it: REDIS_URL
# (redis://host:6379/0; docs/decisions/0012-shared-cache.md) or CACHE_BACKEND=database (once:
# manage.py createcachetable).
SHARED_CACHE = False
# App processes counting requests (production reads WEB_CONCURRENCY and APP_SERVERS): more than
# one needs SHARED_CACHE (the system check certify.E001).
APP_WORKERS = 1
APP_SERVERS = 1
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "certify.core.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "certify",
            # An unreachable Redis costs a request at most this long (certify/core/cache.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    SHARED_CACHE = True
elif os.environ.get("CACHE_BACKEND") == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "certify_cache",
        }
    }
    SHARED_CACHE = True
if SHARED_CACHE:
    # Sessions are read from the shared cache and written through to the database, so a signed-in
    # request needs no session query and a cache flush signs nobody out; on Redis each process
    # also keeps a copy of the sessions it read, dropped when Redis says they changed (ADR 0067).
    SESSION_ENGINE = "certify.core.sessions"
# Public verification pages and answers are kept in the cache (seconds), dropped at once when
# their certificate changes. Only with a shared cache: a per-process cache could not be told.
VERIFICATION_CACHE_SECONDS = int(
    os.environ.get("VERIFICATION_CACHE_SECONDS", "600" if SHARED_CACHE else "0")
)
# Authenticated API endpoints: requests per account (token or session) or provider key.
API_TOKEN_RATE = os.environ.get("API_TOKEN_RATE", "600/m")
# Staff reports: the program-wide figures are kept this long (seconds; 0 = always fresh).
REPORTS_CACHE_SECONDS = int(os.environ.get("REPORTS_CACHE_SECONDS", "300"))

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Invitations to act for a course provider or scholarship sponsor: days a link works (ADR 0025).
COLLEAGUE_INVITATION_DAYS = int(os.environ.get("COLLEAGUE_INVITATION_DAYS", "14"))

# Outbound webhooks go only to public addresses (ADR 0053). Networks listed here are allowed
# too (and may use plain http): keep it empty in production; the tests list loopback.
WEBHOOK_ALLOWED_NETWORKS: list[str] = []
