"""The performance anchor: Django hello world behind the same stack of Django middleware that
Certify runs (security, sessions, common, CSRF, auth, messages, clickjacking, CSP). Serve it with
the same gunicorn flags as the app; its requests per second is the ceiling for any page.

This file mirrors the program's shared bench anchor (the rulings name it): keep the two the same,
so figures from different projects and runs compare. `make bench` (bench/run.py) serves it as

    gunicorn --chdir bench anchor:application --workers 4 --bind 127.0.0.1:PORT

in the same run as Certify, with the same flags and wrk settings, and reports every page as a
ratio to it.
"""

import django
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="anchor-not-secret-" + "x" * 40,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
    ],
    SECURE_CSP={"default-src": ["'self'"]},
    USE_TZ=True,
)
django.setup()


def hello(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", hello), path("health/", hello)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
