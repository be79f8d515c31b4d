"""The result of a portfolio not met for good names each way left: an approved course and, where
the program recognizes graduates, a recognized college program (`progress.ways_left`), and the
last day to give notice of appeal (the program's day; it said only "within 10 days")."""

from django.core import mail

from certify.appeals.api import appeal_window
from certify.core.rows import date_text
from certify.portfolios import services
from certify.portfolios.models import Portfolio
from tests.portfolios.conftest import _rate, owner


def _fail_twice(complete_portfolio, capture):
    candidate = owner(complete_portfolio)
    first = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    for assignment in first.assignments.all():
        _rate(assignment, ["met"] * 8 + ["not_met"])
    portfolio = Portfolio.objects.get(pk=complete_portfolio.pk)
    second = services.portfolio_submit(portfolio=portfolio, actor=candidate)
    with capture(execute=True):  # the e-mail goes after commit
        for assignment in second.assignments.all():
            _rate(assignment, ["partial"] * 9)
    [result] = [m for m in mail.outbox if "portfolio: Not met" in m.subject]
    return result


def _appeal_by(portfolio) -> str:
    """The last day to give notice, as the page gives it: "March 24, 2027"."""
    decided = portfolio.submissions.order_by("number").last().decided_at
    program = portfolio.planned_set.application.program
    return date_text(appeal_window(program=program, decided_at=decided).notice_by, "F j, Y")


def test_the_result_names_each_way_left(
    complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    days = complete_portfolio.planned_set.application.program.appeal_notice_days
    result = _fail_twice(complete_portfolio, django_capture_on_commit_callbacks)
    assert (
        "This was the last try by portfolio. You can still complete the set with an approved "
        f"course or a recognized college program, or appeal by {_appeal_by(complete_portfolio)}, "
        f"within {days} days." in " ".join(result.body.split())
    )


def test_without_recognized_programs_the_result_names_the_course(
    complete_portfolio, reviewers, django_capture_on_commit_callbacks
):
    program = complete_portfolio.planned_set.application.program
    program.recognised_programme_years = 0
    program.save(update_fields=["recognised_programme_years"])
    result = _fail_twice(complete_portfolio, django_capture_on_commit_callbacks)
    assert (
        "This was the last try by portfolio. You can still complete the set with an approved "
        f"course, or appeal by {_appeal_by(complete_portfolio)}, within "
        f"{program.appeal_notice_days} days." in " ".join(result.body.split())
    )


def test_once_the_time_to_appeal_ended_the_page_says_so_instead_of_offering_it(
    complete_portfolio, reviewers, client, monkeypatch, django_capture_on_commit_callbacks
):
    """The page offered "You may give notice of appeal by <a day past>" and its button, which
    the service then refused; it now says the time ended, as the application's page does."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from certify.programs.api import program_zone

    _fail_twice(complete_portfolio, django_capture_on_commit_callbacks)
    program = complete_portfolio.planned_set.application.program
    decided = complete_portfolio.submissions.order_by("number").last().decided_at
    last_day = appeal_window(program=program, decided_at=decided).notice_by
    zone = program_zone(program)
    midnight = timezone.make_aware(
        timezone.datetime.combine(last_day + timedelta(days=1), timezone.datetime.min.time()), zone
    )
    url = reverse("portfolios:portfolio", kwargs={"planned_id": complete_portfolio.planned_set_id})
    monkeypatch.setattr(timezone, "now", lambda: midnight - timedelta(minutes=1))
    client.force_login(owner(complete_portfolio))  # signed in at the moment the clock shows
    page = " ".join(client.get(url).text.split())
    assert (
        f"You may give notice of appeal by <strong>{_appeal_by(complete_portfolio)}</strong>"
        in page
    )
    monkeypatch.setattr(timezone, "now", lambda: midnight + timedelta(minutes=1))
    client.force_login(owner(complete_portfolio))
    page = " ".join(client.get(url).text.split())
    assert "You may give notice of appeal" not in page
    assert "Give notice of appeal</a>" not in page
    days = program.appeal_notice_days
    assert (
        f"The time to appeal ended on <strong>{_appeal_by(complete_portfolio)}</strong> "
        f"({days} days after the decision)." in page
    )
    confirm = reverse(
        "portfolios:appeal_notice_confirm", kwargs={"planned_id": complete_portfolio.planned_set_id}
    )
    assert client.get(confirm).status_code == 302  # back to the page that says why
