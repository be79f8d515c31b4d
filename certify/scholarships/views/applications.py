"""One application: the statement, the decision, and the award (credit, payment, withdrawal)."""

from typing import cast

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from certify.accounts.models import User
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.core.workflow import allowed_moves
from certify.programs.api import program_zone
from certify.scholarships import selectors, services
from certify.scholarships.forms import AwardPaymentForm, DecisionForm, GiveBackForm, ReasonForm
from certify.scholarships.left_out import committee_words, left_out_link
from certify.scholarships.models import Award, Fund, Purpose, ScholarshipApplication
from certify.scholarships.rules import require
from certify.scholarships.selectors import EligibilityReader, fund_today
from certify.scholarships.services.notices import how_it_is_used
from certify.scholarships.views import show_error
from certify.scholarships.views.committee import conflicted_page, left_out

SIGNED_IN = "scholarships.signed_in"


def _application(request: HttpRequest, pk: int, perm: str) -> ScholarshipApplication:
    try:
        application = selectors.application_get(pk=pk)
    except ScholarshipApplication.DoesNotExist:
        raise Http404("No such application.") from None
    require(request.user, application, perm)
    return application


def _award(application: ScholarshipApplication) -> Award | None:
    try:
        return application.award
    except Award.DoesNotExist:
        return None


def _detail(
    request: HttpRequest,
    application: ScholarshipApplication,
    *,
    decision_form: Form | None = None,
    withdraw_form: Form | None = None,
    payment_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    award = _award(application)
    member = (
        user.has_perm("scholarships.score", application) and application.applicant_id != user.pk
    )
    if member and (why := left_out(cast(User, user), application)):
        return conflicted_page(request, application, why)
    # The forms a person sees are the moves they may make (never on their own application);
    # on a fund with a chair, only the chair confirms; a draw fund's draw decides them all.
    decider = (
        application.fund.method == Fund.Method.COMMITTEE
        and any(m.name == "grant" for m in allowed_moves(application, user))
        and user.has_perm("scholarships.confirm_awards", application.fund)
    )
    award_moves = {m.name for m in allowed_moves(award, user)} if award else set()
    context: dict[str, object] = {
        "application": application,
        "fund": application.fund,
        "award": award,
        "decider": decider,
        "own": application.applicant_id == user.pk,
        "member": member,
        "how_used": how_it_is_used(award, to_recipient=application.applicant_id == user.pk)
        if award
        else "",
        # its days in the zone of the program whose fees the fund pays
        "zone": program_zone(selectors.fund_program(application.fund)),
    }
    declined = application.status == ScholarshipApplication.Status.DECLINED
    if (
        application.applicant_id != user.pk
        and declined
        and (found := selectors.draw_left_out(application=application))
    ):
        why = committee_words(found[1], application.applicant)
        context["left_out"] = left_out_link(found[0], why)
    if decider and application.status == ScholarshipApplication.Status.SUBMITTED:
        today = fund_today(application.fund)
        obstacles = services.award_obstacles(application=application, today=today)
        capacity_problem = services.capacity_problem(application.fund)
        # A refusal is said once, in the form's error summary (ADR 0043), not again above it.
        refused = list(decision_form.non_field_errors()) if decision_form else []
        context["obstacles"] = [] if " ".join(obstacles) in refused else obstacles
        context["capacity_problem"] = "" if capacity_problem in refused else capacity_problem
        context["decision_form"] = decision_form or DecisionForm()
        context["currency_note"] = selectors.fund_currency_note(application.fund)
    # The rules beside the applicant's case today, for deciding it: once decided, today's
    # answer would read as a judgment of the decision (an award counts against its own rule).
    waiting = application.status == ScholarshipApplication.Status.SUBMITTED
    if (
        waiting
        and application.applicant_id != user.pk
        and (member or user.has_perm("scholarships.view_fund", application.fund))
    ):
        name = application.applicant.full_name or application.applicant.email
        reader = EligibilityReader(user=application.applicant)  # on the fund's program's day
        context["checks"] = reader.checks(application, name=name)
    if award is not None and award.status == Award.Status.COMMITTED:
        if "withdraw" in award_moves:
            context["withdraw_form"] = withdraw_form or _reason_form(award, user)
        if award.purpose == Purpose.CLASS:
            # When it may be paid, for everyone who sees the award; the form only from then (or
            # again with its refusal, when the recipient's enrollment changed meanwhile).
            payable = services.class_award_payable(award)
            context["payable"] = payable
            if "record_payment" in award_moves and (payable.since or payment_form is not None):
                context["payment_form"] = payment_form or AwardPaymentForm(
                    today=fund_today(application.fund)
                )
    return render(request, "scholarships/application.html", context, status=status)


@permission_required(SIGNED_IN)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _application(request, pk, "scholarships.view_application"))


