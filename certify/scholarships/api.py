"""What other apps use from scholarships (the Python interface, not HTTP).

- `defaults_ensure(*, today=None) -> Sponsor`: the OLA Support Staff Division as a sponsor with
  its LSSCP enrollment fund and its continuing-education fund (safe to repeat).
- `is_sponsor_member(user, sponsor, *, admin=False) -> bool`: the person runs the sponsor.
- `funds_run_by(*, user) -> QuerySet[Fund]`: the funds a sponsor's people run (staff: all);
  `work_left_read(user, funds)` sets `to_score` on each: the applications left for this member
  to score there (one query for them all), None where they do not score, and `scoring_note`:
  on a fund they score with no rubric yet (0 to score), to ask its administrators for one.
- `applications_of(*, user) -> QuerySet[ScholarshipApplication]`: a person's applications.

- `ProblemsError`: what the saves raise when a request does not add up; `fields` maps a form
  field to what is wrong with it, in the words the form shows (`CHAIR_REFUSED`: a chair who
  does not run the sponsor).
- `class_awards_payable_since(awards) -> {award id: date | None}`: the day each class award
  became payable (its recipient enrolled), read for a list at once; `class_awards_payable_read(
  rows)` sets it as `payable_since_read` on the awards of a page of applications (or awards).
- `renewal_awards_credit(*, user) -> int`: put the person's committed renewal awards on their
  renewal invoice now (renewals call it when they make the invoice).

Events: awards follow their invoice through "invoice.paid" (used) and "invoice.refunded"
(withdrawn), subscribed in `handlers`.

Memberships: SSD memberships are confirmed by the people who run the sponsor linked to SSD
(registered with `memberships.api.sponsor_check` in `handlers`).

For the REST package: reads `fund_list`, `fund_get`, `fund_today(fund)` (today for its window and
awards: in its program's time zone), `application_get`, `application_list_for_fund`, `draw_get`,
`draws_left_out(fund_id=)` (the applications a fund's draws left out, with the draw and the
committee's words), `sponsor_reason(application, left_out)` (the committee's line for one left out,
with the name of today) and `draw_excluded(draw=, user=)` (why a draw left each out, as that reader
reads it); writes `application_submit`, `application_withdraw`, `application_award`,
`application_decline`, `draw_run`, `draw_is_reproduced`; the sponsor's `award_payment_record`,
`sponsor_get`, `sponsor_person` (one of its people, by e-mail), `sponsor_member_invite`,
`sponsor_member_remove`; the committee's `rubric_save`, `rubric_of(fund)`, `scorecard_save`,
`committee_conflict_declare`, `committee_outline(fund)` (what confirming would do, with its
`outcome`), `committee_confirm` (with `outcome_seen`, the page's or the outline's `Plan.outcome`,
it refuses an outcome changed since the chair read it) and `committee_left_out(user, application)`
(why a member is left out).

`require(user, obj, perm)`: refuses an object's page or operation -- 403 for someone who knows
of it, and for anyone else (another sponsor's people too) the same 404 an unknown id gets.
"""

from typing import Any

from certify.accounts.models import User
from certify.scholarships.defaults import defaults_ensure
from certify.scholarships.left_out import draw_excluded, sponsor_reason
from certify.scholarships.ranking import criteria_of as rubric_of
from certify.scholarships.rules import require
from certify.scholarships.selectors import (
    application_get,
    application_list_for_fund,
    class_awards_payable_since,
    draw_get,
    draws_left_out,
    fund_get,
    fund_list,
    fund_today,
    sponsor_get,
    sponsor_person,
)
from certify.scholarships.selectors import application_list_for_user as applications_of
from certify.scholarships.selectors import fund_list_for_sponsor_user as funds_run_by
from certify.scholarships.services import (
    CHAIR_REFUSED,
    ProblemsError,
    application_award,
    application_decline,
    application_submit,
    application_withdraw,
    award_payment_record,
    award_withdraw,
    committee_confirm,
    committee_conflict_declare,
    committee_left_out,
    committee_outline,
    draw_is_reproduced,
    draw_run,
    fund_save,
    is_sponsor_member,
    rubric_save,
    scorecard_save,
    sponsor_member_invite,
    sponsor_member_remove,
)
from certify.scholarships.sponsor_home import work_left_read


def class_awards_payable_read(rows: list[Any]) -> None:
    """For a page's rows (scholarship applications, or awards): set `payable_since_read` on each
    class award, read at once (`class_awards_payable_since`), so a page costs a fixed number
    of queries."""
    from certify.scholarships.models import Award

    awards = [r if isinstance(r, Award) else getattr(r, "award", None) for r in rows]
    found = class_awards_payable_since(a for a in awards if a is not None)
    for award in awards:
        if award is not None:
            award.payable_since_read = found.get(award.pk)  # type: ignore[union-attr]


def renewal_awards_credit(*, user: User) -> int:
    """Credit the person's committed renewal awards on their open renewal invoice; how many."""
    from certify.scholarships.models import Award, Purpose
    from certify.scholarships.services import award_sync

    credited = 0
    for award in Award.objects.filter(
        recipient=user, purpose=Purpose.RENEWAL, status=Award.Status.COMMITTED, invoice=None
    ).order_by("id"):
        credited += award_sync(award=award).invoice_id is not None
    return credited


__all__ = [
    "CHAIR_REFUSED",
    "ProblemsError",
    "application_award",
    "application_decline",
    "application_get",
    "application_list_for_fund",
    "application_submit",
    "application_withdraw",
    "applications_of",
    "award_payment_record",
    "award_withdraw",
    "class_awards_payable_read",
    "class_awards_payable_since",
    "committee_confirm",
    "committee_conflict_declare",
    "committee_left_out",
    "committee_outline",
    "defaults_ensure",
    "draw_excluded",
    "draw_get",
    "draw_is_reproduced",
    "draw_run",
    "draws_left_out",
    "fund_get",
    "fund_list",
    "fund_save",
    "fund_today",
    "funds_run_by",
    "is_sponsor_member",
    "renewal_awards_credit",
    "require",
    "rubric_of",
    "rubric_save",
    "scorecard_save",
    "sponsor_get",
    "sponsor_member_invite",
    "sponsor_member_remove",
    "sponsor_person",
    "sponsor_reason",
    "work_left_read",
]
