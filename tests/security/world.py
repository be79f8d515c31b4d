"""One small world in which every page and API operation has something real to show.

Built once per matrix test (inside its transaction, so nothing leaks into other tests) through
the same services that people use. Each role in the permission matrix is one person here:

- `candidate` owns everything a candidate can own: an accepted LSSCP application with an
  experience entry, a paid enrollment invoice, a membership, a scholarship application with an
  award, a plan whose CT set is a submitted portfolio (with an evidence file and a supervisor
  attestation request), a TEC course completion, an FLS programme claim, an appeal, a
  notification, a personal access token, and a certificate in a second, smaller program.
- `other_candidate` is a candidate with nothing of the first one's.
- `reviewer` is assigned to the CT submission; `other_reviewer` is a reviewer who is not.
- `provider` acts for the provider whose course the candidate completed, and has invited the
  candidate's address to act for it too (a pending colleague invitation).
- `sponsor` administers SSD, whose funds the candidate applied to.
- `staff` is program staff.
Staff and reviewers have an authenticator, so the 2FA rule (`MFA_REQUIRED_ROLES`) lets them in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certify.accounts.models import Role, User
from tests import files
from tests.factories import (
    ApplicationFactory,
    CompetencyFactory,
    CompetencySetFactory,
    ExperienceEntryFactory,
    FaqEntryFactory,
    MembershipFactory,
    ProgramFactory,
    UserFactory,
)

PDF = files.PDF  # a real PDF: uploads are opened, not only typed

ROLES = (
    "anonymous",
    "candidate",
    "other_candidate",
    "reviewer",
    "other_reviewer",
    "provider",
    "sponsor",
    "staff",
)


def pdf(name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _with_authenticator(user: User) -> User:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def world_build() -> World:
    from certify.accounts.conflicts import conflict_declare
    from certify.accounts.tokens import token_create
    from certify.appeals.services import appeal_give_notice
    from certify.applications.decisions import application_accept
    from certify.applications.services import (
        application_submit,
        supervisor_link,
        supervisor_request,
    )
    from certify.casework.models import SavedFilter
    from certify.certificates.models import SetCredential, StatusList
    from certify.certificates.services.profiles import public_profile_set
    from certify.courses import services as courses
    from certify.courses.models import Course
    from certify.courses.services.completions import ReportRow
    from certify.memberships.models import Organisation
    from certify.memberships.services import membership_record
    from certify.notifications.models import OutgoingEmail
    from certify.notifications.services import notify
    from certify.payments.api import enrollment_invoice_get_or_create
    from certify.payments.models import Payment
    from certify.payments.services.payments import payment_record
    from certify.portfolios import services as portfolios
    from certify.portfolios.models import ReviewAssignment, ReviewerProfile
    from certify.portfolios.services.review import reviewers_assign_auto
    from certify.programs.models import CompetencySet
    from certify.progress.services import (
        electives_choose,
        plan_ensure,
        planned_set_satisfy,
        route_choose,
    )
    from certify.scholarships.defaults import defaults_ensure
    from certify.scholarships.models import Fund, SponsorMember
    from certify.scholarships.services import application_award
    from certify.scholarships.services import application_submit as scholarship_apply

    w = World()
    o = w.objects
    lsscp = ProgramFactory(
        slug="lsscp",
        short_name="LSSCP",
        name="Library Support Staff Certification Program",
        electives_required=1,
    )
    for code, kind in (("FLS", "core"), ("CT", "core"), ("TEC", "core"), ("REF", "elective")):
        competency_set = CompetencySetFactory(program=lsscp, code=code, kind=kind)
        for number in (1, 2):
            CompetencyFactory(competency_set=competency_set, code=f"{code}-0{number}")
    o["program"] = lsscp
    o["faq_entry"] = FaqEntryFactory(program=lsscp)
    o["competency_set"] = lsscp.competency_sets.get(code="CT")

    staff = _with_authenticator(UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF]))
    candidate = UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])
    other = UserFactory(full_name="Olu Other", roles=[Role.CANDIDATE])
    reviewer = _with_authenticator(UserFactory(full_name="Rita Reviewer", roles=[Role.REVIEWER]))
    second = _with_authenticator(UserFactory(full_name="Ravi Reader", roles=[Role.REVIEWER]))
    other_reviewer = _with_authenticator(UserFactory(full_name="Rosa Rater", roles=[Role.REVIEWER]))
    provider_user = UserFactory(full_name="Pat Provider", roles=[Role.PROVIDER])
    sponsor_user = UserFactory(full_name="Alex Sponsor", roles=[Role.SPONSOR])
    w.users = {
        "anonymous": None,
        "candidate": candidate,
        "other_candidate": other,
        "reviewer": reviewer,
        "other_reviewer": other_reviewer,
        "provider": provider_user,
        "sponsor": sponsor_user,
        "staff": staff,
    }

    # The application, accepted, with its fee paid.
    application = ApplicationFactory(candidate=candidate, program=lsscp)
    entry = ExperienceEntryFactory(
        application=application,
        library_name="Riverside Library",
        supervisor_name="Pat Lee",
        supervisor_email="pat@riverside.example",
    )
    supervisor_request(entry=entry, actor=candidate)  # its link stops at submission (410)
    confirmation = entry.confirmation_requests.get()
    application = application_submit(application=application, actor=candidate)
    application = application_accept(application=application, actor=staff)
    o["application"] = application
    o["entry"] = entry
    o["supervisor_token"] = supervisor_link(confirmation=confirmation).token
    # The "not expected" link of that e-mail (sent on the candidate's behalf, ADR 0029).
    from certify.notifications.relay import relay_stop_url

    relayed = OutgoingEmail.objects.filter(sent_for=candidate).latest("id")
    o["relay_stop_token"] = relay_stop_url(relayed).rstrip("/").rsplit("/", 1)[-1]
    # The one-click unsubscribe link of an optional e-mail to the candidate (RFC 8058).
    from certify.notifications.unsubscribe import unsubscribe_url

    one_click = unsubscribe_url(user=candidate, event="deadline.reminder", address=candidate.email)
    o["unsubscribe_token"] = one_click.rstrip("/").rsplit("/", 1)[-1]
    # Memberships and scholarships: SSD run by the sponsor; the candidate applied and won.
    ssd = defaults_ensure()
    Fund.objects.filter(sponsor=ssd).update(opens_on=dt.date(2025, 1, 1))
    SponsorMember.objects.create(sponsor=ssd, user=sponsor_user, role=SponsorMember.Role.ADMIN)
    o["sponsor"] = ssd
    o["sponsor_member"] = SponsorMember.objects.get(sponsor=ssd, user=sponsor_user)
    ssd_org = Organisation.objects.get(code="SSD")
    MembershipFactory(user=candidate, organisation=ssd_org)
    MembershipFactory(user=other, organisation=ssd_org)
    o["membership"] = membership_record(
        user=candidate,
        organisation=Organisation.objects.get(code="ALA"),
        member_number="ALA-1",
        expires_on=timezone.localdate() + dt.timedelta(days=200),
        actor=candidate,
    )
    fund = Fund.objects.get(slug="ssd-lsscp-enrollment")
    o["fund"] = fund
    scholarship = scholarship_apply(fund=fund, applicant=candidate, statement="Please.")
    o["award"] = application_award(application=scholarship, actor=sponsor_user, reason="Good.")
    o["scholarship_application"] = scholarship
    ce_fund = Fund.objects.get(slug="ssd-continuing-education")
    Fund.objects.filter(pk=ce_fund.pk).update(method=Fund.Method.DRAW)
    ce_fund.refresh_from_db()
    scholarship_apply(fund=ce_fund, applicant=other, statement="Me too.", purpose="enrollment")
    from certify.scholarships.services import draw_run

    # A draw runs once applications have closed (yesterday).
    Fund.objects.filter(pk=ce_fund.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    ce_fund.refresh_from_db()
    o["draw"] = draw_run(fund=ce_fund, actor=sponsor_user, places=1)

    invoice = enrollment_invoice_get_or_create(user=candidate, program=lsscp, actor=staff)
    payment = payment_record(
        invoice=invoice,
        amount=invoice.balance,
        method=Payment.Method.CHEQUE,
        reference="Check 1",
        actor=staff,
    )
    o["invoice"] = invoice
    o["payment"] = payment
    from certify.core.money import Money
    from certify.payments.services.payments import invoice_refund

    # A part refund (a check sent back): the subject of the refund's own workflow.
    o["refund"] = invoice_refund(
        invoice=invoice, amount=Money(100, invoice.currency), reason="Goodwill.", actor=staff
    )[0]
    from certify.payments.services import invoice_void, renewal_invoice_create

    mistaken = renewal_invoice_create(user=candidate, program=lsscp, actor=staff, subject="x:1")
    o["credit_note"] = invoice_void(invoice=mistaken, reason="Issued by mistake.", actor=staff)
    o["appeal"] = appeal_give_notice(
        subject=application,
        appellant=candidate,
        program=lsscp,
        decided_by=staff,
        decided_at=timezone.now(),
    )

    # The plan: CT by portfolio (submitted, two reviewers), TEC by course, FLS by programme.
    plan_ensure(application=application)
    electives = lsscp.competency_sets.filter(kind=CompetencySet.Kind.ELECTIVE).order_by("order")
    electives_choose(
        application=application,
        actor=candidate,
        set_codes=[s.code for s in electives[: lsscp.electives_required]],
    )
    ct_row = application.planned_sets.get(competency_set__code="CT")
    ct_row = route_choose(planned=ct_row, actor=candidate, route="portfolio")
    o["planned"] = ct_row
    for person in (reviewer, second):
        profile = ReviewerProfile.objects.create(user=person, capacity=5)
        profile.expertise.set([o["competency_set"]])
    ReviewerProfile.objects.create(user=other_reviewer, capacity=5)
    portfolio = portfolios.portfolio_open(planned=ct_row, actor=candidate)
    responses = list(portfolio.responses.select_related("competency"))
    for response in responses:
        portfolios.response_save(response=response, actor=candidate, narrative="At the desk.")
    portfolios.learning_statement_save(portfolio=portfolio, actor=candidate, text="I learned.")
    o["response"] = responses[0]
    o["competency"] = responses[0].competency
    o["evidence"] = portfolios.evidence_add_file(
        response=responses[0], actor=candidate, upload=pdf("evidence.pdf"), title="Sign"
    )
    attested = portfolios.evidence_request_attestation(
        response=responses[1],
        actor=candidate,
        attester_name="Sue Pervisor",
        attester_email="sue@example.org",
        title="Desk shifts",
        description="Confirms my desk shifts.",
    )
    o["attest_token"] = portfolios.attestation_link(attested).rsplit("/", 2)[-2]
    submission = portfolios.portfolio_submit(portfolio=portfolio, actor=candidate)
    reviewers_assign_auto(submission=submission)
    o["submission"] = submission
    o["assignment"] = ReviewAssignment.objects.get(submission=submission, reviewer=reviewer)

    # A provider with an approved TEC course, which the candidate completed.
    provider = courses.provider_register(
        actor=provider_user,
        name="Northside Community College",
        kind="college",
        contact_email="courses@northside.example.edu",
        website="",
        description="",
    )
    provider = courses.provider_approve(provider=provider, actor=staff)
    o["provider"] = provider
    # The provider invites the candidate's address to act for it (pending: nothing attached).
    from certify.accounts.invitations import colleague_invite

    invitation, link = colleague_invite(
        kind=courses.PROVIDER_KIND,
        organisation_id=provider.pk,
        organisation_name=provider.name,
        email=candidate.email,
        actor=provider_user,
    )
    o["colleague_invitation"] = invitation
    o["colleague_invitation_token"] = link.rstrip("/").rsplit("/", 1)[-1]
    tec = lsscp.competency_sets.get(code="TEC")
    from tests.courses.conftest import approve, full_map
    from tests.factories import CourseFactory

    course = CourseFactory(provider=provider, competency_set=tec, title="Library Technology")
    full_map(course)
    courses.course_syllabus_upload(course=course, actor=provider_user, upload=pdf("syllabus.pdf"))
    course = approve(Course.objects.get(pk=course.pk))
    o["course"] = course
    o["course_competency"] = tec.competencies.first()
    tec_row = application.planned_sets.get(competency_set__code="TEC")
    tec_row = route_choose(planned=tec_row, actor=candidate, route="course")
    o["tec_planned"] = tec_row
    o["completion"] = courses.completion_record(
        planned=tec_row,
        actor=candidate,
        course=course,
        completed_on=timezone.localdate(),
        certificate=pdf("certificate.pdf"),
    )
    # A month ago, not a fixed day: a completion counts from the program's look-back years (two)
    # before the course's approval (today), and "2026-01-05" stops counting on 6 January 2028.
    month_ago = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    key, _raw = courses.api_key_create(provider=provider, actor=provider_user, name="LMS")
    o["api_key"] = key
    o["import"] = courses.completion_import_start(
        provider=provider,
        course=course,
        actor=provider_user,
        upload=SimpleUploadedFile(
            "completions.csv",
            f"email,completed_on\nnobody@example.org,{month_ago}\n".encode(),
            "text/csv",
        ),
    )
    courses.completions_report(
        course=course,
        rows=[
            ReportRow(
                line=2,
                email="stranger@example.org",
                full_name="A Stranger",
                completed_on=month_ago,
            )
        ],
        actor=provider_user,
    )
    # The provider's invitation to the candidate, not answered yet (ADR 0021).
    courses.consent_invite(
        provider=provider, course=course, actor=provider_user, who=candidate.email
    )
    o["consent"] = candidate.provider_consents.get()
    from certify.courses.models import UnmatchedCompletion

    o["unmatched"] = UnmatchedCompletion.objects.first()
    fls = lsscp.competency_sets.get(code="FLS")
    programme = courses.programme_create(
        program=lsscp,
        actor=staff,
        college="Lakeshore Technical College",
        name="Library Technical Assistant, AAS",
        competency_sets=[fls],
        starts_on=dt.date(2020, 1, 1),
    )
    fls_row = application.planned_sets.get(competency_set__code="FLS")
    fls_row = route_choose(planned=fls_row, actor=candidate, route="programme")
    o["claim"] = courses.claim_submit(
        planned=fls_row,
        actor=candidate,
        programme=programme,
        graduated_on=timezone.localdate() - dt.timedelta(days=100),
        proof=pdf("diploma.pdf"),
    )
    o["fls_planned"] = fls_row

    # Notifications and a personal access token.
    o["notification"] = notify(recipient=candidate, event="account.test")
    o["outgoing_email"] = OutgoingEmail.objects.filter(to=candidate.email).first()
    o["token"] = token_create(user=candidate, name="Script", scopes=["applications"]).token
    # A conflict of interest the assigned reviewer declared (with a library nobody here works at).
    o["conflict"] = conflict_declare(
        actor=reviewer, organisation="Hillside College Library", reason="My former employer"
    )

    # A certificate in a second, small program.
    small = ProgramFactory(slug="small", short_name="SML", electives_required=1)
    for code, kind in (("A", "core"), ("B", "elective")):
        CompetencySetFactory(program=small, code=code, kind=kind)
    second_application = ApplicationFactory(candidate=candidate, program=small, status="accepted")
    plan_ensure(application=second_application)
    electives_choose(application=second_application, actor=candidate, set_codes=["B"])
    for row in second_application.planned_sets.all():
        planned_set_satisfy(planned=row, actor=None, route="course", evidence="Course done")
    second_application.refresh_from_db()
    o["certificate"] = second_application.certificate
    o["set_credential"] = SetCredential.objects.filter(application=second_application).first()
    o["record_program_slug"] = small.slug  # the candidate's learner record (CLR) of that program
    o["status_list"] = StatusList.objects.first()
    o["profile"] = public_profile_set(user=candidate, is_public=True)

    # Renewal: the certificate's holder logged an activity with evidence and applied.
    from certify.renewals.services import ce_activity_create
    from tests.renewals.conftest import submitted

    o["ce_activity"] = ce_activity_create(
        actor=candidate,
        title="Workshop",
        provider="State Library",
        completed_on=o["certificate"].issued_on,
        format="hours",
        amount="3",
        evidence=pdf("attendance.pdf"),
    )
    o["renewal"] = submitted(o["certificate"])

    # Webhooks: the program's endpoint (staff's) with one message, and the holder's share.
    from certify.core.models import Event
    from certify.webhooks.models import Delivery
    from certify.webhooks.services import endpoint_create, share_create

    made = endpoint_create(
        actor=staff,
        owner=f"program:{lsscp.pk}",
        url="https://93.184.216.34/hook",
        event_types=["set.completed"],
    )
    o["webhook_endpoint"] = made.endpoint
    o["webhook_delivery"] = Delivery.objects.create(
        endpoint=made.endpoint,
        event=Event.objects.create(name="plan_set.satisfied", payload={}),
        message_id="msg_matrix",
        event_type="set.completed",
        payload={"type": "set.completed", "data": {}},
    )
    o["webhook_share"] = share_create(
        certificate=o["certificate"], email="hr@employer.example", actor=candidate
    )
    # A staff member's saved queue filter (ADR 0048): only its owner reaches it.
    o["saved_filter"] = SavedFilter.objects.create(
        owner=staff, queue="applications:queue", name="Mine", query="assigned=me"
    )
    return w
