"""Sponsors' people and funds: administrators keep both."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from certify.accounts.api import colleague_invite, role_grant, role_revoke
from certify.accounts.models import ColleagueInvitation, Role, User
from certify.core.errors import DomainError
from certify.core.money import Money
from certify.core.services import audit_record
from certify.memberships.models import Organisation
from certify.programs.models import Program
from certify.scholarships.models import Fund, ScholarshipApplication, Sponsor, SponsorMember
from certify.scholarships.selectors import fund_program
from certify.scholarships.services.common import ProblemsError, fund_lock, require_admin
from certify.scholarships.states import US_STATES

# A chair who does not run the sponsor (the API says the same of an address that is nobody's).
CHAIR_REFUSED = "The chair must be one of the people who run this sponsor."
DEFAULT_COOLDOWN_MONTHS = 18  # SSD's: one award per person in any 18 months
FUND_FIELDS = {
    "name",
    "description",
    "program",
    "pays_enrollment",
    "pays_class",
    "pays_renewal",
    "budget_cents",
    "award_cents",
    "max_awards",
    "opens_on",
    "closes_on",
    "decisions_by",
    "chair",
    "method",
    "cooldown_months",
    "states",
    "min_years_experience",
    "award_valid_months",
    "is_active",
}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:40] or "fund"
    slug, n = base, 1
    while Fund.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _states(value: Any) -> tuple[str, list[str]]:
    codes = value if isinstance(value, list | tuple) else str(value or "").split(",")
    cleaned = [str(c).strip().upper() for c in codes if str(c).strip()]
    unknown = [c for c in cleaned if c not in US_STATES]
    return ",".join(dict.fromkeys(cleaned)), unknown


def _fund_problems(fund: Fund) -> dict[str, str]:
    """What is wrong with the fund's settings, by field, in the administrator's words."""
    problems: dict[str, str] = {}
    money = Money(fund.committed_cents + fund.paid_cents, fund.currency)
    if not fund.name.strip():
        problems["name"] = "Give the fund a name."
    if not fund.purposes:
        problems["purposes"] = "Choose at least one thing the fund pays for."
    if fund.budget_cents <= 0:
        problems["budget"] = "Enter the fund's budget."
    elif fund.budget_cents < money.cents:
        problems["budget"] = (
            f"The budget cannot be less than the {money.with_cents()} already committed or paid."
        )
    if fund.award_cents <= 0:
        problems["award"] = "Enter the amount of one award."
    elif fund.budget_cents > 0 and fund.award_cents > fund.budget_cents:
        problems["award"] = (
            f"One award cannot be more than the budget ({fund.budget.with_cents()})."
        )
    if fund.max_awards < 1:
        problems["max_awards"] = "Allow at least one award."
    elif fund.max_awards < fund.awards_made:
        problems["max_awards"] = (
            f"{fund.awards_made} awards have been made already: the maximum cannot be lower."
        )
    elif 0 < fund.award_cents <= fund.budget_cents < fund.award_cents * fund.max_awards:
        award, most = Money(fund.award_cents, fund.currency), fund.budget_cents // fund.award_cents
        need = Money(fund.award_cents * fund.max_awards, fund.currency)
        problems["max_awards"] = (
            f"{fund.max_awards} awards of {award.with_cents()} need {need.with_cents()}, more than "
            f"the budget ({fund.budget.with_cents()}): allow at most {most}, or raise the budget."
        )
    if fund.opens_on is None:
        problems["opens_on"] = "Enter the day applications open."
    elif fund.closes_on is not None and fund.closes_on < fund.opens_on:
        problems["closes_on"] = "Applications cannot close before they open."
    if fund.decisions_by and fund.closes_on and fund.decisions_by < fund.closes_on:
        problems["decisions_by"] = "Decisions cannot be announced before applications close."
    if (
        fund.chair_id is not None
        and not SponsorMember.objects.filter(
            sponsor_id=fund.sponsor_id, user_id=fund.chair_id
        ).exists()
    ):
        problems["chair"] = CHAIR_REFUSED
    if fund.method not in Fund.Method.values:
        problems["method"] = "Choose how the fund decides: by the committee or by a draw."
    return problems


def _method_change_problem(fund: Fund, was: str) -> dict[str, str]:
    """Applications waiting for a decision are decided as the fund said when they applied: a
    switch between the committee and a draw would let its people pick by hand whom a draw was
    to choose among (or put to chance what the committee was to weigh)."""
    waiting = ScholarshipApplication.objects.filter(
        fund=fund, status=ScholarshipApplication.Status.SUBMITTED
    ).count()
    if not waiting or was not in Fund.Method.values:
        return {}
    many = waiting != 1
    return {
        "method": (
            f"{waiting} application{'s' if many else ''} to the {fund.name} "
            f"{'are' if many else 'is'} waiting for a decision by "
            f"{Fund.Method(was).label.lower()}, as the fund said when "
            f"{'they were' if many else 'it was'} made: change how the fund decides once none "
            "is waiting."
        )
    }


def _same_name_problem(sponsor: Sponsor, fund: Fund) -> dict[str, str]:
    """Two funds of one sponsor with one name cannot be told apart on its pages; and a form sent
    twice (a double tap, a page reloaded after saving) must not make a second fund. The sponsor
    is locked first, so that two such sends cannot both find no fund of that name."""
    Sponsor.objects.select_for_update().filter(pk=sponsor.pk).first()
    same = Fund.objects.filter(sponsor=sponsor, name__iexact=fund.name.strip()).exclude(pk=fund.pk)
    if not fund.name.strip() or not same.exists():
        return {}
    return {
        "name": f"{sponsor.name} already has a fund named “{fund.name.strip()}”: open it from "
        "Scholarship funds to change it, or give this one another name."
    }


@transaction.atomic
def fund_save(
    *,
    sponsor: Sponsor,
    actor: Any,
    fund: Fund | None = None,
    required_organisations: list[Organisation] | None = None,
    **fields: Any,
) -> Fund:
    """Create a fund for the sponsor, or change one. Refused, with every problem by field, when
    the settings do not add up (e.g. a budget below what is already committed or paid)."""
    require_admin(actor, sponsor)
    unknown = set(fields) - FUND_FIELDS
    if unknown:
        raise DomainError(f"These settings cannot be changed here: {', '.join(sorted(unknown))}.")
    if fund is None:
        fund = Fund(sponsor=sponsor, slug=_unique_slug(str(fields.get("name", ""))))
        creating = True
    else:
        fund = fund_lock(fund)
        if fund.sponsor_id != sponsor.pk:
            raise DomainError("This fund belongs to another sponsor.")
        creating = False
    before = {name: getattr(fund, name, None) for name in FUND_FIELDS - {"program"}}
    problems: dict[str, str] = {}
    if "states" in fields:
        fields["states"], unknown_states = _states(fields["states"])
        if unknown_states:
            problems["states"] = f"Not a US state code: {', '.join(unknown_states)}."
    if fields.get("cooldown_months", 0) is None:  # not said: the sponsor's rule as it stands
        del fields["cooldown_months"]
    if creating and "cooldown_months" not in fields:
        fund.cooldown_months = sponsor_cooldown_months(sponsor)
    for name, value in fields.items():
        setattr(fund, name, value)
    program: Program | None = fund_program(fund)
    if creating and program is not None:
        fund.currency = program.currency
    if not creating and before["method"] != fund.method:
        problems.update(_method_change_problem(fund, str(before["method"])))
    problems.update(_same_name_problem(sponsor, fund))
    problems = {**_fund_problems(fund), **problems}
    if problems:
        raise ProblemsError([], problems)
    fund.save()
    if required_organisations is not None:
        fund.required_organisations.set(required_organisations)
    changed = {
        name: str(getattr(fund, name))
        for name, value in before.items()
        if value != getattr(fund, name, None)
    }
    # One award per person in so many months is the sponsor's rule, across all its funds: kept
    # on each fund, the same on all, so a change to one is a change to every one.
    others = Fund.objects.filter(sponsor=sponsor).exclude(pk=fund.pk)
    differing = others.exclude(cooldown_months=fund.cooldown_months)
    names = sorted(differing.values_list("name", flat=True))
    if names:
        differing.update(cooldown_months=fund.cooldown_months)
        changed["cooldown_months_also_for"] = ", ".join(names)
    audit_record(
        actor=actor,
        verb="scholarship.fund_created" if creating else "scholarship.fund_changed",
        target=fund,
        data=changed,
    )
    return fund


def sponsor_cooldown_months(sponsor: Sponsor) -> int:
    """The sponsor's rule: one award per person in this many months, across all its funds (the
    same on each; 18, the SSD's, before its first fund)."""
    months = Fund.objects.filter(sponsor=sponsor).values_list("cooldown_months", flat=True)
    return max(months, default=DEFAULT_COOLDOWN_MONTHS)


