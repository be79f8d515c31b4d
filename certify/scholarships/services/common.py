"""What the scholarship services share: the row locks (fund, application, award), the fund's
totals, how messages name a person, and who may decide."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, Sum

from certify.accounts.api import has_role
from certify.accounts.models import Role, User
from certify.core.duties import OwnCaseError
from certify.core.errors import DomainError
from certify.programs.models import Program
from certify.scholarships.eligibility import long_date
from certify.scholarships.models import Award, Fund, Purpose, ScholarshipApplication, Sponsor
from certify.scholarships.selectors import fund_program
from certify.scholarships.workflows.sponsor import runs_sponsor


class ProblemsError(DomainError):
    """Refused for several reasons at once. `problems` are not about one field; `fields` maps a
    form field to what is wrong with it. Everything is written for the person acting."""

    def __init__(self, problems: list[str], fields: dict[str, str] | None = None) -> None:
        self.problems = problems
        self.fields = fields or {}
        super().__init__(" ".join([*problems, *self.fields.values()]))


def fund_lock(fund: Fund | int) -> Fund:
    """Re-read the fund with its row locked until the transaction ends (PostgreSQL).

    Every change to a fund's money (award, withdrawal, expiry, payment) takes this lock first,
    so two committee members awarding at the same moment happen one after the other and the
    second sees what the first committed. SQLite serialises writers anyway (IMMEDIATE).
    """
    pk = fund if isinstance(fund, int) else fund.pk
    return (
        Fund.objects.select_for_update(of=("self",)).select_related("sponsor", "chair").get(pk=pk)
    )


def application_lock(application: ScholarshipApplication) -> ScholarshipApplication:
    """Re-read the application with its row locked until the transaction ends, its fund, sponsor,
    chair and applicant at hand. Every decision on an application takes it after the fund's."""
    return (
        ScholarshipApplication.objects.select_for_update(of=("self",))
        .select_related("fund", "fund__sponsor", "fund__chair", "applicant")
        .get(pk=application.pk)
    )


def award_lock(award: Award) -> Award:
    """Re-read the award with its row locked until the transaction ends, its fund, sponsor,
    recipient, invoice and application at hand. Every change to an award takes it after the
    fund's lock (`fund_lock`), so the two are always taken in the same order."""
    return (
        Award.objects.select_for_update(of=("self",))
        .select_related("fund", "fund__sponsor", "recipient", "invoice", "application")
        .get(pk=award.pk)
    )


def person_name(user: User) -> str:
    """A person as the services' messages name them: their full name, or their e-mail address
    when they gave none."""
    return user.full_name or user.email


def fund_totals_refresh(fund: Fund) -> None:
    """Recount committed, paid and the number of live awards from the awards. Call under the lock.

    The fund's check constraints refuse a total above the budget or the award count, so even a
    caller that forgot the lock could not overspend: the transaction would fail instead.
    """
    totals = Award.objects.filter(fund=fund).aggregate(
        committed=Sum("amount_cents", filter=Q(status=Award.Status.COMMITTED), default=0),
        paid=Sum("amount_cents", filter=Q(status=Award.Status.PAID), default=0),
        live=Count("id", filter=Q(status__in=Award.LIVE)),
    )
    fund.committed_cents = int(totals["committed"])
    fund.paid_cents = int(totals["paid"])
    fund.awards_made = int(totals["live"])
    fund.save(update_fields=["committed_cents", "paid_cents", "awards_made", "updated_at"])


def is_sponsor_member(user: Any, sponsor: Sponsor | int, *, admin: bool = False) -> bool:
    """Whether the person helps run the sponsor (as an administrator, when `admin`): they hold
    the sponsor role and are one of its people. A superuser is not, unless they are."""
    pk = sponsor if isinstance(sponsor, int) else sponsor.pk
    return has_role(user, Role.SPONSOR) and runs_sponsor(user, pk, admin=admin)


def require_decider(actor: Any, fund: Fund) -> None:
    """Only the sponsor's administrators and committee run its draws (each award and refusal a
    draw makes is then their move, checked again per application)."""
    if not is_sponsor_member(actor, fund.sponsor_id):
        raise DomainError(f"Only {fund.sponsor.name}'s committee decides on the {fund.name}.")


