"""The candidate's side: building, checking and submitting a portfolio."""

import html
import re
from typing import Any

import nh3
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.appeals.api import appeal_give_notice
from certify.appeals.models import Appeal
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.storage import upload_store
from certify.core.uploads import check_upload
from certify.core.workflow import transition
from certify.payments.api import enrollment_is_settled
from certify.portfolios.models import EvidenceItem, Portfolio, Response, Submission
from certify.progress.api import (
    AUDITED_WITH_SET,
    LOCKED_WITH_SET,
    deadline_require_open,
    planned_set_start,
)
from certify.progress.models import PlannedSet

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
}


_HTML_TAG = re.compile(r"</?(?:" + "|".join(sorted(ALLOWED_TAGS)) + r")\b", re.IGNORECASE)
MAX_NARRATIVE = 20000


def narrative_clean(text: str) -> str:
    """Safe rich text from what the candidate typed.

    Text with a few formatting tags (p, strong, em, lists, links…) keeps them, sanitised: no
    scripts, no event handlers, no javascript: links. Anything else is plain text: escaped, with
    blank lines as paragraph breaks.
    """
    text = text.strip()
    if not text:
        return ""
    if not _HTML_TAG.search(text):
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        return "".join(
            "<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>"
            for p in paragraphs
        )
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _require_owner(portfolio: Portfolio, actor: User) -> None:
    if portfolio.planned_set.application.candidate_id != actor.pk:
        raise DomainError("This is not your portfolio.")


# Why a portfolio no longer takes changes, and what the candidate can do instead, by its status.
# A submitted version stays as the reviewers read it; the candidate cannot take it back.
NOT_EDITABLE = {
    Portfolio.Status.SUBMITTED: (
        "Your portfolio was submitted and is being reviewed, so it cannot be changed now. Wait "
        "for the reviewers' decision: if they ask for more evidence, you can change it then and "
        "submit it again. Your page shows the decision when it is made."
    ),
    Portfolio.Status.PASSED: (
        "Your portfolio was met, so it cannot be changed: this set is complete and there is "
        "nothing more to submit for it."
    ),
    Portfolio.Status.FAILED: (
        "Your portfolio was not met, so it cannot be changed or submitted again. While the "
        "appeal window is open you can give notice of appeal on its page. If this set can be "
        "shown another way, you can choose that way in your plan."
    ),
}


def _require_editable(portfolio: Portfolio) -> None:
    portfolio.refresh_from_db(fields=["status", "attempt"])  # never trust a stale copy
    if not portfolio.is_editable:
        raise DomainError(NOT_EDITABLE[Portfolio.Status(portfolio.status)])


@transaction.atomic
def portfolio_open(*, planned: PlannedSet, actor: User) -> Portfolio:
    """The portfolio for a set on the portfolio route, with one empty response per competency."""
    planned = (
        PlannedSet.objects.select_for_update(of=LOCKED_WITH_SET)
        .select_related(*AUDITED_WITH_SET)
        .get(pk=planned.pk)
    )
    if planned.application.candidate_id != actor.pk:
        raise DomainError("This is not your plan.")
    if planned.route != PlannedSet.Route.PORTFOLIO:
        raise DomainError("Choose the portfolio route for this set first.")
    if not Portfolio.objects.filter(planned_set=planned).exists():  # starting is new work
        deadline_require_open(application=planned.application)
    portfolio, created = Portfolio.objects.get_or_create(planned_set=planned)
    if created:
        Response.objects.bulk_create(
            [
                Response(portfolio=portfolio, competency=c)
                for c in planned.competency_set.competencies.all()
            ]
        )
        planned_set_start(planned=planned)
        audit_record(
            actor=actor,
            verb="portfolio.opened",
            target=planned.application,
            data={"set": planned.competency_set.code},
        )
    return portfolio


def _plain(text: str) -> str:
    """What is stored of a typed text: trimmed, within the limit, without NUL characters (pasted
    from some documents; invisible, and PostgreSQL cannot store them)."""
    return text.replace("\x00", "").strip()[:MAX_NARRATIVE]


@transaction.atomic
def response_save(*, response: Response, actor: User, narrative: str) -> Response:
    _require_owner(response.portfolio, actor)
    _require_editable(response.portfolio)
    response.narrative = _plain(narrative)
    response.save(update_fields=["narrative", "updated_at"])
    return response


@transaction.atomic
def learning_statement_save(*, portfolio: Portfolio, actor: User, text: str) -> Portfolio:
    _require_owner(portfolio, actor)
    _require_editable(portfolio)
    portfolio.learning_statement = _plain(text)
    portfolio.save(update_fields=["learning_statement", "updated_at"])
    return portfolio


def _title(title: str) -> str:
    title = title.strip()
    if not title:
        raise DomainError("Give the evidence a short title.", field="title")
    return title[:200]


