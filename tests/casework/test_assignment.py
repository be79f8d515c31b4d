"""Assigning a case to a staff member (ADR 0048): "Assigned to" and "Assign to me" on the case's
page; the queues show the assignee and filter "Assigned to me" / "Unassigned"."""

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.casework.services import case_assign
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from tests.casework.conftest import Cases
from tests.certificates.conftest import finish, nearly_done
from tests.conftest import count_queries
from tests.factories import ApplicationFactory, UserFactory

QUEUES = {
    "application": "/staff/applications/",
    "portfolio": "/staff/portfolios/",
    "renewal": "/staff/renewals/",
}


def assign_url(case) -> str:
    return reverse("casework:assign", kwargs={"kind": case.case_kind, "pk": case.pk})


@pytest.mark.parametrize("kind", ["application", "portfolio", "renewal"])
def test_staff_assign_a_case_to_a_colleague_then_to_themselves(
    client, cases, staff_user, other_staff, kind
):
    case = getattr(cases, kind)
    client.force_login(staff_user)
    page = client.get(case.get_staff_url()).text
    assert "Assign to me" in page
    assert f'<option value="{other_staff.pk}">Alex Archer</option>' in page
    assert f'value="{cases.candidate.pk}"' not in page  # only staff are offered

    assert client.post(assign_url(case), {"assignee": other_staff.pk}).status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == other_staff
    assert case.assigned_at is not None
    client.post(assign_url(case), {"assignee": staff_user.pk})  # "Assign to me"
    case.refresh_from_db()
    assert case.assigned_to == staff_user
    assert "Sam Staff</strong> (you)" in client.get(case.get_staff_url()).text
    events = AuditEvent.objects.filter(verb="casework.assigned", target_id=str(case.pk))
    assert [e.data["to"] for e in events.order_by("id")] == [other_staff.pk, staff_user.pk]
    client.post(assign_url(case), {"assignee": ""})
    case.refresh_from_db()
    assert case.assigned_to is None
    assert AuditEvent.objects.filter(verb="casework.unassigned", target_id=str(case.pk)).exists()


@pytest.mark.parametrize("kind", ["application", "portfolio", "renewal"])
def test_a_forged_post_naming_a_candidate_is_refused_with_a_clear_error(
    client, cases, staff_user, kind
):
    case = getattr(cases, kind)
    client.force_login(staff_user)
    response = client.post(assign_url(case), {"assignee": cases.candidate.pk})
    assert response.status_code == 400
    assert "is not a program staff member: a case can only be assigned to program staff" in (
        response.text
    )
    nobody = client.post(assign_url(case), {"assignee": 999999})
    assert nobody.status_code == 400
    assert "Choose a staff member from the list." in nobody.text
    case.refresh_from_db()
    assert case.assigned_to is None
    assert not AuditEvent.objects.filter(verb__startswith="casework.").exists()


@pytest.mark.parametrize("role", ["anonymous", "candidate", "reviewer", "provider", "sponsor"])
def test_only_staff_can_assign(client_as, cases, staff_user, role):
    client = client_as(role)
    for case in cases.all():
        response = client.post(assign_url(case), {"assignee": staff_user.pk})
        assert response.status_code == (302 if role == "anonymous" else 403)
        case.refresh_from_db()
        assert case.assigned_to is None
    reviewer = UserFactory(roles=[Role.REVIEWER])
    with pytest.raises(DomainError, match="Only program staff can assign cases"):
        case_assign(case=cases.application, actor=reviewer, assignee=staff_user)


def _submit(application):
    from django.utils import timezone

    from certify.applications.models import Application

    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.SUBMITTED, submitted_at=timezone.now()
    )


@pytest.mark.parametrize("kind", ["application", "portfolio", "renewal"])
def test_queues_show_the_assignee_and_filter_mine_and_unassigned(
    client, cases: Cases, staff_user, other_staff, kind
):
    _submit(cases.application)
    case = getattr(cases, kind)
    client.force_login(staff_user)
    queue = QUEUES[kind]
    assert "Unassigned" in client.get(queue).text
    case_assign(case=case, actor=staff_user, assignee=other_staff)
    html = client.get(queue).text
    assert "Alex Archer" in html
    link = (
        case.get_staff_url() if kind != "portfolio" else f"/staff/portfolios/{cases.submission.pk}/"
    )
    assert link in html
    assert link not in client.get(queue + "?assigned=me").text
    assert link not in client.get(queue + "?assigned=none").text
    case_assign(case=case, actor=staff_user, assignee=staff_user)
    assert link in client.get(queue + "?assigned=me").text
    client.force_login(other_staff)  # "me" is whoever is signed in
    assert link not in client.get(queue + "?assigned=me").text


def test_the_application_queue_with_a_shared_cache_keeps_me_per_person(
    client, cases, staff_user, other_staff, settings, django_capture_on_commit_callbacks
):
    """The staff application queue's page is kept in the shared cache; "Assigned to me" must
    not serve one person's list to another, and an assignment shows at once."""
    from django.core.cache import cache

    settings.SHARED_CACHE = True
    cache.clear()
    _submit(cases.application)
    link = cases.application.get_staff_url()
    client.force_login(staff_user)
    assert link not in client.get("/staff/applications/?assigned=me").text
    with django_capture_on_commit_callbacks(execute=True):  # the assignment is committed
        client.post(assign_url(cases.application), {"assignee": staff_user.pk})
    assert link in client.get("/staff/applications/?assigned=me").text
    client.force_login(other_staff)
    assert link not in client.get("/staff/applications/?assigned=me").text
    cache.clear()


@pytest.mark.parametrize("kind", ["application", "portfolio", "renewal"])
def test_queues_with_assignees_keep_a_fixed_number_of_queries(
    client, program, staff_user, other_staff, kind
):
    from certify.portfolios.models import Portfolio, Submission
    from tests.renewals.conftest import submitted

    def more(n):
        for i in range(n):
            application, last = nearly_done(program, name=f"Holder {i} {kind}")
            if kind == "application":
                _submit(application)
                case = application
            elif kind == "portfolio":
                case = Portfolio.objects.create(planned_set=last, status="submitted")
                Submission.objects.create(portfolio=case, number=1, snapshot={})
            else:
                finish(last)
                case = submitted(application.certificate)
            case_assign(case=case, actor=staff_user, assignee=[staff_user, other_staff][i % 2])

    client.force_login(staff_user)
    more(1)
    queue = QUEUES[kind]
    few = count_queries(lambda: client.get(queue))
    mine = count_queries(lambda: client.get(queue + "?assigned=me"))
    more(3)
    assert count_queries(lambda: client.get(queue)) == few
    assert count_queries(lambda: client.get(queue + "?assigned=me")) == mine
    assert ApplicationFactory  # the factory module is loaded for nearly_done