def competing_reason(actor: Any, fund: Fund) -> str:
    """Why `actor` is left out of the fund's other applications ('' when they are not): their own
    application to it is waiting, so it competes with the others for the same money and places,
    and scoring or deciding any of them would be deciding their own case."""
    if getattr(actor, "pk", None) is None:
        return ""
    waiting = ScholarshipApplication.objects.filter(
        fund_id=fund.pk, applicant_id=actor.pk, status=ScholarshipApplication.Status.SUBMITTED
    ).exists()
    if not waiting:
        return ""
    return (
        f"You applied to the {fund.name} yourself and your application is waiting for a "
        "decision, so you are left out of the other applications to it until yours is decided: "
        "another member of the committee scores and decides them."
    )


def require_not_competing(actor: Any, fund: Fund) -> None:
    """Refuse a score or decision on the fund by someone whose own application to it waits."""
    if why := competing_reason(actor, fund):
        raise OwnCaseError(why)


def require_by_hand(fund: Fund) -> None:
    """Refuse an award or refusal made one by one on a fund that decides by a random draw: the
    draw decides every waiting application (those who do not meet the rules are left out with
    the reason), so nobody can be put in or taken out of it by hand."""
    if fund.method == Fund.Method.DRAW:
        raise DomainError(
            f"The {fund.name} awards by a random draw among the eligible applicants, not one "
            "application at a time: the draw decides every waiting application once "
            "applications close."
        )


def scoring_refusal(fund: Fund) -> str:
    """Why the fund's applications are not scored ('' when they are): a draw decides it, and
    scores would have no part in who is awarded."""
    if fund.method == Fund.Method.DRAW:
        return (
            f"The {fund.name} awards by a random draw among the eligible applicants, so its "
            "applications are not scored: scores would have no part in who is awarded."
        )
    return ""


def rubric_refusal(fund: Fund) -> str:
    """Why the fund keeps no rubric ('' when it does): a draw decides it, nobody scores its
    applications, so criteria would have nothing to score."""
    if fund.method == Fund.Method.DRAW:
        return (
            f"The {fund.name} awards by a random draw among the eligible applicants, so it has "
            "no rubric: nobody scores its applications."
        )
    return ""


def require_admin(actor: Any, sponsor: Sponsor) -> None:
    if not is_sponsor_member(actor, sponsor, admin=True):
        raise DomainError(f"Only {sponsor.name}'s administrators may do this.")


def confirms_awards(actor: Any, fund: Fund) -> bool:
    """The fund's chair confirms its awards; a fund without a chair lets any of the sponsor's
    administrators and committee decide (as before committees had chairs)."""
    if not is_sponsor_member(actor, fund.sponsor_id):
        return False
    return fund.chair_id is None or getattr(actor, "pk", None) == fund.chair_id


def require_confirmer(actor: Any, fund: Fund) -> None:
    """Refuse a committee member who is not the chair (others are refused by the move itself)."""
    if is_sponsor_member(actor, fund.sponsor_id) and not confirms_awards(actor, fund):
        chair = fund.chair
        who = f", {chair.full_name or chair.email}," if chair else ""
        raise DomainError(
            f"The chair of the {fund.name} committee{who} confirms its awards: "
            "score the application instead."
        )


def window_closed_problem(fund: Fund, today: date) -> str:
    """Why a draw cannot run yet: the application window is still open ('' once it closed).

    A draw while people may still apply would leave out whoever applies next."""
    if fund.closes_on is None:
        return (
            f"Applications to the {fund.name} are open until further notice, so a draw now "
            "would leave out whoever applies next. Set the last day applications are accepted "
            "in the fund's settings; the draw can run the day after."
        )
    if today <= fund.closes_on:
        return (
            f"Applications to the {fund.name} are open until {long_date(fund.closes_on)}, so a "
            "draw now would leave out whoever applies before then. The draw can run from "
            f"{long_date(fund.closes_on + timedelta(days=1))}."
        )
    return ""


def application_status(user: User, program: Program) -> str:
    """The status of the person's current application to the program ('' when none)."""
    from certify.applications.api import application_current_for  # it imports much more

    application = application_current_for(candidate=user, program=program)
    return application.status if application is not None else ""


def rejected_application(award: Award) -> int | None:
    """The id of the program application whose rejection leaves an enrollment award unusable,
    or None (not an enrollment award, or its recipient's application is not rejected)."""
    from certify.applications.api import application_current_for

    program = fund_program(award.fund) if award.purpose == Purpose.ENROLLMENT else None
    if program is None:
        return None
    application = application_current_for(candidate=award.recipient, program=program)
    return application.pk if application is not None and application.status == "rejected" else None


def enrollment_waits(program: Program) -> str:
    """An enrollment award's note while the program has not accepted its recipient."""
    return (
        f"To be applied once the application to {program.short_name} is accepted: the credit "
        "goes on the enrollment invoice when it is issued."
    )
