"""Who may do what with scholarships. A sponsor's people see and decide only their own funds."""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from certify.accounts.api import is_candidate, is_program_staff, is_sponsor
from certify.scholarships.models import (
    Award,
    Draw,
    Fund,
    ScholarshipApplication,
    Sponsor,
    SponsorMember,
)
from certify.scholarships.selectors import sponsor_roles


def _sponsor_id(obj) -> int | None:
    if isinstance(obj, Sponsor):
        return obj.pk
    if isinstance(obj, Fund | SponsorMember):
        return obj.sponsor_id
    if isinstance(obj, ScholarshipApplication | Award | Draw):
        return obj.fund.sponsor_id
    return None


@rules.predicate
def runs_sponsor(user, obj) -> bool:
    """An administrator or committee member of the sponsor the object belongs to (a superuser
    only when they are one: superusers hold no role silently)."""
    sponsor_id = _sponsor_id(obj)
    if sponsor_id is None or not getattr(user, "is_authenticated", False):
        return False
    return sponsor_id in sponsor_roles(user=user)


@rules.predicate
def administers_sponsor(user, obj) -> bool:
    sponsor_id = _sponsor_id(obj)
    if sponsor_id is None or not getattr(user, "is_authenticated", False):
        return False
    return sponsor_roles(user=user).get(sponsor_id) == SponsorMember.Role.ADMIN


@rules.predicate
def is_own_application(user, application) -> bool:
    return application is not None and application.applicant_id == user.pk


@rules.predicate
def is_award_recipient(user, award) -> bool:
    return award is not None and award.recipient_id == user.pk


@rules.predicate
def was_in_the_draw(user, draw) -> bool:
    """Applicants whose application the draw considered may see it (their way to check it)."""
    if draw is None or not getattr(user, "is_authenticated", False):
        return False
    ids = [*draw.pool, *(int(pk) for pk in draw.excluded)]
    return ScholarshipApplication.objects.filter(pk__in=ids, applicant=user).exists()


@rules.predicate
def chairs_fund(user, fund) -> bool:
    """The fund's chair (or, when it has none, any of its sponsor's people) confirms awards."""
    if not isinstance(fund, Fund) or not getattr(user, "is_authenticated", False):
        return False
    if fund.sponsor_id not in sponsor_roles(user=user):
        return False
    return fund.chair_id is None or fund.chair_id == user.pk


@rules.predicate
def has_a_part_in(user, obj) -> bool:
    """The applicant of an application, the recipient of an award, someone a draw considered."""
    if not getattr(user, "is_authenticated", False):
        return False
    if isinstance(obj, ScholarshipApplication):
        return obj.applicant_id == user.pk
    if isinstance(obj, Award):
        return obj.recipient_id == user.pk
    if isinstance(obj, Draw):
        return bool(was_in_the_draw(user, obj))
    return False


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


runs_it = is_sponsor & runs_sponsor

# Pages about one object first need a signed-in person; the object's own rule decides the rest.
rules.add_perm("scholarships.signed_in", is_signed_in)

rules.add_perm("scholarships.view_funds", is_candidate)
rules.add_perm("scholarships.apply", is_candidate)
rules.add_perm("scholarships.view_application", is_own_application | runs_it | is_program_staff)
rules.add_perm("scholarships.withdraw_application", is_own_application)
rules.add_perm("scholarships.view_dashboard", is_sponsor | is_program_staff)
rules.add_perm("scholarships.view_fund", runs_it | is_program_staff)
rules.add_perm("scholarships.decide", runs_it)
rules.add_perm("scholarships.manage_fund", is_sponsor & administers_sponsor)
# The committee workspace (ADR 0050): members score and declare conflicts; the chair confirms.
rules.add_perm("scholarships.score", runs_it)
rules.add_perm("scholarships.confirm_awards", is_sponsor & chairs_fund)
# The award's own moves say who (workflows/award.py): its administrators, or the recipient.
rules.add_perm(
    "scholarships.withdraw_award", (is_sponsor & administers_sponsor) | is_award_recipient
)
rules.add_perm("scholarships.view_draw", runs_it | is_program_staff | was_in_the_draw)
# Who knows the object exists: anyone else is answered as if it did not (`require`).
rules.add_perm("scholarships.know_of", runs_it | is_program_staff | has_a_part_in)
# The admin: program staff set up sponsors and their first administrators; the rest is read-only.
for model in ("sponsor", "sponsormember"):
    for action in ("view", "add", "change"):
        rules.add_perm(f"scholarships.{action}_{model}", is_program_staff)
# (view_fund and view_draw, above, already let staff see every fund and draw.)
for model in ("scholarshipapplication", "award"):
    rules.add_perm(f"scholarships.view_{model}", is_program_staff)
rules.add_perm("scholarships", is_program_staff)


def require(user, obj, perm: str) -> None:
    """Refuse unless the person holds `perm` on the object: 403 for someone who knows of it (its
    sponsor's people, program staff, its applicant or recipient), and for anyone else -- another
    sponsor's people included -- the 404 an unknown id gets, so the answer does not tell them
    the id exists."""
    if user.has_perm(perm, obj):
        return
    if user.has_perm("scholarships.know_of", obj):
        raise PermissionDenied
    raise Http404
