"""What a draw left out, and why, read by each reader in their own words.

`Draw.excluded` keeps references, not names: for each application left out (by id), its
applicant's id and the committee's words with `APPLICANT` where they name the applicant. The
name is put in when the words are read: the applicant's name today for those who see names, "The
applicant" for those who do not and for a closed account (ADR 0050). The applicant reads the
words addressed to them, kept in their application's reason.
"""

from typing import Any, TypedDict

from django.utils.html import format_html
from django.utils.safestring import SafeString

from certify.accounts.api import case_person, closure_erased, listed_name
from certify.accounts.models import User
from certify.scholarships.models import Draw, ScholarshipApplication
from certify.scholarships.selectors import applications_by_id

APPLICANT = "{applicant}"  # where the committee's words name the applicant
NO_NAME = "The applicant"
# The committee's line for an application a draw left out: on its page (linked) and in the API.
LEFT_OUT_OF = "Left out of {draw}: {why}"
# Before the left-out applicant's own words in their application's reason.
LEFT_OUT_MARK = "(draw {number}): "
LEFT_OUT_HEADING = "Not in the draw on {when} " + LEFT_OUT_MARK


class LeftOut(TypedDict):
    applicant: int | None
    why: str


def left_out_entry(*, application: ScholarshipApplication, why: list[str]) -> LeftOut:
    """What `Draw.excluded` keeps for an application: its applicant's id and the committee's
    reasons, written with `APPLICANT` for the name (`award_obstacles(name=APPLICANT)`)."""
    return {"applicant": application.applicant_id, "why": " ".join(why)}


def shown_name(user: User) -> str:
    """A person as the committee's pages name them today: their name, "Ravi Patel (account
    deactivated)" once staff deactivated the account (its owner did not close it, and nothing of
    theirs was erased), "Account closed (candidate LSSCP-C-7K3Q9M2X)" once its owner closed it
    (`listed_name`: a list reads its references first, `references_attach`)."""
    if closure_erased(user):
        return listed_name(user)
    return case_person(user)


def rules_name(user: User, *, starts: bool = True) -> str:
    """The applicant as the committee's sentences name them ("Ravi Patel is a confirmed SSD
    member.", "Your scores for Ravi Patel are saved."): "The applicant" (in a sentence's middle,
    not `starts`, "the applicant") once they closed their account, never its placeholder."""
    if closure_erased(user):
        return NO_NAME if starts else NO_NAME.lower()
    return user.full_name or user.email


def committee_words(why: str, applicant: User | None, *, sees_names: bool = True) -> str:
    """The committee's words with the applicant's name today (noted "(account deactivated)"
    when staff turned the account off), or "The applicant" where the reader sees no names, the
    account's owner closed it (also once it was opened again still holding the closure's
    placeholder) or the applicant is not at hand."""
    named = sees_names and applicant is not None and not closure_erased(applicant)
    return why.replace(APPLICANT, shown_name(applicant) if named and applicant else NO_NAME)


def left_out_words(*, draw: Draw, application: ScholarshipApplication) -> str:
    """Why `draw` left the application out, in the words addressed to its applicant: the reason
    it was declined with, without the heading (`LEFT_OUT_HEADING`) naming the day and draw."""
    _, found, words = application.reason.partition(LEFT_OUT_MARK.format(number=draw.number))
    return words if found else application.reason


def left_out_line(draw: Draw, why: str) -> str:
    """The committee's line for the API: "Left out of draw 1: …"."""
    return LEFT_OUT_OF.format(draw=f"draw {draw.number}", why=why)


def left_out_link(draw: Draw, why: str) -> SafeString:
    """The same line for a page, with the draw linked."""
    link = format_html('<a href="{}">draw {}</a>', draw.get_absolute_url(), draw.number)
    return format_html(LEFT_OUT_OF, draw=link, why=why)


def excluded_for(
    *, draw: Draw, by_id: dict[int, ScholarshipApplication], user: Any, sees_names: bool
) -> dict[int, str]:
    """Why the draw left each application out, as this reader reads it: the applicant their own
    in the words addressed to them; those who see names the committee's words with the name of
    today; anyone else the committee's words with "The applicant"."""
    words: dict[int, str] = {}
    for pk_text, entry in draw.excluded.items():
        pk = int(pk_text)
        application = by_id.get(pk)
        if application is not None and application.applicant_id == getattr(user, "pk", None):
            words[pk] = left_out_words(draw=draw, application=application)
        else:
            applicant = application.applicant if application is not None else None
            words[pk] = committee_words(entry["why"], applicant, sees_names=sees_names)
    return words


def draw_excluded(*, draw: Draw, user: Any) -> dict[str, str]:
    """`excluded_for` with what it needs read for `user` (the API's draw): two queries."""
    sees_names = user.has_perm("scholarships.view_fund", draw.fund)
    by_id = applications_by_id(ids=[int(pk) for pk in draw.excluded])
    found = excluded_for(draw=draw, by_id=by_id, user=user, sees_names=sees_names)
    return {str(pk): why for pk, why in found.items()}


def sponsor_reason(application: ScholarshipApplication, left_out: tuple[Draw, str] | None) -> str:
    """An application's reason as the sponsor reads it in the API: for one a draw left out
    (`selectors.draws_left_out`), the committee's line with the applicant's name of today."""
    if left_out is None:
        return application.reason
    return left_out_line(left_out[0], committee_words(left_out[1], application.applicant))
