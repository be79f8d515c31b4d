"""Words for what a sponsor's person does, said where they read it: the funds page's column of
applications waiting ("To decide" for whoever awards, "To score" for a committee member who
scores while the chair awards) and their roles on the account page ("Scholarship committee
member of <sponsor>" rather than the account role's "Scholarship sponsor"). Words only: who may
do what stays in `rules`."""

from collections.abc import Sequence
from typing import Any

from certify.accounts.api import home_part
from certify.accounts.models import Role, User
from certify.scholarships.models import Fund, SponsorMember
from certify.scholarships.selectors import (
    funds_without_rubric,
    sponsor_list_for_user,
    sponsor_roles,
    to_score_counts,
)

TO_DECIDE, TO_SCORE, TO_DRAW, WAITING = "To decide", "To score", "For the draw", "Waiting"
# A member's fund with no rubric: nothing there can be scored yet, and who can change that.
NO_RUBRIC = "No rubric yet: ask the sponsor's administrators to set one."
ROLE_WORDS = {
    SponsorMember.Role.ADMIN: "Scholarship administrator of {sponsor}",
    SponsorMember.Role.COMMITTEE: "Scholarship committee member of {sponsor}",
}


def waiting_words(user: Any, fund: Fund) -> str:
    """What the applications waiting on `fund` are to this person."""
    if user.has_perm("scholarships.confirm_awards", fund):
        return TO_DECIDE  # the chair, or any of the sponsor's people when the fund has none
    if fund.sponsor_id not in sponsor_roles(user=user):
        return WAITING  # program staff, who see every fund and decide none
    return TO_DRAW if fund.method == Fund.Method.DRAW else TO_SCORE


def waiting_column(user: Any, funds: Sequence[Any]) -> str:
    """The column's heading for one sponsor's funds (read by `work_left_read` first): their
    shared words, or "Waiting" when they differ (each cell then says its own: "2 to score")."""
    said = {fund.waiting_words for fund in funds}
    return said.pop() if len(said) == 1 else WAITING


def work_left_read(user: Any, funds: Sequence[Any]) -> None:
    """Set `waiting_words` on each fund and, where this person scores, `to_score`: their own
    applications left to score there (`to_score_counts`, one query for all), not every one
    waiting; `to_score` is None where they do not score (they decide, draw or oversee).
    `scoring_note` is `NO_RUBRIC` where they score a fund with no rubric yet (`to_score` 0:
    nothing can be scored there), else empty (one more query, only where they score)."""
    scoring = []
    for fund in funds:
        fund.waiting_words = waiting_words(user, fund)
        fund.to_score = None
        fund.scoring_note = ""
        if fund.waiting_words == TO_SCORE:
            scoring.append(fund)
    if scoring:
        ids = [f.pk for f in scoring]
        counts = to_score_counts(member=user, fund_ids=ids)
        missing = funds_without_rubric(fund_ids=ids)
        for fund in scoring:
            fund.to_score = counts[fund.pk]
            fund.scoring_note = NO_RUBRIC if fund.pk in missing else ""


def sponsor_roles_said(user: Any) -> list[str]:
    """Each sponsor this person helps run, with their part in it, by the sponsor's name."""
    roles = sponsor_roles(user=user)
    return [
        ROLE_WORDS[SponsorMember.Role(roles[sponsor.pk])].format(sponsor=sponsor.name)
        for sponsor in sponsor_list_for_user(user=user).filter(pk__in=list(roles))
    ]


@home_part
def sponsor_home(user: User, roles: Sequence[str]) -> dict[str, object]:
    if Role.SPONSOR not in roles:
        return {}
    said = sponsor_roles_said(user)
    decides = any(
        waiting_words(user, fund) == TO_DECIDE
        for fund in Fund.objects.filter(sponsor_id__in=list(sponsor_roles(user=user)))
    )
    return {"sponsor_roles_said": said, "sponsor_decides": decides or not said}
