"""A portfolio's day submitted is the program's (RULINGS: a case's dates are shown in the
program's time zone): submitted at 23:30 in Denver, the candidate's page, staff's list and
staff's page say that day, though it is already the next day in Chicago (the site's)."""

from datetime import UTC, datetime

from django.urls import reverse
from django.utils import timezone

from certify.portfolios import services

# 3 March 2027, 06:30 UTC: 00:30 on the 3rd in Chicago, still 23:30 on the 2nd in Denver.
MOMENT = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_day_submitted_is_the_programs(
    complete_portfolio, reviewers, staff, client, monkeypatch
):
    program = complete_portfolio.planned_set.application.program
    program.time_zone = "America/Denver"
    program.save(update_fields=["time_zone"])
    candidate = complete_portfolio.planned_set.application.candidate
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    submission = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    monkeypatch.undo()
    client.force_login(candidate)
    page = _flat(client.get(submission.get_absolute_url()).text)
    assert "version 1 submitted March 2, 2027." in page
    client.force_login(staff)
    listing = _flat(client.get(reverse("portfolios:staff_submissions")).text)
    assert "<td>March 2, 2027</td>" in listing
    page = _flat(client.get(reverse("portfolios:staff_submission", args=[submission.pk])).text)
    assert "Version 1, submitted March 2, 2027." in page
