"""The application asks for memberships of the program's member organization, and the enrollment
fee is invoiced only once they are confirmed or refused, so the first invoice has the right price
(ADR 0042). Before, the application never asked, and a member got the non-member invoice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.applications.decisions import application_accept
from certify.applications.services import application_submit
from certify.memberships.models import Membership, Organisation
from certify.memberships.services import membership_confirm, membership_reject
from certify.payments.models import Invoice
from certify.programs.models import Program
from tests.days import InDays, dated
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

VALID_UNTIL = InDays(400)


@pytest.fixture
def ala(db):
    return Organisation.objects.get(code="ALA")


def _save(client, application, *, number="ALA-1234567", until=VALID_UNTIL, code="ala"):
    until = dated(until)
    return client.post(
        reverse("applications:membership_save", args=[application.pk, code]),
        {
            f"membership-{code}-member_number": number,
            f"membership-{code}-expires_on": until.isoformat() if until else "",
        },
    )


def _enrollment_invoices(user):
    return list(Invoice.objects.filter(user=user, kind=Invoice.Kind.ENROLLMENT))


def test_the_application_form_asks_for_the_member_organization(client, draft, applicant):
    client.force_login(applicant)
    page = client.get(draft.get_absolute_url()).text
    assert "3. Memberships" in page
    assert "American Library Association (ALA)" in page
    assert 'name="membership-ala-member_number"' in page
    assert "4. Submit" in page


def test_a_membership_named_in_the_application_is_the_same_record_awaiting_confirmation(
    client, draft, applicant, ala
):
    client.force_login(applicant)
    response = _save(client, draft)
    assert response.status_code == 302
    membership = Membership.objects.get(user=applicant)
    assert (membership.organisation, membership.member_number, membership.status) == (
        ala,
        "ALA-1234567",
        Membership.Status.PENDING,
    )
    assert client.get(reverse("memberships:list")).text.count("ALA-1234567") == 1
    page = client.get(draft.get_absolute_url()).text
    assert "Waiting for confirmation" in page
    assert "Your invoice is issued once your membership is confirmed." in page


def test_a_refused_input_stays_beside_its_field_with_what_was_typed(client, draft, applicant):
    client.force_login(applicant)
    response = _save(client, draft, number="ALA-77", until=timezone.localdate() - timedelta(1))
    assert response.status_code == 400
    page = response.text
    assert "This date has passed" in page
    assert 'value="ALA-77"' in page
    assert not Membership.objects.exists()


def test_another_candidate_cannot_name_a_membership_in_someone_elses_application(
    client, draft, candidate
):
    client.force_login(candidate)
    assert _save(client, draft).status_code == 404  # another's: as an unknown application
    assert not Membership.objects.exists()


def test_only_the_program_s_member_organizations_are_asked_about(client, draft, applicant):
    client.force_login(applicant)
    assert _save(client, draft, code="ssd").status_code == 404
    assert not Membership.objects.exists()


def test_a_submitted_application_sends_membership_changes_to_the_memberships_page(
    client, submitted, applicant
):
    client.force_login(applicant)
    response = _save(client, submitted)
    assert response.url == reverse("memberships:list")
    assert "memberships page" in client.get(response.url).text
    assert not Membership.objects.exists()


def test_the_invoice_waits_while_a_named_membership_is_unconfirmed(
    client, draft, applicant, staff, ala
):
    MembershipFactory(user=applicant, organisation=ala, status="pending")
    application_submit(application=draft, actor=applicant)  # LSSCP invoices at submission
    assert _enrollment_invoices(applicant) == []
    client.force_login(applicant)
    assert "Your invoice is issued once your membership is confirmed." in (
        client.get(draft.get_absolute_url()).text
    )
    assert "Your invoice is issued once your ALA membership is confirmed" in (
        client.get(reverse("accounts:home")).text
    )
    client.force_login(staff)
    page = client.get(reverse("applications:staff_detail", args=[draft.pk])).text
    assert "The enrollment invoice waits on a membership confirmation." in page
    assert reverse("memberships:queue") in page


def test_a_member_gets_the_member_price_on_the_first_invoice_once_confirmed(
    draft, applicant, staff, ala, lsscp, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(user=applicant, organisation=ala, status="pending")
    application_submit(application=draft, actor=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        membership_confirm(membership=membership, actor=staff)
    [invoice] = _enrollment_invoices(applicant)
    assert invoice.total_cents == lsscp.member_fee_cents
    assert membership.member_number in invoice.lines.get(kind="member_discount").description


def test_a_refused_membership_gives_the_non_member_price(
    draft, applicant, staff, ala, lsscp, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(user=applicant, organisation=ala, status="pending")
    application_submit(application=draft, actor=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        membership_reject(membership=membership, actor=staff, reason="No such member number.")
    [invoice] = _enrollment_invoices(applicant)
    assert invoice.total_cents == lsscp.enrollment_fee_cents


def test_a_decision_before_submission_invoices_nothing_early(
    draft, applicant, staff, ala, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(user=applicant, organisation=ala, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        membership_confirm(membership=membership, actor=staff)
    assert _enrollment_invoices(applicant) == []  # not due: the application is a draft
    application_submit(application=draft, actor=applicant)
    [invoice] = _enrollment_invoices(applicant)
    assert invoice.total_cents == draft.program.member_fee_cents


def test_after_acceptance_the_invoice_also_waits_for_the_membership(
    draft, applicant, staff, ala, lsscp, django_capture_on_commit_callbacks
):
    Program.objects.filter(pk=lsscp.pk).update(
        payment_timing=Program.PaymentTiming.AFTER_ACCEPTANCE
    )
    draft.program.refresh_from_db()
    membership = MembershipFactory(user=applicant, organisation=ala, status="pending")
    submitted = application_submit(application=draft, actor=applicant)
    application_accept(application=submitted, actor=staff)
    assert _enrollment_invoices(applicant) == []
    with django_capture_on_commit_callbacks(execute=True):
        membership_confirm(membership=membership, actor=staff)
    [invoice] = _enrollment_invoices(applicant)
    assert invoice.total_cents == lsscp.member_fee_cents


def test_an_ssd_membership_does_not_hold_the_invoice_back(submitted, applicant):
    # SSD membership opens scholarships, not the member price: nothing waits for it.
    MembershipFactory(
        user=applicant, organisation=Organisation.objects.get(code="SSD"), status="pending"
    )
    assert len(_enrollment_invoices(applicant)) == 1


def test_the_check_page_lists_the_membership_and_warns_while_it_waits(
    client, draft, applicant, staff
):
    client.force_login(applicant)
    check = reverse("applications:check", args=[draft.pk])
    assert "Not a member (you pay the full fee)" in client.get(check).text
    _save(client, draft)
    page = client.get(check).text
    assert "Member number ALA-1234567" in page
    assert "waiting for confirmation" in page
    assert "membership is not confirmed yet: your invoice is issued once staff" in page
    membership_confirm(membership=Membership.objects.get(user=applicant), actor=staff)
    assert "membership is not confirmed yet" not in client.get(check).text
