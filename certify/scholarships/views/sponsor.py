"""The sponsor's side: their funds (staff see all), applications to decide, draws, reports,
fund settings and the people who run the sponsor."""

import csv
from collections.abc import Iterable
from typing import cast
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from certify.accounts import api as accounts_api
from certify.accounts.api import (
    closure_erased,
    listed_name,
    references_attach,
    references_attached,
)
from certify.accounts.models import User
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.core.spreadsheets import formula_safe
from certify.programs.api import program_zone
from certify.scholarships import selectors, services
from certify.scholarships.forms import DrawForm, FundForm, MemberForm, StatusFilterForm
from certify.scholarships.left_out import excluded_for, shown_name
from certify.scholarships.models import (
    Award,
    Draw,
    Fund,
    ScholarshipApplication,
    Sponsor,
    SponsorMember,
)
from certify.scholarships.rules import require
from certify.scholarships.sponsor_home import waiting_column, work_left_read
from certify.scholarships.views import fund_for, show_error

SIGNED_IN = "scholarships.signed_in"


def _sponsor(request: HttpRequest, slug: str, perm: str) -> Sponsor:
    try:
        sponsor = selectors.sponsor_get(slug=slug)
    except Sponsor.DoesNotExist:
        raise Http404("No such sponsor.") from None
    require(request.user, sponsor, perm)
    return sponsor


