"""Blind review: what Certify writes about a candidate's evidence for everyone but them and staff.

A reviewer sees each item as "Evidence 3 (PDF)" and downloads it as "evidence-3.pdf": never the
title the candidate gave it, which defaulted to the uploaded file's name and often carries their
own ("Dana_Okafor_CV.pdf"), nor that file name. The number is the item's place among all the
portfolio's evidence in the order it was added (removed items keep theirs), so a page, the API and
a downloaded file name the same item the same way. Certify reads no document metadata (an author)
and shows none. What is inside a file is the candidate's own: the upload page says so.

The candidate sees their own titles; program staff see them too (they see who the candidate is).
"""

from collections.abc import Iterable
from typing import Any

from certify.portfolios.models import EvidenceItem, Portfolio

KIND_WORDS = {
    EvidenceItem.Kind.LINK: "link",
    EvidenceItem.Kind.ATTESTATION: "supervisor attestation",
}


def shows_titles(user: Any, portfolio: Portfolio) -> bool:
    """Whether this person sees the candidate's own titles and file names."""
    owner = portfolio.planned_set.application.candidate_id
    return bool(user.is_authenticated) and (
        owner == user.pk or user.has_perm("portfolios.manage_reviews")
    )


def evidence_numbers(items: Iterable[EvidenceItem]) -> dict[int, int]:
    """Each item's number (1, 2, …) in the order the items were added; pass all of a portfolio's
    items, removed ones included, so that the numbers never move."""
    ordered = sorted(items, key=lambda item: (item.created_at, item.pk))
    return {item.pk: number for number, item in enumerate(ordered, start=1)}


def _kind(item: EvidenceItem) -> str:
    if item.kind == EvidenceItem.Kind.FILE:
        return item.extension.lstrip(".").upper() or "file"
    return KIND_WORDS.get(EvidenceItem.Kind(item.kind), "evidence")


def neutral_title(item: EvidenceItem, number: int | None) -> str:
    """'Evidence 3 (PDF)', 'Evidence 4 (link)': nothing the candidate typed or uploaded."""
    label = f"Evidence {number}" if number else "Evidence"
    return f"{label} ({_kind(item)})"


def neutral_filename(item: EvidenceItem, number: int | None) -> str:
    """'evidence-3.pdf': the download name a reviewer gets."""
    return f"evidence-{number}{item.extension}" if number else f"evidence{item.extension}"


def title_for(item: EvidenceItem, *, show_titles: bool, numbers: dict[int, int]) -> str:
    return item.title if show_titles else neutral_title(item, numbers.get(item.pk))


def title_shown_to(user: Any, item: EvidenceItem) -> str:
    """The item's title for `user`, numbered among the evidence its portfolio has prefetched
    (`selectors.portfolio_find`), so an API answer costs no query per item."""
    portfolio = item.response.portfolio
    if shows_titles(user, portfolio):
        return item.title
    items = [e for response in portfolio.responses.all() for e in response.evidence.all()]
    return neutral_title(item, evidence_numbers(items).get(item.pk))
