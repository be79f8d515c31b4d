"""Recognised college programmes: agreements, graduates' claims, staff confirmation."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certify.applications.api import add_years
from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import ProgrammeClaim
from certify.courses.periods import graduation_problem
from certify.progress.models import PlannedSet
from tests.courses.conftest import enrol, pdf_upload


@pytest.fixture
def programme(lsscp, staff):
    today = timezone.localdate()
    return services.programme_create(
        program=lsscp,
        actor=staff,
        college="Lakeshore Technical College",
        name="Library Technical Assistant, AAS",
        reference="RA-2024-01",
        starts_on=today - timedelta(days=365 * 5),
        competency_sets=list(lsscp.competency_sets.filter(code__in=["FLS", "CT"])),
    )


@pytest.fixture
def graduate(lsscp):
    return enrol(lsscp, email="grad@example.org", sets=("FLS",), route="programme")


def claim(graduate, programme, *, on=None, proof="default"):
    today = timezone.localdate()
    return services.claim_submit(
        planned=graduate.planned_sets.get(competency_set__code="FLS"),
        actor=graduate.candidate,
        programme=programme,
        graduated_on=on or today - timedelta(days=200),
        proof=pdf_upload("diploma.pdf") if proof == "default" else proof,
    )


def test_only_staff_record_agreements_with_the_sets_they_cover(lsscp, staff, provider_user):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="Only program staff can record recognition agreements"):
        services.programme_create(
            program=lsscp,
            actor=provider_user,
            college="X",
            name="Y",
            starts_on=today,
            competency_sets=[lsscp.competency_sets.first()],
        )
    with pytest.raises(DomainError, match="Choose the competency sets"):
        services.programme_create(
            program=lsscp, actor=staff, college="X", name="Y", starts_on=today, competency_sets=[]
        )


def test_a_graduate_exactly_two_years_ago_may_claim_and_a_day_earlier_may_not(graduate, programme):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="within 2 years of graduating") as error:
        claim(graduate, programme, on=add_years(today, -2) - timedelta(days=1))
    assert error.value.field == "graduated_on"
    assert claim(graduate, programme, on=add_years(today, -2)).status == "pending"


def test_the_route_must_be_chosen_and_the_programme_must_cover_the_set(lsscp, programme):
    today = timezone.localdate()
    portfolio_route = enrol(lsscp, sets=("FLS",), route="portfolio")
    with pytest.raises(DomainError, match="Choose the recognized-program route"):
        claim(portfolio_route, programme)
    tec = enrol(lsscp, email="t@example.org", sets=("TEC",), route="programme")
    with pytest.raises(DomainError, match="is not recognized for Technology"):
        services.claim_submit(
            planned=tec.planned_sets.get(competency_set__code="TEC"),
            actor=tec.candidate,
            programme=programme,
            graduated_on=today,
            proof=pdf_upload(),
        )


def test_proof_is_required(graduate, programme):
    with pytest.raises(DomainError, match="Upload proof of graduation") as error:
        claim(graduate, programme, proof=None)
    assert error.value.field == "proof"


def test_staff_confirm_and_every_covered_set_in_the_plan_is_satisfied(
    graduate, programme, staff, django_capture_on_commit_callbacks
):
    the_claim = claim(graduate, programme)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_confirm(claim=the_claim, actor=staff)
    rows = {
        p.competency_set.code: p for p in graduate.planned_sets.select_related("competency_set")
    }
    assert rows["FLS"].is_satisfied
    assert rows["CT"].is_satisfied  # covered too, although its route was not chosen
    assert rows["FLS"].route == PlannedSet.Route.PROGRAMME
    assert not rows["TEC"].is_satisfied
    assert "Complete in your plan: Foundations" in mail.outbox[-1].body


def test_waiting_for_staff_never_costs_the_graduate(graduate, programme, staff):
    # Claimed a month ago, on the last day of the two years after graduating.
    today = timezone.localdate()
    claimed_on = today - timedelta(days=30)
    graduated_on = add_years(claimed_on, -2)
    the_claim = services.claim_submit(
        planned=graduate.planned_sets.get(competency_set__code="FLS"),
        actor=graduate.candidate,
        programme=programme,
        graduated_on=graduated_on,
        proof=pdf_upload("diploma.pdf"),
        today=claimed_on,
    )
    # Counted to today, the graduation is now more than two years ago...
    assert "within 2 years of graduating" in (
        graduation_problem(
            graduated_on=graduated_on,
            claimed_on=today,
            years=2,
            agreement_starts_on=programme.starts_on,
            agreement_ends_on=None,
        )
        or ""
    )
    # ...but staff confirming a month later count to the day of the claim: confirmed.
    services.claim_confirm(claim=the_claim, actor=staff)
    the_claim.refresh_from_db()
    assert the_claim.status == ProgrammeClaim.Status.CONFIRMED
    assert the_claim.decided_by == staff
    assert graduate.planned_sets.get(competency_set__code="FLS").is_satisfied


def test_staff_reject_with_a_reason_and_the_graduate_may_claim_again(graduate, programme, staff):
    the_claim = claim(graduate, programme)
    with pytest.raises(DomainError, match="Give a reason"):
        services.claim_reject(claim=the_claim, actor=staff, reason="")
    services.claim_reject(claim=the_claim, actor=staff, reason="The diploma is unreadable.")
    assert claim(graduate, programme).status == "pending"


def test_the_claim_page_and_staff_queue(client, graduate, programme, staff):
    today = timezone.localdate()
    planned = graduate.planned_sets.get(competency_set__code="FLS")
    client.force_login(graduate.candidate)
    plan = client.get(reverse("progress:plan")).text
    assert reverse("courses:programme_claim", args=[planned.pk]) in plan
    url = reverse("courses:programme_claim", args=[planned.pk])
    bad = client.post(
        url, {"programme": programme.pk, "graduated_on": "2001-01-01", "proof": pdf_upload()}
    )
    assert bad.status_code == 400
    assert "within 2 years of graduating" in bad.text
    assert 'value="2001-01-01"' in bad.text
    good = client.post(
        url,
        {"programme": programme.pk, "graduated_on": today.isoformat(), "proof": pdf_upload()},
        follow=True,
    )
    assert "Your claim is recorded" in good.text
    the_claim = ProgrammeClaim.objects.get()

    client.force_login(staff)
    queue = client.get(reverse("courses:staff_claims")).text
    assert "Library Technical Assistant, AAS, Lakeshore Technical College" in queue
    client.post(reverse("courses:staff_claim_decide", args=[the_claim.pk]), {"decision": "confirm"})
    the_claim.refresh_from_db()
    assert the_claim.status == "confirmed"


def test_staff_record_an_agreement_on_the_page_and_bad_input_is_kept(client, lsscp, staff):
    client.force_login(staff)
    url = reverse("courses:staff_programmes")
    bad = client.post(
        url,
        {"college": "Lakeshore", "name": "LTA", "starts_on": "2026-05-01", "ends_on": "2025-01-01"},
    )
    assert bad.status_code == 400
    assert "The agreement cannot end before it starts." in bad.text
    assert "Choose the competency sets the program covers." in bad.text
    assert 'value="Lakeshore"' in bad.text
    fls = lsscp.competency_sets.get(code="FLS")
    good = client.post(
        url,
        {"college": "Lakeshore", "name": "LTA", "starts_on": "2024-01-01", "sets": [fls.pk]},
        follow=True,
    )
    assert "LTA, Lakeshore is recognized." in good.text