@require_GET
@permission_required(SIGNED_IN)
def application_withdraw_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation before withdrawing (ADR 0040); reading it changes nothing."""
    application = _application(request, pk, "scholarships.withdraw_application")
    if application.status != ScholarshipApplication.Status.SUBMITTED:
        messages.error(request, "This application can no longer be withdrawn.")
        return redirect(application)
    return render(
        request,
        "confirm.html",
        {
            "title": f"Withdraw your application to the {application.fund.name}?",
            "eyebrow": "Scholarships",
            "happens": [
                "The committee will not consider your application.",
                "You cannot undo this. To be considered again, you apply again while the fund "
                "is open.",
            ],
            "action": reverse("scholarships:application_withdraw", kwargs={"pk": application.pk}),
            "button": "Yes, withdraw my application",
            "back": application.get_absolute_url(),
        },
    )


@require_POST
@permission_required(SIGNED_IN)
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "scholarships.withdraw_application")
    try:
        services.application_withdraw(application=application, actor=cast(User, request.user))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(application)
    messages.success(request, f"Your application to the {application.fund.name} is withdrawn.")
    return redirect("scholarships:index")


@require_POST
@permission_required(SIGNED_IN)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "scholarships.decide")
    form = DecisionForm(request.POST)
    actor = cast(User, request.user)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if form.cleaned_data["decision"] == "award":
                award = services.application_award(
                    application=application, actor=actor, reason=reason
                )
                name = application.applicant.full_name
                messages.success(request, f"{award.amount.with_cents()} awarded to {name}.")
            else:
                services.application_decline(application=application, actor=actor, reason=reason)
                messages.success(
                    request, f"{application.applicant.full_name}'s application is not awarded."
                )
            return saved_redirect(application.fund.get_absolute_url())
        except DomainError as error:
            show_error(form, error)
            if application.fund.method != Fund.Method.COMMITTEE:  # no decision form shows it
                messages.error(request, error.message)
    return _detail(request, selectors.application_get(pk=pk), decision_form=form, status=400)


def _reason_form(award: Award, user, data=None) -> Form:
    """The reason for ending an award: the recipient's own words to the sponsor when she gives
    it back, the sponsor's words to the recipient when they withdraw it."""
    if award.recipient_id == getattr(user, "pk", None):
        return GiveBackForm(data, sponsor=award.fund.sponsor.name)
    return ReasonForm(data)


def _award_of(request: HttpRequest, pk: int, perm: str) -> Award:
    try:
        award = Award.objects.select_related("fund", "fund__sponsor", "application").get(pk=pk)
    except Award.DoesNotExist:
        raise Http404("No such award.") from None
    require(request.user, award, perm)
    return award


@require_POST
@permission_required(SIGNED_IN)
def award_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award_of(request, pk, "scholarships.withdraw_award")
    form = _reason_form(award, request.user, request.POST)
    if form.is_valid():
        try:
            services.award_withdraw(
                award=award, actor=cast(User, request.user), reason=form.cleaned_data["reason"]
            )
            own = award.recipient_id == request.user.pk
            messages.success(
                request,
                "You gave the award back; its money is back in the fund."
                if own
                else "The award is withdrawn; its money is back in the fund.",
            )
            return saved_redirect(award.application.get_absolute_url())
        except DomainError as error:
            show_error(form, error)
    application = selectors.application_get(pk=award.application_id)
    return _detail(request, application, withdraw_form=form, status=400)


@require_POST
@permission_required(SIGNED_IN)
def award_payment(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award_of(request, pk, "scholarships.decide")
    form = AwardPaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.award_payment_record(
                award=award,
                actor=cast(User, request.user),
                payee=data["payee"],
                payee_name=data["payee_name"],
                reference=data["reference"],
                paid_on=data["paid_on"],
            )
            messages.success(request, f"Payment to {payment.payee_name} recorded.")
            return saved_redirect(award.application.get_absolute_url())
        except DomainError as error:
            show_error(form, error)
    application = selectors.application_get(pk=award.application_id)
    return _detail(request, application, payment_form=form, status=400)
