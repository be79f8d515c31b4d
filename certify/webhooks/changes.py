"""What a domain event means to integrators: the webhook event type, whom it concerns, and the
message's data (ids, numbers and links only; see `catalog`)."""

from typing import Any

from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.courses import api as courses
from certify.courses.models import CourseCompletion
from certify.memberships.models import Membership
from certify.payments.models import Invoice
from certify.progress.models import PlannedSet
from certify.renewals.models import Renewal
from certify.scholarships.models import ScholarshipApplication, Sponsor
from certify.webhooks.catalog import Change, EventType, Facts, _certificate_data, _url, type_for


def change_for(event_name: str, payload: dict[str, Any]) -> Change | None:
    """The webhook change a domain event makes, or None when no event type follows it (or the
    row it names is gone)."""
    kind = type_for(event_name, payload.get("move"))
    if kind is None:
        return None
    build = _BUILDERS[kind.name.split(".")[0]]
    return build(kind, event_name, payload)


def _outcome(event_name: str) -> str:
    return event_name.rsplit(".", 1)[1]


def _application(kind: EventType, event_name: str, p: dict[str, Any]) -> Change | None:
    app = Application.objects.filter(pk=p["application_id"]).only("pk", "program_id").first()
    if app is None:
        return None
    return Change(
        kind.name,
        Facts(program_id=app.program_id),
        {
            "application_id": app.pk,
            "decision": _outcome(event_name),
            "api_url": _url(f"/api/v1/applications/{app.pk}"),
        },
    )


def _membership(kind: EventType, event_name: str, p: dict[str, Any]) -> Change | None:
    member = Membership.objects.filter(pk=p["membership_id"]).select_related("organisation")
    membership = member.first()
    if membership is None:
        return None
    sponsor = Sponsor.objects.filter(organisation_id=membership.organisation_id).first()
    return Change(
        kind.name,
        Facts(sponsor_id=sponsor.pk if sponsor else None),
        {
            "membership_id": membership.pk,
            "member_id": membership.user_id,
            "organisation": membership.organisation.code,
        },
    )


def _invoice(kind: EventType, event_name: str, p: dict[str, Any]) -> Change | None:
    invoice = Invoice.objects.filter(pk=p["invoice_id"]).first()
    if invoice is None:
        return None
    return Change(
        kind.name,
        Facts(program_id=invoice.program_id),
        {
            "invoice_id": invoice.pk,
            "invoice_number": invoice.code,
            "kind": invoice.kind,
            "api_url": _url(f"/api/v1/payments/invoices/{invoice.code}"),
        },
    )


def _award(kind: EventType, event_name: str, p: dict[str, Any]) -> Change | None:
    found = ScholarshipApplication.objects.filter(pk=p["scholarship_application_id"])
    application = found.select_related("fund").first()
    if application is None:
        return None
    fund = application.fund
    return Change(
        kind.name,
        Facts(program_id=fund.program_id, sponsor_id=fund.sponsor_id),
        {
            "scholarship_application_id": application.pk,
            "fund": fund.slug,
            "decision": _outcome(event_name),
            "api_url": _url(f"/api/v1/sponsor/scholarships/funds/{fund.slug}/applications"),
        },
    )


def _completion(kind: EventType, event_name: str, p: dict[str, Any]) -> Change | None:
    found = CourseCompletion.objects.filter(pk=p["course_completion_id"])
    completion = found.select_related("course", "application__program").first()
    if completion is None:
        return None
    course = completion.course
    return Change(
        kind.name,
        Facts(program_id=course.program_id, provider_id=course.provider_id),
        {
            "completion_id": completion.pk,
            "course_id": course.pk,
            "candidate_number": (
                courses.candidate_number(completion.application) if completion.application else ""
            ),
            "completed_on": completion.completed_on.isoformat(),
        },
    )


def _set(kind: EventType, event_name: str, p: dict[str, Any]) -> Change | None:
    found = PlannedSet.objects.filter(pk=p["plan_set_id"])
    planned = found.select_related("application", "competency_set").first()
    if planned is None:
        return None
    return Change(
        kind.name,
        Facts(program_id=planned.application.program_id),
        {
            "plan_set_id": planned.pk,
            "application_id": planned.application_id,
            "competency_set": planned.competency_set.code,
            "route": planned.route,
        },
    )


def _certificate(kind: EventType, event_name: str, p: dict[str, Any]) -> Change | None:
    extra: dict[str, Any] = {}
    if "renewal_id" in p:
        renewal = Renewal.objects.filter(pk=p["renewal_id"]).first()
        if renewal is None:
            return None
        certificate_id = renewal.certificate_id
        new_id = renewal.new_certificate_id
        new = Certificate.objects.filter(pk=new_id).first() if new_id else None
        extra["new_certificate_number"] = new.number if new else None
    else:
        certificate_id = p["certificate_id"]
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return None
    if "lapses_on" in p:
        extra["lapsed_on"] = p["lapses_on"]
    return Change(
        kind.name,
        Facts(program_id=certificate.program_id, certificate_id=certificate.pk),
        {**_certificate_data(certificate), **extra},
    )


_BUILDERS = {
    "application": _application,
    "membership": _membership,
    "invoice": _invoice,
    "award": _award,
    "completion": _completion,
    "set": _set,
    "certificate": _certificate,
}
