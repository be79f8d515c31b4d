"""The 403 page of a portfolio's page, file or staff page refused to someone who declared a
conflict of interest with its candidate (`access.conflict_refusal`; ADR 0022), and of a
reviewer's own review once she declared one (`access.review_refusal`); and the page of a
reviewer's own review that was withdrawn (`ended_reviews`: it ended, why, her queue next)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from certify.portfolios import access
from certify.portfolios.ended_reviews import HEADING as ENDED_HEADING
from certify.portfolios.ended_reviews import NOTHING_MORE, ReviewEndedError
from certify.portfolios.models import Portfolio

HEADING = "A portfolio you declared a conflict with"


class ReviewRefusedError(Exception):
    """A reviewer's own review refused to her (`access.review_refusal`): the views that load it
    answer with the refusal page (`review_refused`)."""

    def __init__(self, refusal: str) -> None:
        super().__init__(refusal)
        self.refusal = refusal


def review_refused(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The refusal page, with a link to her queue, when the view's review is refused to her;
    the page saying it ended (410) when it was withdrawn."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ReviewRefusedError as refused:
            return conflict_refused_page(request, refused.refusal, reviewer=True)
        except ReviewEndedError as ended:
            return review_ended_page(request, ended)

    return wrapped


def review_ended_page(request: HttpRequest, ended: ReviewEndedError) -> HttpResponse:
    return render(
        request,
        "portfolios/review_ended.html",
        {
            "heading": ENDED_HEADING,
            "set_name": ended.set_name,
            "why": ended.why,
            "nothing_more": NOTHING_MORE,
        },
        status=410,
    )


def conflict_refused_page(
    request: HttpRequest, refusal: str, *, reviewer: bool = False
) -> HttpResponse:
    if reviewer:
        back, back_label = reverse("portfolios:review_queue"), "Your reviews"
    elif request.user.has_perm("portfolios.manage_reviews"):
        back, back_label = reverse("portfolios:staff_submissions"), "All portfolio reviews"
    else:
        back, back_label = "", ""
    return render(
        request,
        "errors/case_refused.html",
        {
            "heading": HEADING,
            "refusal": refusal,
            "conflict": True,
            "back": back,
            "back_label": back_label,
        },
        status=403,
    )


def conflict_page(request: HttpRequest, portfolio: Portfolio) -> HttpResponse | None:
    """The refusal page when the signed-in person declared a conflict with the portfolio's
    candidate, else None."""
    refusal = access.portfolio_refusal(request.user, portfolio)
    return conflict_refused_page(request, refusal) if refusal else None
