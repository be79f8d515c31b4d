"""Pages: the holder's renewal page and CE log, staff's queue, decisions and reinstatement."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certify.accounts.models import Role
from certify.certificates.models import Certificate
from certify.core.money import Money
from certify.payments.services import payment_record
from certify.programs.models import Program
from certify.renewals.lifecycle import add_months
from certify.renewals.models import CeActivity, Renewal
from certify.renewals.services import renewal_decide, renewal_resubmit, renewal_submit
from tests import files
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.renewals.conftest import certificate_per_module, holder_with_certificate, in_window, log

PDF = files.PDF  # a real PDF: uploads are opened, not only typed
STAFF_PAGES = ["/staff/renewals/", "/staff/renewals/lapsed/"]


# The certificate is built once for this module's tests, which change it only in the database
# (each test's savepoint is rolled back): tests/shared.py.
program, today, certificate = certificate_per_module()


def activity_data(**changes):
    data = {
        "title": "Cybersecurity for libraries",
        "provider": "WebJunction",
        "completed_on": timezone.localdate().isoformat(),
        "format": "hours",
        "amount": "4",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_pages_refuse_everyone_else(client_as, role, url, program):
    assert client_as(role).get(url).status_code == 403


@pytest.mark.parametrize("url", [*STAFF_PAGES, "/renewal/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_without_a_certificate_the_page_says_so_and_the_log_is_refused(client_as, role, program):
    client = client_as(role)
    page = client.get("/renewal/")
    assert page.status_code == 200
    assert "nothing to renew" in page.text
    assert client.post("/renewal/activities/", activity_data()).status_code == 403
    assert client.post("/renewal/apply/").status_code == 403


def test_the_holder_sees_status_dates_and_progress(client, certificate):
    client.force_login(certificate.holder)
    page = client.get("/renewal/")
    assert page.status_code == 200
    assert "Valid; renewal open" in page.text
    assert certificate.number in page.text
    assert "0 of 32 hours, 0 of 4 on Technology" in page.text


def test_adding_an_activity_with_htmx_updates_progress(client, certificate, program):
    client.force_login(certificate.holder)
    tec = program.competency_sets.get(code="TEC")
    response = client.post(
        "/renewal/activities/",
        {
            **activity_data(),
            "competency_sets": [tec.pk],
            "evidence": SimpleUploadedFile("a.pdf", PDF),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "4 of 32 hours, 4 of 4 on Technology" in response.text
    assert 'id="ce-log"' in response.text
    assert "<html" not in response.text
    assert CeActivity.objects.get().evidence_content_type == "application/pdf"


def test_an_activity_added_with_htmx_is_confirmed_in_the_log_not_on_the_next_page(
    client, certificate
):
    """The log says what was recorded and takes the focus (data-focus-after-swap, forms.js);
    "Activity recorded." used to wait in the session and greet the holder on another page."""
    client.force_login(certificate.holder)
    response = client.post("/renewal/activities/", activity_data(), HTTP_HX_REQUEST="true")
    assert "Activity recorded: “Cybersecurity for libraries”." in response.text
    assert "data-focus-after-swap" in response.text
    assert "Activity recorded" not in client.get("/account/").text


def test_an_activity_added_without_javascript_opens_the_log_at_its_main_content(
    client, certificate
):
    """The form posts to `#ce-add-errors`; a browser keeps that fragment across a redirect that
    names none, so the saved page's address would aim at a summary not there (ADR 0043)."""
    client.force_login(certificate.holder)
    response = client.post("/renewal/activities/", activity_data())
    assert response.status_code == 302
    assert response["Location"] == f"/renewal/?program={certificate.program.slug}#main"
    assert CeActivity.objects.filter(holder=certificate.holder).count() == 1


def test_the_next_activity_offers_the_providers_already_logged(client, certificate):
    """WCAG 3.3.7 Redundant Entry: a second course from the same provider picks its name."""
    client.force_login(certificate.holder)
    response = client.post("/renewal/activities/", activity_data(), HTTP_HX_REQUEST="true")
    for page in (response.text, client.get("/renewal/").text):
        assert (
            '<datalist id="earlier-providers"><option value="WebJunction"></option></datalist>'
            in page
        )
        assert 'list="earlier-providers"' in page


