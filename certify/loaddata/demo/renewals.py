"""Demo holders for renewal (local demo data only).

- `renewing@example.org`: a certificate expiring in five months (renewal open) and 23 hours of
  continuing education logged, 2 on technology: record 9 more with 2 on technology (tag the
  Technology set), apply, pay (staff record the cheque on the invoice), get the new certificate.
- `lapsed@example.org`: a certificate that expired two months and a day ago: lapsed.

Made through the same services as real use, except that each holder's last set is marked
complete directly so that their certificate can be issued on a day in the past.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from certify.accounts.models import User
from certify.applications.api import add_years
from certify.certificates.models import Certificate
from certify.certificates.services import certificate_create_for_plan
from certify.loaddata.demo.certificates import demo_enrolled_create
from certify.programs.models import CompetencySet, Program
from certify.progress import services as progress
from certify.progress.models import PlannedSet
from certify.renewals.lifecycle import add_months
from certify.renewals.models import CeActivity
from certify.renewals.services import ce_activity_create

RENEWING = ("renewing@example.org", "Rosa Delgado")
LAPSED = ("lapsed@example.org", "Luke Brennan")


def demo_holder_create(
    *, email: str, name: str, program: Program, staff: User, issued_on: date
) -> Certificate:
    """A candidate accepted 400 days before `issued_on`, whose plan was completed and
    certificate issued on `issued_on` (accepted today, they would count as certified years before
    they were accepted: a negative time to certify). Made through the services, as the demo's
    holders are; the staff day's browser walk builds its holders with it too."""
    enrolled_on = issued_on - timedelta(days=400)
    user, application, existing = demo_enrolled_create(
        program=program,
        staff=staff,
        email=email,
        name=name,
        library_name="Riverside Public Library",
        role="Circulation assistant",
        enrolled_on=enrolled_on,
    )
    if existing is not None:
        return existing
    if application is None:  # demo_enrolled_create gives one or the other
        raise RuntimeError(f"No application for {email}")
    rows = list(application.planned_sets.select_related("competency_set"))
    for planned in rows[:-1]:
        # Chosen while enrolled: the holder's deadline may have passed since.
        progress.route_choose(planned=planned, actor=user, route="course", today=enrolled_on)
        progress.planned_set_satisfy(
            planned=planned,
            actor=staff,
            route="course",
            evidence=f"Approved course in {planned.competency_set.name} (demo)",
        )
    # The last set directly: satisfying it through the service would issue the certificate today.
    PlannedSet.objects.filter(pk=rows[-1].pk).update(
        status=PlannedSet.Status.SATISFIED,
        route="course",
        satisfied_at=timezone.now(),
        evidence="Approved course (demo)",
    )
    return certificate_create_for_plan(application=application, actor=staff, on=issued_on)


def demo_renewals_create(*, program: Program, staff: User) -> tuple[Certificate, Certificate]:
    """The holder in the renewal window with some CE logged, and the lapsed holder."""
    today = timezone.localdate()
    years = program.certificate_validity_years
    renewing = demo_holder_create(
        email=RENEWING[0],
        name=RENEWING[1],
        program=program,
        staff=staff,
        issued_on=add_years(add_months(today, 5), -years),
    )
    if not CeActivity.objects.filter(holder=renewing.holder).exists():
        sets = dict(
            CompetencySet.objects.filter(
                program=program, framework_version__status="published"
            ).values_list("code", "pk")
        )
        tech = program.renewal_technology_set_code
        for title, provider, days_ago, format, amount, codes in (
            (
                "State library association annual conference",
                "State Library Association",
                400,
                "conference",
                "1",
                ["CT"],
            ),
            (
                "Cataloging and metadata basics",
                "Northside Community College",
                700,
                "semester",
                "1",
                ["CAT"],
            ),
            (
                "Patron privacy and library technology (webinar)",
                "WebJunction",
                90,
                "hours",
                "2",
                [tech] if tech else [],
            ),
        ):
            ce_activity_create(
                actor=renewing.holder,
                title=title,
                provider=provider,
                completed_on=today - timedelta(days=days_ago),
                format=format,
                amount=Decimal(amount),
                set_ids=[sets[c] for c in codes if c in sets],
            )
    expired = add_months(today, -program.renewal_grace_months) - timedelta(days=1)
    lapsed = demo_holder_create(
        email=LAPSED[0],
        name=LAPSED[1],
        program=program,
        staff=staff,
        issued_on=add_years(expired, -years),
    )
    return renewing, lapsed