@permission_required("scholarships.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    funds = list(selectors.fund_list_for_sponsor_user(user=user))
    roles = selectors.sponsor_roles(user=user)
    sponsors = [
        {
            "sponsor": sponsor,
            "role": SponsorMember.Role(roles[sponsor.pk]).label if sponsor.pk in roles else "",
            "admin": roles.get(sponsor.pk) == SponsorMember.Role.ADMIN,
            "funds": [f for f in funds if f.sponsor_id == sponsor.pk],
        }
        for sponsor in selectors.sponsor_list_for_user(user=user)
    ]
    # "To decide" for whoever awards; "To score" for a member who scores: her own work left.
    work_left_read(user, funds)
    for s in sponsors:
        s["waiting"] = waiting_column(user, cast(list, s["funds"]))
    return render(request, "scholarships/dashboard.html", {"sponsors": sponsors})


def _with_references(awards: Iterable[Award]) -> list[Award]:
    """The awards, with their closed accounts' references read at once (`listed_name`)."""
    listed = list(awards)
    references_attach(award.recipient for award in listed)
    return listed


def _fund_page(
    request: HttpRequest, fund: Fund, *, draw_form: Form | None = None, status: int = 200
) -> HttpResponse:
    statuses = ScholarshipApplication.Status
    filter_form = StatusFilterForm(request.GET or None, choices=statuses.choices)
    chosen = statuses.SUBMITTED.value
    if filter_form.is_bound and filter_form.is_valid():
        chosen = filter_form.cleaned_data["status"]
    else:
        filter_form = StatusFilterForm(initial={"status": chosen}, choices=statuses.choices)
    applications = selectors.application_list_for_fund(fund=fund, status=chosen)
    chair = request.user.has_perm("scholarships.confirm_awards", fund)
    decider = request.user.has_perm("scholarships.decide", fund) and chair
    counts = selectors.application_counts(fund=fund)
    nothing_to_draw = ""
    if decider and fund.method == Fund.Method.DRAW and draw_form is None:
        # Said where the form would be, rather than a form of 0 places refused on the next page.
        waiting = sum(c["count"] for c in counts if c["status"] == statuses.SUBMITTED)
        nothing_to_draw = services.capacity_problem(fund) or _nobody_to_draw(waiting, waiting)
        if not nothing_to_draw:
            draw_form = DrawForm(initial={"places": fund.awards_left})
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    references_attach(a.applicant for a in page)  # a closed account's row: its number
    return render(
        request,
        "scholarships/fund.html",
        {
            "fund": fund,
            "page": page,
            "filter_form": filter_form,
            "counts": counts,
            "nothing_to_draw": nothing_to_draw,
            # A committee fund that has run out says so where its money is (a draw fund says it
            # where the draw would be), with what an administrator can do about it.
            "run_out": (
                services.capacity_problem(fund) if fund.method == Fund.Method.COMMITTEE else ""
            ),
            "awards": _with_references(selectors.award_list_for_fund(fund=fund)[:100]),
            "draws": list(selectors.draw_list(fund=fund)[:20]),
            "decider": decider,
            "chair": chair,
            "member": request.user.has_perm("scholarships.score", fund),
            "admin": request.user.has_perm("scholarships.manage_fund", fund),
            "draw_form": draw_form if decider and fund.method == Fund.Method.DRAW else None,
            "currency_note": selectors.fund_currency_note(fund),
            "zone": program_zone(selectors.fund_program(fund)),
        },
        status=status,
    )


@permission_required("scholarships.view_dashboard")
def fund_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _fund_page(request, fund_for(request, slug, "scholarships.view_fund"))


@permission_required("scholarships.view_dashboard")
def draw_create(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the confirmation page, saying what the draw will do (reading it changes nothing);
    POST: run the draw."""
    fund = fund_for(request, slug, "scholarships.decide")
    if request.method != "POST":
        form = DrawForm(request.GET or None, initial={"places": fund.awards_left})
        places = fund.awards_left
        if form.is_bound and form.is_valid():
            places = form.cleaned_data["places"]
        today = selectors.fund_today(fund)
        # Who would go into the draw now, said before confirming (it was learned only after).
        waiting, eligible = services.draw_pool_count(fund=fund, today=today)
        return render(
            request,
            "scholarships/draw_confirm.html",
            {
                "fund": fund,
                "form": form,
                "places": places,
                "waiting": waiting,
                "eligible": eligible,
                "left_out": waiting - eligible,
                "problem": services.window_closed_problem(fund, today)
                or (
                    f"The {fund.name} awards by committee decision, not by a draw."
                    if fund.method != Fund.Method.DRAW
                    else _nobody_to_draw(waiting, eligible)
                ),
            },
            status=400 if form.is_bound and not form.is_valid() else 200,
        )
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            draw = services.draw_run(
                fund=fund, actor=request.user, places=form.cleaned_data["places"]
            )
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                f"Draw {draw.number} is done: {len(draw.winners)} award"
                f"{'s' if len(draw.winners) != 1 else ''} among {len(draw.pool)} eligible "
                "applicants. Everyone has been told.",
            )
            return redirect(draw)
    return _fund_page(request, selectors.fund_get(slug=slug), draw_form=form, status=400)


def _nobody_to_draw(waiting: int, eligible: int) -> str:
    if not waiting:
        return "No application is waiting for a decision, so there is nobody to draw from."
    if not eligible:
        return (
            f"None of the {waiting} applicant{'s' if waiting != 1 else ''} waiting meets the "
            "fund's rules today, so there is nobody to draw from. Each application's page "
            "says why."
        )
    return ""


@permission_required(SIGNED_IN)
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        draw = selectors.draw_get(pk=pk)
    except Draw.DoesNotExist:
        raise Http404("No such draw.") from None
    require(request.user, draw, "scholarships.view_draw")
    sees_names = request.user.has_perm("scholarships.view_fund", draw.fund)
    ids = [*draw.pool, *(int(pk) for pk in draw.excluded)]
    by_id = selectors.applications_by_id(ids=ids)
    references_attach(a.applicant for a in by_id.values())  # a closed account's row: its number
    mine = {pk for pk, a in by_id.items() if a.applicant_id == request.user.pk}

    def who(pk: int) -> str:
        application = by_id.get(pk)
        if application is None:
            return f"Application {pk}"
        if sees_names or pk in mine:
            you = " (you)" if pk in mine else ""
            return f"Application {pk}: {shown_name(application.applicant)}{you}"
        return f"Application {pk}"

    excluded = excluded_for(draw=draw, by_id=by_id, user=request.user, sees_names=sees_names)
    return render(
        request,
        "scholarships/draw.html",
        {
            "draw": draw,
            "fund": draw.fund,
            "pool": [{"pk": pk, "who": who(pk), "won": pk in draw.winners} for pk in draw.pool],
            "winners": [who(pk) for pk in draw.winners],
            "excluded": [{"who": who(pk), "why": why} for pk, why in excluded.items()],
            "reproduced": services.draw_is_reproduced(draw=draw),
            "sees_names": sees_names,
            # when it was drawn, in the zone of the program whose fees the fund pays
            "zone": program_zone(selectors.fund_program(draw.fund)),
        },
    )


def _cents(cents: int | None) -> str:
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _csv_response(filename: str, header: list[str], rows: Iterable[list[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    return response


REPORT_HEADER = [
    "application",
    "submitted_on",
    "name",
    "email",
    "purpose",
    "status",
    "decided_on",
    "reason",
    "award",
    "award_status",
    "awarded_on",
    "paid_on",
    "invoice",
    "draw",
    "currency",
]


def _applicant(application: ScholarshipApplication) -> User:
    return application.applicant


def _report_row(
    a: ScholarshipApplication, *, zone: ZoneInfo, left_out: bool = False
) -> list[object]:
    """One application's row; one the reader is left out of shows the name only, as the fund's
    pages do (no e-mail, no decision reason). Its days are in `zone`, the fund's program's (ADR
    0036), as the fund's window and award days are."""
    award = getattr(a, "award", None)
    return [
        a.pk,
        timezone.localdate(a.submitted_at, zone),
        listed_name(a.applicant),  # never a closure's placeholder name or address (ADR 0016)
        "" if left_out or closure_erased(a.applicant) else a.applicant.email,
        a.get_purpose_display(),
        a.get_status_display(),
        timezone.localdate(a.decided_at, zone) if a.decided_at else "",
        "" if left_out else a.reason,
        _cents(award.amount_cents) if award else "",
        award.get_status_display() if award else "",
        award.awarded_on if award else "",
        award.paid_on or "" if award else "",
        award.invoice.code if award and award.invoice else "",
        award.draw.number if award and award.draw else "",
        a.fund.currency,
    ]


@permission_required("scholarships.view_dashboard")
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """Applicants, awards and money used; `?format=csv` exports one row per application."""
    fund = fund_for(request, slug, "scholarships.view_fund")
    if request.GET.get("format") == "csv":
        rows = selectors.report_applications(fund=fund)
        left_out: set[int] = set()
        if request.user.has_perm("scholarships.score", fund):  # a member of the sponsor
            left_out = selectors.applicants_left_out(member=cast(User, request.user), fund=fund)
        zone = program_zone(selectors.fund_program(fund))
        return _csv_response(
            f"{fund.slug}-{timezone.localdate(timezone=zone):%Y-%m-%d}.csv",
            REPORT_HEADER,
            (
                _report_row(a, zone=zone, left_out=a.applicant_id in left_out)
                for a in references_attached(rows.iterator(chunk_size=500), _applicant)
            ),
        )
    return render(
        request,
        "scholarships/report.html",
        {
            "fund": fund,
            "member": request.user.has_perm("scholarships.score", fund),
            "counts": selectors.application_counts(fund=fund),
            "money": selectors.award_money(fund=fund),
            "awards": _with_references(selectors.award_list_for_fund(fund=fund)),
        },
    )


def _fund_form_page(
    request: HttpRequest, sponsor: Sponsor, fund: Fund | None, form: FundForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "scholarships/fund_form.html",
        {"sponsor": sponsor, "fund": fund, "form": form},
        status=status,
    )


def _fund_save(
    request: HttpRequest, sponsor: Sponsor, fund: Fund | None, form: FundForm
) -> HttpResponse:
    if form.is_valid():
        try:
            saved = services.fund_save(
                sponsor=sponsor,
                actor=request.user,
                fund=fund,
                required_organisations=list(form.cleaned_data["required_organisations"]),
                **form.service_fields(),
            )
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, f"The {saved.name} is saved.")
            return saved_redirect(saved.get_absolute_url())
    return _fund_form_page(request, sponsor, fund, form, status=400)


NEW_FUND_DEFAULTS = {
    "purposes": ["enrollment"],
    "method": Fund.Method.COMMITTEE,
    "min_years_experience": 0,
    "award_valid_months": 12,
    "is_active": True,
}


@permission_required("scholarships.view_dashboard")
def fund_create(request: HttpRequest, sponsor: str) -> HttpResponse:
    found = _sponsor(request, sponsor, "scholarships.manage_fund")
    initial = {
        **NEW_FUND_DEFAULTS,
        "cooldown_months": services.sponsor_cooldown_months(found),  # one rule for its funds
        "opens_on": selectors.fund_today(Fund(sponsor=found)),  # the default program's day
        "required_organisations": [found.organisation] if found.organisation else [],
    }
    if request.method == "POST":
        return _fund_save(request, found, None, FundForm(request.POST, sponsor_id=found.pk))
    return _fund_form_page(request, found, None, FundForm(initial=initial, sponsor_id=found.pk))


@permission_required("scholarships.view_dashboard")
def fund_edit(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_for(request, slug, "scholarships.manage_fund")
    if request.method == "POST":
        form = FundForm(request.POST, currency=fund.currency, sponsor_id=fund.sponsor_id)
        return _fund_save(request, fund.sponsor, fund, form)
    form = FundForm(
        initial=FundForm.initial_for(fund), currency=fund.currency, sponsor_id=fund.sponsor_id
    )
    return _fund_form_page(request, fund.sponsor, fund, form)


def _members_page(
    request: HttpRequest, sponsor: Sponsor, form: Form | None = None, status: int = 200
) -> HttpResponse:
    admin = request.user.has_perm("scholarships.manage_fund", sponsor)
    return render(
        request,
        "scholarships/members.html",
        {
            "sponsor": sponsor,
            "members": list(selectors.sponsor_member_list(sponsor=sponsor)),
            "invitations": list(
                accounts_api.colleague_invitations_pending(
                    kind=services.SPONSOR_KIND, organisation_id=sponsor.pk
                )
            ),
            "admin": admin,
            "form": (form or MemberForm()) if admin else None,
        },
        status=status,
    )


@permission_required("scholarships.view_dashboard")
def members(request: HttpRequest, sponsor: str) -> HttpResponse:
    if request.method != "POST":
        return _members_page(request, _sponsor(request, sponsor, "scholarships.view_fund"))
    found = _sponsor(request, sponsor, "scholarships.manage_fund")
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.sponsor_member_invite(
                sponsor=found,
                email=form.cleaned_data["email"].strip().lower(),
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, accounts_api.invitation_sent_message(invitation))
            return saved_redirect(reverse("scholarships:members", args=[found.slug]))
    return _members_page(request, found, form, status=400)


@require_POST
@permission_required("scholarships.view_dashboard")
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        member = SponsorMember.objects.select_related("sponsor", "user").get(pk=pk)
    except SponsorMember.DoesNotExist:
        raise Http404("No such member.") from None
    require(request.user, member.sponsor, "scholarships.manage_fund")
    try:
        services.sponsor_member_remove(member=member, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{member.user} no longer helps run {member.sponsor.name}.")
    return redirect("scholarships:members", sponsor=member.sponsor.slug)
