"""A person's portfolios, responses, evidence (with its files) and submissions, for their
data export; closing the account ends the reviews still open, deletes the files and blanks what
they wrote.

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.portfolios.models import EvidenceItem, Portfolio, Response, Submission
from certify.portfolios.services.closed_candidate import closed_candidate_reviews_withdraw


def _evidence(user: User) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(
        response__portfolio__planned_set__application__candidate=user
    )


def _evidence_files(user: User) -> Iterable[tuple[str, FieldFile]]:
    for item in _evidence(user).exclude(file=""):
        yield f"{item.pk}-{(item.file.name or '').rsplit('/', 1)[-1]}", item.file


def _erase_portfolios(user: User) -> None:
    # Their reviews stop first: open ones withdrawn, reviewers told (ADR 0007).
    closed_candidate_reviews_withdraw(candidate_id=user.pk)
    for item in _evidence(user).exclude(file=""):
        item.file.delete(save=False)
    _evidence(user).update(
        file="",
        url="",
        attester_name="",
        attester_email="",
        attester_organization="",
        attestation_text="",
        title="Removed",
        description="",
    )
    portfolios = Portfolio.objects.filter(planned_set__application__candidate=user)
    Response.objects.filter(portfolio__in=portfolios).update(narrative="")
    portfolios.update(learning_statement="")
    Submission.objects.filter(portfolio__in=portfolios).update(
        snapshot={"removed": "The candidate closed their account."}
    )


@privacy_part("portfolios", files=_evidence_files, erase=_erase_portfolios)
def _portfolios(user: User) -> dict[str, Any]:
    portfolios = Portfolio.objects.filter(planned_set__application__candidate=user)
    return {
        "portfolios": rows(portfolios),
        "responses": rows(Response.objects.filter(portfolio__in=portfolios)),
        "evidence": rows(_evidence(user)),
        "submissions": rows(Submission.objects.filter(portfolio__in=portfolios)),
    }
