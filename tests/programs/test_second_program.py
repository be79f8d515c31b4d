"""A certifying body that is not LSSCP's runs its program on Certify by configuration alone
(tests/programs/second_program.py sets it up as its staff would). Its candidates and holders
read its rules, in its words, never LSSCP's: no member price where it has none, continuing
education on its own minimum set (or none), its own course catalog, its own years."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications.decisions import application_accept
from certify.applications.models import Application
from certify.applications.services import (
    application_start,
    application_submit,
    application_update,
    experience_save,
)
from certify.certificates.services import certificate_create_for_plan
from certify.core.errors import DomainError
from certify.courses.models import RecognisedProgramme
from certify.notifications.models import OutgoingEmail
from certify.portfolios.services import (
    learning_statement_save,
    portfolio_open,
    portfolio_submit,
    response_save,
)
from certify.programs.api import program_today
from certify.programs.models import Program
from certify.programs.setup import program_settings_update
from certify.progress.models import PlannedSet
from certify.progress.services import electives_choose, plan_ensure, route_choose
from certify.renewals.lifecycle import add_months
from certify.renewals.models import CeActivity
from certify.renewals.selectors import ce_progress
from certify.renewals.services import ce_activity_create, reminders_send, renewal_submit
from tests.courses.conftest import approve
from tests.factories import ApplicationFactory, CourseFactory, UserFactory
from tests.portfolios.conftest import settle_enrollment
from tests.programs.second_program import rmt_set_up
from tests.renewals.conftest import holder_with_certificate, in_window

LSSCP_WORDS = ("LSSCP", "Library Support Staff", "ALA", "technology", "Technology")


@pytest.fixture
def rmt(lsscp, staff):
    """RMT beside LSSCP (loaded as `make run` loads it): two programs in one installation."""
    return rmt_set_up(staff)


def rmt_candidate(rmt, staff, *, accepted: bool = True):
    candidate = UserFactory(full_name="Robin Lee", roles=[Role.CANDIDATE])
    application = application_start(candidate=candidate, program=rmt)
    application_update(
        application=application,
        actor=candidate,
        education_level="diploma",
        education_country="US",
        attested=True,
    )
    experience_save(
        application=application,
        actor=candidate,
        library_name="County Records Center",
        library_type="government",
        role="Records clerk",
        start_date=date(2024, 1, 8),
        hours_mode="weekly",
        hours_per_week=40,
    )
    if accepted:
        application_submit(application=application, actor=candidate)
        application_accept(application=application, actor=staff)
        application.refresh_from_db()
    return candidate, application


def test_a_program_with_no_member_price_states_one_price(rmt, staff, client):
    """ "$200, or $200 for confirmed  members" was the task list's hint and the payments page's
    for a program without a member price."""
    rmt = program_settings_update(
        program=rmt, actor=staff, section="money", data={"payment_timing": "at_application"}
    )
    candidate, _ = rmt_candidate(rmt, staff, accepted=False)
    assert not rmt.has_member_price
    client.force_login(candidate)
    home = client.get(reverse("accounts:home")).text
    assert "$200.00 (refunded if you are not eligible)." in home
    payments = client.get(reverse("payments:list")).text
    assert "RMT is paid when you apply ($200.00)." in payments
    assert "for confirmed" not in home + payments
    assert "ALA" not in home + payments  # LSSCP's member organization


def test_the_payments_page_offers_only_the_fees_of_programs_applied_to(rmt, staff, client):
    """LSSCP is paid when applying; a candidate of RMT alone was offered LSSCP's invoice, at
    LSSCP's fee and ALA's member price."""
    candidate, _ = rmt_candidate(rmt, staff, accepted=False)
    client.force_login(candidate)
    page = client.get(reverse("payments:list")).text
    assert "Get your LSSCP enrollment invoice" not in page
    assert "ALA" not in page
    # Once she starts an application to LSSCP too, its fee is hers to pay.
    application_start(candidate=candidate, program=Program.objects.get(slug="lsscp"))
    assert "Get your LSSCP enrollment invoice" in client.get(reverse("payments:list")).text


def test_a_candidate_with_no_application_is_offered_every_fee_paid_when_applying(rmt, client):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(candidate)
    assert "Get your LSSCP enrollment invoice" in client.get(reverse("payments:list")).text


def test_renewal_counts_hours_on_the_programs_own_minimum_set(rmt, client):
    certificate = holder_with_certificate(rmt, issued_on=program_today(rmt))
    progress = ce_progress(certificate=certificate)
    assert progress.summary == "0 of 20 hours, 0 of 5 on Retention and Disposition"
    assert progress.next_step == (
        "Still needed: 20 more hours and 5 more on Retention and Disposition."
    )
    client.force_login(certificate.holder)
    page = client.get(reverse("renewals:home")).text
    assert "0 of 5 on Retention and Disposition" in page
    assert "technology" not in page.lower()


def test_a_program_with_no_minimum_set_says_only_the_hours(rmt, staff, client):
    rmt = program_settings_update(
        program=rmt,
        actor=staff,
        section="renewal",
        data={"renewal_technology_hours": 0, "renewal_technology_set_code": ""},
    )
    certificate = holder_with_certificate(rmt, issued_on=program_today(rmt))
    progress = ce_progress(certificate=certificate)
    assert progress.summary == "0 of 20 hours"
    assert progress.next_step == "Still needed: 20 more hours."
    client.force_login(certificate.holder)
    page = client.get(reverse("renewals:home")).text
    assert "0 of 20 hours" in page
    assert " on " not in page.split("0 of 20 hours")[1][:20]
    assert "minimum" not in page


def _reminder_text(certificate) -> str:
    expires = certificate.expires_on
    day = add_months(expires, -6)
    for today in (day - timedelta(days=1), day, day + timedelta(days=1)):
        reminders_send(today=today)
    return OutgoingEmail.objects.get(subject__contains="expires").text_body


def test_the_renewal_reminder_states_the_programs_own_requirement(rmt):
    certificate = holder_with_certificate(rmt, issued_on=program_today(rmt))
    text = _reminder_text(certificate)
    assert (
        "record 20 hours of continuing education, at least 5 of them on Retention and "
        "Disposition" in text
    )
    assert not [word for word in LSSCP_WORDS if word in text]


def test_a_reminder_without_a_minimum_set_asks_only_for_the_hours(rmt, staff):
    rmt = program_settings_update(
        program=rmt,
        actor=staff,
        section="renewal",
        data={"renewal_technology_hours": 0, "renewal_technology_set_code": ""},
    )
    certificate = holder_with_certificate(rmt, issued_on=program_today(rmt))
    text = _reminder_text(certificate)
    assert "record 20 hours of continuing education and apply" in text
    assert "at least 0" not in text


def test_a_course_route_finds_its_own_programs_courses(rmt, staff, client):
    candidate, application = rmt_candidate(rmt, staff)
    plan_ensure(application=application)
    row = application.planned_sets.get(competency_set__code="RMF")
    route_choose(planned=row, actor=candidate, route="course")
    ours = approve(CourseFactory(competency_set=row.competency_set, title="Records Basics"))
    lsscp_set = Program.objects.get(slug="lsscp").competency_sets.get(code="TEC")
    approve(CourseFactory(competency_set=lsscp_set, title="Library Technology Essentials"))
    client.force_login(candidate)
    page = client.get(reverse("courses:course_completion", args=[row.pk])).text
    assert "up to one year before it was approved still counts" in page
    link = f"{reverse('courses:catalogue')}?program=rmt&amp;set=RMF"
    assert link in page
    catalogue = client.get(f"{reverse('courses:catalogue')}?program=rmt&set=RMF").text
    assert ours.title in catalogue
    assert "Library Technology Essentials" not in catalogue
    assert 'name="program" value="rmt"' in catalogue  # the filters stay in RMT
    detail = client.get(reverse("courses:detail", args=[ours.pk])).text
    assert f"{reverse('courses:catalogue')}?program=rmt" in detail
    # Without a program: the default program's catalog, as before.
    assert "Library Technology Essentials" in client.get(reverse("courses:catalogue")).text
    assert client.get(f"{reverse('courses:catalogue')}?program=nope").status_code == 404


def test_one_year_is_not_written_one_years(rmt, staff, client):
    program_settings_update(
        program=rmt, actor=staff, section="eligibility", data={"experience_window_years": 1}
    )
    program_settings_update(
        program=rmt, actor=staff, section="certificate", data={"certificate_validity_years": 1}
    )
    page = client.get(reverse("programs:who_can_apply", args=["rmt"])).text
    assert "<dd>1 year</dd>" in page  # the experience window
    assert "<dd>2 years</dd>" in page  # time to finish
    costs = client.get(reverse("programs:costs", args=["rmt"])).text
    assert "Renewal (every 1 year)" in costs
    assert "1 years" not in page + costs


# --- A holder of both programs' certificates renews each on its own ---------------------------


def holder_of_both(rmt):
    """A holder of an RMT certificate (three years) and of an LSSCP one (five: it expires last,
    so it is the one a page without a program shows)."""
    rmt_certificate = holder_with_certificate(rmt, issued_on=program_today(rmt))
    holder = rmt_certificate.holder
    lsscp = Program.objects.get(slug="lsscp")
    application = ApplicationFactory(
        candidate=holder, program=lsscp, status=Application.Status.ACCEPTED
    )
    plan_ensure(application=application)
    electives = lsscp.competency_sets.filter(kind="elective").order_by("order")
    codes = [s.code for s in electives[: lsscp.electives_required]]
    electives_choose(application=application, actor=holder, set_codes=codes)
    PlannedSet.objects.filter(application=application).update(status=PlannedSet.Status.SATISFIED)
    lsscp_certificate = certificate_create_for_plan(
        application=application, on=timezone.localdate()
    )
    return holder, rmt_certificate, lsscp_certificate


def test_a_holder_of_two_certificates_renews_each_on_its_own_page(rmt, client):
    """The renewal page showed only the certificate that expires last: an RMT holder who also
    held LSSCP's could never log continuing education toward RMT or renew it."""
    holder, rmt_certificate, lsscp_certificate = holder_of_both(rmt)
    client.force_login(holder)
    page = client.get(reverse("renewals:home")).text
    assert lsscp_certificate.number in page
    assert 'href="/renewal/?program=rmt"' in page  # the other certificate's page
    page = client.get(f"{reverse('renewals:home')}?program=rmt").text
    assert f"Certificate {rmt_certificate.number}" in page
    assert "0 of 20 hours, 0 of 5 on Retention and Disposition" in page
    assert 'name="program" value="rmt"' in page
    retention = rmt.competency_sets.get(code="RET")
    response = client.post(
        reverse("renewals:activity_add"),
        {
            "program": "rmt",
            "title": "Retention schedules workshop",
            "provider": "State Archives",
            "completed_on": program_today(rmt).isoformat(),  # not the site's: RMT is in Denver
            "format": "hours",
            "amount": "6",
            "competency_sets": [retention.pk],
        },
    )
    assert response.status_code == 302
    assert response.url == "/renewal/?program=rmt#main"  # the saved page, not #…-errors
    activity = CeActivity.objects.get(holder=holder)
    assert activity.program == rmt
    page = client.get(response.url).text
    assert "6 of 20 hours, 5 of 5 on Retention and Disposition (you have 6)" in page
    assert client.get(f"{reverse('renewals:home')}?program=nope").status_code == 404


