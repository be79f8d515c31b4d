"""A compromised signing key, withdrawn by a command: every other credential keeps verifying.

Before, withdrawing a key (deleting it, as the credentials ADR said) broke every credential until
the status lists were signed again from a shell, since the lists were signed by whichever key was
active when a bit last changed. `issuer_keys compromise` withdraws the key, re-signs the lists and
re-issues what the key signed; Certify's own verifier and Digital Bazaar's agree on the result.
"""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from certify.certificates import services
from certify.certificates.models import Certificate, IssuerKey, SetCredential, StatusList
from certify.certificates.services.reissue import signing_key_fragment
from certify.core.models import AuditEvent
from certify.notifications.models import OutgoingEmail
from tests.certificates.conftest import finish, nearly_done, node_missing
from tests.certificates.test_node_verifier import node_verify


def _issue(program, name):
    application, last = nearly_done(program, name=name)
    finish(last)
    return Certificate.objects.get(pk=application.certificate.pk)


def _entries(credential):
    status = credential["credentialStatus"]
    return status if isinstance(status, list) else [status]


def _served(client, credentials):
    """What a verifier downloads: the DID document and every status list the credentials name,
    each as the site serves it now."""
    did = client.get("/.well-known/did.json").json()
    documents = {did["id"]: did}
    for credential in credentials:
        for entry in _entries(credential):
            url = entry["statusListCredential"]
            documents[url] = json.loads(client.get("/" + url.split("/", 3)[3]).content)
    return documents


def _fragment(certificate):
    return signing_key_fragment(certificate.credential)


@pytest.fixture
def three(program, staff_user):
    """Two certificates signed by the first key (one then revoked), then a rotation, and one
    signed by the second key. The status lists were signed by the first key."""
    first = _issue(program, "Ada Lovelace")
    revoked = _issue(program, "Rex Revoked")
    services.certificate_revoke(certificate=revoked, actor=staff_user, reason="Fraud found.")
    services.issuer_key_rotate(actor=None, reason="Yearly rotation.")
    second = _issue(program, "Grace Hopper")
    return first, Certificate.objects.get(pk=revoked.pk), second


def _own(credential):
    return services.credential_verify(document=credential)


def test_without_yes_nothing_is_withdrawn(three):
    first, _, _ = three
    with pytest.raises(CommandError, match="--yes"):
        call_command("issuer_keys", "compromise", _fragment(first), "--reason", "Leaked.")
    with pytest.raises(CommandError, match="why"):
        call_command("issuer_keys", "compromise", _fragment(first), "--yes")
    with pytest.raises(CommandError, match="No signing key"):
        call_command("issuer_keys", "compromise", "zNope", "--reason", "x", "--yes")
    assert not IssuerKey.objects.filter(status=IssuerKey.Status.COMPROMISED).exists()


