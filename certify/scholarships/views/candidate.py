"""The candidate's scholarships: every fund with why they may or may not apply, and applying."""

from dataclasses import dataclass, field
from typing import cast
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from certify.accounts.models import User
from certify.core.decorators import permission_required
from certify.core.http import saved_redirect
from certify.programs.api import program_zone
from certify.scholarships import selectors, services
from certify.scholarships.forms import ApplyForm
from certify.scholarships.models import Fund, ScholarshipApplication
from certify.scholarships.views import show_error


@dataclass
class FundRow:
    fund: Fund
    reasons: list[str] = field(default_factory=list)
    missing_memberships: list[str] = field(default_factory=list)
    application: ScholarshipApplication | None = None
    zone: ZoneInfo | None = None  # the zone of the program whose fees the fund pays

    @property
    def may_apply(self) -> bool:
        return self.application is None and not self.reasons


def _rows(
    user: User,
    funds: list[Fund],
    live: dict[int, ScholarshipApplication],
    reader: selectors.EligibilityReader | None = None,
) -> list[FundRow]:
    reader = reader or selectors.EligibilityReader(user=user)  # each fund on its program's day
    rows = []
    for fund in funds:
        person = reader.person(fund)
        rows.append(
            FundRow(
                fund=fund,
                reasons=[] if fund.pk in live else reader.reasons(fund),
                missing_memberships=[
                    o.code
                    for o in fund.required_organisations.all()
                    if o.code.upper() not in person.confirmed
                ],
                application=live.get(fund.pk),
                zone=program_zone(reader.program(fund)),
            )
        )
    return rows


@permission_required("scholarships.view_funds")
def index(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    applications = list(selectors.application_list_for_user(user=user))
    live = {
        a.fund_id: a for a in applications if a.status != ScholarshipApplication.Status.WITHDRAWN
    }
    funds = selectors.fund_list_for_candidate(
        user=user, applied_to=[a.fund_id for a in applications]
    )
    reader = selectors.EligibilityReader(user=user)
    rows = _rows(user, list(funds), live, reader)
    for application in applications:  # its day in its fund's program's zone
        application.zone = program_zone(reader.program(application.fund))  # type: ignore[attr-defined]
    return render(
        request,
        "scholarships/index.html",
        {
            "open_rows": [r for r in rows if r.may_apply],
            "other_rows": [r for r in rows if not r.may_apply],
            "applications": applications,
        },
    )


@permission_required("scholarships.apply")
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    user = cast(User, request.user)
    try:
        fund = selectors.fund_list().get(slug=slug)
    except Fund.DoesNotExist:
        raise Http404("No such fund.") from None
    live = selectors.live_applications_by_fund(user=user)
    row = _rows(user, [fund], live)[0]
    form = ApplyForm(request.POST or None, fund=fund)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = services.application_submit(
                    fund=fund,
                    applicant=user,
                    statement=data["statement"],
                    purpose=data.get("purpose") or "",
                    class_details=data.get("class_details") or "",
                    state_of_employment=data.get("state_of_employment") or "",
                    years_experience=data.get("years_experience"),
                )
            except services.ApplicationRefusedError as error:
                show_error(form, error)
            else:
                messages.success(
                    request,
                    f"Your application to the {fund.name} is sent. {fund.sponsor.name} will "
                    "tell you their decision by e-mail; this page shows where it stands.",
                )
                return saved_redirect(application.get_absolute_url())
        status = 400
    return render(
        request, "scholarships/apply.html", {"fund": fund, "row": row, "form": form}, status=status
    )