def test_a_refused_activity_with_htmx_comes_back_with_an_error_summary(client, certificate):
    client.force_login(certificate.holder)
    response = client.post(
        "/renewal/activities/",
        activity_data(amount="0", title="Kept title"),
        HTTP_HX_REQUEST="true",
    )
    assert 'id="ce-add-errors"' in response.text  # forms.js moves the focus there
    assert 'href="#id_amount"' in response.text
    assert "Kept title" in response.text
    assert "data-focus-after-swap" not in response.text


def test_a_bad_activity_keeps_what_was_typed(client, certificate):
    client.force_login(certificate.holder)
    response = client.post("/renewal/activities/", activity_data(amount="0", title="Kept title"))
    assert response.status_code == 400
    assert "Kept title" in response.text
    assert "greater than" in response.text  # the form's own wording or the service's
    assert not CeActivity.objects.exists()


def test_the_preview_shows_the_hours_as_the_holder_types(client, certificate, program):
    fls = program.competency_sets.get(code="FLS")
    client.force_login(certificate.holder)
    response = client.post(
        "/renewal/activities/preview/",
        activity_data(format="semester", amount="1", competency_sets=[fls.pk]),
    )
    assert "counts as 15 hours" in response.text
    assert "15 of 32 hours" in response.text


def test_the_preview_says_an_activity_tied_to_no_set_would_not_count(client, certificate):
    client.force_login(certificate.holder)
    response = client.post(
        "/renewal/activities/preview/", activity_data(format="semester", amount="1")
    )
    assert "15 hours would not count" in response.text
    assert "Not tied to a competency set: choose the sets it covers" in response.text
    assert "counts as" not in response.text


def test_someone_elses_activity_is_not_found(client, certificate, program, today):
    activity = log(certificate.holder, program=program, on=today)[0]
    other = holder_with_certificate(program, issued_on=today, name="Other Holder")
    client.force_login(other.holder)
    assert client.get(f"/renewal/activities/{activity.pk}/").status_code == 404
    assert client.post(f"/renewal/activities/{activity.pk}/delete/").status_code == 404
    assert client.get(f"/renewal/activities/{activity.pk}/evidence/").status_code == 404
    assert CeActivity.objects.filter(pk=activity.pk).exists()