SPONSOR_KIND = "sponsor"  # the colleague-invitation kind (scholarships/colleagues.py)


def sponsor_member_invite(
    *, sponsor: Sponsor, email: str, role: str, actor: Any
) -> ColleagueInvitation:
    """An administrator invites someone by e-mail address to be an administrator or committee
    member; they help run the funds only once they accept, signed in with that address (ADR
    0025). The same answer whether or not the address has an account: nothing here looks."""
    require_admin(actor, sponsor)
    if role not in SponsorMember.Role.values:
        raise DomainError("Choose administrator or committee member.", field="role")
    invitation, _link = colleague_invite(
        kind=SPONSOR_KIND,
        organisation_id=sponsor.pk,
        organisation_name=sponsor.name,
        email=email,
        role=role,
        actor=actor,
    )
    return invitation


@transaction.atomic
def sponsor_member_add(
    *,
    sponsor: Sponsor,
    user: User,
    role: str,
    invitation: ColleagueInvitation | None = None,
) -> SponsorMember:
    """Make `user` an administrator or committee member of the sponsor, with the scholarship
    sponsor role. People come in only through an accepted invitation they answered themselves
    (`invitation`, from the accept service); without one this is Certify itself seeding data
    (the demo, commands), never a person's request."""
    if invitation is not None and (
        invitation.kind != SPONSOR_KIND
        or invitation.organisation_id != sponsor.pk
        or invitation.status != ColleagueInvitation.Status.ACCEPTED
        or invitation.answered_by_id != user.pk
    ):
        raise DomainError("Only an accepted invitation adds someone to a sponsor.")
    if role not in SponsorMember.Role.values:
        raise DomainError("Choose administrator or committee member.", field="role")
    granted_by = invitation.invited_by if invitation is not None else None
    member, created = SponsorMember.objects.update_or_create(
        sponsor=sponsor, user=user, defaults={"role": role, "added_by": granted_by}
    )
    role_grant(
        user=user, role=Role.SPONSOR, actor=granted_by, reason=f"Runs {sponsor.name}'s funds"
    )
    user.__dict__.pop("_sponsor_roles", None)
    audit_record(
        actor=user if invitation is not None else None,
        verb="scholarship.member_added" if created else "scholarship.member_changed",
        target=sponsor,
        data={
            "user": user.email,
            "role": role,
            "invitation": invitation.pk if invitation is not None else None,
        },
    )
    return member


@transaction.atomic
def sponsor_member_remove(*, member: SponsorMember, actor: Any) -> None:
    """Remove someone from the sponsor. The last administrator stays (someone must)."""
    member = (
        SponsorMember.objects.select_for_update(of=("self",))
        .select_related("sponsor", "user")
        .get(pk=member.pk)
    )
    require_admin(actor, member.sponsor)
    if (
        member.role == SponsorMember.Role.ADMIN
        and not SponsorMember.objects.filter(sponsor=member.sponsor, role=SponsorMember.Role.ADMIN)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise DomainError(
            f"{member.user} is the only administrator of {member.sponsor.name}: make someone "
            "else an administrator first."
        )
    member.delete()
    if not SponsorMember.objects.filter(user=member.user).exists():
        role_revoke(user=member.user, role=Role.SPONSOR, actor=actor, reason="No longer runs funds")
    audit_record(
        actor=actor,
        verb="scholarship.member_removed",
        target=member.sponsor,
        data={"user": member.user.email},
    )
