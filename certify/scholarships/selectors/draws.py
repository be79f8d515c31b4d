"""Reads of draws: a fund's, one with its fund, and the applications they left out."""

from django.db.models import QuerySet

from certify.scholarships.models import Draw, Fund, ScholarshipApplication


def draw_list(*, fund: Fund) -> QuerySet[Draw]:
    return Draw.objects.filter(fund=fund).select_related("drawn_by").order_by("-number")


def draw_get(*, pk: int) -> Draw:
    return Draw.objects.select_related("fund", "fund__sponsor", "drawn_by").get(pk=pk)


def draws_left_out(*, fund_id: int) -> dict[int, tuple[Draw, str]]:
    """Each application the fund's draws left out: the draw, and why in the committee's words,
    with `left_out.APPLICANT` for the name (`left_out.committee_words` puts it in; the
    applicant's own reason, `application.reason`, is addressed to them). One query."""
    draws = Draw.objects.filter(fund_id=fund_id).only("pk", "number", "excluded")
    return {int(pk): (draw, e["why"]) for draw in draws for pk, e in draw.excluded.items()}


def draw_left_out(*, application: ScholarshipApplication) -> tuple[Draw, str] | None:
    return draws_left_out(fund_id=application.fund_id).get(application.pk)


def applications_by_id(*, ids: list[int]) -> dict[int, ScholarshipApplication]:
    return {
        a.pk: a
        for a in ScholarshipApplication.objects.filter(pk__in=ids).select_related("applicant")
    }