@transaction.atomic
def evidence_add_file(
    *, response: Response, actor: User, upload: UploadedFile, title: str, description: str = ""
) -> EvidenceItem:
    """Store a checked file. If anything fails, nothing is kept."""
    _require_owner(response.portfolio, actor)
    _require_editable(response.portfolio)
    checked = check_upload(upload)
    item = EvidenceItem(
        response=response,
        kind=EvidenceItem.Kind.FILE,
        title=_title(title or upload.name or ""),
        description=description.strip(),
        original_name=(upload.name or "")[:255],
        content_type=checked.content_type,
        extension=checked.extension,
        size=checked.size,
    )
    upload_store(item.file, upload, field="file")
    try:
        item.save()
    except Exception:
        item.file.delete(save=False)
        raise
    return item


@transaction.atomic
def evidence_add_link(
    *, response: Response, actor: User, url: str, title: str, description: str = ""
) -> EvidenceItem:
    _require_owner(response.portfolio, actor)
    _require_editable(response.portfolio)
    item = EvidenceItem(
        response=response,
        kind=EvidenceItem.Kind.LINK,
        url=url.strip(),
        title=_title(title or url),
        description=description.strip(),
    )
    if not item.url.startswith(("https://", "http://")):
        raise DomainError("Enter a web address starting with https://", field="url")
    item.full_clean(exclude=["response", "file"])
    item.save()
    return item


@transaction.atomic
def evidence_remove(*, item: EvidenceItem, actor: User) -> None:
    """Take evidence out of the draft. The file stays for any version already submitted."""
    _require_owner(item.response.portfolio, actor)
    _require_editable(item.response.portfolio)
    item.removed_at = timezone.now()
    item.save(update_fields=["removed_at"])


def portfolio_checklist(*, portfolio: Portfolio) -> list[str]:
    """What is still missing, in the candidate's words (empty when ready to submit)."""
    missing = []
    if not has_text(portfolio.learning_statement):
        missing.append("Write your personal learning statement.")
    for response in portfolio.responses.all():
        live = [e for e in response.evidence.all() if e.removed_at is None]
        if not has_text(response.narrative) and not live:
            missing.append(f"{response.competency.code}: write a response or add evidence.")
    return missing


def has_text(source: str) -> bool:
    """Whether a narrative says anything once its markup is taken out: the rule the checklist,
    the portfolio's steps and its check page share."""
    return bool(nh3.clean(narrative_clean(source), tags=set()).strip())


def _snapshot(portfolio: Portfolio) -> dict[str, Any]:
    return {
        "learning_statement": portfolio.learning_statement,
        "responses": [
            {
                "competency": r.competency_id,
                "narrative": r.narrative,
                "evidence": [e.pk for e in r.evidence.all() if e.removed_at is None],
            }
            for r in portfolio.responses.all()
        ],
    }


@transaction.atomic
def portfolio_submit(*, portfolio: Portfolio, actor: User) -> Submission:
    """Lock a version for review and assign two reviewers."""
    from certify.portfolios.automatic_reviewers import pool_lock
    from certify.portfolios.services.attestations import (
        attestations_close,
        attestations_submitted,
    )
    from certify.portfolios.services.review import reviewers_assign_auto

    portfolio = row_lock(portfolio, *(f"planned_set__{path}" for path in AUDITED_WITH_SET))
    _require_owner(portfolio, actor)
    _require_editable(portfolio)  # in the candidate's words, before what is missing is listed
    application = portfolio.planned_set.application
    deadline_require_open(application=application)  # a first submission or a resubmission
    if not enrollment_is_settled(user=application.candidate, program=application.program):
        raise DomainError(
            "Your enrollment is not complete until the enrollment fee is paid: pay the invoice "
            "on your Payments page, then submit. Your work is saved."
        )
    missing = portfolio_checklist(portfolio=portfolio)
    if missing:
        raise DomainError("Your portfolio is not complete yet: " + " ".join(missing))
    attestations_close(portfolio=portfolio)  # pending links stop: "not given before submission"
    submission = Submission.objects.create(
        portfolio=portfolio,
        number=portfolio.attempt,
        snapshot={**_snapshot(portfolio), "attestations": attestations_submitted(portfolio)},
    )
    # The reviewers' profiles locked before the portfolio's row is written (ADR 0007's order).
    locked = pool_lock(submission=submission)
    transition(
        portfolio,
        "submit",
        actor=actor,
        data={"submission": submission.pk, "number": submission.number},
        update_fields=["updated_at"],
    )
    reviewers_assign_auto(submission=submission, locked=locked)  # that pool, not locked again
    return submission


def portfolio_appeal(*, portfolio: Portfolio, actor: User) -> Appeal:
    """Notice of appeal against a final "not met", within the program's notice days; once
    (both doors call this)."""
    last = portfolio.submissions.exclude(outcome="").order_by("-number").first()
    if portfolio.status != Portfolio.Status.FAILED or last is None or last.decided_at is None:
        raise DomainError("Only a final “not met” can be appealed.")
    return appeal_give_notice(
        subject=last,
        appellant=actor,
        program=portfolio.planned_set.application.program,
        decided_by=None,
        decided_at=last.decided_at,
    )
