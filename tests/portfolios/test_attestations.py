"""An attestation means what it says (ADR 0024): never the candidate's own address, a link that
works once, expires and stops at submission, and reviewers read the attestation the version was
submitted with, with the attester's organization and e-mail domain and a warning when those are
the candidate's own; never the candidate's name."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certify.core.errors import DomainError
from certify.portfolios import services
from certify.portfolios.models import EvidenceItem

T = EvidenceItem.AttestationStatus
TEXT = "Dana ran our evening desk alone for a year and handled every complaint with care."


def candidate_of(portfolio):
    return portfolio.planned_set.application.candidate


def request(portfolio, capture, *, email="pat@riverside.example", organization="", response=None):
    """Ask for an attestation; the item and the token of the link in the e-mail."""
    with capture(execute=True):
        item = services.evidence_request_attestation(
            response=response or portfolio.responses.first(),
            actor=candidate_of(portfolio),
            attester_name="Pat Lee",
            attester_email=email,
            attester_organization=organization,
            title="Evening desk",
            description="What you saw at the evening desk.",
        )
    return item, mail.outbox[-1].body.split("/attest/")[1].split("/")[0]


def attest(client, token, **data):
    return client.post(f"/attest/{token}/", {"answer": "give", "text": TEXT, **data})


def submit(portfolio):
    return services.portfolio_submit(portfolio=portfolio, actor=candidate_of(portfolio))


def assess_page(client, submission):
    assignment = submission.assignments.first()
    client.force_login(assignment.reviewer)
    return client.get(reverse("portfolios:assess", args=[assignment.pk])).text


@pytest.mark.parametrize("whose", ["account", "another of theirs"])
def test_the_attester_may_not_be_the_candidate(portfolio, whose):
    candidate = candidate_of(portfolio)
    address = candidate.email.upper()
    if whose == "another of theirs":
        address = "Dana.Home@Mail.example"
        EmailAddress.objects.create(user=candidate, email=address.lower(), verified=False)
    with pytest.raises(DomainError, match="one of your own e-mail addresses") as refused:
        services.evidence_request_attestation(
            response=portfolio.responses.first(),
            actor=candidate,
            attester_name="Me",
            attester_email=address,
            title="",
            description="",
        )
    assert refused.value.field == "attester_email"
    assert not EvidenceItem.objects.filter(kind=EvidenceItem.Kind.ATTESTATION).exists()


def test_the_link_works_once(client, portfolio, django_capture_on_commit_callbacks):
    item, token = request(portfolio, django_capture_on_commit_callbacks)
    assert attest(client, token).status_code == 200
    replayed = attest(client, token, text="Something else entirely, written the second time.")
    assert replayed.status_code == 410
    item.refresh_from_db()
    assert (item.attestation_status, item.attestation_text) == (T.GIVEN, TEXT)


def test_an_expired_link_is_refused(
    client, portfolio, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CONFIRMATION_LINK_DAYS = 3
    item, token = request(portfolio, django_capture_on_commit_callbacks)
    now = timezone.now()
    # It works through the third day after today (ADR 0024, "Days, not hours"): over by then.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=4, minutes=1))
    response = client.get(f"/attest/{token}/")
    assert response.status_code == 410
    assert "expired" in response.text
    assert attest(client, token).status_code == 410
    item.refresh_from_db()
    assert item.attestation_status == T.REQUESTED


def test_after_submission_the_link_stops_and_reviewers_read_the_submitted_version(
    client, complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    given, given_token = request(complete_portfolio, django_capture_on_commit_callbacks)
    assert attest(client, given_token).status_code == 200
    pending, pending_token = request(
        complete_portfolio,
        django_capture_on_commit_callbacks,
        email="lee@hillside.example",
        response=complete_portfolio.responses.all()[1],
    )
    submission = submit(complete_portfolio)
    # The pending link stops at submission; the attester is told, and nothing is written.
    refused = attest(client, pending_token)
    assert refused.status_code == 410
    assert "submitted before you answered" in refused.text
    pending.refresh_from_db()
    assert (pending.attestation_status, pending.attestation_text) == (T.LAPSED, "")
    # Whatever happens to the item later, reviewers read what the version was submitted with.
    EvidenceItem.objects.filter(pk=given.pk).update(attestation_text="Rewritten after submission.")
    EvidenceItem.objects.filter(pk=pending.pk).update(
        attestation_status=T.GIVEN, attestation_text="Given after submission, somehow."
    )
    page = assess_page(client, submission)
    assert TEXT in page
    assert "Rewritten after submission." not in page
    assert "Given after submission, somehow." not in page
    assert "Not given before submission" in page


def test_reviewers_see_organization_and_domain_and_a_warning_when_they_are_the_candidates(
    client, complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    candidate = candidate_of(complete_portfolio)
    EmailAddress.objects.create(user=candidate, email="dana@riverside.example", verified=True)
    _, same = request(
        complete_portfolio,
        django_capture_on_commit_callbacks,
        email="pat@riverside.example",
        organization="Hillside Community Library",
    )
    attest(client, same)
    _, independent = request(
        complete_portfolio,
        django_capture_on_commit_callbacks,
        email="lee@hillside.example",
        organization="riverside public library",  # the candidate's library, in other letters
        response=complete_portfolio.responses.all()[1],
    )
    attest(client, independent, organization="Riverside Public Library")
    page = assess_page(client, submit(complete_portfolio))
    assert "Hillside Community Library" in page
    assert "e-mail at riverside.example" in page
    assert "e-mail at hillside.example" in page
    assert page.count("is also the domain of one of the candidate") == 1
    assert page.count("a library where the candidate works or worked") == 1
    assert "Dana Okafor" not in page  # blind review: the warning names no one


# --- No relaying (ADR 0029) ---------------------------------------------------------------------

PHISH = "Your account is suspended, verify at https://evil.example/login"


def test_no_text_the_candidate_typed_reaches_the_attester(
    client, portfolio, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_request_attestation(
            response=portfolio.responses.first(),
            actor=candidate_of(portfolio),
            attester_name=PHISH[:200],
            attester_email="pat@riverside.example",
            attester_organization=PHISH,
            title=PHISH,
            description=PHISH,
        )
    [message] = mail.outbox
    text = "\n".join([message.subject, message.body, message.alternatives[0][0]])
    assert "evil.example" not in text
    assert "suspended" not in text
    assert "Dana Okafor" in message.subject
    assert "on behalf of Dana Okafor" in message.body
    assert "/notifications/stop/" in message.body
    html = message.alternatives[0][0]
    assert "<p>" in html
    assert "&lt;p&gt;" not in html
    # the attester reads what to describe on the link's page, as the candidate's words
    token = message.body.split("/attest/")[1].split("/")[0]
    page = client.get(f"/attest/{token}/").text
    assert "in their own words (Certify did not write or check this)" in page
    assert PHISH in page


def test_asking_past_the_days_limit_is_refused_on_the_form_and_saves_nothing(
    client, portfolio, settings
):
    settings.RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY = 2
    candidate = candidate_of(portfolio)
    client.force_login(candidate)
    first = portfolio.responses.first()
    url = reverse("portfolios:evidence_add", args=[portfolio.planned_set_id, first.pk])
    data = {"kind": "attestation", "attester_name": "Pat", "attester_email": "pat@lib.example"}
    for _ in range(2):
        client.post(url, data)
    items = EvidenceItem.objects.filter(kind=EvidenceItem.Kind.ATTESTATION)
    assert items.count() == 2
    page = client.post(url, data, follow=True)
    assert "You have sent 2 requests to this address today; you can send more tomorrow." in (
        page.text
    )
    assert items.count() == 2
    from certify.notifications.models import OutgoingEmail

    assert OutgoingEmail.objects.filter(sent_for=candidate).count() == 2


def test_an_attestation_longer_than_the_limit_is_refused_and_kept_in_the_form(
    client, portfolio, django_capture_on_commit_callbacks
):
    """The link's holder is not signed in: what they may write is bounded, in their words, and
    what they typed stays in the form; the link still works for a shorter answer."""
    item, token = request(portfolio, django_capture_on_commit_callbacks)
    limit = services.ATTESTATION_MAX
    too_long = ("She ran the desk well. " * 300)[: limit + 1]
    response = attest(client, token, text=too_long)
    assert f"Keep it to {limit:,} characters: it has {limit + 1:,}." in response.text
    assert too_long.strip()[:200] in response.text
    item.refresh_from_db()
    assert (item.attestation_status, item.attestation_text) == (T.REQUESTED, "")
    assert attest(client, token, text=too_long[:limit]).status_code == 200
    item.refresh_from_db()
    assert (item.attestation_status, item.attestation_text) == (T.GIVEN, too_long[:limit].strip())


def test_the_candidate_signed_in_cannot_attest_through_their_own_link(
    client, portfolio, django_capture_on_commit_callbacks
):
    item, token = request(portfolio, django_capture_on_commit_callbacks)
    client.force_login(candidate_of(portfolio))
    response = attest(client, token)
    assert response.status_code == 400
    assert "you cannot attest to your own work" in response.text
    item.refresh_from_db()
    assert item.attestation_status == T.REQUESTED
    client.logout()
    assert attest(client, token).status_code == 200
    item.refresh_from_db()
    assert item.attestation_status == T.GIVEN


def test_an_attestation_link_stops_once_its_address_became_the_candidates(
    client, portfolio, django_capture_on_commit_callbacks
):
    item, token = request(portfolio, django_capture_on_commit_callbacks)
    EmailAddress.objects.create(
        user=candidate_of(portfolio), email="pat@riverside.example", verified=True
    )
    response = attest(client, token)
    assert response.status_code == 400
    assert "which is now one of the candidate&#x27;s own e-mail addresses" in response.text
    item.refresh_from_db()
    assert item.attestation_status == T.REQUESTED


def test_the_candidates_data_download_leaves_out_the_attesters_link(
    client, portfolio, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    from certify.accounts.privacy import data_export_build

    _item, token = request(portfolio, django_capture_on_commit_callbacks)
    export = data_export_build(user=candidate_of(portfolio))
    archive = zipfile.ZipFile(io.BytesIO(export))
    text = "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert "pat@riverside.example" in text
    assert token not in text
    assert "/attest/" not in text
    assert attest(client, token).status_code == 200


def test_a_second_attestation_offers_the_supervisors_already_named(
    client, portfolio, django_capture_on_commit_callbacks
):
    """WCAG 3.3.7 Redundant Entry: the supervisor asked for one competency, and those of the
    application's jobs, are offered in the next request's fields, not typed again."""
    request(portfolio, django_capture_on_commit_callbacks, organization="Riverside Library")
    application = portfolio.planned_set.application
    libraries = sorted(
        {e.library_name for e in application.experience.all()} | {"Riverside Library"}
    )
    client.force_login(candidate_of(portfolio))
    second = portfolio.responses.order_by("competency__order")[1]
    page = client.get(
        reverse("portfolios:competency", args=[portfolio.planned_set_id, second.competency.code])
    ).text
    assert '<option value="Pat Lee"></option>' in page.split('<datalist id="attester-names">')[1]
    emails = page.split('<datalist id="attester-emails">')[1].split("</datalist>")[0]
    assert '<option value="pat@riverside.example"></option>' in emails
    organizations = page.split('<datalist id="attester-organizations">')[1].split("</datalist>")[0]
    assert organizations == "".join(f'<option value="{name}"></option>' for name in libraries)
    assert f'id="ev{second.pk}-attester_email" name="attester_email" list="attester-emails"' in page


def test_an_attestation_link_stops_once_the_candidate_closed_their_account(
    client, portfolio, django_capture_on_commit_callbacks
):
    """Closing the account leaves the draft portfolio's pending request behind (blanked): its
    link must not still ask a supervisor to attest, nor show what the candidate wrote."""
    from certify.accounts.privacy import account_close

    item, token = request(portfolio, django_capture_on_commit_callbacks)
    candidate = candidate_of(portfolio)
    candidate.set_password("closing-time-42")
    candidate.save()
    account_close(user=candidate, password="closing-time-42")
    for _ in range(2):
        page = client.get(f"/attest/{token}/")
        assert page.status_code == 410
        assert "closed their account" in page.text
        assert "What you saw at the evening desk." not in page.text
    assert attest(client, token).status_code == 410
    item.refresh_from_db()
    assert (item.attestation_status, item.attestation_text) == (T.REQUESTED, "")
    assert item.description == ""  # what the candidate wrote goes with the account


def test_a_scanned_attestation_link_writes_nothing_and_the_post_attests(
    client, portfolio, django_capture_on_commit_callbacks
):
    """A mail scanner or a preview (GET, HEAD) neither attests nor spends the link."""
    from tests.conftest import writes_during

    item, token = request(portfolio, django_capture_on_commit_callbacks)
    seen: list = []
    for method in (client.get, client.head, client.get):
        assert writes_during(lambda m=method: seen.append(m(f"/attest/{token}/"))) == []
    assert [r.status_code for r in seen] == [200, 200, 200]
    assert {r["Referrer-Policy"] for r in seen} == {"same-origin"}
    assert candidate_of(portfolio).email not in seen[0].text
    item.refresh_from_db()
    assert item.attestation_status == T.REQUESTED
    assert attest(client, token).status_code == 200
    item.refresh_from_db()
    assert item.attestation_status == T.GIVEN
