"""A receiver that answers a byte at a time (never idle long enough for the read timeout) holds
the sender no longer than the whole-message deadline; a redirect is not followed."""

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from certify.webhooks import sending
from certify.webhooks.sending import send
from certify.webhooks.targets import Target

BODY = b"ok" + b"." * 78
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 80\r\nX-Padding: " + b"x" * 60 + b"\r\n\r\n" + BODY


class Dripper:
    """Accepts one connection, reads the request, then writes `head` at once and the rest of
    `ANSWER` one byte every `gap` seconds; `closed_early` says whether the sender hung up first."""

    def __init__(self, *, head: int, gap: float = 0.1) -> None:
        self.head, self.gap = head, gap
        self.closed_early = False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.listener.getsockname()[1]

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection:
            connection.recv(65536)
            try:
                connection.sendall(ANSWER[: self.head])
                for byte in ANSWER[self.head :]:
                    time.sleep(self.gap)
                    connection.sendall(bytes([byte]))
            except OSError:
                self.closed_early = True

    def close(self) -> None:
        self.listener.close()
        self.thread.join(timeout=10)


def _target(port: int) -> Target:
    return Target(scheme="http", host="hooks.example.org", port=port, path="/", address="127.0.0.1")


@pytest.fixture
def two_seconds(monkeypatch) -> None:
    monkeypatch.setattr(sending, "TOTAL_SECONDS", 2.0)


@pytest.mark.database_free
@pytest.mark.parametrize(
    "head",
    [0, len(ANSWER) - len(BODY)],
    ids=["the status line and headers a byte at a time", "the body a byte at a time"],
)
def test_a_receiver_dripping_its_answer_is_cut_off_at_the_deadline(two_seconds, head):
    """Each byte comes well within the 5-second read timeout, so only a deadline on the whole
    exchange stops it: the attempt fails in words after two seconds, not after the drip."""
    dripper = Dripper(head=head, gap=0.05)
    try:
        started = time.monotonic()
        answer = send(_target(dripper.port), body="{}", headers={"webhook-id": "msg_1"})
        took = time.monotonic() - started
    finally:
        dripper.close()
    assert answer.code is None
    assert answer.error == "The receiver took longer than 2 seconds to answer."
    assert not answer.ok
    assert took < 3.9  # the drip alone lasts four seconds or more
    assert dripper.closed_early


@pytest.mark.database_free
def test_an_answer_in_time_is_unchanged(two_seconds):
    dripper = Dripper(head=len(ANSWER))
    try:
        answer = send(_target(dripper.port), body="{}", headers={"webhook-id": "msg_1"})
    finally:
        dripper.close()
    assert (answer.code, answer.body, answer.error) == (200, BODY.decode(), "")


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.5)
    yield server
    server.close()


@pytest.mark.database_free
def test_a_redirect_to_another_address_is_not_followed(listener):
    """A public receiver answering 307 to a private address (cloud metadata, the database) gets
    its 307 logged as the answer; nothing is sent to where it points."""
    inside = listener.getsockname()[1]
    location = f"http://127.0.0.1:{inside}/latest/meta-data/".encode()
    redirect = b"HTTP/1.1 307 Temporary Redirect\r\nLocation: " + location + b"\r\n"
    redirect += b"Content-Length: 0\r\n\r\n"
    outside = socket.create_server(("127.0.0.1", 0))

    def answer_once() -> None:
        connection, _ = outside.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(redirect)

    thread = threading.Thread(target=answer_once, daemon=True)
    thread.start()
    try:
        answer = send(_target(outside.getsockname()[1]), body="{}", headers={"webhook-id": "msg_1"})
    finally:
        thread.join(timeout=5)
        outside.close()
    assert answer.code == 307
    assert not answer.ok
    with pytest.raises(TimeoutError):
        listener.accept()