def test_evidence_downloads_as_an_attachment_for_the_holder_and_staff(
    client, certificate, staff_user, today
):
    client.force_login(certificate.holder)
    client.post(
        "/renewal/activities/", {**activity_data(), "evidence": SimpleUploadedFile("a.pdf", PDF)}
    )
    activity = CeActivity.objects.get()
    response = client.get(f"/renewal/activities/{activity.pk}/evidence/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(staff_user)
    assert client.get(f"/renewal/activities/{activity.pk}/evidence/").status_code == 200


def test_edit_and_delete(client, certificate, program, today):
    activity = log(certificate.holder, program=program, on=today)[0]
    client.force_login(certificate.holder)
    assert client.get(f"/renewal/activities/{activity.pk}/").status_code == 200
    response = client.post(f"/renewal/activities/{activity.pk}/", activity_data(title="New"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "New"
    client.post(f"/renewal/activities/{activity.pk}/delete/")
    assert not CeActivity.objects.filter(pk=activity.pk).exists()


def test_done_when_log_apply_pay_and_get_a_new_certificate(
    client, certificate, program, staff_user, django_capture_on_commit_callbacks
):
    """A holder in the window logs 32 hours (4 on technology), renews, pays, and gets a new
    certificate; the old one's verification page says it was replaced."""
    tec = program.competency_sets.get(code="TEC")
    client.force_login(certificate.holder)
    fls = program.competency_sets.get(code="FLS")
    client.post(
        "/renewal/activities/",
        activity_data(amount="28", title="Workshops", competency_sets=[fls.pk]),
    )
    client.post("/renewal/activities/", {**activity_data(), "competency_sets": [tec.pk]})
    assert "32 of 32 hours, 4 of 4 on Technology" in client.get("/renewal/").text
    response = client.post("/renewal/apply/")
    renewal = Renewal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == renewal.invoice.get_absolute_url()
    due = renewal.invoice.due_on
    confirmation = client.get(response["Location"]).text  # what happens next, and by when
    # Its due date, and the last day it can be paid at all (the renewal page's "Pay it by").
    last = add_months(certificate.expires_on, program.renewal_grace_months)
    assert (
        f"by {due:%B} {due.day}, {due.year}, its due date (it can still be paid until the end of "
        f"{last:%B} {last.day}, {last.year}, your last day to renew) to complete it. What happens "
        "next:"
    ) in " ".join(confirmation.split())
    assert "Pay the renewal fee" in client.get("/renewal/").text
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            invoice=renewal.invoice,
            amount=Money(15000),
            method="cheque",
            reference="C 1",
            actor=staff_user,
        )
    page = client.get("/renewal/", follow=True)
    renewal.refresh_from_db()
    new = renewal.new_certificate
    assert renewal.status == "approved"
    assert new.status == "valid"
    assert new.number in page.text
    old = client.get(f"/verify/{certificate.number}/")
    assert f"Replaced by {new.number}" in old.text
    assert new.number in old.text
    assert "Valid." in client.get(f"/verify/{new.number}/").text


def test_the_lapsed_holder_shows_as_lapsed(client, program, today, staff_user):
    expired = add_months(today, -program.renewal_grace_months) - timedelta(days=1)
    lapsed = holder_with_certificate(
        program, issued_on=add_months(expired, -12 * program.certificate_validity_years)
    )
    client.force_login(lapsed.holder)
    page = client.get("/renewal/")
    assert "Lapsed" in page.text
    assert "has lapsed" in page.text
    # Whom to write to is a link a phone can open (it was plain text).
    Program.objects.filter(pk=program.pk).update(contact_email="renewals@example.org")
    assert '<a href="mailto:renewals@example.org">' in client.get("/renewal/").text
    client.force_login(staff_user)
    assert lapsed.number in client.get("/staff/renewals/lapsed/").text
    form = client.get(f"/staff/renewals/reinstate/{lapsed.pk}/")
    assert form.status_code == 200
    refused = client.post(
        f"/staff/renewals/reinstate/{lapsed.pk}/",
        {"renew_by": (today + timedelta(days=30)).isoformat(), "reason": ""},
    )
    assert refused.status_code == 400
    assert "Give a reason: it is kept in the record and the holder reads it." in refused.text
    done = client.post(
        f"/staff/renewals/reinstate/{lapsed.pk}/",
        {"renew_by": (today + timedelta(days=30)).isoformat(), "reason": "Illness"},
    )
    assert done.status_code == 302
    assert "No lapsed certificates." in client.get("/staff/renewals/lapsed/").text


def _renewal(program, today, name):
    certificate = in_window(program, today, name=name)
    log(certificate.holder, program=program, on=today)
    return renewal_submit(certificate=certificate, actor=certificate.holder, today=today)


def test_the_staff_queue_keeps_its_query_count(client, program, today, staff_user):
    _renewal(program, today, "First Holder")
    client.force_login(staff_user)
    client.get("/staff/renewals/")
    one = count_queries(lambda: client.get("/staff/renewals/?status=submitted"))
    _renewal(program, today, "Second Holder")
    _renewal(program, today, "Third Holder")
    page = client.get("/staff/renewals/?status=submitted")
    assert page.text.count("Waiting for the renewal fee") >= 3
    assert count_queries(lambda: client.get("/staff/renewals/?status=submitted")) == one


def _audited_and_paid(program, today, staff_user, capture):
    """A renewal chosen at random for an evidence check whose fee staff recorded: moved on to
    the evidence check."""
    program.renewal_audit_percent = 100
    program.save()
    renewal = _renewal(program, today, "Audited Holder")
    with capture(execute=True):
        payment_record(
            invoice=renewal.invoice,
            amount=Money(15000),
            method="cheque",
            reference="C 2",
            actor=staff_user,
        )
    return renewal


def test_staff_decide_an_audited_renewal(
    client, program, today, staff_user, django_capture_on_commit_callbacks
):
    renewal = _audited_and_paid(program, today, staff_user, django_capture_on_commit_callbacks)
    client.force_login(staff_user)
    detail = client.get(f"/staff/renewals/{renewal.pk}/")
    assert detail.status_code == 200
    assert "Evidence being checked" in detail.text  # moved on by "invoice.paid"
    refused = client.post(f"/staff/renewals/{renewal.pk}/decide/", {"action": "refuse"})
    assert refused.status_code == 400
    assert "Give a reason" in refused.text
    done = client.post(f"/staff/renewals/{renewal.pk}/decide/", {"action": "approve"}, follow=True)
    renewal.refresh_from_db()
    assert renewal.status == "approved"
    number = renewal.certificate.number
    assert f"You approved the renewal of certificate {number}. The holder was told." in done.text
    assert Certificate.objects.filter(status="replaced").count() == 1


def test_a_decision_covers_the_renewal_its_decider_read(
    client, program, today, staff_user, django_capture_on_commit_callbacks
):
    """Staff open an audited renewal; meanwhile another staff member asks for more evidence
    and the holder sends it back. The first page's refusal is refused, its reason kept and
    nothing decided; the page shows the renewal as it is now, and deciding from it works."""
    renewal = _audited_and_paid(program, today, staff_user, django_capture_on_commit_callbacks)
    client.force_login(staff_user)
    renewal.refresh_from_db()
    opened = renewal.updated_at.isoformat()
    assert (
        f'name="updated_at_seen" value="{opened}"'
        in client.get(f"/staff/renewals/{renewal.pk}/").text
    )
    renewal_decide(
        renewal=renewal,
        actor=UserFactory(roles=[Role.PROGRAM_STAFF]),
        action="more_evidence",
        reason="Attach the attendance.",
    )
    renewal_resubmit(renewal=renewal, actor=renewal.holder, today=today)
    decide = f"/staff/renewals/{renewal.pk}/decide/"
    stale = {"action": "refuse", "reason": "No proof of attendance.", "updated_at_seen": opened}
    response = client.post(decide, stale)
    assert response.status_code == 400
    assert "changed after you opened it" in response.text
    assert "No proof of attendance." in response.text
    renewal.refresh_from_db()
    assert renewal.status == "in_audit"
    now = renewal.updated_at.isoformat()
    assert f'name="updated_at_seen" value="{now}"' in response.text
    client.post(decide, {"action": "approve", "updated_at_seen": now})
    renewal.refresh_from_db()
    assert renewal.status == "approved"


def test_the_certificates_page_and_the_renewal_page_use_the_same_word(client, program, today):
    """In the grace period a certificate is expired but renewable; after it, lapsed. The holder's
    certificates page says what the renewal page says (it said "Expired" for both)."""
    grace = holder_with_certificate(
        program,
        issued_on=add_months(today - timedelta(days=1), -12 * program.certificate_validity_years),
    )
    expired = add_months(today, -program.renewal_grace_months) - timedelta(days=1)
    lapsed = holder_with_certificate(
        program, issued_on=add_months(expired, -12 * program.certificate_validity_years)
    )
    for certificate, word, now, way in (
        (
            grace,
            "Expired; renewal still open (grace period)",
            "expired",
            "you can still renew it in the grace period",
        ),
        (lapsed, "Lapsed", "lapsed", "It has lapsed: its last day to renew has passed."),
    ):
        certificate.refresh_from_db()
        assert certificate.current_status == Certificate.EXPIRED
        client.force_login(certificate.holder)
        tag = f'<span class="tag tag--warn">{word}</span>'
        renewal_page = client.get("/renewal/").text
        assert tag in renewal_page
        # The grace period said in words, not only by its last day in the list of dates.
        assert ('id="renewal-grace"' in renewal_page) == (certificate == grace)
        mine = client.get("/certificates/").text
        assert tag in mine, certificate
        assert f"it is now {now}." in mine  # "now expired; renewal still open (grace …)" before
        assert way in mine  # with the way to the renewal page
        assert f'href="/renewal/?program={program.slug}"' in mine
    # The public verification page says the same word (tests/renewals/test_one_word_for_lapsed.py).
    assert tag in client.get(f"/verify/{lapsed.number}/").text
