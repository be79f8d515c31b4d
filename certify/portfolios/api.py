"""What other apps use from portfolios (the Python interface, not HTTP).

- `Rating`, `Outcome`: a reviewer's verdict and the combined outcome (`portfolios.verdicts`).
- `narrative_clean(text) -> str`: what a candidate typed, as safe HTML.

For the REST package
- reads: `portfolio_find`, `assignment_find`, `reviewer_queue`; `previous_version_feedback`
  (the ratings and comments on the version before, per competency); `previous_version_changes`
  (what the candidate changed since it, per competency); `evidence_title_shown_to(user,
  item)`: an evidence item's title as that person may see it (blind review);
  `assignment_is_live(assignment)`: whether its reviewer still sees the candidate's work through
  it (`portfolios.access`: not after the verdict).
- writes: `learning_statement_save`, `response_save`, `evidence_add_link`, `portfolio_checklist`,
  `portfolio_submit`, `rating_save`, `assessment_complete`, `portfolio_appeal` (notice of
  appeal against a final "not met"), `reviewer_assign` (staff), `reviewers_assign_automatic`
  (staff: the ones `automatic_reviewers` picks, only if they are the ones staff read).
- staff's reads: `reviewer_choices(submission=, assignments=)` (whom `reviewer_assign` accepts,
  to add and per open review; `NOBODY_TO_REPLACE` the words when nobody can take one over),
  `staff_page_refusal(user, submission)` (why staff may not act on it: their own portfolio, or
  a conflict of interest they declared with its candidate), `portfolio_refusal(user,
  portfolio)` (why a person whose role lets them see the portfolio may not: a declared conflict),
  `review_refusal(user, assignment)` (why a reviewer may not open her own review: she declared a
  conflict with its candidate, and it was given back), `review_ended_words(assignment)` (why
  her withdrawn review ended, in her words),
  `automatic_reviewers(submission=)` (whom the automatic assignment picks, in its order, and
  why it passes the rest of the pool by; `NOT_ENOUGH` its words when it finds too few).
"""

from certify.portfolios.access import is_live as assignment_is_live
from certify.portfolios.access import portfolio_refusal, review_refusal, staff_page_refusal
from certify.portfolios.automatic_reviewers import NOT_ENOUGH, automatic_reviewers
from certify.portfolios.blind import title_shown_to as evidence_title_shown_to
from certify.portfolios.ended_reviews import review_ended_words
from certify.portfolios.reviewer_choices import NOBODY_TO_REPLACE, reviewer_choices
from certify.portfolios.selectors import (
    assignment_find,
    portfolio_find,
    previous_version_changes,
    previous_version_feedback,
    reviewer_queue,
)
from certify.portfolios.services import (
    assessment_complete,
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
    learning_statement_save,
    narrative_clean,
    portfolio_appeal,
    portfolio_checklist,
    portfolio_open,
    portfolio_submit,
    rating_save,
    response_save,
    reviewer_assign,
    reviewers_assign_automatic,
)
from certify.portfolios.verdicts import Outcome, Rating

__all__ = [
    "NOBODY_TO_REPLACE",
    "NOT_ENOUGH",
    "Outcome",
    "Rating",
    "assessment_complete",
    "assignment_find",
    "assignment_is_live",
    "automatic_reviewers",
    "evidence_add_file",
    "evidence_add_link",
    "evidence_remove",
    "evidence_title_shown_to",
    "learning_statement_save",
    "narrative_clean",
    "portfolio_appeal",
    "portfolio_checklist",
    "portfolio_find",
    "portfolio_open",
    "portfolio_refusal",
    "portfolio_submit",
    "previous_version_changes",
    "previous_version_feedback",
    "rating_save",
    "response_save",
    "review_ended_words",
    "review_refusal",
    "reviewer_assign",
    "reviewer_choices",
    "reviewer_queue",
    "reviewers_assign_automatic",
    "staff_page_refusal",
]
