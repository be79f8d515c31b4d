"""The limits behind a real nginx on loopback, set up as docs/deployment.md says
(`X-Forwarded-For $proxy_add_x_forwarded_for`, `TRUSTED_PROXIES=127.0.0.1`).

Two clients are two loopback source addresses, 127.0.0.2 and 127.0.0.3 (Linux routes all of
127.0.0.0/8 on `lo`): nginx sees each as its own client and says so in X-Forwarded-For; the
app sees nginx (127.0.0.1). Proved here: limits hold per client address, a client's own
X-Forwarded-For changes nothing, and one client's failed sign-ins do not lock out another.

Needs Debian's nginx (installed by `make system-packages`); skipped with the reason when it is
missing, unless REQUIRE_NGINX=1 (as `.ci/run` sets), when it fails.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings

from certify.core import ratelimit
from certify.settings import base
from tests.factories import PASSWORD, UserFactory

ONE, TWO = "127.0.0.2", "127.0.0.3"
TOO_MANY = "Too many sign-in attempts failed, so signing in is paused"

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    access_log off;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{app};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(live_server) -> Iterator[int]:
    """nginx on a free loopback port in front of the live server; its port."""
    if shutil.which("nginx") is None:
        reason = "nginx is not installed (Debian package nginx; `make system-packages`)"
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail(f"{reason}; REQUIRE_NGINX=1 forbids skipping", pytrace=False)
        pytest.skip(reason)
    app_port = int(live_server.url.rsplit(":", 1)[1])
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="certify-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, app=app_port))
        process = subprocess.Popen(
            ["nginx", "-p", tmp, "-c", str(conf), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"nginx did not start: {process.stderr}") from None
                    time.sleep(0.05)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture
def limits(monkeypatch) -> Iterator[None]:
    """The real sign-in limits, small page and API limits, nginx trusted; one frozen moment so a
    window never ends in the middle of a test (the live server's thread shares `time`)."""
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_015.0)
    cache.clear()
    with override_settings(
        TRUSTED_PROXIES=["127.0.0.1"],
        ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS,
        PAGE_RATES={**base.PAGE_RATES, "verification": "3/m"},
        API_PUBLIC_RATE="2/m",
    ):
        yield
    cache.clear()


class Client:
    """A browser at one loopback address: keeps its cookies."""

    def __init__(self, source: str, port: int) -> None:
        self.source, self.port = source, port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.source, 0)
        )
        sent: dict[str, Any] = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.read().decode()
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> int:
        return self.request("GET", path, headers=headers)[0]

    def sign_in(self, email: str, password: str) -> tuple[int, str]:
        _, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:500]
        from urllib.parse import urlencode

        form = urlencode({"csrfmiddlewaretoken": token[1], "login": email, "password": password})
        return self.request("POST", "/accounts/login/", form)


pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("limits")]


def test_limits_hold_per_client_address_and_a_forged_header_changes_nothing(nginx):
    one, two = Client(ONE, nginx), Client(TWO, nginx)
    # the verification page (3 a minute): each request "from" somewhere else, by the header
    forged = [one.get("/verify/LSSCP-X/", **{"X-Forwarded-For": f"10.0.0.{i}"}) for i in range(5)]
    assert forged == [404, 404, 404, 429, 429]
    assert two.get("/verify/LSSCP-X/") == 404  # the other client is still served
    # even when it claims to be the other client
    assert one.get("/verify/LSSCP-X/", **{"X-Forwarded-For": TWO}) == 429
    # the public API (2 a minute), the same way
    api = [one.get("/api/v1/programs", **{"X-Forwarded-For": f"10.1.0.{i}"}) for i in range(3)]
    assert api == [200, 200, 429]
    assert two.get("/api/v1/programs") == 200


def test_a_header_sent_straight_to_the_app_changes_nothing(live_server, nginx):
    """A client that reaches the app without nginx is not a trusted proxy: its header is
    ignored, so it cannot spend another client's allowance or escape its own."""
    port = int(live_server.url.rsplit(":", 1)[1])
    direct = Client(ONE, port)
    statuses = [direct.get("/verify/LSSCP-X/", **{"X-Forwarded-For": TWO}) for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert Client(TWO, nginx).get("/verify/LSSCP-X/") == 404


def test_one_clients_failed_sign_ins_do_not_lock_out_another(nginx):
    owner, someone = UserFactory(), UserFactory()
    attacker, victim = Client(ONE, nginx), Client(TWO, nginx)
    answers = [attacker.sign_in(owner.email, f"guess-{n}") for n in range(12)]
    answers += [attacker.sign_in(f"nobody{n}@example.org", "guess") for n in range(28)]
    # the attacker is stopped: failures refused, then every sign-in (30 a minute per address)
    assert TOO_MANY in answers[11][1]
    assert answers[-1][0] == 429
    assert victim.sign_in(owner.email, PASSWORD)[0] == 302  # the owner is not
    assert Client(TWO, nginx).sign_in(someone.email, PASSWORD)[0] == 302  # nor anyone else
