"""What the benchmark needs from a database of load data: signed-in sessions, the pages to load,
and how many queries each page makes.

Sessions are made the way a sign-in makes them: Django's auth keys plus allauth's record of how
the person authenticated (password, then the authenticator app for staff and reviewers, who
really have one: `RequireMFAMiddleware` lets them through because a TOTP authenticator exists,
exactly as for a person who set one up). Nothing is switched off. Each session comes with the
CSRF cookie a browser holds after its first page: without it, every page with a form made a new
CSRF secret, which a browser's later pages never need (they renew the one they hold).
"""

import io
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.models import Count, Q
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import get_random_string

from certify.accounts.models import Role, User
from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.loaddata.generator import EMAIL_DOMAIN

SEARCH_TERMS = ["reference", "cataloging", "technology", "youth services", "supervision"]


def session_for(user: User, *, mfa: bool) -> str:
    """A signed-in session for `user`; returns the Cookie header value (with a CSRF cookie)."""
    now = time.time()
    records: list[dict[str, Any]] = [{"method": "password", "at": now, "email": user.email}]
    if mfa:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
        records.append({"method": "mfa", "at": now, "type": Authenticator.Type.TOTP})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "certify.accounts.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["account_authentication_methods"] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.create()
    csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    )


@dataclass
class Page:
    name: str
    paths: list[str]
    cookies: list[str] = field(default_factory=list)
    # Throughput as a share of the anchor's (bench/anchor.py, same run); None: for reference.
    target: float | None = 0.25
    missing: str = ""  # why the page cannot be benched (e.g. not built yet)


def _generated(qs: Any) -> Any:
    return qs.filter(email__endswith="@" + EMAIL_DOMAIN)


def bench_pages(*, sample: int = 200) -> list[Page]:
    """The benched pages, each with a few hundred paths or sessions to rotate through."""
    numbers = list(
        Certificate.objects.exclude(status=Certificate.Status.PENDING)
        .exclude(number=None)
        .order_by("?")
        .values_list("number", flat=True)[:sample]
    )
    candidates = list(
        _generated(User.objects)
        .filter(
            applications__status=Application.Status.ACCEPTED,
            role_assignments__role=Role.CANDIDATE,
        )
        .order_by("?")[: max(1, sample // 10)]
    )
    reviewers = list(
        _generated(User.objects)
        .filter(role_assignments__role=Role.REVIEWER)
        .annotate(open=Count("review_assignments", filter=Q(review_assignments__status="assigned")))
        .order_by("-open")[:5]
    )
    staff = list(_generated(User.objects).filter(role_assignments__role=Role.PROGRAM_STAFF)[:5])
    pages = [
        # Certify's full middleware and no query: what Certify adds to the anchor.
        Page("health check (/health/)", [reverse("core:health")], target=None),
        Page(
            "verification page",
            [reverse("certificates:verify", args=[n]) for n in numbers],
            target=0.6,
        ),
        Page(
            "verification API",
            [f"/api/v1/certificates/{n}" for n in numbers],
            target=0.6,
        ),
        Page(
            "catalogue search",
            [reverse("courses:catalogue") + "?q=" + t.replace(" ", "+") for t in SEARCH_TERMS],
        ),
        Page(
            "candidate dashboard",
            [reverse("progress:plan")],
            [session_for(u, mfa=False) for u in candidates],
        ),
        Page(
            "reviewer queue",
            [reverse("portfolios:review_queue")],
            [session_for(u, mfa=True) for u in reviewers],
        ),
        Page(
            "staff application list",
            [reverse("applications:queue") + "?status=accepted&page=50"],
            [session_for(u, mfa=True) for u in staff],
        ),
    ]
    try:
        dashboard = [reverse("reports:dashboard")]
        missing = ""
    except NoReverseMatch:
        dashboard, missing = [], "not built yet"
    pages.append(
        # For reference: what any page costs a signed-in member of staff before it does anything
        # (session, the person with roles, the two-factor rule), with no template.
        Page(
            "health check signed in (/health/)",
            [reverse("core:health")],
            [session_for(u, mfa=True) for u in staff],
            target=None,
        )
    )
    pages.append(
        Page(
            "staff dashboard",
            dashboard,
            [session_for(u, mfa=True) for u in staff] if dashboard else [],
            missing=missing,
        )
    )
    for page in pages:
        if not page.paths and not page.missing:
            page.missing = "no data for it"
    return pages


def client_for(cookie: str) -> Client:
    """A test client on this process, signed in when `cookie` (a Cookie header value) says so."""
    client = Client(HTTP_HOST="localhost")
    for each in cookie.split("; ") if cookie else ():
        name, _, value = each.partition("=")
        client.cookies[name] = value
    return client


def query_counts(pages: list[Page]) -> dict[str, dict[str, Any]]:
    """Status code and number of queries of each page's first path, served in this process."""
    result: dict[str, dict[str, Any]] = {}
    for page in pages:
        if page.missing:
            continue
        client = client_for(page.cookies[0] if page.cookies else "")
        client.get(page.paths[0])  # warm caches (e.g. the program, signing keys)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page.paths[0])
        result[page.name] = {"status": response.status_code, "queries": len(ctx.captured_queries)}
    return result


@dataclass
class Timing:
    page: str
    cpu_ms: float  # this process's CPU time per request (steadier than wall time on a busy box)
    wall_ms: float
    sql_ms: float
    queries: float


class WSGIClient:
    """Requests handed to `certify.wsgi.application` as gunicorn hands them: Django's request
    signals run (a kept database connection is checked before reuse), the URL memo and the
    frozen objects of `certify/wsgi.py` apply; none of the test client's work is counted."""

    def __init__(self, cookie: str) -> None:
        from certify.wsgi import application

        self.application, self.cookie = application, cookie

    def get(self, url: str) -> int:
        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "localhost",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if self.cookie:
            environ["HTTP_COOKIE"] = self.cookie
        status: list[str] = []

        def start_response(code: str, headers: Any, exc_info: Any = None) -> Any:
            status.append(code)

        body = self.application(environ, start_response)
        try:
            b"".join(body)
        finally:
            body.close()
        return int(status[0].split()[0])


def time_pages(pages: list[Page], *, repeat: int = 100, wsgi: bool = False) -> list[Timing]:
    """Serve each page `repeat` times in this process, rotating through its paths and sessions
    like the benchmark, after one warming request per path and per session; through Django's test
    client, or with `wsgi` through `certify.wsgi` as gunicorn serves it."""
    timings = []
    for page in pages:
        if page.missing:
            continue
        make = WSGIClient if wsgi else client_for
        clients: list[Any] = [make(cookie) for cookie in page.cookies[:10] or [""]]
        paths = page.paths[:50]
        # Every session's first request and every path's are warming ones (a session's first
        # request costs several times more than the next: with one path, the other sessions'
        # first requests landed in the timed run).
        for i in range(max(len(clients), len(paths))):
            clients[i % len(clients)].get(paths[i % len(paths)])
        with CaptureQueriesContext(connection) as ctx:
            cpu, wall = time.process_time(), time.perf_counter()
            for i in range(repeat):
                clients[i % len(clients)].get(page.paths[i % min(50, len(page.paths))])
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        sql = sum(float(q["time"] or 0) for q in ctx.captured_queries)
        timings.append(
            Timing(
                page=page.name,
                cpu_ms=round(cpu / repeat * 1000, 2),
                wall_ms=round(wall / repeat * 1000, 2),
                sql_ms=round(sql / repeat * 1000, 2),
                queries=round(len(ctx.captured_queries) / repeat, 1),
            )
        )
    return timings
