"""The 403 page of a portfolio's page, file or staff page refused to someone who declared a
conflict of interest with its candidate (`access.conflict_refusal`; ADR 0022)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from certify.portfolios import access
from certify.portfolios.models import Portfolio

HEADING = "A portfolio you declared a conflict with"


def conflict_refused_page(request: HttpRequest, refusal: str) -> HttpResponse:
    return render(
        request,
        "errors/case_refused.html",
        {
            "heading": HEADING,
            "refusal": refusal,
            "conflict": True,
            "back": (
                reverse("portfolios:staff_submissions")
                if request.user.has_perm("portfolios.manage_reviews")
                else ""
            ),
            "back_label": "All portfolio reviews",
        },
        status=403,
    )


def conflict_page(request: HttpRequest, portfolio: Portfolio) -> HttpResponse | None:
    """The refusal page when the signed-in person declared a conflict with the portfolio's
    candidate, else None."""
    refusal = access.portfolio_refusal(request.user, portfolio)
    return conflict_refused_page(request, refusal) if refusal else None