def test_the_api_renews_the_certificate_of_the_program_named(rmt, client):
    holder, rmt_certificate, lsscp_certificate = holder_of_both(rmt)
    client.force_login(holder)
    assert client.get("/api/v1/renewals/status").json()["certificate"] == lsscp_certificate.number
    status = client.get("/api/v1/renewals/status?program=rmt").json()
    assert status["certificate"] == rmt_certificate.number
    assert status["progress"]["required_hours"] == "20"
    response = client.post(
        "/api/v1/renewals/activities?program=rmt",
        {
            "title": "Vital records drill",
            "provider": "State Archives",
            "completed_on": program_today(rmt).isoformat(),  # not the site's: RMT is in Denver
            "format": "hours",
            "amount": "3",
            "competency_sets": ["VIT"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert CeActivity.objects.get(holder=holder).program == rmt


def test_the_task_list_has_a_renewal_row_for_each_certificate(rmt, client):
    holder, _, _ = holder_of_both(rmt)
    client.force_login(holder)
    page = client.get(reverse("accounts:home")).text
    assert "Renew your RMT certificate" in page
    assert "/renewal/?program=rmt" in page


def test_a_program_that_recognizes_no_college_programs_offers_no_such_route(rmt, staff, client):
    """RMT claims nothing within 0 years of graduating: its plan offered "Recognized college
    program" anyway, a route no claim could ever complete."""
    candidate, application = rmt_candidate(rmt, staff)
    plan_ensure(application=application)
    row = application.planned_sets.get(competency_set__code="RMF")
    client.force_login(candidate)
    page = client.get(reverse("progress:plan")).text
    assert "Approved course" in page
    assert "Recognized college program" not in page
    with pytest.raises(DomainError, match="The RMT recognizes no college programs"):
        route_choose(planned=row, actor=candidate, route="programme")
    assert client.post(reverse("progress:route", args=[row.pk]), {"route": "programme"})
    row.refresh_from_db()
    assert row.route == ""


def test_the_competency_sets_page_speaks_of_the_programs_own_holders(rmt, client):
    page = client.get(reverse("programs:competencies", args=["rmt"])).text
    assert "what someone certified in the RMT knows and does" in page
    assert "All 2 required sets, plus any 1 elective." in page
    assert "library" not in page.lower()


def test_staff_record_the_second_programs_college_agreements(rmt, staff, client):
    """The agreements page was LSSCP's only: another program's staff could not recognize a
    college program for theirs."""
    rmt = program_settings_update(
        program=rmt, actor=staff, section="eligibility", data={"recognised_programme_years": 2}
    )
    client.force_login(staff)
    url = f"{reverse('courses:staff_programmes')}?program=rmt"
    page = client.get(url).text
    assert "Recognized college programs: RMT" in page
    assert f'href="{reverse("courses:staff_programmes")}?program=lsscp"' in page
    dig = rmt.competency_sets.get(code="DIG")
    response = client.post(
        url,
        {
            "college": "Front Range College",
            "name": "Records AAS",
            "starts_on": "2024-01-01",
            "sets": [dig.pk],
        },
    )
    assert response.status_code == 302
    assert response.url == url
    programme = RecognisedProgramme.objects.get()
    assert programme.program == rmt
    assert "Records AAS" in client.get(url).text  # (and its message is read)
    assert "Records AAS" not in client.get(reverse("courses:staff_programmes")).text
    assert client.get(f"{reverse('courses:staff_programmes')}?program=nope").status_code == 404


def test_a_program_without_help_with_costs_promises_none(rmt, client):
    """RMT has no scholarships and no help text: its pages offered "Costs and help" and an
    empty "Help with costs" section."""
    costs = client.get(reverse("programs:costs", args=["rmt"])).text
    overview = client.get(reverse("programs:overview", args=["rmt"])).text
    assert "Help with costs" not in costs
    assert "and help" not in costs + overview
    assert "and help" in client.get(reverse("programs:costs", args=["lsscp"])).text


def test_the_front_page_names_the_other_programs_it_runs(rmt, client):
    """The front page is the default program's overview: visitors of another program on the
    same site found no way to it."""
    page = client.get("/").text
    assert "Library Support Staff Certification Program" in page
    assert f'<a href="{reverse("programs:overview", args=["rmt"])}">' in page
    assert "Other programs here" not in client.get(reverse("programs:overview", args=["rmt"])).text


def test_staff_list_one_programs_applications(rmt, staff, client):
    """The staff queue mixed every program's applications with no way to keep to one."""
    candidate, application = rmt_candidate(rmt, staff, accepted=False)
    application_submit(application=application, actor=candidate)
    lsscp_candidate = UserFactory(full_name="Lee Library", roles=[Role.CANDIDATE])
    ApplicationFactory(
        candidate=lsscp_candidate,
        program=Program.objects.get(slug="lsscp"),
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    client.force_login(staff)
    every = client.get(reverse("applications:queue")).text
    assert "Robin Lee" in every
    assert "Lee Library" in every
    ours = client.get(f"{reverse('applications:queue')}?program=rmt").text
    assert "Robin Lee" in ours
    assert "Lee Library" not in ours
    assert "1 application," in ours
    theirs = client.get(f"{reverse('applications:queue')}?program=lsscp").text
    assert "Lee Library" in theirs
    assert "Robin Lee" not in theirs


def test_staff_list_one_programs_renewals(rmt, staff, client):
    """The renewals queue did not say which program a renewal is for, nor keep to one."""
    today = program_today(rmt)
    certificate = in_window(rmt, today)
    holder = certificate.holder
    ce_activity_create(
        actor=holder,
        title="Retention schedules workshop",
        provider="State Archives",
        completed_on=today,
        format="hours",
        amount=Decimal("20"),
        set_ids=[rmt.competency_sets.get(code="RET").pk],
        today=today,
    )
    renewal_submit(certificate=certificate, actor=holder)
    client.force_login(staff)
    ours = client.get(f"{reverse('renewals:staff_queue')}?program=rmt").text
    assert certificate.number in ours
    assert '<td data-label="Program">RMT</td>' in ours
    theirs = client.get(f"{reverse('renewals:staff_queue')}?program=lsscp").text
    assert certificate.number not in theirs


def test_the_catalog_filters_cost_in_the_programs_currency(rmt, staff, client):
    program_settings_update(program=rmt, actor=staff, section="money", data={"currency": "CAD"})
    page = client.get(f"{reverse('courses:catalogue')}?program=rmt").text
    assert "Costs at most (CAD)" in page
    assert "Costs at most (USD)" in client.get(reverse("courses:catalogue")).text


def test_staff_list_one_programs_portfolio_reviews(rmt, staff, client):
    """The portfolio reviews list did not say which program a submission is for, nor keep to
    one; and the portfolio's threshold is the program's own (80 %)."""
    candidate, application = rmt_candidate(rmt, staff)
    settle_enrollment(application)
    plan_ensure(application=application)
    row = application.planned_sets.get(competency_set__code="RET")
    route_choose(planned=row, actor=candidate, route="portfolio")
    portfolio = portfolio_open(planned=row, actor=candidate)
    for response in portfolio.responses.all():
        response_save(response=response, actor=candidate, narrative="I kept the schedule.")
    learning_statement_save(portfolio=portfolio, actor=candidate, text="I learned to file.")
    portfolio_submit(portfolio=portfolio, actor=candidate)
    client.force_login(staff)
    url = reverse("portfolios:staff_submissions")
    ours = client.get(f"{url}?program=rmt").text
    assert "Robin Lee" in ours
    assert "<td>RMT</td>" in ours
    assert 'href="?program=rmt&amp;needs_reviewers=1"' in ours
    assert "Robin Lee" not in client.get(f"{url}?program=lsscp").text
    ways = client.get(reverse("programs:ways", args=["rmt"])).text
    assert "at least 80% of its competencies" in ways


def test_the_staff_home_counts_late_applications_by_their_own_programs_target(rmt, staff, client):
    """An application was late by the default program's target whatever its program."""
    rmt = program_settings_update(
        program=rmt, actor=staff, section="targets", data={"target_application_days": 5}
    )
    candidate, application = rmt_candidate(rmt, staff, accepted=False)
    application_submit(application=application, actor=candidate)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - timedelta(days=7)
    )
    client.force_login(staff)
    page = client.get("/staff/").text
    assert "waiting at least their program&#x27;s target" in page


def test_staff_see_which_program_a_course_is_for(rmt, staff, client):
    retention = rmt.competency_sets.get(code="RET")
    CourseFactory(competency_set=retention, title="Records Basics", status="submitted")
    client.force_login(staff)
    page = client.get(reverse("courses:staff_courses")).text
    assert "<td>RMT</td>" in page
