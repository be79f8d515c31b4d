"""Is a certificate's old PDF still served once it no longer tells the truth? Its stored
rendering (ADR 0058) is kept under a name made from what it shows, so when the certificate has
expired and the overnight job has not run (the worker was down), the holder's download is
typeset again and reads "Expired.", never the stored one that says it is valid; and the holder's
browser signed in before they closed their account gets no PDF at all."""

from datetime import timedelta

from certify.accounts.privacy import account_close
from certify.certificates import dates
from certify.certificates.models import Certificate
from tests.certificates.conftest import finish, nearly, program  # noqa: F401  (fixtures)
from tests.certificates.test_stored_pdf import _download, _text
from tests.conftest import stored_pdfs

PASSWORD = "an old password of the holder 9"


def _issued(nearly, capture):  # noqa: F811
    application, last = nearly
    with capture(execute=True):
        finish(last)
    return application.certificate


def test_an_expired_certificates_stored_valid_pdf_is_not_served_when_the_job_did_not_run(
    client,
    nearly,  # noqa: F811
    stored_documents,
    django_capture_on_commit_callbacks,
):
    certificate = _issued(nearly, django_capture_on_commit_callbacks)
    [valid] = stored_pdfs(stored_documents, "certificates", certificate.pk)
    assert "Expired." not in _text(valid.read_bytes())
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=dates.today(certificate.program) - timedelta(days=1)
    )
    certificate.refresh_from_db()

    content = _download(client, certificate)  # no job ran: nothing typeset it since

    assert content != valid.read_bytes()
    assert "Expired." in _text(content)


def test_a_closed_accounts_old_session_gets_no_certificate_pdf(
    client,
    nearly,  # noqa: F811
    stored_documents,
    django_capture_on_commit_callbacks,
):
    certificate = _issued(nearly, django_capture_on_commit_callbacks)
    holder = certificate.holder
    holder.set_password(PASSWORD)
    holder.save(update_fields=["password"])
    client.force_login(holder)
    url = f"/certificates/{certificate.number}/certificate.pdf"
    assert client.get(url).status_code == 200
    account_close(user=holder, password=PASSWORD)

    response = client.get(url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
