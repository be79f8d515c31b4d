"""A webhook receiver on loopback, a small program, and endpoints registered through the service."""

import json
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from certify.accounts.models import Role
from certify.programs.models import CompetencySet
from tests.factories import CompetencySetFactory, ProgramFactory, UserFactory


class Receiver:
    """Records every POST; answers `codes` in turn (then 200). With `tls`, it answers HTTPS with
    that context's certificate and records the host name each client asked for (SNI)."""

    def __init__(self, codes: list[int] | None = None, tls: ssl.SSLContext | None = None) -> None:
        self.codes = list(codes or [])
        self.server_names: list[str | None] = []
        self.requests: list[tuple[dict[str, str], str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = self.rfile.read(length).decode()
                receiver.requests.append((dict(self.headers.items()), body))
                code = receiver.codes.pop(0) if receiver.codes else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"ok" if code < 300 else b"x" * 10_000)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls is not None:
            tls.sni_callback = lambda _socket, name, _context: self.server_names.append(name)
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/hooks/certify"

    def messages(self) -> list[dict]:
        return [json.loads(body) for _, body in self.requests]

    def types(self) -> list[str]:
        return [m["type"] for m in self.messages()]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback_allowed(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]


@pytest.fixture
def receiver(loopback_allowed) -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def failing_receiver(loopback_allowed) -> Iterator[Receiver]:
    r = Receiver([500, 503, 500])
    yield r
    r.close()


def small_program():
    program = ProgramFactory(slug="lsscp-small", short_name="LSSCP", electives_required=1)
    for code, kind in (
        ("FLS", CompetencySet.Kind.CORE),
        ("TEC", CompetencySet.Kind.CORE),
        ("REF", CompetencySet.Kind.ELECTIVE),
        ("YTH", CompetencySet.Kind.ELECTIVE),
    ):
        CompetencySetFactory(program=program, code=code, name=f"Set {code}", kind=kind)
    return program


@pytest.fixture
def program(db):
    return small_program()


@pytest.fixture
def staff(db):
    return UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])


@pytest.fixture
def second_staff(db):
    return UserFactory(full_name="Kim Staff", roles=[Role.PROGRAM_STAFF])
