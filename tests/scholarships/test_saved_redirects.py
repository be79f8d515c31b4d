"""After a save that worked, each scholarship form's redirect names its own fragment (ADR 0043):
the forms post to `…#<form>-errors`, and a browser keeps that fragment across a redirect whose
address names none, so the saved page's address would aim at a summary that is not there."""

import pytest
from django.urls import reverse

from certify.scholarships import ranking
from certify.scholarships.models import Award, ScholarshipApplication, SponsorMember
from certify.scholarships.services import application_award
from tests.scholarships.conftest import apply, enroll, sponsor_member_make

pytestmark = pytest.mark.django_db


def saved_to(response, url: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == f"{url}#main"
    assert "-errors" not in response["Location"]


def test_an_application_sent_opens_the_application_at_its_main_content(
    client, enrollment_fund, member, program
):
    client.force_login(member)
    url = reverse("scholarships:apply", args=[enrollment_fund.slug])
    response = client.post(url, {"statement": "I want to finish the LSSCP."})
    saved_to(response, ScholarshipApplication.objects.get(applicant=member).get_absolute_url())


def test_a_decision_opens_the_fund_at_its_main_content(
    client, enrollment_fund, committee, member, program
):
    application = apply(enrollment_fund, member)
    client.force_login(committee)
    response = client.post(
        reverse("scholarships:decide", args=[application.pk]), {"decision": "award"}
    )
    saved_to(response, enrollment_fund.get_absolute_url())


def test_a_payment_recorded_and_an_award_withdrawn_open_the_application_at_its_main_content(
    client, committee, ssd_admin, ce_fund, member, make_member, program
):
    application = apply(ce_fund, member, purpose="class", class_details="Cataloging basics")
    award = application_award(application=application, actor=committee)
    enroll(ce_fund, member, on=award.awarded_on)
    client.force_login(committee)
    response = client.post(
        reverse("scholarships:award_payment", args=[award.pk]),
        {"payee": "candidate", "reference": "C-12", "paid_on": award.awarded_on.isoformat()},
    )
    saved_to(response, application.get_absolute_url())
    other = apply(ce_fund, make_member(), purpose="class", class_details="Reference basics")
    withdrawn = application_award(application=other, actor=committee)
    client.force_login(ssd_admin)
    response = client.post(
        reverse("scholarships:award_withdraw", args=[withdrawn.pk]),
        {"reason": "Awarded by mistake."},
    )
    saved_to(response, other.get_absolute_url())
    assert Award.objects.get(pk=withdrawn.pk).status == "withdrawn"


def test_the_rubric_scores_and_a_conflict_open_their_pages_at_the_main_content(
    client, enrollment_fund, member, make_member, program
):
    admin = sponsor_member_make(enrollment_fund.sponsor, SponsorMember.Role.ADMIN, "Alex Admin")
    scorer = sponsor_member_make(enrollment_fund.sponsor, SponsorMember.Role.COMMITTEE, "Maya")
    scoring = reverse("scholarships:scoring", args=[enrollment_fund.slug])
    client.force_login(admin)
    rubric = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"}
    rubric |= {"form-0-name": "Need", "form-0-max_points": "10"}
    response = client.post(reverse("scholarships:rubric", args=[enrollment_fund.slug]), rubric)
    saved_to(response, scoring)
    application = apply(enrollment_fund, member)
    (need,) = ranking.criteria_of(enrollment_fund)
    client.force_login(scorer)
    url = reverse("scholarships:score", args=[application.pk])
    saved_to(client.post(url, {f"points_{need.pk}": "7"}), url)
    other = apply(enrollment_fund, make_member())
    response = client.post(
        reverse("scholarships:conflict", args=[other.pk]), {"reason": "My sister"}
    )
    saved_to(response, scoring)


def test_a_colleague_invited_opens_the_members_page_at_its_main_content(client, ssd, ssd_admin):
    client.force_login(ssd_admin)
    url = reverse("scholarships:members", args=[ssd.slug])
    response = client.post(url, {"email": "new.colleague@example.org", "role": "committee"})
    saved_to(response, url)
