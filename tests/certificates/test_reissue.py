"""Credentials issued in the old shape are issued again by a command: the same number and
credential id, a new proof in the current shape; each holder is told; batched and resumable."""

import dataclasses

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from certify.certificates import services
from certify.certificates.credentials import sign, statuslist
from certify.certificates.models import Certificate, StatusList
from certify.certificates.services import reissue
from certify.certificates.services.keys import issuer_signing_key
from certify.certificates.services.reissue import Selection, credentials_reissue, is_old_shape
from certify.core.models import AuditEvent
from certify.notifications.models import OutgoingEmail
from tests.certificates.conformance import assert_ob3_valid
from tests.certificates.conftest import finish, nearly_done, node_missing
from tests.certificates.test_key_compromise import _served
from tests.certificates.test_node_verifier import node_verify


def _issue(program, name):
    application, last = nearly_done(program, name=name)
    finish(last)
    return Certificate.objects.get(pk=application.certificate.pk)


def make_old_shape(certificate):
    """Store the certificate's credential as Certify issued it before one status entry: the
    revocation and suspension entries in a list, the proof an object, signed then."""
    series, index = certificate.status_list_series, certificate.status_list_index
    StatusList.objects.get_or_create(
        purpose=StatusList.Purpose.SUSPENSION, series=series,
        defaults={"bits": statuslist.empty()},
    )  # fmt: skip
    services.status_lists_regenerate()  # bits follow the statuses; every list signed
    document = {k: v for k, v in certificate.credential.items() if k != "proof"}
    document["credentialStatus"] = [
        statuslist.entry(list_url=sl.url, index=index, purpose=sl.purpose)
        for sl in StatusList.objects.filter(series=series).order_by("purpose")
    ]
    private_key, method = issuer_signing_key()
    signed = sign.sign(
        document, private_key=private_key, verification_method=method, created=timezone.now()
    )
    old = {**signed, "proof": signed["proof"][0]}
    Certificate.objects.filter(pk=certificate.pk).update(credential=old)
    certificate.refresh_from_db()
    assert is_old_shape(certificate.credential)
    return old


@pytest.fixture
def old_and_new(program):
    old = _issue(program, "Olive Oldshape")
    make_old_shape(old)
    new = _issue(program, "Nia Newshape")
    assert not is_old_shape(new.credential)
    return old, new


@pytest.mark.real_clock  # node checks the status list's dates on its own clock
def test_old_shape_credentials_are_issued_again_in_the_current_shape(
    old_and_new, capsys, client, tmp_path
):
    old, new = old_and_new
    old_file, new_before = old.credential, new.credential
    assert services.credential_verify(document=old_file).status == "valid"  # it still verifies
    OutgoingEmail.objects.all().delete()

    call_command("credentials", "reissue", "--old-shape")
    assert "certificate: 2 checked, 1 selected, 1 re-issued, 1 holders told" in (
        capsys.readouterr().out
    )

    old.refresh_from_db()
    new.refresh_from_db()
    assert new.credential == new_before  # the current shape is left alone
    reissued = old.credential
    assert not is_old_shape(reissued)
    assert isinstance(reissued["credentialStatus"], dict)
    assert reissued["credentialStatus"]["statusPurpose"] == "revocation"
    assert_ob3_valid(reissued)
    # The same credential: id, number, holder, dates; a new proof.
    for same in ("id", "name", "validFrom", "validUntil"):
        assert reissued[same] == old_file[same], same
    assert reissued["id"] == f"urn:uuid:{old.credential_id}"
    assert reissued["proof"][0]["proofValue"] != old_file["proof"]["proofValue"]
    assert services.credential_verify(document=reissued).status == "valid"

    (message,) = OutgoingEmail.objects.all()
    assert message.to == old.holder.email
    assert message.subject == "Your LSSCP digital credential was issued again"
    assert "still shows your certificate's true status" in message.text_body
    assert "/certificates/" in message.text_body  # where to download it
    assert "digital wallet" in message.text_body
    (audit,) = AuditEvent.objects.filter(verb="certificate.credential_reissued")
    assert audit.data["why"] == "shape"

    # Digital Bazaar's verifier accepts both files too.
    if node_missing():
        pytest.skip(f"the independent verifier needs {node_missing()}")
    now = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    files = {"old_file": old_file, "reissued": reissued}
    node = node_verify(tmp_path, _served(client, files.values()), files, now=now)
    assert {n: r["verified"] for n, r in node.items()} == {"old_file": True, "reissued": True}, {
        n: r["error"] for n, r in node.items()
    }


