"""What other apps use from appeals (the Python interface, not HTTP).

- `on_sent_back(model_label)`: register what happens to a decision of that model when an appeal
  sends it back (applications and portfolios register theirs in their `handlers`).
- `on_deciders(model_label)`: register who made a decision of that model when no single person
  did (portfolios: a verdict's reviewers); they do not review its appeal.
- `appeal_window(*, program, decided_at) -> AppealWindow`: when notice of appeal may be given.
- `appeal_for(subject) -> Appeal | None`: the appeal against a decision, if any.
- `appeal_give_notice(...)`: the candidate appeals a decision.
- `notice_happens(*, program, decided_at) -> list[str]`: what giving notice does, in the
  candidate's words, for its confirmation page (ADR 0040).
- `grounds_closed(appeal) -> str`: why the grounds can no longer be given ("" while they can);
  the grounds form (`appeals/partials/grounds_form.html`) shows it instead of the form.

- `on_reference(model_label)`: register how to read the candidate number of a decision of that
  model (`reference(subject) -> str`); an ended appeal's staff page is titled with it
  ("Appeal (ended: account closed), candidate LSSCP-C-…") instead of a closed account's name.

- `appellant_appeals_end(*, appellant_id, reason)`: end the person's open appeals (the
  closure calls it from applications' privacy eraser with `APPEAL_ENDED_CLOSED`; a deactivation
  ends them through appeals' own subscriber of `account.deactivated`).

For the REST package: reads `appeal_list`, `appeal_refusal(user, appeal)` (why staff may not
open it: their own appeal, or a conflict they declared with the appellant); writes
`appeal_submit_grounds`, `appeal_decide`.
"""

from certify.appeals.access import appeal_refusal
from certify.appeals.ended import CLOSED as APPEAL_ENDED_CLOSED
from certify.appeals.ended import appellant_appeals_end
from certify.appeals.selectors import appeal_list
from certify.appeals.services import (
    appeal_decide,
    appeal_for,
    appeal_give_notice,
    appeal_submit_grounds,
    appeal_window,
    grounds_closed,
    notice_happens,
    on_sent_back,
)
from certify.appeals.titles import on_reference
from certify.appeals.workflow import on_deciders

__all__ = [
    "APPEAL_ENDED_CLOSED",
    "appeal_decide",
    "appeal_for",
    "appeal_give_notice",
    "appeal_list",
    "appeal_refusal",
    "appeal_submit_grounds",
    "appeal_window",
    "appellant_appeals_end",
    "grounds_closed",
    "notice_happens",
    "on_deciders",
    "on_reference",
    "on_sent_back",
]
