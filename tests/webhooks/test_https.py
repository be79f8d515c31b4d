"""Messages over HTTPS, as every real endpoint gets them (only `https://` addresses on the public
internet may be registered): the request goes to the address checked before the attempt, with
the endpoint's host name for the TLS handshake (SNI), the certificate check and `Host`.

A certificate authority made for the test stands in for the public ones: the trust store of this
test's connections is its certificate alone (`SSL_CERT_FILE`, which OpenSSL reads when a
connection loads the default certificates).
"""

import ssl
from collections.abc import Iterator

import pytest
import trustme

from certify.webhooks.sending import send
from certify.webhooks.targets import Target
from tests.webhooks.conftest import Receiver

HOST = "hooks.example.org"
REFUSED = "The secure connection failed (certificate or TLS)."


@pytest.fixture
def authority(monkeypatch, tmp_path) -> trustme.CA:
    made = trustme.CA()
    bundle = tmp_path / "trusted.pem"
    made.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return made


def _receiver(signer: trustme.CA, name: str) -> Receiver:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    signer.issue_cert(name).configure_cert(context)
    return Receiver(tls=context)


@pytest.fixture
def receiver(authority) -> Iterator[Receiver]:
    made = _receiver(authority, HOST)
    yield made
    made.close()


def _send(receiver: Receiver):
    target = Target(
        scheme="https", host=HOST, port=receiver.port, path="/hooks/certify", address="127.0.0.1"
    )
    return send(target, body='{"type": "certificate.revoked"}', headers={"webhook-id": "msg_1"})


@pytest.mark.database_free
def test_a_message_goes_over_tls_to_the_checked_address_in_the_endpoints_name(receiver):
    answer = _send(receiver)
    assert (answer.code, answer.error) == (200, "")
    assert receiver.server_names == [HOST]
    ((headers, body),) = receiver.requests
    assert headers["host"] == f"{HOST}:{receiver.port}"
    assert headers["webhook-id"] == "msg_1"
    assert body == '{"type": "certificate.revoked"}'


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("signed_by", "name"),
    [("the trusted authority", "other.example.org"), ("an authority nobody trusts", HOST)],
    ids=["a certificate for another name", "a certificate from an untrusted authority"],
)
def test_a_certificate_the_sender_cannot_trust_is_refused_and_nothing_is_sent(
    authority, signed_by, name
):
    signer = authority if signed_by == "the trusted authority" else trustme.CA()
    receiver = _receiver(signer, name)
    try:
        answer = _send(receiver)
    finally:
        receiver.close()
    assert (answer.code, answer.error) == (None, REFUSED)
    assert receiver.requests == []
