"""Signing a message (Standard Webhooks) and sending it: short timeouts, a deadline on the whole
exchange, no redirects, a capped response body, to the address `targets` checked."""

import base64
import contextlib
import json
import secrets
import socket
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

import urllib3
from standardwebhooks import Webhook
from urllib3.connection import HTTPConnection, HTTPSConnection

from certify.webhooks.targets import Target

CONNECT_SECONDS = 3.0
READ_SECONDS = 5.0
# The timeouts bound each wait for the next bytes, not the answer: a receiver sending one byte
# every few seconds would hold a task worker for hours. The whole exchange ends at this.
TOTAL_SECONDS = 10.0
BODY_READ_LIMIT = 4096  # bytes of the answer read at most; the rest is never downloaded
BODY_KEPT = 500  # characters of it kept in the log
USER_AGENT = "Certify-Webhooks/1"


def secret_new() -> str:
    """A signing secret in the Standard Webhooks format: `whsec_` and 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def message_id_new() -> str:
    return "msg_" + secrets.token_hex(16)


def body_of(payload: dict) -> str:
    return json.dumps(payload, separators=(",", ":"), sort_keys=True)


def headers_for(*, message_id: str, body: str, secrets_: list[str], at: datetime) -> dict[str, str]:
    """The three Standard Webhooks headers; one `v1,` signature per current secret (during a
    rotation's overlap the old and the new one both sign)."""
    at = at.astimezone(UTC)
    signatures = " ".join(Webhook(s).sign(message_id, at, body) for s in secrets_)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signatures,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


@dataclass(frozen=True)
class Answer:
    code: int | None
    body: str
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.code is not None and 200 <= self.code < 300


class _Deadline:
    """Shuts the sockets of one exchange when its time is up: a read waiting on them ends at
    once, whatever the receiver is still sending (a timer thread; the caller's thread is the
    one blocked in the read)."""

    def __init__(self, seconds: float) -> None:
        self.passed = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.passed:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.passed = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


_deadline: ContextVar[_Deadline | None] = ContextVar("webhook_deadline", default=None)


class _WatchedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        if (deadline := _deadline.get()) is not None:
            deadline.watch(sock)
        return sock


class _WatchedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:  # the TLS handshake runs on this socket too
        sock = super()._new_conn()
        if (deadline := _deadline.get()) is not None:
            deadline.watch(sock)
        return sock


def send(target: Target, *, body: str, headers: dict[str, str]) -> Answer:
    """POST `body` to the checked address with the target's host name (for TLS and `Host`),
    the whole exchange within `TOTAL_SECONDS`."""
    started = time.monotonic()
    with _Deadline(TOTAL_SECONDS) as deadline:
        token = _deadline.set(deadline)
        try:
            answer = _send(target, body=body, headers=headers)
        finally:
            _deadline.reset(token)
    if deadline.passed:
        return Answer(
            None,
            "",
            f"The receiver took longer than {TOTAL_SECONDS:g} seconds to answer.",
            _ms(started),
        )
    return answer


def _send(target: Target, *, body: str, headers: dict[str, str]) -> Answer:
    timeout = urllib3.Timeout(connect=CONNECT_SECONDS, read=READ_SECONDS)
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            timeout=timeout,
            retries=False,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
        )
    else:
        pool = urllib3.HTTPConnectionPool(
            target.address, target.port, timeout=timeout, retries=False
        )
    pool.ConnectionCls = (
        _WatchedHTTPSConnection if target.scheme == "https" else _WatchedHTTPConnection
    )
    port = "" if target.port in (80, 443) else f":{target.port}"
    started = time.monotonic()
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body.encode(),
            headers={**headers, "host": f"{target.host}{port}"},
            redirect=False,
            retries=False,
            preload_content=False,
        )
        try:
            raw = response.read(BODY_READ_LIMIT)
        finally:
            response.release_conn()
        text = raw.decode("utf-8", errors="replace")[:BODY_KEPT]
        return Answer(response.status, text, "", _ms(started))
    except urllib3.exceptions.HTTPError as error:
        return Answer(None, "", _words(error), _ms(started))
    finally:
        pool.close()


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _words(error: Exception) -> str:
    if isinstance(error, urllib3.exceptions.TimeoutError):
        return "No answer in time."
    if isinstance(error, urllib3.exceptions.SSLError):
        return "The secure connection failed (certificate or TLS)."
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return "Could not connect."
    return f"{type(error).__name__}: {error}"[:300]
