"""Nobody decides their own case (ADR 0022): the integrity review's examples, refused in words,
conflict-of-interest declarations, and role grants as decisions."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from certify.accounts.conflicts import conflict_declare, conflict_withdraw, conflicted_with
from certify.accounts.models import ConflictDeclaration, Role, RoleAssignment
from certify.accounts.services import role_grant
from certify.applications.decisions import application_accept, deadline_extend
from certify.core.duties import OwnCaseError
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.money import Money
from certify.core.workflow import transition
from certify.memberships.models import Organisation
from certify.memberships.services import membership_confirm
from certify.payments.services.payments import payment_record
from tests.appeals.test_workflow_table import appeal_of
from tests.factories import (
    ApplicationFactory,
    CourseFactory,
    ExperienceEntryFactory,
    MembershipFactory,
    ProviderFactory,
    UserFactory,
)
from tests.workflow import force_status

OWN = "You cannot decide your own case: ask another staff member."


@pytest.fixture
def dual(db):
    """A library assistant who is a candidate and also program staff."""
    return UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


def submitted(candidate, **kwargs):
    return force_status(ApplicationFactory(candidate=candidate, **kwargs), "submitted")


# --- The examples of the finding ---------------------------------------------------------------


def test_nobody_accepts_their_own_application(dual, lsscp):
    application = submitted(dual, program=lsscp)
    with pytest.raises(OwnCaseError, match=OWN):
        application_accept(application=application, actor=dual)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_nobody_decides_their_own_appeal_nor_the_first_decider(dual, staff, lsscp):
    appeal = force_status(appeal_of(dual, decided_by=staff, program=lsscp), "grounds")
    from certify.appeals.services import appeal_decide

    for who in (dual, staff):  # the appellant on staff; the person who made the decision
        with pytest.raises(OwnCaseError, match=OWN):
            appeal_decide(appeal=appeal, actor=who, uphold=True, reason="Fair")
    other = UserFactory(roles=[Role.PROGRAM_STAFF])
    appeal_decide(appeal=appeal, actor=other, uphold=True, reason="Fair")


def test_nobody_records_a_cheque_on_their_own_invoice(dual, lsscp):
    from certify.payments.api import enrollment_invoice_get_or_create

    invoice = enrollment_invoice_get_or_create(user=dual, program=lsscp, actor=dual)
    with pytest.raises(OwnCaseError, match=OWN):
        payment_record(
            invoice=invoice, amount=Money(100), method="cheque", reference="C1", actor=dual
        )


def test_nobody_confirms_their_own_membership(dual):
    membership = MembershipFactory(
        user=dual, organisation=Organisation.objects.get(code="ALA"), status="pending"
    )
    with pytest.raises(OwnCaseError, match=OWN):
        membership_confirm(membership=membership, actor=dual)


def test_nobody_approves_a_course_of_a_provider_they_act_for(dual, staff, lsscp):
    from certify.courses.models import ProviderMembership
    from certify.courses.services import course_approve

    provider = ProviderFactory(registered_by=staff)  # someone else registered it
    ProviderMembership.objects.create(provider=provider, user=dual)
    course = CourseFactory(
        provider=provider, competency_set=lsscp.competency_sets.get(code="TEC"), created_by=staff
    )
    course = force_status(course, "submitted")
    with pytest.raises(OwnCaseError, match=OWN):
        course_approve(course=course, actor=dual)


# --- Decisions that are not moves --------------------------------------------------------------


def test_nobody_extends_their_own_deadline(dual, staff, lsscp):
    application = force_status(ApplicationFactory(candidate=dual, program=lsscp), "accepted")
    application.completion_deadline = timezone.localdate() + timedelta(days=30)
    application.save()
    later = application.completion_deadline + timedelta(days=90)
    with pytest.raises(OwnCaseError, match=OWN):
        deadline_extend(application=application, actor=dual, new_deadline=later, reason="Ill")
    deadline_extend(application=application, actor=staff, new_deadline=later, reason="Ill")
    application.refresh_from_db()
    assert application.completion_deadline == later


# --- Declared conflicts ------------------------------------------------------------------------


def test_a_declared_conflict_with_a_person_refuses_every_decision_about_them(staff, lsscp):
    candidate = UserFactory(email="dana@example.org")
    application = submitted(candidate, program=lsscp)
    declaration = conflict_declare(actor=staff, person_email="Dana@Example.org", reason="My sister")
    with pytest.raises(OwnCaseError, match="You declared a conflict of interest with this person"):
        application_accept(application=application, actor=staff)
    assert AuditEvent.objects.filter(verb="conflict.declared", actor=staff).exists()
    conflict_withdraw(declaration=declaration, actor=staff)
    assert AuditEvent.objects.filter(verb="conflict.withdrawn", actor=staff).exists()
    application_accept(application=application, actor=staff)  # withdrawn: no longer counts


def test_a_declared_conflict_with_a_library_covers_everyone_who_works_there(staff, lsscp):
    candidate = UserFactory()
    application = submitted(candidate, program=lsscp)
    ExperienceEntryFactory(application=application, library_name="Riverside  Public Library")
    conflict_declare(actor=staff, organisation="riverside public library", reason="I work there")
    with pytest.raises(
        OwnCaseError, match="riverside public library, where this person works or worked"
    ):
        transition(application, "accept", actor=staff)
    assert conflicted_with(people={candidate.pk}, candidates={staff.pk, 0}) == {staff.pk}


def test_a_declaration_names_a_person_or_an_organisation_and_never_oneself(staff):
    with pytest.raises(DomainError, match="either"):
        conflict_declare(actor=staff, reason="x")
    with pytest.raises(DomainError, match="your own address"):
        conflict_declare(actor=staff, person_email=staff.email, reason="x")
    with pytest.raises(DomainError, match="Say what the conflict is"):
        conflict_declare(actor=staff, person_email="someone@example.org", reason=" ")
    conflict_declare(actor=staff, person_email="someone@example.org", reason="Cousin")
    with pytest.raises(DomainError, match="already declared"):
        conflict_declare(actor=staff, person_email="someone@example.org", reason="Cousin")
    with pytest.raises(DomainError, match="Only program staff, reviewers"):
        conflict_declare(actor=UserFactory(), person_email="a@example.org", reason="x")


def test_the_conflicts_page_declares_and_withdraws_and_staff_see_them(client, staff):
    reviewer = UserFactory(roles=[Role.REVIEWER])
    Authenticator.objects.create(user=reviewer, type=Authenticator.Type.TOTP, data={})
    client.force_login(reviewer)
    url = reverse("accounts:conflicts")
    response = client.post(url, {"person_email": "", "organisation": "", "reason": "x"})
    assert response.status_code == 400  # the form again, what was typed kept
    assert "either the person" in response.text
    assert 'id="declare-errors"' in response.text  # the summary the focus moves to
    response = client.post(url, {"person_email": "kin@example.org", "reason": "My cousin"})
    assert response.status_code == 302
    # The same answer whether or not an account uses the address.
    assert "kin@example.org" in client.get(url).text
    declaration = ConflictDeclaration.objects.get(declared_by=reviewer)
    response = client.post(
        reverse("accounts:conflict_withdraw", args=[declaration.pk]), follow=True
    )
    assert "Withdrawn: the conflict with kin@example.org" in response.text
    declaration.refresh_from_db()
    assert declaration.withdrawn_at is not None
    conflict_declare(actor=reviewer, organisation="Hillside Library", reason="Former employer")
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    client.force_login(staff)
    response = client.get(reverse("accounts:conflicts_all"))
    assert "Hillside Library" in response.text
    assert "kin@example.org" not in response.text  # withdrawn


def test_the_staff_list_of_conflicts_keeps_its_query_count(
    client, staff, django_assert_max_num_queries
):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    client.force_login(staff)
    for n in range(3):
        conflict_declare(
            actor=UserFactory(roles=[Role.REVIEWER]),
            person_email=f"p{n}@example.org",
            reason="Kin",
        )
    client.get(reverse("accounts:conflicts_all"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("accounts:conflicts_all"))
    for n in range(3, 13):
        conflict_declare(
            actor=UserFactory(roles=[Role.REVIEWER]),
            person_email=f"p{n}@example.org",
            reason="Kin",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:conflicts_all"))


# --- Role grants -------------------------------------------------------------------------------


def test_nobody_grants_themselves_a_role(staff):
    with pytest.raises(OwnCaseError, match="You cannot grant yourself a role"):
        role_grant(user=staff, role=Role.REVIEWER, actor=staff)
    assert not RoleAssignment.objects.filter(user=staff, role=Role.REVIEWER).exists()


def test_program_staff_is_granted_only_by_other_staff_with_two_factor(staff):
    person = UserFactory()
    with pytest.raises(DomainError, match="Set up two-factor authentication"):
        role_grant(user=person, role=Role.PROGRAM_STAFF, actor=staff)
    with pytest.raises(DomainError, match="Only program staff can make someone program staff"):
        role_grant(user=person, role=Role.PROGRAM_STAFF, actor=UserFactory(roles=[Role.SPONSOR]))
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    role_grant(user=person, role=Role.PROGRAM_STAFF, actor=staff, reason="New hire")
    event = AuditEvent.objects.get(verb="role.granted", actor=staff)
    assert (event.reason, event.data["role"]) == ("New hire", Role.PROGRAM_STAFF)


def test_the_people_page_refuses_a_self_grant_in_words(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    client.force_login(staff)
    response = client.post(
        reverse("accounts:person_role_change", args=[staff.pk]),
        {"role": Role.REVIEWER, "action": "grant", "reason": ""},
        follow=True,
    )
    assert "You cannot grant yourself a role" in response.text
    assert not RoleAssignment.objects.filter(user=staff, role=Role.REVIEWER).exists()