def test_the_old_file_and_the_new_one_both_follow_a_suspension(old_and_new, staff_user):
    old, _ = old_and_new
    old_file = old.credential
    credentials_reissue(selection=Selection(old_shape=True))
    old.refresh_from_db()
    services.certificate_suspend(certificate=old, actor=staff_user, reason="Audit.")
    assert services.credential_verify(document=old_file).status == "suspended"
    assert services.credential_verify(document=old.credential).status == "suspended"
    services.certificate_reinstate(certificate=old, actor=staff_user, reason="Cleared.")
    assert services.credential_verify(document=old_file).status == "valid"
    assert services.credential_verify(document=old.credential).status == "valid"


def test_running_again_or_dry_changes_nothing_more(old_and_new, capsys):
    old, _ = old_and_new
    call_command("credentials", "reissue", "--old-shape", "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run" in out
    assert "1 selected, 0 re-issued" in out
    old.refresh_from_db()
    assert is_old_shape(old.credential)

    call_command("credentials", "reissue", "--old-shape")
    old.refresh_from_db()
    once = old.credential
    emails = OutgoingEmail.objects.count()
    call_command("credentials", "reissue", "--old-shape")
    assert "0 selected, 0 re-issued, 0 holders told" in capsys.readouterr().out
    old.refresh_from_db()
    assert old.credential == once
    assert OutgoingEmail.objects.count() == emails


def test_it_reads_in_batches_and_picks_up_where_it_stopped(program, monkeypatch):
    certificates = [_issue(program, f"Holder {n}") for n in range(3)]
    for certificate in certificates:
        make_old_shape(certificate)
    kind = reissue.KINDS["certificate"]
    signed = []

    def fails_on_the_second(row, now):
        if len(signed) == 1:
            raise RuntimeError("the machine stopped")
        signed.append(row.pk)
        return services.certificate_credential_sign(certificate=row, now=now)

    failing = dataclasses.replace(kind, sign=fails_on_the_second)
    monkeypatch.setitem(reissue.KINDS, "certificate", failing)
    with pytest.raises(RuntimeError):
        credentials_reissue(selection=Selection(old_shape=True), batch_size=1)
    monkeypatch.setitem(reissue.KINDS, "certificate", kind)
    shapes = [is_old_shape(c.credential) for c in Certificate.objects.order_by("pk")]
    assert shapes == [False, True, True]  # the first was done and kept

    batches = []
    report = credentials_reissue(
        selection=Selection(old_shape=True), batch_size=1, progress=batches.append
    )
    count = report.kinds["certificate"]
    assert (count.checked, count.selected, count.reissued) == (3, 2, 2)
    # one row at a time, never all of them
    assert len([b for b in batches if b.startswith("certificate:")]) == 3
    assert not any(is_old_shape(c.credential) for c in Certificate.objects.all())


def test_signed_by_selects_what_one_key_signed(program, capsys):
    first = _issue(program, "First Key")
    services.issuer_key_rotate(actor=None, reason="Yearly.")
    second = _issue(program, "Second Key")
    fragment = reissue.signing_key_fragment(first.credential)
    call_command("credentials", "reissue", "--signed-by", fragment)
    assert "2 checked, 1 selected, 1 re-issued" in capsys.readouterr().out
    first.refresh_from_db()
    assert reissue.signing_key_fragment(first.credential) == reissue.signing_key_fragment(
        second.credential
    )


def test_the_command_says_what_to_select():
    with pytest.raises(CommandError, match="--old-shape"):
        call_command("credentials", "reissue")


def test_another_kind_registers_itself(old_and_new, monkeypatch):
    """A later credential kind (set credentials, wallet issuances) plugs in with one call."""
    told = []
    monkeypatch.setattr(reissue, "KINDS", {})
    reissue.credential_kind_register(
        reissue.CredentialKind(
            name="other",
            model=Certificate,
            field="credential",
            sign=lambda row, now: services.certificate_credential_sign(certificate=row, now=now),
            tell=lambda row, why: told.append((row.pk, why)) is None,
        )
    )
    report = credentials_reissue(selection=Selection(old_shape=True))
    assert list(report.kinds) == ["other"]
    assert told == [(old_and_new[0].pk, "shape")]
    assert AuditEvent.objects.filter(verb="other.credential_reissued").count() == 1