@pytest.mark.real_clock  # node checks the status list's dates on its own clock
def test_a_retired_key_compromised_every_other_credential_still_verifies(
    three, client, tmp_path, capsys
):
    first, revoked, second = three
    withdrawn = _fragment(first)
    assert _fragment(revoked) == withdrawn
    assert _fragment(second) != withdrawn
    signed_lists = {signing_key_fragment(sl.signed) for sl in StatusList.objects.all()}
    assert withdrawn in signed_lists  # the lists carry the withdrawn key's signature
    old_first = first.credential
    OutgoingEmail.objects.all().delete()

    call_command("issuer_keys", "compromise", withdrawn, "--reason", "Laptop stolen.", "--yes")
    out = capsys.readouterr().out
    assert "Status lists signed again: " in out
    assert "certificate: 3 checked, 2 selected, 2 re-issued, 1 holders told" in out
    # Their sets' credentials, signed by the same key, too; told by the certificate's e-mail.
    assert "set_credential: 9 checked, 6 selected, 6 re-issued, 0 holders told" in out
    for set_credential in SetCredential.objects.all():
        assert signing_key_fragment(set_credential.credential) != withdrawn
        assert _own(set_credential.credential).signature_valid

    key = IssuerKey.objects.get(fragment=withdrawn)
    assert (key.status, key.private_key_encrypted) == (IssuerKey.Status.COMPROMISED, "")
    did = client.get("/.well-known/did.json").json()
    assert all(not m["id"].endswith(withdrawn) for m in did["verificationMethod"])
    assert IssuerKey.objects.get(status=IssuerKey.Status.ACTIVE).fragment == _fragment(second)

    first.refresh_from_db()
    revoked.refresh_from_db()
    # The same certificate, number and credential id; a new proof by the active key.
    assert first.credential["id"] == old_first["id"] == f"urn:uuid:{first.credential_id}"
    assert first.credential["name"] == old_first["name"]
    assert _fragment(first) == _fragment(second)
    # Certify's own check: the other key's credential and the re-issued ones verify (and the
    # lists they name with them); the old file signed by the withdrawn key does not.
    assert (_own(second.credential).status, _own(first.credential).status) == ("valid", "valid")
    assert _own(revoked.credential).status == "revoked"
    old = _own(old_first)
    assert (old.signature_valid, old.status) == (False, "invalid")
    assert "not one the issuer uses" in old.problems[0]
    for status_list in StatusList.objects.all():
        assert signing_key_fragment(status_list.signed) != withdrawn

    # The holder of the valid one is told; the revoked one's is not.
    (message,) = OutgoingEmail.objects.all()
    assert message.to == first.holder.email
    assert message.subject == "Your LSSCP digital credential was issued again"
    assert "signed with a new key" in message.text_body
    assert "no longer verifies" in message.text_body
    assert "competency sets that the same key signed" in message.text_body
    assert AuditEvent.objects.filter(verb="certificates.issuer_key_compromised").count() == 1
    assert AuditEvent.objects.filter(verb="certificate.credential_reissued").count() == 2

    # Digital Bazaar's verifier, with what the site serves now, agrees.
    if node_missing():
        pytest.skip(f"the independent verifier needs {node_missing()}")
    now = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    credentials = {
        "second": second.credential,
        "first_reissued": first.credential,
        "first_old_file": old_first,
        "revoked_reissued": revoked.credential,
    }
    node = node_verify(tmp_path, _served(client, credentials.values()), credentials, now=now)
    assert {name: result["verified"] for name, result in node.items()} == {
        "second": True,
        "first_reissued": True,
        "first_old_file": False,
        "revoked_reissued": False,
    }, {name: result["error"] for name, result in node.items()}
    assert node["revoked_reissued"]["status"]["revocation"] is True


def test_the_active_key_compromised_a_new_key_signs_and_the_lists_follow(three, client, capsys):
    first, _, second = three
    active = _fragment(second)
    call_command("issuer_keys", "compromise", active, "--reason", "Key leaked.", "--yes")
    assert "New active key: " in capsys.readouterr().out
    new = IssuerKey.objects.get(status=IssuerKey.Status.ACTIVE)
    assert new.fragment not in (active, _fragment(first))
    for status_list in StatusList.objects.all():
        assert signing_key_fragment(status_list.signed) == new.fragment
    second.refresh_from_db()
    first.refresh_from_db()
    assert _fragment(second) == new.fragment
    # The first key (retired, still trusted) keeps its credential as it was, and it verifies.
    assert _own(first.credential).status == "valid"
    assert _own(second.credential).status == "valid"


def test_running_it_again_changes_nothing_more(three, capsys):
    first, _, _ = three
    fragment = _fragment(first)
    call_command("issuer_keys", "compromise", fragment, "--reason", "Leaked.", "--yes")
    reissued = list(Certificate.objects.order_by("pk").values_list("credential", flat=True))
    OutgoingEmail.objects.all().delete()
    call_command("issuer_keys", "compromise", fragment, "--reason", "Leaked.", "--yes")
    assert "0 selected, 0 re-issued, 0 holders told" in capsys.readouterr().out
    assert list(Certificate.objects.order_by("pk").values_list("credential", flat=True)) == (
        reissued
    )
    assert not OutgoingEmail.objects.exists()
    assert AuditEvent.objects.filter(verb="certificates.issuer_key_compromised").count() == 1
